//! The restore drill (`coldcopy restore --check FILE`): a backup is restored into a scratch
//! database (a temporary SQLite file, or a new PostgreSQL database on the same server, dropped
//! after), counted, and compared with its manifest, without touching the live database.

use std::path::{Path, PathBuf};

use reqwest::Url;
use sqlx::{Connection, SqlitePool, sqlite::SqliteConnectOptions};

use super::files::{self, Manifest};
use crate::server::ops::commands::OpsError;
use crate::server::ops::postgres::run_tool;

/// What the drill found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    pub manifest: Manifest,
    /// Tables whose rows differ from the manifest's: `(table, manifest, restored)`.
    pub differences: Vec<(String, i64, i64)>,
}

impl Drill {
    pub fn passed(&self) -> bool {
        self.differences.is_empty()
    }
}

/// The backup `name` names (`listing::resolve`) and its manifest.
pub fn locate(name: &Path, dir: &Path) -> Result<(PathBuf, Manifest), OpsError> {
    let copy = super::listing::resolve(name, dir)?;
    let manifest_path = copy.with_extension("json");
    let text = std::fs::read(&manifest_path).map_err(|_| {
        OpsError::Refused(format!(
            "{} has no manifest beside it ({})",
            copy.display(),
            manifest_path.display()
        ))
    })?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|err| {
        OpsError::Refused(format!(
            "{} is not a backup manifest: {err}",
            manifest_path.display()
        ))
    })?;
    Ok((copy, manifest))
}

/// Restores the backup `name` into a scratch database and compares it with its manifest.
pub async fn run(name: &Path, dir: &Path, live_url: &str) -> Result<Drill, OpsError> {
    let (copy, manifest) = locate(name, dir)?;
    let (sha256, _) = files::digest(&copy)?;
    if sha256 != manifest.sha256 {
        return Err(OpsError::Refused(format!(
            "{} has changed since it was written (its SHA-256 is not the manifest's): it is damaged",
            copy.display()
        )));
    }
    let (version, rows) = match manifest.engine.as_str() {
        "sqlite" => restore_sqlite(&copy).await?,
        _ => restore_postgres(&copy, live_url).await?,
    };
    if version != manifest.schema_version {
        return Err(OpsError::Refused(format!(
            "the restored schema is version {version}, the manifest says {}",
            manifest.schema_version
        )));
    }
    let differences = manifest
        .rows
        .iter()
        .map(|(table, want)| {
            let got = rows
                .iter()
                .find(|(t, _)| t == table)
                .map_or(-1, |(_, n)| *n);
            (table.clone(), *want, got)
        })
        .filter(|(_, want, got)| want != got)
        .collect();
    Ok(Drill {
        manifest,
        differences,
    })
}

/// Copies the backup into a temporary file (`VACUUM INTO`, as a restore does) and counts it.
async fn restore_sqlite(copy: &Path) -> Result<files::Contents, OpsError> {
    let target = std::env::temp_dir().join(format!(
        "coldcopy-drill-{}.sqlite",
        uuid::Uuid::new_v4().simple()
    ));
    let source =
        SqlitePool::connect_with(SqliteConnectOptions::new().filename(copy).read_only(true))
            .await?;
    sqlx::query("VACUUM INTO ?")
        .bind(target.to_string_lossy().into_owned())
        .execute(&source)
        .await?;
    source.close().await;
    let restored = SqlitePool::connect_with(
        SqliteConnectOptions::new()
            .filename(&target)
            .read_only(true),
    )
    .await?;
    let contents = files::sqlite_contents(&restored).await;
    restored.close().await;
    let _ = std::fs::remove_file(&target);
    Ok(contents?)
}

/// Restores the dump into a new database beside the live one, counts it, and drops it.
async fn restore_postgres(copy: &Path, live_url: &str) -> Result<files::Contents, OpsError> {
    let name = format!("coldcopy_drill_{}", uuid::Uuid::new_v4().simple());
    let mut scratch_url =
        Url::parse(live_url).map_err(|e| OpsError::Refused(format!("DATABASE_URL: {e}")))?;
    scratch_url.set_path(&format!("/{name}"));
    let mut admin = sqlx::PgConnection::connect(live_url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut admin)
        .await?;
    let restored = async {
        run_tool(
            "pg_restore",
            &[
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                scratch_url.as_str(),
                &copy.to_string_lossy(),
            ],
        )
        .await?;
        Ok::<_, OpsError>(files::postgres_contents(scratch_url.as_str()).await?)
    }
    .await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    admin.close().await?;
    restored
}
