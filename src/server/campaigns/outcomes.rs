//! What became of a send, written as one transaction of conditional writes from `sending`:
//! sent (the lead's next step scheduled), refused for good (bounced: the address suppressed),
//! refused for now (deferred: tried again later, or failed after too many tries), or unknown
//! (unconfirmed: never sent again on a guess). Also a mailbox paused, and the sweep that
//! settles the sends of a server that died mid-send.

use super::claims::STALE_SECONDS;
use crate::server::platform::db::{WritePool, on_engine, on_tx};

/// How many times a step refused for now is tried before the lead is marked failed.
pub const MAX_ATTEMPTS: i64 = 5;

/// When a step refused for now is tried again: 15 minutes, doubling, at most 6 hours.
pub fn retry_after(attempts: i64) -> i64 {
    ((15 * 60_i64) << (attempts.clamp(1, 5) - 1)).min(6 * 3600)
}

/// A send the server accepted.
pub struct Accepted<'a> {
    pub message_id: &'a str,
    pub campaign_lead: i64,
    pub step: i64,
    /// When the next step is due; `None` after the last.
    pub next_at: Option<i64>,
    pub mailbox: &'a str,
    /// The mailbox's next send (the gap and its jitter).
    pub next_send_at: i64,
    pub now: i64,
}

pub async fn accepted(pool: &WritePool, a: &Accepted<'_>) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    on_tx!(&mut tx, |x| sqlx::query(
        "UPDATE sends SET state = 'sent', sent_at = $1 WHERE message_id = $2 AND state = 'sending'"
    )
    .bind(a.now)
    .bind(a.message_id)
    .execute(x)
    .await?
    .rows_affected());
    on_tx!(&mut tx, |x| sqlx::query(
        "UPDATE campaign_leads SET next_step = $1, next_at = $2, attempts = 0, note = NULL,
             first_sent_at = COALESCE(first_sent_at, $3), updated_at = $3,
             status = CASE WHEN CAST($4 AS BIGINT) = 1 THEN 'done' ELSE status END
         WHERE id = $5 AND next_step = $6 AND status = 'active'"
    )
    .bind(a.step + 1)
    .bind(a.next_at.unwrap_or(0))
    .bind(a.now)
    .bind(i64::from(a.next_at.is_none()))
    .bind(a.campaign_lead)
    .bind(a.step)
    .execute(x)
    .await?
    .rows_affected());
    on_tx!(&mut tx, |x| sqlx::query(
        "UPDATE mailboxes SET next_send_at = $1, first_send_at = COALESCE(first_send_at, $2)
         WHERE id = $3"
    )
    .bind(a.next_send_at)
    .bind(a.now)
    .bind(a.mailbox)
    .execute(x)
    .await?
    .rows_affected());
    tx.commit().await
}

/// An unconfirmed send found in the mailbox's Sent folder: it went. The lead goes on from it
/// (its first email's time kept for the follow-ups' days).
pub async fn confirmed(pool: &WritePool, a: &Accepted<'_>) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    on_tx!(&mut tx, |x| sqlx::query(
        "UPDATE sends SET state = 'sent', sent_at = claimed_at
         WHERE message_id = $1 AND state = 'unconfirmed'"
    )
    .bind(a.message_id)
    .execute(x)
    .await?
    .rows_affected());
    on_tx!(&mut tx, |x| sqlx::query(
        "UPDATE campaign_leads SET next_step = $1, next_at = $2, attempts = 0, note = NULL,
             first_sent_at = COALESCE(first_sent_at, $3), updated_at = $3,
             status = CASE WHEN CAST($4 AS BIGINT) = 1 THEN 'done' ELSE 'active' END
         WHERE id = $5 AND next_step = $6 AND status = 'unconfirmed'"
    )
    .bind(a.step + 1)
    .bind(a.next_at.unwrap_or(0))
    .bind(a.now)
    .bind(i64::from(a.next_at.is_none()))
    .bind(a.campaign_lead)
    .bind(a.step)
    .execute(x)
    .await?
    .rows_affected());
    tx.commit().await
}

/// The send `message_id` and its lead both move to `state` (`bounced` or `unconfirmed`), from
/// `sending` and `active`, with the server's words.
async fn settle(
    tx: &mut crate::server::platform::db::WriteTx,
    message_id: &str,
    campaign_lead: i64,
    state: &str,
    words: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_tx!(tx, |x| sqlx::query(
        "UPDATE sends SET state = $1, error = $2 WHERE message_id = $3 AND state = 'sending'"
    )
    .bind(state)
    .bind(words)
    .bind(message_id)
    .execute(x)
    .await?
    .rows_affected());
    on_tx!(tx, |x| sqlx::query(
        "UPDATE campaign_leads SET status = $1, note = $2, updated_at = $3
         WHERE id = $4 AND status = 'active'"
    )
    .bind(state)
    .bind(words)
    .bind(now)
    .bind(campaign_lead)
    .execute(x)
    .await?
    .rows_affected());
    Ok(())
}

/// A send refused for good: the lead bounced, its address suppressed for the whole account.
pub async fn bounced(
    pool: &WritePool,
    message_id: &str,
    campaign_lead: i64,
    words: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    settle(&mut tx, message_id, campaign_lead, "bounced", words, now).await?;
    on_tx!(&mut tx, |x| sqlx::query(
        "INSERT INTO suppressions (account_id, email, reason, created_at)
         SELECT c.account_id, l.email, 'bounced', $1
         FROM campaign_leads l JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $2
         ON CONFLICT (account_id, email) DO NOTHING"
    )
    .bind(now)
    .bind(campaign_lead)
    .execute(x)
    .await?
    .rows_affected());
    tx.commit().await
}

