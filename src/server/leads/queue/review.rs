//! The leads of a list as the review shows them, the founder's own lines (kept when refused),
//! and one lead queued to be written again.

use super::super::decode;
use crate::domain::{
    ids::{JobId, SessionId},
    leads::{LeadNote, LeadRow, LeadStatus, rows::LeadData},
};
use crate::server::platform::db::{Db, ReadPool, WritePool};

/// The job's leads, in the list's order.
pub(crate) async fn list(pool: &ReadPool, job: &JobId) -> Result<Vec<LeadRow>, sqlx::Error> {
    let job = job.as_str();
    type Stored = (
        i64,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        bool,
        Option<String>,
        bool,
    );
    let rows: Vec<Stored> = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            r#"SELECT id AS "id!: i64", data_json, status, line, fact, note, edited, draft, vouched
               FROM leads WHERE job_id = ? ORDER BY id"#,
            job
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.id,
                r.data_json,
                r.status,
                r.line,
                r.fact,
                r.note,
                r.edited != 0,
                r.draft,
                r.vouched != 0,
            )
        })
        .collect(),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT id, data_json, status, line, fact, note, edited, draft, vouched
             FROM leads WHERE job_id = $1 ORDER BY id",
            job
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.id,
                r.data_json,
                r.status,
                r.line,
                r.fact,
                r.note,
                r.edited,
                r.draft,
                r.vouched,
            )
        })
        .collect(),
    };
    rows.into_iter()
        .map(
            |(id, data, status, line, fact, note, edited, draft, vouched)| {
                Ok(LeadRow {
                    id,
                    data: decode(&data)?,
                    status: LeadStatus::parse(&status).unwrap_or(LeadStatus::Failed),
                    line,
                    fact,
                    edited,
                    vouched,
                    note: note.as_deref().map(LeadNote::from_stored),
                    draft,
                })
            },
        )
        .collect()
}

/// What is known about one lead of the job (for checking the founder's edit of its line).
pub(crate) async fn data(
    pool: &ReadPool,
    job: &JobId,
    lead: i64,
) -> Result<Option<LeadData>, sqlx::Error> {
    let job = job.as_str();
    let json = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                "SELECT data_json FROM leads WHERE id = ? AND job_id = ?",
                lead,
                job
            )
            .fetch_optional(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar!(
                "SELECT data_json FROM leads WHERE id = $1 AND job_id = $2",
                lead,
                job
            )
            .fetch_optional(pool)
            .await?
        }
    };
    json.map(|json| decode(&json)).transpose()
}

/// Stores the founder's own line for a lead that is no longer waiting (it becomes written;
/// its quoted fact stays as it was). False when the lead is not in this session's job or is
/// still waiting.
pub(crate) async fn edit(
    pool: &WritePool,
    job: &JobId,
    session: &SessionId,
    lead: i64,
    line: &str,
    vouched: bool,
) -> Result<bool, sqlx::Error> {
    let (job, session) = (job.as_str(), session.as_str());
    let updated = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE leads SET line = ?, status = 'written', edited = 1, vouched = ?, note = NULL,
                 draft = NULL, updated_at = unixepoch()
             WHERE id = ? AND job_id = ? AND session_id = ?
               AND status IN ('written', 'no_signal', 'failed')",
            line,
            vouched,
            lead,
            job,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE leads SET line = $1, status = 'written', edited = TRUE, vouched = $5, note = NULL,
                 draft = NULL, updated_at = unixepoch()
             WHERE id = $2 AND job_id = $3 AND session_id = $4
               AND status IN ('written', 'no_signal', 'failed')",
            line,
            lead,
            job,
            session,
            vouched
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(updated == 1)
}

/// Keeps the founder's refused edit of a lead's line, to show it back with its problems.
pub(crate) async fn keep_draft(
    pool: &WritePool,
    job: &JobId,
    session: &SessionId,
    lead: i64,
    draft: &str,
) -> Result<(), sqlx::Error> {
    let (job, session) = (job.as_str(), session.as_str());
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE leads SET draft = ?, updated_at = unixepoch()
             WHERE id = ? AND job_id = ? AND session_id = ?",
            draft,
            lead,
            job,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE leads SET draft = $1, updated_at = unixepoch()
             WHERE id = $2 AND job_id = $3 AND session_id = $4",
            draft,
            lead,
            job,
            session
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}

/// Queues one lead of a finished job to be written again (the job runs again until it is).
/// False when the lead is not in this session's finished job.
pub(crate) async fn rewrite(
    pool: &WritePool,
    job: &JobId,
    session: &SessionId,
    lead: i64,
) -> Result<bool, sqlx::Error> {
    let (job, session) = (job.as_str(), session.as_str());
    let mut tx = pool.begin().await?;
    let queued = match &mut tx {
        crate::server::platform::db::WriteTx::Sqlite(tx, _) => {
            let queued = sqlx::query!(
                "UPDATE leads SET status = 'pending', line = NULL, fact = NULL, note = NULL,
                     edited = 0, vouched = 0, draft = NULL, attempts = 0, lease_owner = NULL, lease_until = NULL,
                     updated_at = unixepoch()
                 WHERE id = ? AND job_id = ? AND session_id = ?
                   AND status IN ('written', 'no_signal', 'failed')
                   AND EXISTS (SELECT 1 FROM lead_jobs WHERE id = ? AND status = 'done')",
                lead,
                job,
                session,
                job
            )
            .execute(&mut **tx)
            .await?
            .rows_affected();
            if queued == 1 {
                sqlx::query!(
                    "UPDATE lead_jobs SET status = 'running', updated_at = unixepoch() WHERE id = ?",
                    job
                )
                .execute(&mut **tx)
                .await?;
            }
            queued
        }
        crate::server::platform::db::WriteTx::Postgres(tx, _) => {
            let queued = sqlx::query!(
                "UPDATE leads SET status = 'pending', line = NULL, fact = NULL, note = NULL,
                     edited = FALSE, vouched = FALSE, draft = NULL, attempts = 0, lease_owner = NULL, lease_until = NULL,
                     updated_at = unixepoch()
                 WHERE id = $1 AND job_id = $2 AND session_id = $3
                   AND status IN ('written', 'no_signal', 'failed')
                   AND EXISTS (SELECT 1 FROM lead_jobs WHERE id = $2 AND status = 'done')",
                lead,
                job,
                session
            )
            .execute(&mut **tx)
            .await?
            .rows_affected();
            if queued == 1 {
                sqlx::query!(
                    "UPDATE lead_jobs SET status = 'running', updated_at = unixepoch() WHERE id = $1",
                    job
                )
                .execute(&mut **tx)
                .await?;
            }
            queued
        }
    };
    tx.commit().await?;
    Ok(queued == 1)
}
