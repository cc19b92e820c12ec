//! What the operator's commands do: back up and restore the database, grant a plan, and count
//! today's activity. `restore` needs the database to itself: see `locks`.

use std::{
    fs::TryLockError,
    path::{Path, PathBuf},
};

use sqlx::{SqlitePool, sqlite::SqliteConnectOptions};
use uuid::Uuid;

use super::locks::{database_file, lock_file, open_lock};
use crate::domain::session::Plan;
use crate::server::platform::db::{Db, Engine, ReadPool, WritePool, WriteTx};

/// Why an operator command failed, in words for the terminal.
#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    #[error("{0}")]
    Refused(String),
    #[error("the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A consistent copy of the live database in `target`, taken while servers may be writing:
/// SQLite's `VACUUM INTO`, or PostgreSQL's `pg_dump` (custom format), each reading one
/// snapshot. Refuses to overwrite a file.
pub async fn backup(pool: &ReadPool, url: &str, target: &Path) -> Result<u64, OpsError> {
    if target.exists() {
        return Err(OpsError::Refused(format!(
            "{} already exists; choose a new file name",
            target.display()
        )));
    }
    crate::server::backups::files::write_copy(pool, url, target).await?;
    let size = std::fs::metadata(target)
        .map_err(|source| OpsError::File {
            path: target.to_owned(),
            source,
        })?
        .len();
    Ok(size)
}

/// Replaces the database behind `url` with the backup `source`, after checking the backup is a
/// sound ColdCopy database. Refuses while a server holds the database.
pub async fn restore(url: &str, source: &Path) -> Result<(), OpsError> {
    if Engine::of(url).map_err(OpsError::Refused)? == Engine::Postgres {
        return super::postgres::restore(url, source).await;
    }
    let database = database_file(url)
        .ok_or_else(|| OpsError::Refused("an in-memory database cannot be restored".into()))?;
    if !source.is_file() {
        return Err(OpsError::Refused(format!(
            "{} is not a file",
            source.display()
        )));
    }
    let lock = open_lock(&database)?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(OpsError::Refused(format!(
                "a ColdCopy server is using {}; stop it, then restore",
                database.display()
            )));
        }
        Err(TryLockError::Error(err)) => {
            return Err(OpsError::File {
                path: lock_file(&database),
                source: err,
            });
        }
    }
    // Check the backup, read-only.
    let options = SqliteConnectOptions::new().filename(source).read_only(true);
    let backup = SqlitePool::connect_with(options).await?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&backup)
        .await?;
    let ours: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('sessions', 'sequences', '_sqlx_migrations')",
    )
    .fetch_one(&backup)
    .await
    .unwrap_or(0);
    if integrity != "ok" || ours != 3 {
        return Err(OpsError::Refused(format!(
            "{} is not a sound ColdCopy backup (integrity: {integrity})",
            source.display()
        )));
    }
    // Copy it next to the database, then swap it in; the old write-ahead log goes with the old file.
    let staged = database.with_extension("restoring");
    let _ = std::fs::remove_file(&staged);
    sqlx::query("VACUUM INTO ?")
        .bind(staged.to_string_lossy().into_owned())
        .execute(&backup)
        .await?;
    backup.close().await;
    for suffix in ["-wal", "-shm"] {
        let mut side = database.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&staged, &database).map_err(|source| OpsError::File {
        path: database.clone(),
        source,
    })?;
    drop(lock);
    Ok(())
}

