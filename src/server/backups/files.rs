//! A backup's files: the copy (`coldcopy-2026-12-07T03.sqlite` or `.pgdump`), written under a
//! temporary name, checked, and renamed only then; and its manifest beside it
//! (`coldcopy-2026-12-07T03.json`: time, engine, schema version, size, SHA-256, row counts).
//! A file without ColdCopy's manifest is never read, listed or deleted as a backup.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{Connection, SqlitePool, sqlite::SqliteConnectOptions};

use crate::server::ops::commands::OpsError;
use crate::server::ops::postgres::run_tool;
use crate::server::platform::db::{Db, Engine, ReadPool};

/// What the manifest says a backup holds. `made_by` marks the files retention may delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub made_by: String,
    /// The slot's name and start (Unix seconds).
    pub slot: String,
    pub slot_start: i64,
    /// When the copy was taken (Unix seconds).
    pub taken_at: i64,
    /// `sqlite` or `postgres`.
    pub engine: String,
    /// The newest migration applied to the copied database.
    pub schema_version: i64,
    /// The copy's file name (in the same folder) and size.
    pub file: String,
    pub size_bytes: u64,
    pub sha256: String,
    /// Every table's rows at the moment of the copy.
    pub rows: Vec<(String, i64)>,
}

pub const MADE_BY: &str = "coldcopy";

/// The copy's and the manifest's names for a slot.
pub fn names(slot: &str, engine: Engine) -> (String, String) {
    let extension = match engine {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "pgdump",
    };
    (
        format!("coldcopy-{slot}.{extension}"),
        format!("coldcopy-{slot}.json"),
    )
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OpsError + '_ {
    move |source| OpsError::File {
        path: path.to_owned(),
        source,
    }
}

/// A database's schema version and every table's rows.
pub type Contents = (i64, Vec<(String, i64)>);

/// Writes a consistent copy of the database to `target`: SQLite's `VACUUM INTO` (its rows are
/// counted in the copy, by [`check`]); PostgreSQL's `pg_dump` of the snapshot a transaction
/// exported after counting the rows it sees, so the counts are those of the dump.
pub async fn write_copy(
    pool: &ReadPool,
    url: &str,
    target: &Path,
) -> Result<Option<Contents>, OpsError> {
    let path = target.to_string_lossy().into_owned();
    match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query("VACUUM INTO ?")
                .bind(&path)
                .execute(pool)
                .await?;
            Ok(None)
        }
        Db::Postgres(_) => {
            let mut connection = sqlx::PgConnection::connect(url).await?;
            let mut tx = connection.begin().await?;
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute(&mut *tx)
                .await?;
            let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
                .fetch_one(&mut *tx)
                .await?;
            let contents = postgres_counts(&mut tx).await?;
            let dumped = run_tool(
                "pg_dump",
                &[
                    "--format=custom",
                    "--no-owner",
                    "--snapshot",
                    &snapshot,
                    "--file",
                    &path,
                    "--dbname",
                    url,
                ],
            )
            .await;
            tx.commit().await?;
            connection.close().await?;
            dumped.map(|_| Some(contents))
        }
    }
}

/// Checks a copy and answers its schema version and row counts: SQLite opened read-only,
/// `integrity_check`, ColdCopy's tables present, every table counted; PostgreSQL's dump read by
/// `pg_restore --list` with ColdCopy's tables in it (its rows are counted by the drill, which
/// restores it).
pub async fn check(path: &Path, engine: Engine) -> Result<Contents, OpsError> {
    let unsound =
        |why: String| OpsError::Refused(format!("{} is not a sound backup: {why}", path.display()));
    match engine {
        Engine::Sqlite => {
            let options = SqliteConnectOptions::new().filename(path).read_only(true);
            let pool = SqlitePool::connect_with(options)
                .await
                .map_err(|e| unsound(e.to_string()))?;
            let checked = sqlite_contents(&pool)
                .await
                .map_err(|e| unsound(e.to_string()));
            pool.close().await;
            checked
        }
        Engine::Postgres => {
            let list = run_tool("pg_restore", &["--list", &path.to_string_lossy()])
                .await
                .map_err(|e| unsound(e.to_string()))?;
            for table in ["sessions", "sequences", "_sqlx_migrations"] {
                if !list.contains(&format!("TABLE public {table} ")) {
                    return Err(unsound(format!("it has no table {table}")));
                }
            }
            Ok((0, Vec::new()))
        }
    }
}

