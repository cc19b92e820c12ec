//! Restore links: a token that attaches a paid plan to another browser, and the merge of that
//! browser's session into the paid one.

use crate::domain::ids::SessionId;
use crate::server::platform::db::{Db, ReadPool, WritePool, WriteTx};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// SHA-256 of a restore token, as stored.
fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Makes a new restore link token for a session and revokes any earlier one. The token (two
/// random UUIDs: 244 random bits) is returned once and only its hash is kept.
pub(crate) async fn new_restore_token(
    pool: &WritePool,
    session_id: &SessionId,
) -> Result<String, sqlx::Error> {
    let session_id = session_id.as_str();
    let token = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let hash = token_hash(&token);
    let mut tx = pool.begin().await?;
    match &mut tx {
        WriteTx::Sqlite(tx, _) => {
            sqlx::query!(
                "UPDATE restore_tokens SET revoked_at = unixepoch() WHERE session_id = ? AND revoked_at IS NULL",
                session_id
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "INSERT INTO restore_tokens (token_sha256, session_id) VALUES (?, ?)",
                hash,
                session_id
            )
            .execute(&mut **tx)
            .await?;
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query!(
                "UPDATE restore_tokens SET revoked_at = unixepoch() WHERE session_id = $1 AND revoked_at IS NULL",
                session_id
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "INSERT INTO restore_tokens (token_sha256, session_id) VALUES ($1, $2)",
                hash,
                session_id
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(token)
}

/// The session's restore links: whether one was ever made (the success page shows the first
/// one only) and whether one still works.
pub(crate) async fn restore_links(
    pool: &ReadPool,
    session_id: &SessionId,
) -> Result<RestoreLinks, sqlx::Error> {
    let session_id = session_id.as_str();
    let (ever, live) = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            r#"SELECT count(*) AS "ever!: i64",
                      count(*) FILTER (WHERE revoked_at IS NULL) AS "live!: i64"
               FROM restore_tokens WHERE session_id = ?"#,
            session_id
        )
        .fetch_one(pool)
        .await
        .map(|row| (row.ever, row.live))?,
        Db::Postgres(pool) => sqlx::query!(
            r#"SELECT count(*) AS "ever!",
                      count(*) FILTER (WHERE revoked_at IS NULL) AS "live!"
               FROM restore_tokens WHERE session_id = $1"#,
            session_id
        )
        .fetch_one(pool)
        .await
        .map(|row| (row.ever, row.live))?,
    };
    Ok(RestoreLinks {
        ever: ever > 0,
        live: live > 0,
    })
}

/// See `restore_links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RestoreLinks {
    pub ever: bool,
    pub live: bool,
}

/// Revokes every restore link of the session; answers how many were live.
pub(crate) async fn revoke_restore_tokens(
    pool: &WritePool,
    session_id: &SessionId,
) -> Result<u64, sqlx::Error> {
    let session_id = session_id.as_str();
    Ok(match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE restore_tokens SET revoked_at = unixepoch() WHERE session_id = ? AND revoked_at IS NULL",
            session_id
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE restore_tokens SET revoked_at = unixepoch() WHERE session_id = $1 AND revoked_at IS NULL",
            session_id
        )
        .execute(pool)
        .await?
        .rows_affected(),
    })
}

/// The paid session a live restore token belongs to.
pub(crate) async fn restore_target(
    pool: &ReadPool,
    token: &str,
) -> Result<Option<SessionId>, sqlx::Error> {
    let hash = token_hash(token);
    let session = match pool.db() {
        Db::Sqlite(pool) => sqlx::query_scalar!(
            "SELECT session_id FROM restore_tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
            hash
        )
        .fetch_optional(pool)
        .await?,
        Db::Postgres(pool) => sqlx::query_scalar!(
            "SELECT session_id FROM restore_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL",
            hash
        )
        .fetch_optional(pool)
        .await?,
    };
    Ok(session.map(SessionId::from_stored))
}

