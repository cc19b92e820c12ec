//! A confirmed mapping started: the leads the plan's daily allowance has room for are inserted
//! to be written, the rest as held (waiting for allowance), in one transaction.

use crate::domain::{
    ids::{JobId, SessionId},
    leads::{
        columns::Mapping,
        rows::{LeadData, Skipped},
    },
};
use crate::server::platform::db::{WritePool, WriteTx};

/// Why a mapping was not started.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The job is not waiting for its mapping (already started, cancelled, or not this
    /// session's).
    NotWaiting,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Refused {
    fn from(err: sqlx::Error) -> Self {
        Self::Db(err)
    }
}

/// What a confirmed mapping starts.
pub(crate) struct Start<'a> {
    pub mapping: &'a Mapping,
    pub leads: &'a [LeadData],
    pub skipped: &'a [Skipped],
    /// The plan's leads per 24 hours.
    pub limit: u32,
    /// The leads to write now from which the Message Batches API is used (`None`: never).
    pub batch_from: Option<usize>,
}

/// Starts the job: stores the mapping and the skipped rows, inserts the leads and sets it
/// running (or done when none is to be written now), in one transaction. The session's room
/// is `limit` less the leads charged in the last 24 hours and those waiting to be written: the
/// first leads up to it are pending, the rest held.
pub(crate) async fn start(
    pool: &WritePool,
    id: &JobId,
    session: &SessionId,
    start: &Start<'_>,
) -> Result<(), Refused> {
    let Start {
        mapping,
        leads,
        skipped,
        limit,
        batch_from,
    } = *start;
    let (id, session) = (id.as_str(), session.as_str());
    let mapping = serde_json::to_string(mapping).expect("a mapping serialises");
    let skipped = serde_json::to_string(skipped).expect("skipped rows serialise");
    let mut tx = pool.begin().await?;
    let room = limit.saturating_sub(used_in(&mut tx, session).await?);
    let now = leads.len().min(room as usize);
    let status = if now == 0 { "done" } else { "running" };
    let batch = batch_from.is_some_and(|from| now >= from);
    let updated = match &mut tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "UPDATE lead_jobs SET status = ?, mapping_json = ?, skipped_json = ?, rows_json = '[]',
                 batch = ?, updated_at = unixepoch()
             WHERE id = ? AND session_id = ? AND status = 'mapping'",
            status,
            mapping,
            skipped,
            batch,
            id,
            session
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "UPDATE lead_jobs SET status = $1, mapping_json = $2, skipped_json = $3, rows_json = '[]',
                 batch = $4, updated_at = unixepoch()
             WHERE id = $5 AND session_id = $6 AND status = 'mapping'",
            status,
            mapping,
            skipped,
            batch,
            id,
            session
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    if updated != 1 {
        tx.rollback().await?;
        return Err(Refused::NotWaiting);
    }
    for (i, lead) in leads.iter().enumerate() {
        let status = if i < now { "pending" } else { "held" };
        let data = serde_json::to_string(lead).expect("a lead serialises");
        let line = i64::try_from(lead.line).unwrap_or(i64::MAX);
        match &mut tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "INSERT INTO leads (job_id, session_id, line_no, data_json, status) VALUES (?, ?, ?, ?, ?)",
                id,
                session,
                line,
                data,
                status
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "INSERT INTO leads (job_id, session_id, line_no, data_json, status) VALUES ($1, $2, $3, $4, $5)",
                id,
                session,
                line,
                data,
                status
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
    }
    tx.commit().await?;
    Ok(())
}

/// The session's first lines charged in the last 24 hours plus those waiting to be written,
/// inside `tx`. Two servers starting or releasing lists of one session count one after the
/// other: every write transaction holds the writers' lock (`WritePool::begin`: SQLite's one
/// writer, PostgreSQL's advisory lock).
pub(super) async fn used_in(tx: &mut WriteTx, session: &str) -> Result<u32, sqlx::Error> {
    let used = match tx {
        WriteTx::Sqlite(tx, _) => {
            sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!: i64" FROM leads
               WHERE session_id = ? AND (status = 'pending' OR charged_at > unixepoch() - 86400)"#,
                session
            )
            .fetch_one(&mut **tx)
            .await?
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!" FROM leads
               WHERE session_id = $1 AND (status = 'pending' OR charged_at > unixepoch() - 86400)"#,
                session
            )
            .fetch_one(&mut **tx)
            .await?
        }
    };
    Ok(u32::try_from(used).unwrap_or(u32::MAX))
}
