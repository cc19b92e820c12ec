//! A founder's correction on the inbox page takes effect at once: what the message's old kind did
//! to its lead is undone (the lead goes on, a suppression it made is lifted), the new kind's
//! effect applied, and the message shows "corrected by you", all in one transaction. A reply's
//! summary can be set the same way.

use super::act::{self, Effect};
use super::classify::Kind;
use super::lead::Lead;
use crate::server::platform::db::{WritePool, on_tx};

/// The message's kind, its lead (id, address, campaign) and an out-of-office's return date.
type Found = (
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// What the founder says a message is.
pub struct Correction {
    pub kind: Kind,
    pub summary: Option<&'static str>,
}

/// Applies `correction` to message `id` of `account`. False when there is no such message.
pub async fn correct(
    pool: &WritePool,
    account: &str,
    id: i64,
    correction: &Correction,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let found: Option<Found> = on_tx!(&mut tx, |x| sqlx::query_as(
        "SELECT m.kind, m.campaign_lead_id, m.lead_email, l.campaign_id, m.back_on
             FROM inbox_messages m LEFT JOIN campaign_leads l ON l.id = m.campaign_lead_id
             WHERE m.id = $1 AND m.account_id = $2"
    )
    .bind(id)
    .bind(account)
    .fetch_optional(x)
    .await?);
    let Some((old, lead_id, email, campaign_id, back_on)) = found else {
        tx.rollback().await?;
        return Ok(false);
    };
    let old = Kind::from_tag(&old).unwrap_or(Kind::Unparsed);
    let summary = (correction.kind == Kind::Reply)
        .then_some(correction.summary)
        .flatten();
    on_tx!(&mut tx, |x| sqlx::query(
        "UPDATE inbox_messages SET kind = $1, summary = $2, rule = 'founder',
             detail = CASE WHEN rule = 'founder' THEN detail ELSE kind END, corrected_at = $3
         WHERE id = $4"
    )
    .bind(correction.kind.tag())
    .bind(summary)
    .bind(now)
    .bind(id)
    .execute(x)
    .await?
    .rows_affected());
    if let (Some(id), Some(email), Some(campaign_id)) = (lead_id, email, campaign_id)
        && old != correction.kind
    {
        let lead = Lead {
            id,
            email,
            campaign_id,
        };
        act::undo(&mut tx, account, &lead, old, now).await?;
        let effect = Effect {
            account,
            lead: &lead,
            kind: correction.kind,
            back_on: back_on.and_then(|d| d.parse().ok()),
            now,
        };
        act::apply(&mut tx, &effect).await?;
    }
    tx.commit().await?;
    Ok(true)
}
