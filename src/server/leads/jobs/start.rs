//! A confirmed mapping started: the leads inserted within the plan's daily allowance.

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
    /// The plan's daily allowance: `used` of `limit` in the last 24 hours (waiting leads too).
    Allowance {
        used: u32,
        limit: u32,
    },
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
    /// Through the Message Batches API.
    pub batch: bool,
}

/// Starts the job: stores the mapping and the skipped rows, inserts the leads and sets it
/// running (or done when no row was usable), in one transaction that first checks the
/// session's allowance: leads charged in the last 24 hours, plus those waiting, plus these,
/// at most `limit`.
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
        batch,
    } = *start;
    let (id, session) = (id.as_str(), session.as_str());
    let mapping = serde_json::to_string(mapping).expect("a mapping serialises");
    let skipped = serde_json::to_string(skipped).expect("skipped rows serialise");
    let status = if leads.is_empty() { "done" } else { "running" };
    let mut tx = pool.begin().await?;
    let used = match &mut tx {
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
    let used = u32::try_from(used).unwrap_or(u32::MAX);
    let wanted = u32::try_from(leads.len()).unwrap_or(u32::MAX);
    if used.saturating_add(wanted) > limit {
        tx.rollback().await?;
        return Err(Refused::Allowance { used, limit });
    }
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
    for lead in leads {
        let data = serde_json::to_string(lead).expect("a lead serialises");
        let line = i64::try_from(lead.line).unwrap_or(i64::MAX);
        match &mut tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "INSERT INTO leads (job_id, session_id, line_no, data_json) VALUES (?, ?, ?, ?)",
                id,
                session,
                line,
                data
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "INSERT INTO leads (job_id, session_id, line_no, data_json) VALUES ($1, $2, $3, $4)",
                id,
                session,
                line,
                data
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
    }
    tx.commit().await?;
    Ok(())
}