/// A send refused for now (or not handed over): tried again at `retry_at`, or, with `None`,
/// given up (the lead failed); `counted` when the try counts toward the lead's five (not when
/// the mailbox was at fault). The step keeps its row and Message-ID.
pub async fn deferred(
    pool: &WritePool,
    message_id: &str,
    campaign_lead: i64,
    words: &str,
    retry_at: Option<i64>,
    counted: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    on_tx!(&mut tx, |x| {
        sqlx::query(
        "UPDATE sends SET state = 'deferred', error = $1 WHERE message_id = $2 AND state = 'sending'"
    )
    .bind(words)
    .bind(message_id)
    .execute(x)
    .await?
    .rows_affected()
    });
    on_tx!(&mut tx, |x| sqlx::query(
        "UPDATE campaign_leads SET attempts = attempts + $6, note = $1, updated_at = $2,
             next_at = $3, status = CASE WHEN CAST($4 AS BIGINT) = 1 THEN 'failed' ELSE status END
         WHERE id = $5 AND status = 'active'"
    )
    .bind(words)
    .bind(now)
    .bind(retry_at.unwrap_or(now))
    .bind(i64::from(retry_at.is_none()))
    .bind(campaign_lead)
    .bind(i64::from(counted))
    .execute(x)
    .await?
    .rows_affected());
    tx.commit().await
}

/// A send whose outcome cannot be told: the lead waits for the founder.
pub async fn unconfirmed(
    pool: &WritePool,
    message_id: &str,
    campaign_lead: i64,
    words: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    settle(
        &mut tx,
        message_id,
        campaign_lead,
        "unconfirmed",
        words,
        now,
    )
    .await?;
    tx.commit().await
}

/// A lead leaves before its step goes (`status`: unsubscribed, bounced, stopped, failed).
pub async fn leave(
    pool: &WritePool,
    campaign_lead: i64,
    status: &str,
    note: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE campaign_leads SET status = $1, note = $2, updated_at = $3
         WHERE id = $4 AND status = 'active'"
    )
    .bind(status)
    .bind(note)
    .bind(now)
    .bind(campaign_lead)
    .execute(p)
    .await?
    .rows_affected());
    Ok(())
}

/// Sending from `mailbox` stops until the founder tests it again, with the server's words.
pub async fn pause_mailbox(
    pool: &WritePool,
    mailbox: &str,
    words: &str,
) -> Result<(), sqlx::Error> {
    on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE mailboxes SET paused_reason = $1, send_owner = NULL, send_until = 0 WHERE id = $2"
    )
    .bind(words)
    .bind(mailbox)
    .execute(p)
    .await?
    .rows_affected());
    Ok(())
}

/// The mailbox sends nothing before `at`.
pub async fn hold_mailbox(pool: &WritePool, mailbox: &str, at: i64) -> Result<(), sqlx::Error> {
    on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE mailboxes SET next_send_at = $1 WHERE id = $2"
    )
    .bind(at)
    .bind(mailbox)
    .execute(p)
    .await?
    .rows_affected());
    Ok(())
}

/// Sends left `sending` by a server whose lease on the mailbox ran out: unconfirmed, and their
/// leads with them. Answers how many.
pub async fn sweep(pool: &WritePool, now: i64) -> Result<u64, sqlx::Error> {
    const STALE: &str = "state = 'sending' AND claimed_at < $1 AND NOT EXISTS (
        SELECT 1 FROM mailboxes m WHERE m.id = sends.mailbox_id AND m.send_owner = sends.owner
          AND m.send_until >= $2)";
    let mut tx = pool.begin().await?;
    let leads = format!(
        "UPDATE campaign_leads SET status = 'unconfirmed', updated_at = $2,
             note = 'server_stopped'
         WHERE status = 'active' AND id IN (SELECT campaign_lead_id FROM sends WHERE {STALE})"
    );
    on_tx!(&mut tx, |x| sqlx::query(sqlx::AssertSqlSafe(leads))
        .bind(now - STALE_SECONDS)
        .bind(now)
        .execute(x)
        .await?
        .rows_affected());
    let sends = format!(
        "UPDATE sends SET state = 'unconfirmed', error = 'server_stopped'
         WHERE {STALE}"
    );
    let swept = on_tx!(&mut tx, |x| sqlx::query(sqlx::AssertSqlSafe(sends))
        .bind(now - STALE_SECONDS)
        .bind(now)
        .execute(x)
        .await?
        .rows_affected());
    if swept == 0 {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(swept)
}

/// Running campaigns with no active lead left are done.
pub async fn finish_campaigns(pool: &WritePool, now: i64) -> Result<(), sqlx::Error> {
    let writing = pool.db();
    let done = on_engine!(*writing, |p| sqlx::query(
        "UPDATE campaigns SET status = 'done', updated_at = $1
         WHERE status = 'running' AND NOT EXISTS
             (SELECT 1 FROM campaign_leads l WHERE l.campaign_id = campaigns.id
                AND l.status = 'active')"
    )
    .bind(now)
    .execute(p)
    .await?
    .rows_affected());
    if done == 0 {
        writing.changed_nothing();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_refused_step_waits_longer_each_time() {
        let waits: Vec<i64> = (1..=7).map(super::retry_after).collect();
        assert_eq!(waits, vec![900, 1800, 3600, 7200, 14400, 14400, 14400]);
    }
}
