//! A message that arrived, kept once and acted on once: classified, matched to its lead, stored
//! with its reason under a fingerprint (its Message-ID, or a hash of it without one) unique per
//! mailbox, and its effect applied in the same transaction only when the row is new. A message
//! read again (a restart, a UIDVALIDITY change) changes nothing.

use sha2::{Digest, Sha256};

use super::act::{self, Effect};
use super::classify::{Classified, Kind, classify};
use super::lead::{self, Lead};
use super::text::clean;
use crate::server::platform::db::{ReadPool, WritePool, on_tx};

/// Where and when a message arrived.
pub struct Arrival<'a> {
    pub account: &'a str,
    pub mailbox: &'a str,
    /// The mailbox's own address (never taken for a lead's).
    pub address: &'a str,
    pub uid: u32,
    pub now: i64,
}

/// What keeping a message did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub kind: Kind,
    /// Whether it concerns a lead (only those, and unreadable messages, are kept).
    pub lead: Option<Lead>,
    /// True when the lead's address bounced (the mailbox's bounce rate is then checked).
    pub bounced: bool,
}

/// Classifies `raw` and keeps it, when it concerns a lead or could not be read. None when it
/// was kept before, or concerns nothing ColdCopy sent.
pub async fn take(
    reader: &ReadPool,
    writer: &WritePool,
    arrival: &Arrival<'_>,
    raw: &[u8],
) -> Result<Option<Kept>, sqlx::Error> {
    let received = jiff::Timestamp::from_second(arrival.now)
        .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
        .unwrap_or_default();
    let message = classify(raw, arrival.address, received);
    let lead = lead::find(reader, arrival.mailbox, &message).await?;
    if lead.is_none() && message.kind != Kind::Unparsed {
        return Ok(None);
    }
    let fingerprint = match &message.message_id {
        Some(id) => id.clone(),
        None => format!("sha256:{}", hex::encode(Sha256::digest(raw))),
    };
    let mut tx = writer.begin().await?;
    let inserted = insert(&mut tx, arrival, &message, lead.as_ref(), &fingerprint).await?;
    if !inserted {
        tx.rollback().await?;
        return Ok(None);
    }
    let mut bounced = false;
    if let Some(lead) = &lead {
        let effect = Effect {
            account: arrival.account,
            lead,
            kind: message.kind,
            back_on: message.back_on,
            now: arrival.now,
        };
        bounced = act::apply(&mut tx, &effect).await?;
    }
    tx.commit().await?;
    Ok(Some(Kept {
        kind: message.kind,
        lead,
        bounced,
    }))
}

async fn insert(
    tx: &mut crate::server::platform::db::WriteTx,
    arrival: &Arrival<'_>,
    m: &Classified,
    lead: Option<&Lead>,
    fingerprint: &str,
) -> Result<bool, sqlx::Error> {
    let summary = m.summary.map(|s| s.tag());
    let back_on = m.back_on.map(|d| d.to_string());
    let n = on_tx!(tx, |x| {
        sqlx::query(
        "INSERT INTO inbox_messages (account_id, mailbox_id, fingerprint, uid, campaign_lead_id,
             lead_email, message_id, from_address, from_name, subject, body, kind, rule, detail,
             summary, back_on, new_address, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (mailbox_id, fingerprint) DO NOTHING"
    )
    .bind(arrival.account)
    .bind(arrival.mailbox)
    .bind(clean(fingerprint))
    .bind(i64::from(arrival.uid))
    .bind(lead.map(|l| l.id))
    .bind(lead.map(|l| l.email.as_str()))
    .bind(m.message_id.as_deref().map(clean))
    .bind(clean(&m.from))
    .bind(clean(&m.from_name))
    .bind(clean(&m.subject))
    .bind(clean(&m.text))
    .bind(m.kind.tag())
    .bind(m.rule.tag())
    .bind(clean(&m.detail))
    .bind(summary)
    .bind(back_on.as_deref())
    .bind(m.new_address.as_deref().map(clean))
    .bind(arrival.now)
    .execute(x)
    .await?
    .rows_affected()
    });
    Ok(n == 1)
}
