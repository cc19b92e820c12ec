//! Who is using the database. A running server holds a shared lock on it (SQLite: a file lock
//! on `<database>.lock`; PostgreSQL: the session-level advisory lock [`SERVING_LOCK`]);
//! `restore` needs it exclusively, so it refuses while any server uses the database.

use std::{
    fs::{File, OpenOptions, TryLockError},
    path::{Path, PathBuf},
    str::FromStr,
};

use sqlx::{Connection, PgConnection, sqlite::SqliteConnectOptions};

use super::commands::OpsError;
use crate::server::platform::db::{Engine, redact};

/// The advisory lock every server on a PostgreSQL database holds shared while it serves, and
/// `restore` takes exclusively.
pub const SERVING_LOCK: i64 = 0x636f_6c64_0002;

/// The database file behind `url`; `None` for an in-memory database.
pub fn database_file(url: &str) -> Option<PathBuf> {
    let options = SqliteConnectOptions::from_str(url).ok()?;
    let file = options.get_filename();
    let text = file.to_string_lossy();
    (!text.is_empty() && !text.contains(":memory:")).then(|| file.to_path_buf())
}

pub(super) fn lock_file(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

pub(super) fn open_lock(database: &Path) -> Result<File, OpsError> {
    let path = lock_file(database);
    // A fresh clone has no `data/` yet.
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).map_err(|source| OpsError::File {
            path: parent.to_owned(),
            source,
        })?;
    }
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| OpsError::File { path, source })
}

/// The lock a serving process holds (shared: several servers may share a database).
pub struct ServerLock {
    _file: Option<File>,
    /// PostgreSQL: the connection that holds [`SERVING_LOCK`] (closing it lets go).
    _connection: Option<PgConnection>,
    /// No other server held the database when this one started: whatever it finds in progress
    /// was left by a process that died.
    pub sole: bool,
}

/// Takes the server's shared lock on the database behind `url` (nothing for in-memory), after
/// finding out whether any other server holds it.
pub async fn lock_for_serving(url: &str) -> Result<ServerLock, OpsError> {
    if Engine::of(url).map_err(OpsError::Refused)? == Engine::Postgres {
        return lock_postgres_for_serving(url).await;
    }
    let Some(database) = database_file(url) else {
        return Ok(ServerLock {
            _file: None,
            _connection: None,
            sole: false,
        });
    };
    let file = open_lock(&database)?;
    let sole = file.try_lock().is_ok();
    if sole {
        let _ = file.unlock();
    }
    match file.try_lock_shared() {
        Ok(()) => Ok(ServerLock {
            _file: Some(file),
            _connection: None,
            sole,
        }),
        Err(TryLockError::WouldBlock) => Err(OpsError::Refused(format!(
            "{} is being restored; start the server when the restore has finished",
            database.display()
        ))),
        Err(TryLockError::Error(source)) => Err(OpsError::File {
            path: lock_file(&database),
            source,
        }),
    }
}

/// PostgreSQL: the shared [`SERVING_LOCK`], held on a connection of its own for as long as the
/// server runs. Never an exclusive probe first (as the SQLite file lock does to learn whether it
/// is alone): servers starting together would each see the other's probe as a restore and
/// refuse to start (the three-server test caught exactly that). `sole` is read after taking
/// it, from `pg_locks`: no other server holds it. Servers starting together may both see the
/// other (neither is sole; the leases give back what a dead server left) but never refuse.
async fn lock_postgres_for_serving(url: &str) -> Result<ServerLock, OpsError> {
    let mut connection = PgConnection::connect(url).await?;
    let shared: bool = sqlx::query_scalar!(
        r#"SELECT pg_try_advisory_lock_shared($1) AS "got!""#,
        SERVING_LOCK
    )
    .fetch_one(&mut connection)
    .await?;
    if !shared {
        return Err(OpsError::Refused(format!(
            "{} is being restored; start the server when the restore has finished",
            redact(url)
        )));
    }
    // Alone when no other session holds the lock: every running server does, on a live
    // connection, so reservations in the database now were left by servers that are gone.
    let others = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM pg_locks
           WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND classid = ($1::BIGINT >> 32)::oid AND objid = ($1::BIGINT & 4294967295)::oid AND objsubid = 1"#,
        SERVING_LOCK
    )
    .fetch_one(&mut connection)
    .await?;
    Ok(ServerLock {
        _file: None,
        _connection: Some(connection),
        sole: others == 0,
    })
}
