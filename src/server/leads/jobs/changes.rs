//! Changes to a job after its upload: cancel, delete, the neutral opener, and a refused form
//! kept to show back.

use crate::domain::{
    ids::{JobId, SessionId},
    leads::columns::Mapping,
};
use crate::server::platform::db::{Db, WritePool, WriteTx};

/// Cancels a job: its leads not yet written stay unwritten (and are never charged). A lead
/// being written right now is not stored: its update needs it still pending. False when the
/// job is not this session's or has already ended.
pub(crate) async fn cancel(
    pool: &WritePool,
    id: &JobId,
    session: &SessionId,
) -> Result<bool, sqlx::Error> {
    let (id, session) = (id.as_str(), session.as_str());
    let mut tx = pool.begin().await?;
    let cancelled = match &mut tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "UPDATE lead_jobs SET status = 'cancelled', updated_at = unixepoch()
             WHERE id = ? AND session_id = ? AND status IN ('mapping', 'running')",
            id,
            session
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "UPDATE lead_jobs SET status = 'cancelled', updated_at = unixepoch()
             WHERE id = $1 AND session_id = $2 AND status IN ('mapping', 'running')",
            id,
            session
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    if cancelled == 1 {
        match &mut tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "UPDATE leads SET status = 'cancelled', lease_owner = NULL, lease_until = NULL,
                     updated_at = unixepoch()
                 WHERE job_id = ? AND status IN ('pending', 'held')",
                id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "UPDATE leads SET status = 'cancelled', lease_owner = NULL, lease_until = NULL,
                     updated_at = unixepoch()
                 WHERE job_id = $1 AND status IN ('pending', 'held')",
                id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
    }
    tx.commit().await?;
    Ok(cancelled == 1)
}

/// Deletes a job and its leads (the founder's data). False when it is not this session's.
pub(crate) async fn delete(
    pool: &WritePool,
    id: &JobId,
    session: &SessionId,
) -> Result<bool, sqlx::Error> {
    let (id, session) = (id.as_str(), session.as_str());
    let deleted = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "DELETE FROM lead_jobs WHERE id = ? AND session_id = ?",
            id,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "DELETE FROM lead_jobs WHERE id = $1 AND session_id = $2",
            id,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(deleted == 1)
}

/// Sets the line leads without a signal get. False when the job is not this session's.
pub(crate) async fn set_neutral_line(
    pool: &WritePool,
    id: &JobId,
    session: &SessionId,
    line: &str,
) -> Result<bool, sqlx::Error> {
    let (id, session) = (id.as_str(), session.as_str());
    let updated = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE lead_jobs SET neutral_line = ?, neutral_draft = NULL, updated_at = unixepoch()
             WHERE id = ? AND session_id = ?",
            line,
            id,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE lead_jobs SET neutral_line = $1, neutral_draft = NULL, updated_at = unixepoch()
             WHERE id = $2 AND session_id = $3",
            line,
            id,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(updated == 1)
}

/// Keeps a refused change of the neutral line (and, while the job waits for its mapping, the
/// mapping the founder sent), so the page shows them back with their problems.
pub(crate) async fn keep_refused(
    pool: &WritePool,
    id: &JobId,
    session: &SessionId,
    neutral_draft: Option<&str>,
    mapping: Option<&Mapping>,
) -> Result<(), sqlx::Error> {
    let (id, session) = (id.as_str(), session.as_str());
    let mapping = mapping.map(|m| serde_json::to_string(m).expect("a mapping serialises"));
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE lead_jobs SET neutral_draft = ?,
                 mapping_json = CASE WHEN status = 'mapping' AND ? IS NOT NULL THEN ? ELSE mapping_json END,
                 updated_at = unixepoch()
             WHERE id = ? AND session_id = ?",
            neutral_draft,
            mapping,
            mapping,
            id,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE lead_jobs SET neutral_draft = $1,
                 mapping_json = CASE WHEN status = 'mapping' AND $2::TEXT IS NOT NULL THEN $2 ELSE mapping_json END,
                 updated_at = unixepoch()
             WHERE id = $3 AND session_id = $4",
            neutral_draft,
            mapping,
            id,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}
