//! A lead list's job row: the uploaded draft and the job as its page shows it (this file);
//! `start` the founder's confirmed mapping, which inserts the leads (those over the plan's daily
//! allowance held) in one transaction; `changes` cancel, delete, the neutral opener and a refused
//! form kept; `held` the leads over the allowance released once there is room.

mod changes;
mod held;
mod start;

pub(crate) use changes::{cancel, delete, keep_refused, set_neutral_line};
pub(crate) use held::release;
pub(crate) use start::{Refused, Start, start};

use super::decode;
use crate::domain::{
    ids::{JobId, SequenceId, SessionId},
    leads::{JobCounts, JobStatus, JobSummary, LeadJob, columns::Mapping, rows::Row},
};
use crate::server::platform::db::{Db, ReadPool, WritePool};

/// How many rows of the list the mapping step shows.
const PREVIEW_ROWS: usize = 5;

/// A new upload, before its mapping is confirmed.
pub(crate) struct Draft<'a> {
    pub session: &'a SessionId,
    pub sequence: &'a SequenceId,
    pub file_name: &'a str,
    pub headers: &'a [String],
    pub rows: &'a [Row],
    pub neutral_line: &'a str,
    pub offline: bool,
}

/// Stores an upload as a job waiting for its mapping; returns its id.
pub(crate) async fn create(pool: &WritePool, draft: Draft<'_>) -> Result<JobId, sqlx::Error> {
    let id = JobId::new_random();
    let headers = serde_json::to_string(draft.headers).expect("headers serialise");
    let rows = serde_json::to_string(draft.rows).expect("rows serialise");
    let count = i64::try_from(draft.rows.len()).unwrap_or(i64::MAX);
    let (job, session, sequence) = (id.as_str(), draft.session.as_str(), draft.sequence.as_str());
    match *pool.db() {
        Db::Sqlite(pool) => {
            let offline = i64::from(draft.offline);
            sqlx::query!(
                "INSERT INTO lead_jobs (id, session_id, sequence_id, file_name, headers_json,
                     rows_json, row_count, neutral_line, offline)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                job,
                session,
                sequence,
                draft.file_name,
                headers,
                rows,
                count,
                draft.neutral_line,
                offline
            )
            .execute(pool)
            .await?;
        }
        Db::Postgres(pool) => {
            sqlx::query!(
                "INSERT INTO lead_jobs (id, session_id, sequence_id, file_name, headers_json,
                     rows_json, row_count, neutral_line, offline)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                job,
                session,
                sequence,
                draft.file_name,
                headers,
                rows,
                count,
                draft.neutral_line,
                draft.offline
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(id)
}

/// A job row as stored.
pub(crate) struct Stored {
    pub job: LeadJob,
    /// The uploaded rows (empty once the mapping is confirmed).
    pub rows: Vec<Row>,
}

/// The job `id` when `session` owns it, with its counts (company and title filled by the caller).
pub(crate) async fn find(
    pool: &ReadPool,
    id: &JobId,
    session: &SessionId,
) -> Result<Option<Stored>, sqlx::Error> {
    let (id, session) = (id.as_str(), session.as_str());
    #[allow(clippy::type_complexity)]
    let row: Option<(
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
        Option<String>,
        String,
        String,
        bool,
        i64,
        Option<String>,
        bool,
    )> = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT sequence_id, status, file_name, headers_json, rows_json, skipped_json,
                    row_count, mapping_json, neutral_line, id, offline, created_at, neutral_draft,
                    batch
             FROM lead_jobs WHERE id = ? AND session_id = ?",
            id,
            session
        )
        .fetch_optional(pool)
        .await?
        .map(|r| {
            (
                r.sequence_id,
                r.status,
                r.file_name,
                r.headers_json,
                r.rows_json,
                r.skipped_json,
                r.row_count,
                r.mapping_json,
                r.neutral_line,
                r.id,
                r.offline != 0,
                r.created_at,
                r.neutral_draft,
                r.batch != 0,
            )
        }),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT sequence_id, status, file_name, headers_json, rows_json, skipped_json,
                    row_count, mapping_json, neutral_line, id, offline, created_at, neutral_draft,
                    batch
             FROM lead_jobs WHERE id = $1 AND session_id = $2",
            id,
            session
        )
        .fetch_optional(pool)
        .await?
        .map(|r| {
            (
                r.sequence_id,
                r.status,
                r.file_name,
                r.headers_json,
                r.rows_json,
                r.skipped_json,
                r.row_count,
                r.mapping_json,
                r.neutral_line,
                r.id,
                r.offline,
                r.created_at,
                r.neutral_draft,
                r.batch,
            )
        }),
    };
    let Some((
        sequence_id,
        status,
        file_name,
        headers,
        rows,
        skipped,
        row_count,
        mapping,
        neutral_line,
        id,
        offline,
        created_at,
        neutral_draft,
        batch,
    )) = row
    else {
        return Ok(None);
    };
    let headers: Vec<String> = decode(&headers)?;
    let rows: Vec<Row> = decode(&rows)?;
    let mapping = match mapping {
        Some(json) => decode(&json)?,
        None => Mapping::guess(&headers),
    };
    let counts = counts(pool, &JobId::from_stored(id.clone())).await?;
    let job = LeadJob {
        id,
        sequence_id,
        company: String::new(),
        job_title: String::new(),
        file_name,
        status: JobStatus::parse(&status).unwrap_or(JobStatus::Cancelled),
        headers,
        preview: rows.iter().take(PREVIEW_ROWS).cloned().collect(),
        hidden_lines: rows
            .iter()
            .filter(|row| !row.hidden.is_empty())
            .map(|row| row.line)
            .collect(),
        rows: u32::try_from(row_count).unwrap_or(u32::MAX),
        mapping,
        skipped: decode(&skipped)?,
        counts,
        neutral_line,
        neutral_draft,
        offline,
        batch,
        created_at,
    };
    Ok(Some(Stored { job, rows }))
}