/// A SQLite copy's integrity, schema version and row counts.
pub(super) async fn sqlite_contents(pool: &SqlitePool) -> Result<Contents, sqlx::Error> {
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(pool)
        .await?;
    if integrity != "ok" {
        return Err(sqlx::Error::Protocol(format!(
            "integrity_check: {integrity}"
        )));
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    for ours in ["sessions", "sequences", "_sqlx_migrations"] {
        if !tables.iter().any(|t| t == ours) {
            return Err(sqlx::Error::Protocol(format!("it has no table {ours}")));
        }
    }
    let mut rows = Vec::new();
    for table in tables {
        let n: i64 = sqlx::query_scalar(count_of(&table)).fetch_one(pool).await?;
        rows.push((table, n));
    }
    let version: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(pool)
            .await?;
    Ok((version, rows))
}

/// Every table's rows and the schema version of a PostgreSQL database, in one snapshot.
pub(super) async fn postgres_contents(url: &str) -> Result<Contents, sqlx::Error> {
    let mut connection = sqlx::PgConnection::connect(url).await?;
    let mut tx = connection.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    let contents = postgres_counts(&mut tx).await?;
    tx.commit().await?;
    connection.close().await?;
    Ok(contents)
}

/// Counts every table of the `public` schema within `tx`.
async fn postgres_counts(tx: &mut sqlx::PgTransaction<'_>) -> Result<Contents, sqlx::Error> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::TEXT FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut rows = Vec::new();
    for table in tables {
        let n: i64 = sqlx::query_scalar(count_of(&table))
            .fetch_one(&mut **tx)
            .await?;
        rows.push((table, n));
    }
    let version: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut **tx)
            .await?;
    Ok((version, rows))
}

/// `SELECT count(*)` of a table the catalogue named (its quotes doubled, so any name stays one
/// identifier).
fn count_of(table: &str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM \"{}\"",
        table.replace('"', "\"\"")
    ))
}

/// The SHA-256 of a file, in hex, and its size.
pub fn digest(path: &Path) -> Result<(String, u64), OpsError> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(io(path))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buffer[..n]);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// Writes `manifest` as `path`, through a temporary file renamed into place.
pub fn write_manifest(path: &Path, manifest: &Manifest) -> Result<(), OpsError> {
    let staged = path.with_extension("json.partial");
    let json = serde_json::to_vec_pretty(manifest).expect("a manifest serialises");
    std::fs::write(&staged, json).map_err(io(&staged))?;
    std::fs::rename(&staged, path).map_err(io(path))
}

/// Every backup ColdCopy made in `dir`: each manifest that reads as one and whose copy is
/// there, oldest first. A missing folder holds none.
pub fn list(dir: &Path) -> Result<Vec<(PathBuf, Manifest)>, OpsError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(io(dir)(err)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.map_err(io(dir))?.path();
        let is_manifest = path.extension().is_some_and(|e| e == "json")
            && path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("coldcopy-"));
        if !is_manifest {
            continue;
        }
        let Ok(text) = std::fs::read(&path) else {
            continue;
        };
        let Ok(manifest) = serde_json::from_slice::<Manifest>(&text) else {
            continue;
        };
        let copy_there = !manifest.file.contains('/') && dir.join(&manifest.file).is_file();
        if manifest.made_by == MADE_BY && copy_there {
            found.push((path, manifest));
        }
    }
    found.sort_by_key(|(_, m)| m.slot_start);
    Ok(found)
}

/// Deletes a backup's copy and then its manifest.
pub fn remove(dir: &Path, manifest_path: &Path, manifest: &Manifest) -> Result<(), OpsError> {
    let copy = dir.join(&manifest.file);
    std::fs::remove_file(&copy).map_err(io(&copy))?;
    std::fs::remove_file(manifest_path).map_err(io(manifest_path))
}
