//! The operator's commands on PostgreSQL: its client tools (`pg_dump`, `pg_restore`) and the
//! restore under the exclusive serving lock.

use std::path::Path;

use sqlx::{Connection, PgConnection};

use super::commands::OpsError;
use super::locks::SERVING_LOCK;
use crate::server::platform::db::redact;

/// Runs a PostgreSQL client tool (`pg_dump`, `pg_restore`), answering its output; a failure
/// names the tool and what it said.
pub(crate) async fn run_tool(tool: &str, args: &[&str]) -> Result<String, OpsError> {
    let output = tokio::process::Command::new(tool)
        .args(args)
        .output()
        .await
        .map_err(|err| {
            OpsError::Refused(format!(
                "cannot run {tool} ({err}); install PostgreSQL's client tools (Debian: postgresql-client)"
            ))
        })?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(OpsError::Refused(format!("{tool} failed: {}", said.trim())));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// PostgreSQL's restore: `pg_restore` of a `pg_dump` file, in one transaction, under the
/// exclusive [`SERVING_LOCK`] (so no server is using the database, and none starts meanwhile).
pub(super) async fn restore(url: &str, source: &Path) -> Result<(), OpsError> {
    if !source.is_file() {
        return Err(OpsError::Refused(format!(
            "{} is not a file",
            source.display()
        )));
    }
    let path = source.to_string_lossy().into_owned();
    let contents = run_tool("pg_restore", &["--list", &path])
        .await
        .map_err(|_| {
            OpsError::Refused(format!(
                "{} is not a sound ColdCopy backup (pg_restore cannot read it)",
                source.display()
            ))
        })?;
    let ours = [
        "TABLE public sessions",
        "TABLE public sequences",
        "TABLE public _sqlx_migrations",
    ]
    .iter()
    .all(|table| contents.contains(table));
    if !ours {
        return Err(OpsError::Refused(format!(
            "{} is not a sound ColdCopy backup (it lacks ColdCopy's tables)",
            source.display()
        )));
    }
    let mut connection = PgConnection::connect(url).await?;
    let alone: bool = sqlx::query_scalar!(
        r#"SELECT pg_try_advisory_lock($1) AS "alone!""#,
        SERVING_LOCK
    )
    .fetch_one(&mut connection)
    .await?;
    if !alone {
        return Err(OpsError::Refused(format!(
            "a ColdCopy server is using {}; stop every server, then restore",
            redact(url)
        )));
    }
    let restored = run_tool(
        "pg_restore",
        &[
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            url,
            &path,
        ],
    )
    .await;
    connection.close().await?;
    restored.map(|_| ())
}
