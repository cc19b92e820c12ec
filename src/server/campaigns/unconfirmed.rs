//! The founder's word on a send ColdCopy could not confirm (the answer was lost after the
//! message was handed over, or the server stopped mid-send, and the Sent folder did not have
//! it): "it arrived" counts it sent and the lead goes on to its next step; "send it again" sends
//! the same step once more, with the same Message-ID (a client that did get the first one shows
//! one message). Each is one conditional write from `unconfirmed`.

use super::materials;
use super::outcomes::{self, Accepted};
use super::store;
use crate::server::platform::db::{ReadPool, WritePool, on_tx};

/// What the founder says became of the send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Arrived,
    SendAgain,
}

impl Word {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "arrived" => Some(Self::Arrived),
            "again" => Some(Self::SendAgain),
            _ => None,
        }
    }
}

/// An unconfirmed send that went after all (found in Sent, or the founder says so).
pub struct Went<'a> {
    pub message_id: &'a str,
    pub lead: i64,
    pub step: i64,
    /// When the lead's first email went, if one had.
    pub first: Option<i64>,
    pub claimed_at: i64,
    pub mailbox: &'a str,
}

/// Counts `went` sent: the lead goes on to its next step, whose day counts from the first
/// email (or this one, when it was the first). False when the campaign's materials are gone.
pub async fn confirm(
    reader: &ReadPool,
    writer: &WritePool,
    campaign: &store::Campaign,
    went: &Went<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some(made) = materials::load(reader, campaign).await? else {
        return Ok(false);
    };
    let sent_at = went.first.unwrap_or(went.claimed_at);
    let next_at = u8::try_from(went.step + 1)
        .ok()
        .and_then(|next| made.day_of(next))
        .map(|day| campaign.schedule().days_after(sent_at, day));
    let accepted = Accepted {
        message_id: went.message_id,
        campaign_lead: went.lead,
        step: went.step,
        next_at,
        mailbox: went.mailbox,
        next_send_at: now,
        now: went.claimed_at,
    };
    outcomes::confirmed(writer, &accepted).await?;
    Ok(true)
}

/// Settles the unconfirmed send of the account's lead `lead` in `campaign_id`; answers false
/// when there was none (settled already, or not this account's).
pub async fn settle(
    reader: &ReadPool,
    writer: &WritePool,
    account_id: &str,
    campaign_id: &str,
    lead: i64,
    word: Word,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let Some(campaign) = store::find(reader, account_id, campaign_id).await? else {
        return Ok(false);
    };
    let row: Option<(String, i64, Option<i64>, i64, String)> =
        crate::server::platform::db::on_engine!(reader.db(), |p| sqlx::query_as(
            "SELECT s.message_id, s.step, l.first_sent_at, s.claimed_at, s.mailbox_id
             FROM sends s JOIN campaign_leads l ON l.id = s.campaign_lead_id
             WHERE l.id = $1 AND l.campaign_id = $2 AND l.status = 'unconfirmed'
               AND s.state = 'unconfirmed' AND s.step = l.next_step"
        )
        .bind(lead)
        .bind(campaign_id)
        .fetch_optional(p)
        .await?);
    let Some((message_id, step, first, claimed_at, mailbox)) = row else {
        return Ok(false);
    };
    match word {
        Word::Arrived => {
            let went = Went {
                message_id: &message_id,
                lead,
                step,
                first,
                claimed_at,
                mailbox: &mailbox,
            };
            confirm(reader, writer, &campaign, &went, now).await
        }
        Word::SendAgain => {
            let mut tx = writer.begin().await?;
            // `deferred` is the one state a claim takes again, keeping the Message-ID.
            let send = on_tx!(&mut tx, |x| sqlx::query(
                "UPDATE sends SET state = 'deferred', error = 'send_again'
                 WHERE message_id = $1 AND state = 'unconfirmed'"
            )
            .bind(&message_id)
            .execute(x)
            .await?
            .rows_affected());
            let back = on_tx!(&mut tx, |x| sqlx::query(
                "UPDATE campaign_leads SET status = 'active', next_at = $1, note = NULL,
                     updated_at = $1
                 WHERE id = $2 AND status = 'unconfirmed' AND next_step = $3"
            )
            .bind(now)
            .bind(lead)
            .bind(step)
            .execute(x)
            .await?
            .rows_affected());
            if send == 1 && back == 1 {
                tx.commit().await?;
                super::claims::wake(writer, campaign_id).await?;
                Ok(true)
            } else {
                tx.rollback().await?;
                Ok(false)
            }
        }
    }
}
