//! The leads themselves: claimed by one server under a lease, written once, listed for the
//! review table, edited, and queued again for a rewrite.
//!
//! A claim is one statement (PostgreSQL skips rows another server has locked), so two servers
//! never take the same lead; a lead whose server died is taken over when its lease runs out.
//! The update that stores a line requires the lead to be still pending and still leased by
//! the server storing it, so a lead is written (and charged) once, and a lead cancelled while
//! it was being written is not stored. `review`: the leads as the review table shows them,
//! the founder's edits, and a lead queued again.

mod review;

pub(crate) use review::{data, edit, keep_draft, list, rewrite};

use super::decode;
use crate::domain::{
    ids::JobId,
    leads::{LeadNote, LeadStatus, grounding::Problem, rows::LeadData},
};
use crate::server::platform::db::{Db, WritePool};

/// A lead this server now holds.
#[derive(Debug, Clone)]
pub(crate) struct Claimed {
    pub id: i64,
    pub job_id: JobId,
    pub data: LeadData,
    /// Times it has been claimed (1 the first time).
    pub attempts: u32,
    /// Why a batch's line for it was refused: it is asked once more, with these reasons.
    pub refused: Vec<String>,
}

/// Claims up to `limit` pending leads of running jobs (oldest first) for `lease_secs`.
pub(crate) async fn claim(
    pool: &WritePool,
    limit: u32,
    lease_secs: u64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let owner = pool.server_id().to_owned();
    let (limit, lease) = (i64::from(limit), i64::try_from(lease_secs).unwrap_or(3_600));
    let writing = pool.db();
    let rows: Vec<(i64, String, String, i64, Option<String>)> = match *writing {
        Db::Sqlite(pool) => sqlx::query!(
            r#"UPDATE leads SET lease_owner = ?, lease_until = unixepoch() + ?,
                   attempts = attempts + 1, updated_at = unixepoch()
               WHERE id IN (
                   SELECT l.id FROM leads l JOIN lead_jobs j ON j.id = l.job_id
                   WHERE l.status = 'pending' AND j.status = 'running' AND j.batch = 0
                     AND (l.lease_until IS NULL OR l.lease_until < unixepoch())
                   ORDER BY l.id LIMIT ?)
               RETURNING id AS "id!: i64", job_id, data_json, attempts, refused_json"#,
            owner,
            lease,
            limit
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.job_id, r.data_json, r.attempts, r.refused_json))
        .collect(),
        Db::Postgres(pool) => sqlx::query!(
            r#"UPDATE leads SET lease_owner = $1, lease_until = unixepoch() + $2,
                   attempts = attempts + 1, updated_at = unixepoch()
               WHERE id IN (
                   SELECT l.id FROM leads l JOIN lead_jobs j ON j.id = l.job_id
                   WHERE l.status = 'pending' AND j.status = 'running' AND NOT j.batch
                     AND (l.lease_until IS NULL OR l.lease_until < unixepoch())
                   ORDER BY l.id LIMIT $3
                   FOR UPDATE OF l SKIP LOCKED)
               RETURNING id, job_id, data_json, attempts, refused_json"#,
            owner,
            lease,
            limit
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.job_id, r.data_json, r.attempts, r.refused_json))
        .collect(),
    };
    if rows.is_empty() {
        writing.changed_nothing();
    } else {
        drop(writing);
    }
    let mut claimed = rows
        .into_iter()
        .map(|(id, job_id, data, attempts, refused)| {
            Ok(Claimed {
                id,
                job_id: JobId::from_stored(job_id),
                data: decode(&data)?,
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                refused: refused
                    .as_deref()
                    .map(decode)
                    .transpose()?
                    .unwrap_or_default(),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// What writing a lead came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub status: LeadStatus,
    pub line: Option<String>,
    pub fact: Option<String>,
    pub note: Option<LeadNote>,
    pub input_tokens: u32,
    pub output_tokens: u32,
    pub cost_usd_micros: i64,
}

/// Stores a claimed lead's outcome; false when the lead is no longer this server's to write
/// (cancelled, or its lease was taken over). A written or no-signal lead is charged (once:
/// a rewrite keeps the first charge).
pub(crate) async fn finish(
    pool: &WritePool,
    lead: &Claimed,
    outcome: &Outcome,
) -> Result<bool, sqlx::Error> {
    let owner = pool.server_id().to_owned();
    let status = outcome.status.as_str();
    let charged = matches!(outcome.status, LeadStatus::Written | LeadStatus::NoSignal);
    let (input, output) = (
        i64::from(outcome.input_tokens),
        i64::from(outcome.output_tokens),
    );
    let note = outcome.note.as_ref().map(LeadNote::to_stored);
    let stored = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE leads SET status = ?, line = ?, fact = ?, note = ?,
                 input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
                 cost_usd_micros = cost_usd_micros + ?,
                 charged_at = CASE WHEN ? THEN COALESCE(charged_at, unixepoch()) ELSE charged_at END,
                 lease_owner = NULL, lease_until = NULL, refused_json = NULL,
                 updated_at = unixepoch()
             WHERE id = ? AND status = 'pending' AND lease_owner = ?",
            status,
            outcome.line,
            outcome.fact,
            note,
            input,
            output,
            outcome.cost_usd_micros,
            charged,
            lead.id,
            owner
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE leads SET status = $1, line = $2, fact = $3, note = $4,
                 input_tokens = input_tokens + $5, output_tokens = output_tokens + $6,
                 cost_usd_micros = cost_usd_micros + $7,
                 charged_at = CASE WHEN $8 THEN COALESCE(charged_at, unixepoch()) ELSE charged_at END,
                 lease_owner = NULL, lease_until = NULL, refused_json = NULL,
                 updated_at = unixepoch()
             WHERE id = $9 AND status = 'pending' AND lease_owner = $10",
            status,
            outcome.line,
            outcome.fact,
            note,
            input,
            output,
            outcome.cost_usd_micros,
            charged,
            lead.id,
            owner
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    if stored == 1 {
        close_if_done(pool, &lead.job_id).await?;
    }
    Ok(stored == 1)
}

/// Stores the outcome of a lead no server holds (a batch's result); false when it is no longer
/// pending (cancelled meanwhile).
pub(crate) async fn finish_unclaimed(
    pool: &WritePool,
    job: &JobId,
    lead: i64,
    outcome: &Outcome,
) -> Result<bool, sqlx::Error> {
    let job = job.as_str();
    let status = outcome.status.as_str();
    let charged = matches!(outcome.status, LeadStatus::Written | LeadStatus::NoSignal);
    let (input, output) = (
        i64::from(outcome.input_tokens),
        i64::from(outcome.output_tokens),
    );
    let note = outcome.note.as_ref().map(LeadNote::to_stored);
    let stored = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE leads SET status = ?, line = ?, fact = ?, note = ?,
                 input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
                 cost_usd_micros = cost_usd_micros + ?,
                 charged_at = CASE WHEN ? THEN COALESCE(charged_at, unixepoch()) ELSE charged_at END,
                 updated_at = unixepoch()
             WHERE id = ? AND job_id = ? AND status = 'pending'",
            status,
            outcome.line,
            outcome.fact,
            note,
            input,
            output,
            outcome.cost_usd_micros,
            charged,
            lead,
            job
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE leads SET status = $1, line = $2, fact = $3, note = $4,
                 input_tokens = input_tokens + $5, output_tokens = output_tokens + $6,
                 cost_usd_micros = cost_usd_micros + $7,
                 charged_at = CASE WHEN $8 THEN COALESCE(charged_at, unixepoch()) ELSE charged_at END,
                 updated_at = unixepoch()
             WHERE id = $9 AND job_id = $10 AND status = 'pending'",
            status,
            outcome.line,
            outcome.fact,
            note,
            input,
            output,
            outcome.cost_usd_micros,
            charged,
            lead,
            job
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(stored == 1)
}

/// Keeps a batch's refused answer for a lead no server holds: what it cost, and why it was
/// refused (the per-lead worker asks once more with the reasons). False when the lead is no
/// longer pending.
pub(crate) async fn refuse_unclaimed(
    pool: &WritePool,
    job: &JobId,
    lead: i64,
    problems: &[Problem],
    spent: &Outcome,
) -> Result<bool, sqlx::Error> {
    let job = job.as_str();
    // In English: what Claude is told when it is asked again.
    let reasons: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let refused = serde_json::to_string(&reasons).expect("strings serialise");
    let (input, output) = (
        i64::from(spent.input_tokens),
        i64::from(spent.output_tokens),
    );
    let stored = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE leads SET refused_json = ?,
                 input_tokens = input_tokens + ?, output_tokens = output_tokens + ?,
                 cost_usd_micros = cost_usd_micros + ?, updated_at = unixepoch()
             WHERE id = ? AND job_id = ? AND status = 'pending'",
            refused,
            input,
            output,
            spent.cost_usd_micros,
            lead,
            job
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE leads SET refused_json = $1,
                 input_tokens = input_tokens + $2, output_tokens = output_tokens + $3,
                 cost_usd_micros = cost_usd_micros + $4, updated_at = unixepoch()
             WHERE id = $5 AND job_id = $6 AND status = 'pending'",
            refused,
            input,
            output,
            spent.cost_usd_micros,
            lead,
            job
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(stored == 1)
}

/// Marks a running job done once none of its leads is pending.
pub(crate) async fn close_if_done(pool: &WritePool, job: &JobId) -> Result<(), sqlx::Error> {
    let job = job.as_str();
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE lead_jobs SET status = 'done', updated_at = unixepoch()
             WHERE id = ? AND status = 'running'
               AND NOT EXISTS (SELECT 1 FROM leads WHERE job_id = ? AND status = 'pending')",
            job,
            job
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE lead_jobs SET status = 'done', updated_at = unixepoch()
             WHERE id = $1 AND status = 'running'
               AND NOT EXISTS (SELECT 1 FROM leads WHERE job_id = $1 AND status = 'pending')",
            job
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}