/// Grants `plan` to session `session_id` as the operator: Starter adds `starter_sequences` to
/// the allowance (recorded as a paid purchase); Pro runs for `days` days (recorded as a
/// subscription that ends then). Answers what was done.
pub async fn grant(
    pool: &WritePool,
    session_id: &str,
    plan: Plan,
    starter_sequences: u32,
    days: u32,
) -> Result<String, OpsError> {
    if plan == Plan::Free {
        return Err(OpsError::Refused(
            "a session is free by default; grant starter or pro".into(),
        ));
    }
    let grant_id = format!("grant_{}", Uuid::new_v4().simple());
    let (sequences, days) = (i64::from(starter_sequences), i64::from(days));
    let mut tx = pool.begin().await?;
    let exists = match &mut tx {
        WriteTx::Sqlite(tx, _) => {
            sqlx::query_scalar!("SELECT id FROM sessions WHERE id = ?", session_id)
                .fetch_optional(&mut **tx)
                .await?
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query_scalar!("SELECT id FROM sessions WHERE id = $1", session_id)
                .fetch_optional(&mut **tx)
                .await?
        }
    };
    if exists.is_none() {
        return Err(OpsError::Refused(format!(
            "no session has the id {session_id}"
        )));
    }
    let done = match (plan, &mut tx) {
        (Plan::Starter, WriteTx::Sqlite(tx, _)) => {
            sqlx::query!(
                "INSERT INTO purchases (checkout_id, session_id, plan, status, sequences)
                 VALUES (?, ?, 'starter', 'paid', ?)",
                grant_id,
                session_id,
                sequences
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE sessions SET max_generations = max_generations + ?, updated_at = unixepoch()
                 WHERE id = ?",
                sequences,
                session_id
            )
            .execute(&mut **tx)
            .await?;
            format!("granted Starter: {starter_sequences} more sequences to {session_id}")
        }
        (Plan::Starter, WriteTx::Postgres(tx, _)) => {
            sqlx::query!(
                "INSERT INTO purchases (checkout_id, session_id, plan, status, sequences)
                 VALUES ($1, $2, 'starter', 'paid', $3)",
                grant_id,
                session_id,
                sequences
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "UPDATE sessions SET max_generations = max_generations + $1, updated_at = unixepoch()
                 WHERE id = $2",
                sequences,
                session_id
            )
            .execute(&mut **tx)
            .await?;
            format!("granted Starter: {starter_sequences} more sequences to {session_id}")
        }
        (_, WriteTx::Sqlite(tx, _)) => {
            sqlx::query!(
                "INSERT INTO subscriptions
                     (id, session_id, status, current_period_end, cancel_at_period_end, status_at)
                 VALUES (?, ?, 'active', unixepoch() + ? * 86400, 1, unixepoch())",
                grant_id,
                session_id,
                days
            )
            .execute(&mut **tx)
            .await?;
            format!("granted Pro to {session_id} for {days} days")
        }
        (_, WriteTx::Postgres(tx, _)) => {
            sqlx::query!(
                "INSERT INTO subscriptions
                     (id, session_id, status, current_period_end, cancel_at_period_end, status_at)
                 VALUES ($1, $2, 'active', unixepoch() + $3::BIGINT * 86400, TRUE, unixepoch())",
                grant_id,
                session_id,
                days
            )
            .execute(&mut **tx)
            .await?;
            format!("granted Pro to {session_id} for {days} days")
        }
    };
    tx.commit().await?;
    Ok(done)
}

/// Today's figures (UTC), for `coldcopy stats`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub sessions: i64,
    pub sessions_today: i64,
    pub sequences: i64,
    pub sequences_today: i64,
    pub in_progress: i64,
    pub starter: i64,
    pub pro: i64,
    pub spend_today_micros: i64,
}

pub async fn stats(pool: &ReadPool) -> Result<Stats, OpsError> {
    let stats = match pool.db() {
        Db::Sqlite(pool) => sqlx::query_as!(
            Stats,
            r#"SELECT
                 (SELECT count(*) FROM sessions) AS "sessions!: i64",
                 (SELECT count(*) FROM sessions WHERE created_at >= unixepoch('now', 'start of day')) AS "sessions_today!: i64",
                 (SELECT count(*) FROM sequences) AS "sequences!: i64",
                 (SELECT count(*) FROM sequences WHERE created_at >= unixepoch('now', 'start of day')) AS "sequences_today!: i64",
                 (SELECT count(*) FROM reservations) AS "in_progress!: i64",
                 (SELECT count(*) FROM session_plans WHERE plan = 'starter') AS "starter!: i64",
                 (SELECT count(*) FROM session_plans WHERE plan = 'pro') AS "pro!: i64",
                 (SELECT coalesce(sum(cost_usd_micros), 0) FROM sequences
                  WHERE created_at >= unixepoch('now', 'start of day')) AS "spend_today_micros!: i64""#
        )
        .fetch_one(pool)
        .await?,
        Db::Postgres(pool) => sqlx::query_as!(
            Stats,
            r#"SELECT
                 (SELECT count(*) FROM sessions) AS "sessions!",
                 (SELECT count(*) FROM sessions WHERE created_at >= start_of_day_utc()) AS "sessions_today!",
                 (SELECT count(*) FROM sequences) AS "sequences!",
                 (SELECT count(*) FROM sequences WHERE created_at >= start_of_day_utc()) AS "sequences_today!",
                 (SELECT count(*) FROM reservations) AS "in_progress!",
                 (SELECT count(*) FROM session_plans WHERE plan = 'starter') AS "starter!",
                 (SELECT count(*) FROM session_plans WHERE plan = 'pro') AS "pro!",
                 (SELECT coalesce(sum(cost_usd_micros), 0)::BIGINT FROM sequences
                  WHERE created_at >= start_of_day_utc()) AS "spend_today_micros!""#
        )
        .fetch_one(pool)
        .await?,
    };
    Ok(stats)
}

impl Stats {
    /// The table `coldcopy stats` prints.
    pub fn render(&self) -> String {
        format!(
            "sessions              {} ({} new today)\n\
             sequences             {} ({} today, {} in progress)\n\
             paid plans            {} Starter, {} Pro\n\
             estimated spend today ${:.4} (Claude, from the price table)\n",
            self.sessions,
            self.sessions_today,
            self.sequences,
            self.sequences_today,
            self.in_progress,
            self.starter,
            self.pro,
            self.spend_today_micros as f64 / 1_000_000.0,
        )
    }
}
