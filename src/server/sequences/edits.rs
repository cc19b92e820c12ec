//! A founder's edits of one email: stored beside the sequence (`email_edits`), replaced by a
//! later edit, dropped by a revert; the email as written stays in `sequences.output_json`.

use crate::domain::{
    ids::{SequenceId, SessionId},
    sequence::{Email, Sequence},
};
use crate::server::platform::db::{Db, ReadPool, WritePool};

/// The email `step` as it was written (before any edit), when `session_id` owns the sequence.
pub(crate) async fn original_email(
    pool: &ReadPool,
    id: &SequenceId,
    session_id: &SessionId,
    step: u8,
) -> Result<Option<Email>, sqlx::Error> {
    let session_id = session_id.as_str();
    let id = id.as_str();
    let output = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                "SELECT output_json FROM sequences WHERE id = ? AND session_id = ?",
                id,
                session_id
            )
            .fetch_optional(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar!(
                "SELECT output_json FROM sequences WHERE id = $1 AND session_id = $2",
                id,
                session_id
            )
            .fetch_optional(pool)
            .await?
        }
    };
    let Some(output) = output else {
        return Ok(None);
    };
    let sequence: Sequence =
        serde_json::from_str(&output).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    Ok(sequence.emails.into_iter().find(|e| e.step == step))
}

/// Stores an edit of one email (replacing an earlier edit of it).
pub(crate) async fn save_edit(
    pool: &WritePool,
    id: &SequenceId,
    email: &Email,
) -> Result<(), sqlx::Error> {
    let id = id.as_str();
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT INTO email_edits (sequence_id, step, subject_a, subject_b, body) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (sequence_id, step) DO UPDATE SET subject_a = excluded.subject_a,
                 subject_b = excluded.subject_b, body = excluded.body, updated_at = unixepoch()",
            id,
            email.step,
            email.subject_a,
            email.subject_b,
            email.body
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "INSERT INTO email_edits (sequence_id, step, subject_a, subject_b, body) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (sequence_id, step) DO UPDATE SET subject_a = excluded.subject_a,
                 subject_b = excluded.subject_b, body = excluded.body, updated_at = unixepoch()",
            id,
            i64::from(email.step),
            email.subject_a,
            email.subject_b,
            email.body
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}

/// Drops the edit of one email: it reads as written again.
pub(crate) async fn revert_edit(
    pool: &WritePool,
    id: &SequenceId,
    step: u8,
) -> Result<(), sqlx::Error> {
    let id = id.as_str();
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "DELETE FROM email_edits WHERE sequence_id = ? AND step = ?",
            id,
            step
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "DELETE FROM email_edits WHERE sequence_id = $1 AND step = $2",
            id,
            i64::from(step)
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}
