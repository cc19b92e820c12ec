//! Stop on reply. Before a mailbox's follow-ups go (and every few minutes while its campaigns
//! run), ColdCopy reads what is new in its INBOX (read-only: `mail::inbox`) and hands each
//! message to the inbox (`server::inbox::store`), which classifies it, matches it to the lead it
//! concerns (by `In-Reply-To`/`References` against the Message-IDs sent from that mailbox, else
//! by address) and does what it says: a human reply stops the lead in every campaign of the
//! account; an automatic one does not; a bounce report, an opt-out in words, an out-of-office
//! act as `server::inbox::act` says.

use super::claims::STALE_SECONDS;
use crate::server::inbox::classify::Kind;
use crate::server::inbox::{health, store};
use crate::server::mail::check::{Server, Trust};
use crate::server::mail::inbox;
use crate::server::platform::db::{ReadPool, WritePool, on_engine};

/// What a read of the INBOX did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// Human replies from leads.
    pub replies: u32,
    /// The bounces passed the line: the mailbox is paused and sends nothing more.
    pub paused: bool,
}

/// The mailbox an INBOX read is for, and the bounce line that pauses it.
pub struct Reading<'a> {
    pub mailbox: &'a str,
    pub address: &'a str,
    pub bounce_percent: u32,
    pub bounce_after: u32,
}

/// Whether `mailbox`'s INBOX is due a read: not read for `read_every` seconds
/// (`CAMPAIGN_INBOX_SECONDS`); or, while one of its
/// campaigns' windows is `open`, a follow-up is due now and the last read is a minute old (a
/// follow-up never answers a reply more than a minute old; a closed window asks nothing).
pub async fn due(
    pool: &ReadPool,
    mailbox: &str,
    now: i64,
    open: bool,
    read_every: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = on_engine!(pool.db(), |p| sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM mailboxes WHERE id = $1 AND imap_read_at < $2)
              + CAST($4 AS BIGINT) * (SELECT COUNT(*) FROM mailboxes WHERE id = $1
                AND imap_read_at < $5 AND EXISTS (
                  SELECT 1 FROM campaign_leads l JOIN campaigns c ON c.id = l.campaign_id
                  WHERE l.mailbox_id = $1 AND l.status = 'active' AND l.next_step > 1
                    AND l.next_at <= $3 AND c.status = 'running'))"
    )
    .bind(mailbox)
    .bind(now - read_every)
    .bind(now)
    .bind(i64::from(open))
    .bind(now - 60)
    .fetch_one(p)
    .await?);
    Ok(n > 0)
}

/// Reads what is new in `mailbox`'s INBOX and stops the leads that replied. An INBOX that
/// cannot be read is logged and tried again at its next turn: follow-ups wait for nothing (a
/// reply is never guessed).
pub async fn read(
    reader: &ReadPool,
    writer: &WritePool,
    reading: &Reading<'_>,
    imap: &Server,
    trust: &Trust,
    now: i64,
) -> Result<Option<Seen>, sqlx::Error> {
    let mailbox = reading.mailbox;
    let found: Option<(String, Option<i64>, i64)> = on_engine!(reader.db(), |p| sqlx::query_as(
        "SELECT account_id, imap_validity, imap_last_uid FROM mailboxes WHERE id = $1"
    )
    .bind(mailbox)
    .fetch_optional(p)
    .await?);
    let Some((account, validity, last)) = found else {
        return Ok(None);
    };
    let mut session = match inbox::sign_in(imap, trust).await {
        Ok(session) => session,
        Err(problem) => {
            tracing::warn!(
                mailbox,
                problem = problem.tag(),
                "an INBOX could not be read"
            );
            mark_read(writer, mailbox, None, now).await?;
            return Ok(None);
        }
    };
    let validity = validity.and_then(|v| u32::try_from(v).ok());
    let after = u32::try_from(last).unwrap_or(0);
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(u64::try_from(STALE_SECONDS / 10).unwrap_or(60)),
        inbox::read_new(&mut session, validity, after),
    )
    .await;
    inbox::close(session).await;
    let read = match read {
        Ok(Ok(read)) => read,
        Ok(Err(err)) => {
            tracing::warn!(mailbox, error = %err, "an INBOX could not be read");
            mark_read(writer, mailbox, None, now).await?;
            return Ok(None);
        }
        Err(_) => {
            tracing::warn!(mailbox, "an INBOX took too long to read");
            mark_read(writer, mailbox, None, now).await?;
            return Ok(None);
        }
    };
    let mut seen = Seen::default();
    let mut bounced = false;
    for arrived in &read.arrived {
        let arrival = store::Arrival {
            account: &account,
            mailbox,
            address: reading.address,
            uid: arrived.uid,
            now,
        };
        let Some(kept) = store::take(reader, writer, &arrival, &arrived.raw).await? else {
            continue;
        };
        bounced |= kept.bounced;
        if kept.kind == Kind::Reply && kept.lead.is_some() {
            seen.replies += 1;
        }
    }
    if bounced {
        seen.paused = health::check(
            writer,
            mailbox,
            reading.bounce_percent,
            reading.bounce_after,
        )
        .await?;
    }
    mark_read(writer, mailbox, Some((read.validity, read.last_uid)), now).await?;
    Ok(Some(seen))
}

/// Notes the read at `now` (and, when it worked, how far it got), so a failing INBOX is tried
/// again at its next turn, not at every round.
async fn mark_read(
    writer: &WritePool,
    mailbox: &str,
    got: Option<(u32, u32)>,
    now: i64,
) -> Result<(), sqlx::Error> {
    match got {
        Some((validity, last)) => on_engine!(*writer.db(), |p| sqlx::query(
            "UPDATE mailboxes SET imap_validity = $1, imap_last_uid = $2, imap_read_at = $3
             WHERE id = $4"
        )
        .bind(i64::from(validity))
        .bind(i64::from(last))
        .bind(now)
        .bind(mailbox)
        .execute(p)
        .await?
        .rows_affected()),
        None => on_engine!(*writer.db(), |p| sqlx::query(
            "UPDATE mailboxes SET imap_read_at = $1 WHERE id = $2"
        )
        .bind(now)
        .bind(mailbox)
        .execute(p)
        .await?
        .rows_affected()),
    };
    Ok(())
}
