//! The `backup_runs` table: which server takes a slot, and how each slot ended. A slot is
//! claimed by one conditional upsert, so of any number of servers exactly one takes it; a
//! claim whose server died runs out (`LEASE`) and is taken again; a failed slot is tried again
//! after `RETRY_AFTER`, up to `MAX_ATTEMPTS`; a slot that ended `ok` is never taken again.

use crate::server::platform::db::{Db, ReadPool, WritePool, on_engine};

/// How long a claim holds a slot before another server may take it over.
pub const LEASE: i64 = 15 * 60;
/// How long after a failure the slot is tried again.
pub const RETRY_AFTER: i64 = 10 * 60;
/// How many times a slot is tried.
pub const MAX_ATTEMPTS: i64 = 3;

/// How the newest slots ended, for `/readyz`, the metrics and the log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// The newest backup that ended `ok`: its slot's finish time, file and size.
    pub last_success: Option<(i64, String, i64)>,
    /// The newest slot that failed after that success, with why.
    pub last_failure: Option<(String, String)>,
}

/// Whether slot `slot` has ended `ok` (read without writing, so an idle server's check every
/// minute changes nothing).
pub async fn done(pool: &ReadPool, slot: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar("SELECT 1 FROM backup_runs WHERE slot = ? AND status = 'ok'")
                .bind(slot)
                .fetch_optional(pool)
                .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(
                "SELECT 1::BIGINT FROM backup_runs WHERE slot = $1 AND status = 'ok'",
            )
            .bind(slot)
            .fetch_optional(pool)
            .await?
        }
    };
    Ok(found.is_some())
}

/// Claims `slot` for `owner` at `now`: a new slot, one whose claim ran out, or one that failed
/// long enough ago with attempts left. True when this caller has it.
pub async fn claim(
    pool: &WritePool,
    slot: &str,
    owner: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // One statement for both engines (`$n` placeholders are SQLite's too).
    const CLAIM: &str = "INSERT INTO backup_runs (slot, owner, lease_until, started_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (slot) DO UPDATE SET owner = excluded.owner,
             lease_until = excluded.lease_until, started_at = excluded.started_at,
             status = 'running', finished_at = NULL, error = NULL,
             attempts = backup_runs.attempts + 1
         WHERE (backup_runs.status = 'running' AND backup_runs.lease_until < $4)
            OR (backup_runs.status = 'failed' AND backup_runs.attempts < $5
                AND backup_runs.finished_at <= $6)
         RETURNING owner";
    let writing = pool.db();
    let owner_now: Option<String> = match *writing {
        Db::Sqlite(pool) => {
            sqlx::query_scalar(CLAIM)
                .bind(slot)
                .bind(owner)
                .bind(now + LEASE)
                .bind(now)
                .bind(MAX_ATTEMPTS)
                .bind(now - RETRY_AFTER)
                .fetch_optional(pool)
                .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar(CLAIM)
                .bind(slot)
                .bind(owner)
                .bind(now + LEASE)
                .bind(now)
                .bind(MAX_ATTEMPTS as i32)
                .bind(now - RETRY_AFTER)
                .fetch_optional(pool)
                .await?
        }
    };
    if owner_now.is_none() {
        writing.changed_nothing();
    }
    Ok(owner_now.as_deref() == Some(owner))
}

/// Ends `owner`'s claim of `slot`: `Ok((file, size))` or `Err(why)`.
pub async fn finish(
    pool: &WritePool,
    slot: &str,
    owner: &str,
    now: i64,
    outcome: Result<(&str, i64), &str>,
) -> Result<(), sqlx::Error> {
    const FINISH: &str = "UPDATE backup_runs SET status = $3, finished_at = $4, file = $5,
             size_bytes = $6, error = $7
         WHERE slot = $1 AND owner = $2 AND status = 'running'";
    let (status, file, size, error) = match outcome {
        Ok((file, size)) => ("ok", Some(file), Some(size), None),
        Err(why) => ("failed", None, None, Some(why)),
    };
    on_engine!(*pool.db(), |pool| sqlx::query(FINISH)
        .bind(slot)
        .bind(owner)
        .bind(status)
        .bind(now)
        .bind(file)
        .bind(size)
        .bind(error)
        .execute(pool)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// The newest success, and the newest failure after it.
pub async fn status(pool: &ReadPool) -> Result<Status, sqlx::Error> {
    const SUCCESS: &str = "SELECT finished_at, file, size_bytes FROM backup_runs
         WHERE status = 'ok' ORDER BY finished_at DESC LIMIT 1";
    const FAILURE: &str = "SELECT slot, error FROM backup_runs
         WHERE status = 'failed' AND finished_at >= $1 ORDER BY finished_at DESC LIMIT 1";
    let (success, failure) = on_engine!(pool.db(), |pool| {
        let success: Option<(i64, String, i64)> =
            sqlx::query_as(SUCCESS).fetch_optional(pool).await?;
        let since = success.as_ref().map_or(0, |s| s.0);
        let failure: Option<(String, Option<String>)> = sqlx::query_as(FAILURE)
            .bind(since)
            .fetch_optional(pool)
            .await?;
        (success, failure)
    });
    Ok(Status {
        last_success: success,
        last_failure: failure.map(|(slot, why)| (slot, why.unwrap_or_default())),
    })
}
