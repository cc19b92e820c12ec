//! The database's two pools (built once, at start) and the migrations that run before serving.
//!
//! SQLite has one writer at a time. Every write goes through [`WritePool`], one connection, so
//! writers queue in the async pool instead of racing for SQLite's write lock and sleeping in its
//! busy handler (1, 2, 5, 10 … 100 ms back-off): 8 concurrent generations measured p99 21–29 ms
//! in most runs that way, against 241–338 ms through a shared pool (docs/PERFORMANCE.md). Reads
//! go through [`ReadPool`], eight connections (WAL lets them run beside the writer). The two are
//! different types, so a function that writes says so in its signature and the compiler keeps
//! every write on the writer.

use std::{str::FromStr, time::Duration};

use sqlx::{
    Sqlite, SqlitePool, Transaction,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

/// The connections that read. Take a [`WritePool`] to write.
#[derive(Debug, Clone)]
pub struct ReadPool(SqlitePool);

/// The one connection that writes (and may read what it is about to change).
#[derive(Debug, Clone)]
pub struct WritePool(SqlitePool);

/// Both pools over one database.
#[derive(Debug, Clone)]
pub struct Pools {
    pub reader: ReadPool,
    pub writer: WritePool,
}

impl Pools {
    /// Opens (creating when missing) the database at `url`, applies every migration, and opens
    /// the readers.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let writer = WritePool::connect(url).await?;
        migrate(&writer).await?;
        let reader = ReadPool::connect(url).await?;
        Ok(Self { reader, writer })
    }

    /// Closes both pools (waits for connections in use).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl ReadPool {
    /// Opens (creating when missing) the database at `url` for reading: eight connections.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        open(url, 8).await.map(Self)
    }

    /// The connections, for a read query.
    pub fn sqlite(&self) -> &SqlitePool {
        &self.0
    }

    /// Closes every connection (waits for those in use).
    pub async fn close(&self) {
        self.0.close().await;
    }
}

impl WritePool {
    /// Opens (creating when missing) the database at `url` for writing: one connection.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        open(url, 1).await.map(Self)
    }

    /// The connection, for a single write statement.
    pub fn sqlite(&self) -> &SqlitePool {
        &self.0
    }

    /// A transaction that holds SQLite's write lock from its first statement (`BEGIN
    /// IMMEDIATE`), so what it reads cannot change before it writes.
    pub async fn begin(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.0.begin_with("BEGIN IMMEDIATE").await
    }

    /// Closes the connection (waits for it when in use).
    pub async fn close(&self) {
        self.0.close().await;
    }
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
pub async fn migrate(pool: &WritePool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!().run(pool.sqlite()).await
}

/// True when the database answers a query.
pub async fn is_healthy(pool: &ReadPool) -> bool {
    sqlx::query_scalar!(r#"SELECT 1 AS "one!: i64""#)
        .fetch_one(pool.sqlite())
        .await
        .is_ok()
}

/// Why the server is not ready to serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotReady {
    /// The database cannot take a write lock or answer a read (read-only, locked up, or gone).
    Unavailable,
    /// A migration this binary carries has not been applied.
    MigrationsPending,
}

/// Ready when the writer takes a write transaction, the readers answer, and every embedded
/// migration is applied.
pub async fn readiness(reader: &ReadPool, writer: &WritePool) -> Result<(), NotReady> {
    let tx = writer.begin().await.map_err(|_| NotReady::Unavailable)?;
    tx.rollback().await.map_err(|_| NotReady::Unavailable)?;
    // The migrations table is sqlx's own, so this query is not checked at compile time.
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(reader.sqlite())
            .await
            .map_err(|_| NotReady::Unavailable)?;
    let all_applied = sqlx::migrate!()
        .iter()
        .all(|migration| applied.contains(&migration.version));
    if all_applied {
        Ok(())
    } else {
        Err(NotReady::MigrationsPending)
    }
}
