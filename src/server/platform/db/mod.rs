//! The database's two pools (built once, at start) and the migrations that run before serving.
//!
//! Two engines, chosen by `DATABASE_URL`'s scheme ([`Engine::of`]): SQLite (`sqlite://`, the
//! embedded default, one server) and PostgreSQL (`postgres://`, any number of servers). Each
//! engine has its own migrations (`migrations/sqlite/`, `migrations/postgres/`) and its own SQL:
//! a store function matches on [`ReadPool::engine`] or [`WriteTx`] and runs the statement
//! written for that engine, each checked at compile time against that engine's schema (the
//! `.sqlx/` data, made by `scripts/sqlx-prepare.sh`).
//!
//! Writes are serialized the same way on both. SQLite has one writer at a time: every write goes
//! through [`WritePool`], one connection, so writers queue in the async pool instead of racing
//! for SQLite's write lock and sleeping in its busy handler (1, 2, 5, 10 … 100 ms back-off): 8
//! concurrent generations measured p99 21–29 ms in most runs that way, against 241–338 ms
//! through a shared pool (docs/PERFORMANCE.md). On PostgreSQL several servers write at once, so
//! a write transaction ([`WritePool::begin`]) first takes one transaction-scoped advisory lock,
//! [`WRITER_LOCK`]: what a transaction reads (today's count against the ceiling, a Pro session's
//! last 24 hours, an event already applied) cannot change before it writes, on any server. A
//! single statement outside a transaction needs no lock (its conditions hold row by row).
//! Reads go through [`ReadPool`] (eight connections; WAL lets SQLite's run beside the writer).
//! The two are different types, so a function that writes says so in its signature and the
//! compiler keeps every write on the writer.

use std::{
    str::FromStr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

mod macros;
mod schema;

pub(crate) use macros::{on_engine, on_tx};

pub use schema::{NotReady, is_healthy, migrate, migration_count, readiness};

use sqlx::{
    PgPool, Postgres, Sqlite, SqlitePool, Transaction,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

/// The advisory lock every PostgreSQL write transaction holds (the writer, across servers).
pub const WRITER_LOCK: i64 = 0x636f_6c64_0001;

/// Which database engine a `DATABASE_URL` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine for `url`'s scheme, or why the URL cannot be used (for the settings' message).
    pub fn of(url: &str) -> Result<Self, String> {
        let scheme = url.split_once(':').map(|(scheme, _)| scheme);
        match scheme {
            Some("sqlite") => SqliteConnectOptions::from_str(url)
                .map(|_| Self::Sqlite)
                .map_err(|err| format!("`{url}` is not a usable SQLite URL ({err})")),
            Some("postgres" | "postgresql") if url.contains("://") => {
                PgConnectOptions::from_str(url)
                    .map(|_| Self::Postgres)
                    .map_err(|err| {
                        format!("`{}` is not a usable PostgreSQL URL ({err})", redact(url))
                    })
            }
            _ => Err(format!(
                "`{}` names no database ColdCopy can use: expected sqlite://FILE (one server) or postgres://USER@HOST/DATABASE (several)",
                redact(url)
            )),
        }
    }
}

/// `url` without its password, for messages and logs (also when the rest of it is malformed).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    // The user information ends at the last `@` before the path.
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// The pool behind a [`ReadPool`] or [`WritePool`], for a query written for its engine.
#[derive(Debug, Clone, Copy)]
pub enum Db<'a> {
    Sqlite(&'a SqlitePool),
    Postgres(&'a PgPool),
}

/// A [`WritePool`]'s pool lent for one write; counts the write when dropped, unless told it
/// changed nothing ([`Writing::changed_nothing`]).
pub struct Writing<'a>(Db<'a>, &'a Counted, bool);

impl Writing<'_> {
    /// Not counted: the statement changed no row (an `UPDATE … RETURNING` that returned none).
    /// For the lead worker's and the batch poller's rounds, which would otherwise end every
    /// kept page every two seconds on an idle server.
    pub fn changed_nothing(mut self) {
        self.2 = false;
    }
}

impl<'a> std::ops::Deref for Writing<'a> {
    type Target = Db<'a>;

    fn deref(&self) -> &Db<'a> {
        &self.0
    }
}

/// So code that takes either pool can match on `*Borrow::<Db>::borrow(&pool.db())`.
impl<'a> std::borrow::Borrow<Db<'a>> for Writing<'a> {
    fn borrow(&self) -> &Db<'a> {
        &self.0
    }
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        if self.2 {
            self.1.add();
        }
    }
}

#[derive(Debug, Clone)]
enum AnyPool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl AnyPool {
    fn engine(&self) -> Engine {
        match self {
            Self::Sqlite(_) => Engine::Sqlite,
            Self::Postgres(_) => Engine::Postgres,
        }
    }

    fn db(&self) -> Db<'_> {
        match self {
            Self::Sqlite(pool) => Db::Sqlite(pool),
            Self::Postgres(pool) => Db::Postgres(pool),
        }
    }

    async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }

    fn is_closed(&self) -> bool {
        match self {
            Self::Sqlite(pool) => pool.is_closed(),
            Self::Postgres(pool) => pool.is_closed(),
        }
    }
}

/// The connections that read. Take a [`WritePool`] to write.
#[derive(Debug, Clone)]
pub struct ReadPool(AnyPool);

