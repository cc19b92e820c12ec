//! The sender's writes. A mailbox is sent from by one server at a time (a lease on its row); a
//! step of a lead becomes a `sends` row once (UNIQUE), with its Message-ID, before the SMTP
//! transaction; each outcome is one conditional write from `sending`. A send left `sending` by a
//! server that died is never sent again: it becomes `unconfirmed`, for the founder to decide.

use crate::server::platform::db::{Engine, ReadPool, WritePool, on_engine, on_tx};

/// How long a server holds a mailbox it sends from (renewed at every round).
pub const LEASE_SECONDS: i64 = 120;
/// A send still `sending` this long after its claim, its server's lease gone, is unconfirmed.
pub const STALE_SECONDS: i64 = 600;

/// States a send counts toward a mailbox's daily cap in (it reached the server, or may have).
const COUNTED: &str = "('sending', 'sent', 'bounced', 'unconfirmed')";

const LEASE: &str = "send_owner = $1, send_until = $2";
const FREE: &str =
    "paused_reason IS NULL AND (send_owner IS NULL OR send_until < $4 OR send_owner = $1)";

/// Takes (or keeps) the lease on `mailbox` for `owner`; true when this server has it.
pub async fn lease(
    pool: &WritePool,
    mailbox: &str,
    owner: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // On PostgreSQL a row another server is leasing this instant is skipped, not waited for.
    let sql = match pool.engine() {
        Engine::Sqlite => format!("UPDATE mailboxes SET {LEASE} WHERE id = $3 AND {FREE}"),
        Engine::Postgres => format!(
            "UPDATE mailboxes SET {LEASE} WHERE id IN (
                 SELECT id FROM mailboxes WHERE id = $3 AND {FREE} FOR UPDATE SKIP LOCKED)"
        ),
    };
    let writing = pool.db();
    let done = on_engine!(*writing, |p| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .bind(owner)
        .bind(now + LEASE_SECONDS)
        .bind(mailbox)
        .bind(now)
        .execute(p)
        .await?
        .rows_affected());
    // A lease shows on no page: it leaves the pages kept in memory as they are.
    writing.changed_nothing();
    Ok(done == 1)
}

/// Gives the lease back.
pub async fn release(pool: &WritePool, mailbox: &str, owner: &str) -> Result<(), sqlx::Error> {
    let writing = pool.db();
    on_engine!(*writing, |p| sqlx::query(
        "UPDATE mailboxes SET send_owner = NULL, send_until = 0 WHERE id = $1 AND send_owner = $2"
    )
    .bind(mailbox)
    .bind(owner)
    .execute(p)
    .await?
    .rows_affected());
    writing.changed_nothing();
    Ok(())
}

/// Mailboxes with a running campaign whose next send, or next read of the INBOX, is due and
/// that no other server holds; with the time their next send is due.
pub async fn due_mailboxes(
    pool: &ReadPool,
    owner: &str,
    now: i64,
    read_every: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    Ok(on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT m.id, CASE WHEN m.next_send_at > m.idle_until THEN m.next_send_at
                           ELSE m.idle_until END
         FROM mailboxes m
         WHERE m.paused_reason IS NULL
           AND ((m.next_send_at <= $1 AND m.idle_until <= $1) OR m.imap_read_at < $3)
           AND (m.send_owner IS NULL OR m.send_until < $1 OR m.send_owner = $2)
           AND EXISTS (SELECT 1 FROM campaign_mailboxes cm JOIN campaigns c ON c.id = cm.campaign_id
                       WHERE cm.mailbox_id = m.id AND c.status = 'running')
         ORDER BY m.next_send_at, m.id"
    )
    .bind(now)
    .bind(owner)
    .bind(now - read_every)
    .fetch_all(p)
    .await?))
}

/// When the earliest active lead of `campaign` that `mailbox` may send is due (`None`: none).
pub async fn earliest_due(
    pool: &ReadPool,
    campaign: &str,
    mailbox: &str,
) -> Result<Option<i64>, sqlx::Error> {
    Ok(on_engine!(pool.db(), |p| sqlx::query_scalar(
        "SELECT MIN(next_at) FROM campaign_leads
         WHERE campaign_id = $1 AND status = 'active' AND (mailbox_id IS NULL OR mailbox_id = $2)"
    )
    .bind(campaign)
    .bind(mailbox)
    .fetch_one(p)
    .await?))
}

