//! The SQLite pool (built once, at start) and the migrations that run before serving.

use std::{str::FromStr, time::Duration};

use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

/// Opens (creating when missing) the database at `url`: WAL, foreign keys on, a busy timeout;
/// eight connections, for reads and the rarer writes.
pub async fn connect(url: &str) -> Result<SqlitePool, sqlx::Error> {
    open(url, 8).await
}

/// One connection for the generation path's write transactions (new sessions, reservations,
/// saves). SQLite has one writer at a time: when several pool connections want the write lock,
/// the losers sleep in SQLite's busy handler (1, 2, 5, 10 … 100 ms back-off). Queued here
/// instead, 8 concurrent generations measured p99 21–29 ms in most runs, against 241–338 ms
/// (docs/PERFORMANCE.md).
pub async fn connect_writer(url: &str) -> Result<SqlitePool, sqlx::Error> {
    open(url, 1).await
}

async fn open(url: &str, connections: u32) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));

    // A file database in a folder that does not exist yet (e.g. `data/` on a fresh clone).
    if let Some(parent) = options.get_filename().parent()
        && !parent.as_os_str().is_empty()
    {
        tokio::fs::create_dir_all(parent).await?;
    }

    SqlitePoolOptions::new()
        .max_connections(connections)
        .acquire_timeout(Duration::from_secs(15))
        .connect_with(options)
        .await
}

/// Applies every migration in `migrations/` (embedded in the binary).
pub async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!().run(pool).await
}

/// True when the database answers a query.
pub async fn is_healthy(pool: &SqlitePool) -> bool {
    sqlx::query_scalar!(r#"SELECT 1 AS "one!: i64""#)
        .fetch_one(pool)
        .await
        .is_ok()
}

/// Why the server is not ready to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// The database cannot take a write lock (read-only, locked up, or gone).
    NotWritable,
    /// A migration this binary carries has not been applied.
    MigrationsPending,
}

/// Ready when the database takes a write transaction and every embedded migration is applied.
pub async fn readiness(pool: &SqlitePool) -> Result<(), NotReady> {
    let tx = pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(|_| NotReady::NotWritable)?;
    tx.rollback().await.map_err(|_| NotReady::NotWritable)?;
    // The migrations table is sqlx's own, so this query is not checked at compile time.
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await
            .map_err(|_| NotReady::MigrationsPending)?;
    let all_applied = sqlx::migrate!()
        .iter()
        .all(|migration| applied.contains(&migration.version));
    if all_applied {
        Ok(())
    } else {
        Err(NotReady::MigrationsPending)
    }
}