/// The connection(s) that write (and may read what they are about to change), the id this
/// server writes under (its lease, on PostgreSQL: see `quota::allowance::renew_lease`), and
/// how many writes it has finished ([`WritePool::writes_done`]).
#[derive(Debug, Clone)]
pub struct WritePool(AnyPool, Arc<str>, Counted);

/// A write transaction, holding the writer (SQLite's write lock, or [`WRITER_LOCK`]); it adds
/// itself to its pool's count when it commits ([`WritePool::writes_done`]).
pub enum WriteTx {
    Sqlite(Transaction<'static, Sqlite>, Counted),
    Postgres(Transaction<'static, Postgres>, Counted),
}

/// The count of writes a [`WritePool`] has finished, shared by its transactions and statements.
#[derive(Debug, Clone, Default)]
pub struct Counted(Arc<AtomicU64>);

impl Counted {
    fn add(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        let (committed, count) = match self {
            Self::Sqlite(tx, count) => (tx.commit().await, count),
            Self::Postgres(tx, count) => (tx.commit().await, count),
        };
        // Counted even when the commit failed: whether it took effect is then unknown.
        count.add();
        committed
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(tx, _) => tx.rollback().await,
            Self::Postgres(tx, _) => tx.rollback().await,
        }
    }
}

/// Both pools over one database.
#[derive(Debug, Clone)]
pub struct Pools {
    pub reader: ReadPool,
    pub writer: WritePool,
}

impl Pools {
    /// Opens (creating a SQLite file when missing) the database at `url`, applies every
    /// migration for its engine, and opens the readers.
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
    #[error("DATABASE_URL: {0}")]
    Url(String),
    #[error("cannot open the database: {0}")]
    Connect(#[from] sqlx::Error),
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl ReadPool {
    /// Opens the database at `url` for reading: eight connections.
    pub async fn connect(url: &str) -> Result<Self, OpenError> {
        open(url, 8).await.map(Self)
    }

    /// The pool, for a read query written for its engine.
    pub fn db(&self) -> Db<'_> {
        self.0.db()
    }

    /// The engine behind this pool.
    pub fn engine(&self) -> Engine {
        self.0.engine()
    }

    /// Closes every connection (waits for those in use).
    pub async fn close(&self) {
        self.0.close().await;
    }
}

impl WritePool {
    /// Opens the database at `url` for writing: SQLite's one connection, or PostgreSQL's
    /// sixteen (their transactions queue on [`WRITER_LOCK`]).
    pub async fn connect(url: &str) -> Result<Self, OpenError> {
        let server = uuid::Uuid::new_v4().to_string();
        open(url, 1)
            .await
            .map(|pool| Self(pool, server.into(), Counted::default()))
    }

    /// The pool, for a single write statement written for its engine: `match *writer.db() {…}`.
    /// The write is counted ([`WritePool::writes_done`]) when the returned guard is dropped,
    /// which for a temporary in a `match` or `let` is after the statement has run.
    pub fn db(&self) -> Writing<'_> {
        Writing(self.0.db(), &self.2, true)
    }

    /// How many writes this pool has finished: one more after every committed transaction and
    /// every single statement, counted once the write is done (visible to every reader), never
    /// before. A page rendered while this stayed the same read nothing that has changed since
    /// through this pool (`platform::page_cache` keeps a visitor's pages on that condition).
    pub fn writes_done(&self) -> u64 {
        self.2.0.load(Ordering::Acquire)
    }

    /// The engine behind this pool.
    pub fn engine(&self) -> Engine {
        self.0.engine()
    }

    /// The id this server process writes under (new at every start).
    pub fn server_id(&self) -> &str {
        &self.1
    }

    /// A transaction that holds the writer from its first statement: SQLite's write lock
    /// (`BEGIN IMMEDIATE`), or PostgreSQL's [`WRITER_LOCK`], so what it reads cannot change
    /// before it writes.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        match &self.0 {
            AnyPool::Sqlite(pool) => Ok(WriteTx::Sqlite(
                pool.begin_with("BEGIN IMMEDIATE").await?,
                self.2.clone(),
            )),
            AnyPool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query_scalar!(
                    r#"SELECT pg_advisory_xact_lock($1)::TEXT AS "locked""#,
                    WRITER_LOCK
                )
                .fetch_one(&mut *tx)
                .await?;
                Ok(WriteTx::Postgres(tx, self.2.clone()))
            }
        }
    }

    /// True once the pool is closed (the server is stopping).
    pub fn is_closed(&self) -> bool {
        self.0.is_closed()
    }

    /// Closes the connections (waits for those in use).
    pub async fn close(&self) {
        self.0.close().await;
    }
}

async fn open(url: &str, sqlite_connections: u32) -> Result<AnyPool, OpenError> {
    match Engine::of(url).map_err(OpenError::Url)? {
        Engine::Sqlite => Ok(AnyPool::Sqlite(open_sqlite(url, sqlite_connections).await?)),
        Engine::Postgres => {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(if sqlite_connections == 1 { 16 } else { 8 })
                .acquire_timeout(Duration::from_secs(15))
                .connect_with(options)
                .await?;
            Ok(AnyPool::Postgres(pool))
        }
    }
}

async fn open_sqlite(url: &str, connections: u32) -> Result<SqlitePool, sqlx::Error> {
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