/// `mailbox` rests until `until`: the rounds pass it by for sending (its INBOX is still read).
pub async fn rest(pool: &WritePool, mailbox: &str, until: i64) -> Result<(), sqlx::Error> {
    let writing = pool.db();
    on_engine!(*writing, |p| sqlx::query(
        "UPDATE mailboxes SET idle_until = $1 WHERE id = $2"
    )
    .bind(until)
    .bind(mailbox)
    .execute(p)
    .await?
    .rows_affected());
    // Shows on no page.
    writing.changed_nothing();
    Ok(())
}

/// Wakes the mailboxes of `campaign`: it started, resumed, or has a send to go again.
pub async fn wake(pool: &WritePool, campaign: &str) -> Result<(), sqlx::Error> {
    on_engine!(*pool.db(), |p| sqlx::query(
        "UPDATE mailboxes SET idle_until = 0 WHERE idle_until > 0 AND id IN
             (SELECT mailbox_id FROM campaign_mailboxes WHERE campaign_id = $1)"
    )
    .bind(campaign)
    .execute(p)
    .await?
    .rows_affected());
    Ok(())
}

/// Sends from `mailbox` that count toward its cap since `since`, and the first day it sent.
pub async fn mailbox_today(
    pool: &ReadPool,
    mailbox: &str,
    since: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let sql = format!(
        "SELECT (SELECT COUNT(*) FROM sends WHERE mailbox_id = $1 AND claimed_at >= $2
                   AND state IN {COUNTED}),
                (SELECT first_send_at FROM mailboxes WHERE id = $1)"
    );
    Ok(on_engine!(pool.db(), |p| sqlx::query_as(
        sqlx::AssertSqlSafe(sql)
    )
    .bind(mailbox)
    .bind(since)
    .fetch_one(p)
    .await?))
}

/// First emails of `campaign` claimed since `since` (the new leads a day).
pub async fn new_today(pool: &ReadPool, campaign: &str, since: i64) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) FROM sends WHERE campaign_id = $1 AND step = 1 AND claimed_at >= $2
           AND state IN {COUNTED}"
    );
    Ok(on_engine!(pool.db(), |p| sqlx::query_scalar(
        sqlx::AssertSqlSafe(sql)
    )
    .bind(campaign)
    .bind(since)
    .fetch_one(p)
    .await?))
}

/// A lead whose step is due.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    pub id: i64,
    pub lead_id: i64,
    pub email: String,
    pub variant: String,
    pub next_step: i64,
    pub first_sent_at: Option<i64>,
    pub attempts: i64,
}

/// The next lead of `campaign` due from `mailbox`: a follow-up (or a retry) in its thread
/// first; else, when `new_allowed`, a lead not yet written to.
pub async fn next_due(
    pool: &ReadPool,
    campaign: &str,
    mailbox: &str,
    now: i64,
    new_allowed: bool,
) -> Result<Option<Due>, sqlx::Error> {
    let follow_up: Option<Due> = on_engine!(pool.db(), |p| {
        sqlx::query_as(
        "SELECT id, lead_id, email, variant, next_step, first_sent_at, attempts FROM campaign_leads
         WHERE campaign_id = $1 AND status = 'active' AND mailbox_id = $2 AND next_at <= $3
         ORDER BY next_at, id LIMIT 1"
    )
    .bind(campaign)
    .bind(mailbox)
    .bind(now)
    .fetch_optional(p)
    .await?
    });
    if follow_up.is_some() || !new_allowed {
        return Ok(follow_up);
    }
    Ok(on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT id, lead_id, email, variant, next_step, first_sent_at, attempts FROM campaign_leads
         WHERE campaign_id = $1 AND status = 'active' AND mailbox_id IS NULL AND next_step = 1
           AND next_at <= $2
         ORDER BY id LIMIT 1"
    )
    .bind(campaign)
    .bind(now)
    .fetch_optional(p)
    .await?))
}