/// How many leads of the job stand where, and their cost so far.
pub(crate) async fn counts(pool: &ReadPool, id: &JobId) -> Result<JobCounts, sqlx::Error> {
    let id = id.as_str();
    let rows: Vec<(String, i64, i64)> = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            r#"SELECT status, COUNT(*) AS "n!: i64", COALESCE(SUM(cost_usd_micros), 0) AS "cost!: i64"
               FROM leads WHERE job_id = ? GROUP BY status"#,
            id
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.status, r.n, r.cost))
        .collect(),
        Db::Postgres(pool) => sqlx::query!(
            r#"SELECT status, COUNT(*) AS "n!", COALESCE(SUM(cost_usd_micros), 0)::BIGINT AS "cost!"
               FROM leads WHERE job_id = $1 GROUP BY status"#,
            id
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.status, r.n, r.cost))
        .collect(),
    };
    let mut counts = JobCounts::default();
    for (status, n, cost) in rows {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        counts.total += n;
        counts.cost_usd_micros += cost;
        match status.as_str() {
            "pending" => counts.pending = n,
            "written" => counts.written = n,
            "no_signal" => counts.no_signal = n,
            "failed" => counts.failed = n,
            "held" => counts.held = n,
            _ => counts.cancelled = n,
        }
    }
    Ok(counts)
}

/// The session's jobs for one sequence, newest first.
pub(crate) async fn for_sequence(
    pool: &ReadPool,
    sequence: &SequenceId,
    session: &SessionId,
) -> Result<Vec<JobSummary>, sqlx::Error> {
    let (sequence, session) = (sequence.as_str(), session.as_str());
    let rows: Vec<(String, String, String, i64, i64)> = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT id, file_name, status, row_count, created_at FROM lead_jobs
             WHERE sequence_id = ? AND session_id = ? ORDER BY created_at DESC, rowid DESC",
            sequence,
            session
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.file_name, r.status, r.row_count, r.created_at))
        .collect(),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT id, file_name, status, row_count, created_at FROM lead_jobs
             WHERE sequence_id = $1 AND session_id = $2 ORDER BY created_at DESC, id DESC",
            sequence,
            session
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.file_name, r.status, r.row_count, r.created_at))
        .collect(),
    };
    Ok(rows
        .into_iter()
        .map(|(id, file_name, status, rows, created_at)| JobSummary {
            id,
            file_name,
            status: JobStatus::parse(&status).unwrap_or(JobStatus::Cancelled),
            rows: u32::try_from(rows).unwrap_or(u32::MAX),
            created_at,
        })
        .collect())
}

/// The sequence and session a job belongs to.
pub(crate) async fn owner(
    pool: &ReadPool,
    id: &JobId,
) -> Result<Option<(SequenceId, SessionId)>, sqlx::Error> {
    let id = id.as_str();
    let row = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT sequence_id, session_id FROM lead_jobs WHERE id = ?",
            id
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.sequence_id, r.session_id)),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT sequence_id, session_id FROM lead_jobs WHERE id = $1",
            id
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.sequence_id, r.session_id)),
    };
    Ok(row.map(|(sequence, session)| {
        (
            SequenceId::from_stored(sequence),
            SessionId::from_stored(session),
        )
    }))
}

/// First lines the session has had written in the last 24 hours, plus those waiting.
pub(crate) async fn used_today(pool: &ReadPool, session: &SessionId) -> Result<u32, sqlx::Error> {
    let session = session.as_str();
    let used = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!: i64" FROM leads
               WHERE session_id = ? AND (status = 'pending' OR charged_at > unixepoch() - 86400)"#,
                session
            )
            .fetch_one(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar!(
                r#"SELECT COUNT(*) AS "n!" FROM leads
               WHERE session_id = $1 AND (status = 'pending' OR charged_at > unixepoch() - 86400)"#,
                session
            )
            .fetch_one(pool)
            .await?
        }
    };
    Ok(u32::try_from(used).unwrap_or(u32::MAX))
}
