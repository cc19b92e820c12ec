//! Leads held over the plan's daily allowance, released to be written once there is room.

use super::start::used_in;
use crate::domain::ids::{JobId, SessionId};
use crate::server::platform::db::{WritePool, WriteTx};

/// Moves the first held leads of a finished job (by line) back to be written, as many as the
/// session's room under `limit` allows, and sets the job running again. Returns how many were
/// released: 0 when there is no room, nothing is held, or the job is not this session's or
/// is still running.
pub(crate) async fn release(
    pool: &WritePool,
    job: &JobId,
    session: &SessionId,
    limit: u32,
) -> Result<u32, sqlx::Error> {
    let (job, session) = (job.as_str(), session.as_str());
    let mut tx = pool.begin().await?;
    let room = i64::from(limit.saturating_sub(used_in(&mut tx, session).await?));
    if room == 0 {
        tx.rollback().await?;
        return Ok(0);
    }
    let released = match &mut tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "UPDATE leads SET status = 'pending', updated_at = unixepoch()
             WHERE id IN (SELECT l.id FROM leads l JOIN lead_jobs j ON j.id = l.job_id
                          WHERE l.job_id = ? AND l.session_id = ? AND l.status = 'held'
                            AND j.status = 'done'
                          ORDER BY l.line_no, l.id LIMIT ?)",
            job,
            session,
            room
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "UPDATE leads SET status = 'pending', updated_at = unixepoch()
             WHERE id IN (SELECT l.id FROM leads l JOIN lead_jobs j ON j.id = l.job_id
                          WHERE l.job_id = $1 AND l.session_id = $2 AND l.status = 'held'
                            AND j.status = 'done'
                          ORDER BY l.line_no, l.id LIMIT $3)",
            job,
            session,
            room
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    if released > 0 {
        match &mut tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "UPDATE lead_jobs SET status = 'running', updated_at = unixepoch() WHERE id = ?",
                job
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "UPDATE lead_jobs SET status = 'running', updated_at = unixepoch() WHERE id = $1",
                job
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
    }
    tx.commit().await?;
    Ok(u32::try_from(released).unwrap_or(u32::MAX))
}