/// Why the account never mails `email` again, if it does not.
pub async fn suppressed(
    pool: &ReadPool,
    account: &str,
    email: &str,
) -> Result<Option<String>, sqlx::Error> {
    Ok(on_engine!(pool.db(), |p| sqlx::query_scalar(
        "SELECT reason FROM suppressions WHERE account_id = $1 AND email = $2"
    )
    .bind(account)
    .bind(email)
    .fetch_optional(p)
    .await?))
}

/// Whether another campaign of the account already wrote to `email` with the same sequence
/// (the same list started again, or two campaigns on it): its first email is not sent twice.
pub async fn written_elsewhere(
    pool: &ReadPool,
    campaign: &super::store::Campaign,
    due: &Due,
) -> Result<bool, sqlx::Error> {
    let n: i64 = on_engine!(pool.db(), |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM sends s
         JOIN campaign_leads l ON l.id = s.campaign_lead_id
         JOIN campaigns c ON c.id = l.campaign_id
         WHERE c.account_id = $1 AND c.sequence_id = $2 AND l.email = $3 AND l.id <> $4
           AND s.state IN ('sending', 'sent', 'unconfirmed')"
    )
    .bind(&campaign.account_id)
    .bind(&campaign.sequence_id)
    .bind(&due.email)
    .bind(due.id)
    .fetch_one(p)
    .await?);
    Ok(n > 0)
}

/// The earlier emails of a lead's thread: their Message-IDs, oldest first, and the first
/// one's subject.
pub async fn thread(
    pool: &ReadPool,
    campaign_lead: i64,
) -> Result<(Vec<String>, Option<String>), sqlx::Error> {
    let rows: Vec<(i64, String, String)> = on_engine!(pool.db(), |p| sqlx::query_as(
        "SELECT step, message_id, subject FROM sends
         WHERE campaign_lead_id = $1 AND state = 'sent' ORDER BY step"
    )
    .bind(campaign_lead)
    .fetch_all(p)
    .await?);
    let first = rows
        .iter()
        .find(|(step, _, _)| *step == 1)
        .map(|(_, _, s)| s.clone());
    Ok((rows.into_iter().map(|(_, id, _)| id).collect(), first))
}

/// A send to make: which lead, which step, from where.
pub struct Claim<'a> {
    pub campaign: &'a str,
    pub due: &'a Due,
    pub mailbox: &'a str,
    pub message_id: &'a str,
    pub subject: &'a str,
    pub owner: &'a str,
    pub now: i64,
}

/// Claims the lead's step for this mailbox and stores its send as `sending`, in one
/// transaction; answers the Message-ID to send with (a retried step keeps its first one), or
/// `None` when the step is no longer to send (the lead left, or the step exists already).
pub async fn claim(pool: &WritePool, c: &Claim<'_>) -> Result<Option<String>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let lead = on_tx!(&mut tx, |x| sqlx::query(
        "UPDATE campaign_leads SET mailbox_id = $1, updated_at = $2
         WHERE id = $3 AND status = 'active' AND next_step = $4 AND next_at <= $2
           AND (mailbox_id IS NULL OR mailbox_id = $1)"
    )
    .bind(c.mailbox)
    .bind(c.now)
    .bind(c.due.id)
    .bind(c.due.next_step)
    .execute(x)
    .await?
    .rows_affected());
    if lead != 1 {
        tx.rollback().await?;
        return Ok(None);
    }
    let id: Option<String> = on_tx!(&mut tx, |x| {
        sqlx::query_scalar(
        "INSERT INTO sends (campaign_lead_id, campaign_id, mailbox_id, step, variant, message_id,
             subject, state, owner, claimed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'sending', $8, $9)
         ON CONFLICT (campaign_lead_id, step) DO UPDATE SET state = 'sending',
             owner = excluded.owner, claimed_at = excluded.claimed_at, error = NULL
         WHERE sends.state = 'deferred'
         RETURNING message_id"
    )
    .bind(c.due.id)
    .bind(c.campaign)
    .bind(c.mailbox)
    .bind(c.due.next_step)
    .bind(&c.due.variant)
    .bind(c.message_id)
    .bind(c.subject)
    .bind(c.owner)
    .bind(c.now)
    .fetch_optional(x)
    .await?
    });
    match id {
        Some(id) => {
            tx.commit().await?;
            Ok(Some(id))
        }
        None => {
            tx.rollback().await?;
            Ok(None)
        }
    }
}
