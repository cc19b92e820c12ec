//! What a campaign's emails are made from, loaded once per round: the sequence as it reads now
//! (the founder's edits included), the brief its first lines were checked against, the list's
//! neutral opener, the email language, the fallbacks. And one lead's email for one step.

use super::compose::{self, Filling, Footer, Letter};
use super::store::Campaign;
use crate::domain::{
    ids::{SequenceId, SessionId},
    leads::{LeadRow, LeadStatus, context},
    options::Language,
    sequence::SavedSequence,
};
use crate::server::leads::export::own_line;
use crate::server::mail::key::MailboxKey;
use crate::server::platform::db::{ReadPool, on_engine};
use crate::server::sequences::store;

/// A campaign's sequence and the rest its emails need.
pub struct Materials {
    pub saved: SavedSequence,
    /// The text a first line may take its names and numbers from besides the lead.
    pub context: String,
    pub neutral: String,
    pub language: Language,
    pub fallbacks: Vec<(String, String)>,
    pub opt_out_line: bool,
    /// The account's postal address, the email's last lines.
    pub postal_address: Option<String>,
}

/// Loads `campaign`'s materials (`None` when its sequence or list is gone).
pub async fn load(pool: &ReadPool, campaign: &Campaign) -> Result<Option<Materials>, sqlx::Error> {
    let found: Option<(String, String, Option<String>)> =
        on_engine!(pool.db(), |p| sqlx::query_as(
            "SELECT a.session_id, j.neutral_line, a.postal_address FROM accounts a, lead_jobs j
         WHERE a.id = $1 AND j.id = $2"
        )
        .bind(&campaign.account_id)
        .bind(&campaign.job_id)
        .fetch_optional(p)
        .await?);
    let Some((session, neutral, postal_address)) = found else {
        return Ok(None);
    };
    let sequence = SequenceId::from_stored(campaign.sequence_id.clone());
    let session = SessionId::from_stored(session);
    let Some((request, saved)) = store::find_owned_with_brief(pool, &sequence, &session).await?
    else {
        return Ok(None);
    };
    Ok(Some(Materials {
        context: context(&request, &saved.sequence),
        language: Language::from_english_name(&saved.language),
        saved,
        neutral,
        fallbacks: campaign.fallbacks(),
        opt_out_line: campaign.opt_out_line != 0,
        postal_address,
    }))
}

/// Who the email is from, as the lead sees it.
pub struct Sender<'a> {
    pub name: &'a str,
    pub signature: &'a str,
}

impl Materials {
    /// The steps of the sequence.
    pub fn steps(&self) -> u8 {
        u8::try_from(self.saved.sequence.emails.len()).unwrap_or(u8::MAX)
    }

    /// Days after the first email that `step` goes.
    pub fn day_of(&self, step: u8) -> Option<u16> {
        self.saved
            .sequence
            .emails
            .iter()
            .find(|e| e.step == step)
            .map(|e| e.day)
    }

    /// `lead`'s email for `step`; `thread` the first email's subject for a follow-up.
    pub fn letter(
        &self,
        lead: &LeadRow,
        step: u8,
        variant: char,
        sender: &Sender<'_>,
        thread: Option<&str>,
        unsubscribe_url: &str,
    ) -> Result<Letter, Vec<String>> {
        let line = own_line(lead, &self.context).unwrap_or(&self.neutral);
        let filling = Filling {
            lead: &lead.data,
            line,
            sender_name: sender.name,
            fallbacks: &self.fallbacks,
        };
        let footer = Footer {
            signature: sender.signature,
            opt_out: self
                .opt_out_line
                .then(|| compose::opt_out_line(self.language, unsubscribe_url)),
            address: self.postal_address.as_deref(),
        };
        compose::letter(
            &self.saved.sequence,
            step,
            variant,
            &filling,
            thread,
            &footer,
        )
    }
}

/// One lead of a list, as the review reads it.
pub async fn lead_row(pool: &ReadPool, id: i64) -> Result<Option<LeadRow>, sqlx::Error> {
    type Row = (String, String, Option<String>, Option<String>, i64, i64);
    let row: Option<Row> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT data_json, status, line, fact,
                CAST(CASE WHEN edited THEN 1 ELSE 0 END AS BIGINT),
                CAST(CASE WHEN vouched THEN 1 ELSE 0 END AS BIGINT)
         FROM leads WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await?);
    Ok(row.and_then(|(data, status, line, fact, edited, vouched)| {
        Some(LeadRow {
            id,
            data: serde_json::from_str(&data).ok()?,
            status: LeadStatus::parse(&status).unwrap_or(LeadStatus::Failed),
            line,
            fact,
            edited: edited != 0,
            vouched: vouched != 0,
            note: None,
            draft: None,
        })
    }))
}

/// The unsubscribe link of one lead of a campaign: its id and a tag only the server's key
/// makes (nothing stored, nothing guessable).
pub fn unsubscribe_url(public_url: &str, key: &MailboxKey, campaign_lead: i64) -> String {
    format!(
        "{}/u/{}",
        public_url.trim_end_matches('/'),
        unsubscribe_token(key, campaign_lead)
    )
}

/// `{id}-{tag}`.
pub fn unsubscribe_token(key: &MailboxKey, campaign_lead: i64) -> String {
    format!(
        "{campaign_lead}-{}",
        key.tag(&format!("unsubscribe:{campaign_lead}"))
    )
}

/// The lead a token names, when its tag is the key's.
pub fn token_lead(key: &MailboxKey, token: &str) -> Option<i64> {
    let (id, tag) = token.split_once('-')?;
    let id: i64 = id.parse().ok()?;
    key.tag_matches(&format!("unsubscribe:{id}"), tag)
        .then_some(id)
}