/// Joins the browser's own session (if any) to the paid one, in one transaction, so nothing
/// this browser wrote or paid for is lost: its sequences, purchases and subscriptions move over,
/// and the paid sequences it had not used yet are added to the paid session's allowance (its
/// unused free ones are not: the free allowance is per browser), and so do its lead lists and
/// writings. Answers the sequences moved.
pub(crate) async fn merge_into(
    pool: &WritePool,
    from_session: Option<&SessionId>,
    into_session: &SessionId,
    free_sequences: u32,
) -> Result<u64, sqlx::Error> {
    let Some(from) = from_session.filter(|from| *from != into_session) else {
        return Ok(0);
    };
    let (from, into_session) = (from.as_str(), into_session.as_str());
    let mut tx = pool.begin().await?;
    let moved = match &mut tx {
        WriteTx::Sqlite(tx, _) => {
            let moved = sqlx::query!(
                "UPDATE sequences SET session_id = ? WHERE session_id = ?",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?
            .rows_affected();
            sqlx::query!(
                "UPDATE sessions SET
                     max_generations = max_generations + coalesce((
                         SELECT max(0, o.max_generations - max(o.generations_used, ?1))
                         FROM sessions o WHERE o.id = ?2), 0),
                     stripe_customer_id = coalesce(stripe_customer_id,
                         (SELECT o.stripe_customer_id FROM sessions o WHERE o.id = ?2)),
                     updated_at = unixepoch()
                 WHERE id = ?3",
                free_sequences,
                from,
                into_session
            )
            .execute(&mut **tx)
            .await?;
            // Spent: the old session keeps no paid sequences to spend twice.
            sqlx::query!(
                "UPDATE sessions SET max_generations = min(max_generations, max(generations_used, ?1))
                 WHERE id = ?2",
                free_sequences,
                from
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE purchases SET session_id = ? WHERE session_id = ?",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE subscriptions SET session_id = ? WHERE session_id = ?",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            // Its lead lists, their leads (with the allowance they used) and any writing.
            sqlx::query!(
                "UPDATE lead_jobs SET session_id = ? WHERE session_id = ?",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE leads SET session_id = ? WHERE session_id = ?",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE writings SET session_id = ? WHERE session_id = ?",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            moved
        }
        WriteTx::Postgres(tx, _) => {
            let free_sequences = i64::from(free_sequences);
            let moved = sqlx::query!(
                "UPDATE sequences SET session_id = $1 WHERE session_id = $2",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?
            .rows_affected();
            sqlx::query!(
                "UPDATE sessions SET
                     max_generations = max_generations + coalesce((
                         SELECT greatest(0, o.max_generations - greatest(o.generations_used, $1))
                         FROM sessions o WHERE o.id = $2), 0),
                     stripe_customer_id = coalesce(stripe_customer_id,
                         (SELECT o.stripe_customer_id FROM sessions o WHERE o.id = $2)),
                     updated_at = unixepoch()
                 WHERE id = $3",
                free_sequences,
                from,
                into_session
            )
            .execute(&mut **tx)
            .await?;
            // Spent: the old session keeps no paid sequences to spend twice.
            sqlx::query!(
                "UPDATE sessions SET max_generations = least(max_generations, greatest(generations_used, $1))
                 WHERE id = $2",
                free_sequences,
                from
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE purchases SET session_id = $1 WHERE session_id = $2",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE subscriptions SET session_id = $1 WHERE session_id = $2",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            // Its lead lists, their leads (with the allowance they used) and any writing.
            sqlx::query!(
                "UPDATE lead_jobs SET session_id = $1 WHERE session_id = $2",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE leads SET session_id = $1 WHERE session_id = $2",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE writings SET session_id = $1 WHERE session_id = $2",
                into_session,
                from
            )
            .execute(&mut **tx)
            .await?;
            moved
        }
    };
    tx.commit().await?;
    Ok(moved)
}
