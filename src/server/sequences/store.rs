//! Saved sequences: written once, together with the end of their reservation, and read back
//! only by the session that owns them.

use crate::domain::{
    form::SequenceRequest,
    ids::{SequenceId, SessionId},
    sequence::{SavedSequence, Sequence, SequenceSummary, Source},
};
use crate::server::platform::db::{ReadPool, WritePool};
use crate::server::quota::allowance::Reservation;

/// Everything stored about one generation.
pub(crate) struct NewSequence<'a> {
    pub request: &'a SequenceRequest,
    pub sequence: &'a Sequence,
    pub source: Source,
    pub model: Option<&'a str>,
    pub input_tokens: u32,
    pub output_tokens: u32,
    /// Claude calls made (1 for the offline composer).
    pub attempts: u32,
    /// From the start of writing to the first complete email.
    pub first_email_ms: Option<u64>,
    /// From the start of writing to the whole sequence.
    pub duration_ms: u64,
    /// Estimated from the price table; `None` for the offline composer or an unpriced model.
    pub cost_usd_micros: Option<i64>,
}

/// Saves the sequence and finishes its reservation in one transaction; returns the new id.
pub(crate) async fn save(
    pool: &WritePool,
    reservation: &Reservation,
    new: NewSequence<'_>,
) -> Result<SequenceId, sqlx::Error> {
    let id = SequenceId::new_random();
    let input_json = serde_json::to_string(new.request).expect("a request serialises");
    let output_json = serde_json::to_string(new.sequence).expect("a sequence serialises");
    let source = new.source.as_str();
    let duration_ms = i64::try_from(new.duration_ms).unwrap_or(i64::MAX);
    let first_email_ms = new
        .first_email_ms
        .map(|ms| i64::try_from(ms).unwrap_or(i64::MAX));

    let mut tx = pool.begin().await?;
    let finished = sqlx::query!("DELETE FROM reservations WHERE id = ?", reservation.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if finished == 0 && reservation.counted {
        // The reservation was released as stale while we worked (only after a very long
        // stall): the generation is delivered, so it counts again.
        sqlx::query!(
            "UPDATE sessions SET generations_used = generations_used + 1 WHERE id = ?",
            reservation.session_id.as_str()
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "INSERT INTO sequences
             (id, session_id, input_json, output_json, model, source,
              input_tokens, output_tokens, attempts, first_email_ms, duration_ms,
              cost_usd_micros)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id.as_str(),
        reservation.session_id.as_str(),
        input_json,
        output_json,
        new.model,
        source,
        new.input_tokens,
        new.output_tokens,
        new.attempts,
        first_email_ms,
        duration_ms,
        new.cost_usd_micros
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The sequence `id` when `session_id` owns it; `None` for unknown ids and other sessions alike.
pub(crate) async fn find_owned(
    pool: &ReadPool,
    id: &SequenceId,
    session_id: &SessionId,
) -> Result<Option<SavedSequence>, sqlx::Error> {
    Ok(find_owned_with_brief(pool, id, session_id)
        .await?
        .map(|(_, saved)| saved))
}

/// The sequence `id` (with edits) and the brief it was written from, when `session_id` owns it.
pub(crate) async fn find_owned_with_brief(
    pool: &ReadPool,
    id: &SequenceId,
    session_id: &SessionId,
) -> Result<Option<(SequenceRequest, SavedSequence)>, sqlx::Error> {
    let session_id = session_id.as_str();
    let id = id.as_str();
    let row = sqlx::query!(
        "SELECT id, input_json, output_json, source, created_at
         FROM sequences WHERE id = ? AND session_id = ?",
        id,
        session_id
    )
    .fetch_optional(pool.sqlite())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let request: SequenceRequest =
        serde_json::from_str(&row.input_json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let mut sequence: Sequence =
        serde_json::from_str(&row.output_json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    // The founder's edits replace what was written, email by email.
    let edits = sqlx::query!(
        "SELECT step, subject_a, subject_b, body FROM email_edits WHERE sequence_id = ? ORDER BY step",
        row.id
    )
    .fetch_all(pool.sqlite())
    .await?;
    let mut edited = Vec::new();
    for edit in edits {
        let step = u8::try_from(edit.step).unwrap_or(0);
        if let Some(email) = sequence.emails.iter_mut().find(|e| e.step == step) {
            email.subject_a = edit.subject_a;
            email.subject_b = edit.subject_b;
            email.body = edit.body;
            edited.push(step);
        }
    }
    let saved = SavedSequence {
        id: SequenceId::from_stored(row.id),
        company: request.company().to_owned(),
        job_title: request.job_title().to_owned(),
        tone: request.tone().label().to_owned(),
        language: request.language().english_name().to_owned(),
        source: Source::parse(&row.source).unwrap_or(Source::Offline),
        created_at: row.created_at,
        sequence,
        edited,
    };
    Ok(Some((request, saved)))
}

/// The email `step` as it was written (before any edit), when `session_id` owns the sequence.
pub(crate) async fn original_email(
    pool: &ReadPool,
    id: &SequenceId,
    session_id: &SessionId,
    step: u8,
) -> Result<Option<crate::domain::sequence::Email>, sqlx::Error> {
    let session_id = session_id.as_str();
    let id = id.as_str();
    let output = sqlx::query_scalar!(
        "SELECT output_json FROM sequences WHERE id = ? AND session_id = ?",
        id,
        session_id
    )
    .fetch_optional(pool.sqlite())
    .await?;
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
    email: &crate::domain::sequence::Email,
) -> Result<(), sqlx::Error> {
    let id = id.as_str();
    sqlx::query!(
        "INSERT INTO email_edits (sequence_id, step, subject_a, subject_b, body) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (sequence_id, step) DO UPDATE SET subject_a = excluded.subject_a,
             subject_b = excluded.subject_b, body = excluded.body, updated_at = unixepoch()",
        id,
        email.step,
        email.subject_a,
        email.subject_b,
        email.body
    )
    .execute(pool.sqlite())
    .await?;
    Ok(())
}

/// Drops the edit of one email: it reads as written again.
pub(crate) async fn revert_edit(
    pool: &WritePool,
    id: &SequenceId,
    step: u8,
) -> Result<(), sqlx::Error> {
    let id = id.as_str();
    sqlx::query!(
        "DELETE FROM email_edits WHERE sequence_id = ? AND step = ?",
        id,
        step
    )
    .execute(pool.sqlite())
    .await?;
    Ok(())
}

/// The session's sequences, newest first (at most `limit`).
pub(crate) async fn list_owned(
    pool: &ReadPool,
    session_id: &SessionId,
    limit: i64,
) -> Result<Vec<SequenceSummary>, sqlx::Error> {
    let session_id = session_id.as_str();
    let rows = sqlx::query!(
        "SELECT id, input_json, output_json, created_at FROM sequences
         WHERE session_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
        session_id,
        limit
    )
    .fetch_all(pool.sqlite())
    .await?;
    rows.into_iter()
        .map(|row| {
            let request: SequenceRequest = serde_json::from_str(&row.input_json)
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            let sequence: Sequence = serde_json::from_str(&row.output_json)
                .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok(SequenceSummary {
                id: SequenceId::from_stored(row.id),
                company: request.company().to_owned(),
                job_title: request.job_title().to_owned(),
                emails: sequence.emails.len(),
                created_at: row.created_at,
            })
        })
        .collect()
}

/// Deletes the sequence when `session_id` owns it; answers whether it did.
pub(crate) async fn delete_owned(
    pool: &WritePool,
    id: &SequenceId,
    session_id: &SessionId,
) -> Result<bool, sqlx::Error> {
    let session_id = session_id.as_str();
    let id = id.as_str();
    Ok(sqlx::query!(
        "DELETE FROM sequences WHERE id = ? AND session_id = ?",
        id,
        session_id
    )
    .execute(pool.sqlite())
    .await?
    .rows_affected()
        == 1)
}
