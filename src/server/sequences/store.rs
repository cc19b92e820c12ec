//! Saved sequences: written once, together with the end of their reservation, and read back
//! only by the session that owns them (with the founder's edits: `edits`).

use crate::domain::{
    form::SequenceRequest,
    ids::{SequenceId, SessionId},
    sequence::{SavedSequence, Sequence, SequenceSummary, Source},
};
use crate::server::platform::db::{Db, ReadPool, WritePool, WriteTx};
use crate::server::quota::allowance::{self, Reservation};

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

/// Saves the sequence under `id` (its writing's) and finishes its reservation in one
/// transaction; returns the id.
pub(crate) async fn save(
    pool: &WritePool,
    reservation: &Reservation,
    id: SequenceId,
    new: NewSequence<'_>,
) -> Result<SequenceId, sqlx::Error> {
    let input_json = serde_json::to_string(new.request).expect("a request serialises");
    let output_json = serde_json::to_string(new.sequence).expect("a sequence serialises");
    let source = new.source.as_str();
    let duration_ms = i64::try_from(new.duration_ms).unwrap_or(i64::MAX);
    let first_email_ms = new
        .first_email_ms
        .map(|ms| i64::try_from(ms).unwrap_or(i64::MAX));

    let session_id = reservation.session_id.as_str();
    let (input_tokens, output_tokens, attempts) = (
        i64::from(new.input_tokens),
        i64::from(new.output_tokens),
        i64::from(new.attempts),
    );

    let mut tx = pool.begin().await?;
    let finished = allowance::end(&mut tx, reservation).await?;
    if !finished && reservation.counted {
        // The reservation was released as stale while we worked (only after a very long
        // stall): the generation is delivered, so it counts again.
        match &mut tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "UPDATE sessions SET generations_used = generations_used + 1 WHERE id = ?",
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "UPDATE sessions SET generations_used = generations_used + 1 WHERE id = $1",
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
    }
    match &mut tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "INSERT INTO sequences
                 (id, session_id, input_json, output_json, model, source,
                  input_tokens, output_tokens, attempts, first_email_ms, duration_ms,
                  cost_usd_micros)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            id.as_str(),
            session_id,
            input_json,
            output_json,
            new.model,
            source,
            input_tokens,
            output_tokens,
            attempts,
            first_email_ms,
            duration_ms,
            new.cost_usd_micros
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "INSERT INTO sequences
                 (id, session_id, input_json, output_json, model, source,
                  input_tokens, output_tokens, attempts, first_email_ms, duration_ms,
                  cost_usd_micros)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            id.as_str(),
            session_id,
            input_json,
            output_json,
            new.model,
            source,
            input_tokens,
            output_tokens,
            attempts,
            first_email_ms,
            duration_ms,
            new.cost_usd_micros
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    // Saved: its page no longer shows it being written.
    match &mut tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!("DELETE FROM writings WHERE id = ?", id.as_str())
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!("DELETE FROM writings WHERE id = $1", id.as_str())
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    };
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
    let row = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT id, input_json, output_json, source, created_at
             FROM sequences WHERE id = ? AND session_id = ?",
            id,
            session_id
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.input_json, r.output_json, r.source, r.created_at)),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT id, input_json, output_json, source, created_at
             FROM sequences WHERE id = $1 AND session_id = $2",
            id,
            session_id
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.id, r.input_json, r.output_json, r.source, r.created_at)),
    };
    let Some((row_id, input_json, output_json, row_source, created_at)) = row else {
        return Ok(None);
    };
    let request: SequenceRequest =
        serde_json::from_str(&input_json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let mut sequence: Sequence =
        serde_json::from_str(&output_json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    // The founder's edits replace what was written, email by email.
    let edits: Vec<(i64, String, String, String)> = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT step, subject_a, subject_b, body FROM email_edits WHERE sequence_id = ? ORDER BY step",
            row_id
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|e| (e.step, e.subject_a, e.subject_b, e.body))
        .collect(),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT step, subject_a, subject_b, body FROM email_edits WHERE sequence_id = $1 ORDER BY step",
            row_id
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|e| (e.step, e.subject_a, e.subject_b, e.body))
        .collect(),
    };
    let mut edited = Vec::new();
    for (step, subject_a, subject_b, body) in edits {
        let step = u8::try_from(step).unwrap_or(0);
        if let Some(email) = sequence.emails.iter_mut().find(|e| e.step == step) {
            email.subject_a = subject_a;
            email.subject_b = subject_b;
            email.body = body;
            edited.push(step);
        }
    }
    let saved = SavedSequence {
        id: SequenceId::from_stored(row_id),
        company: request.company().to_owned(),
        job_title: request.job_title().to_owned(),
        tone: request.tone().label().to_owned(),
        language: request.language().english_name().to_owned(),
        source: Source::parse(&row_source).unwrap_or(Source::Offline),
        created_at,
        sequence,
        edited,
    };
    Ok(Some((request, saved)))
}

/// The session's sequences, newest first (at most `limit`).
pub(crate) async fn list_owned(
    pool: &ReadPool,
    session_id: &SessionId,
    limit: i64,
) -> Result<Vec<SequenceSummary>, sqlx::Error> {
    let session_id = session_id.as_str();
    let rows: Vec<(String, String, String, i64)> = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT id, input_json, output_json, created_at FROM sequences
             WHERE session_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?",
            session_id,
            limit
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.input_json, r.output_json, r.created_at))
        .collect(),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT id, input_json, output_json, created_at FROM sequences
             WHERE session_id = $1 ORDER BY created_at DESC, position DESC LIMIT $2",
            session_id,
            limit
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id, r.input_json, r.output_json, r.created_at))
        .collect(),
    };
    rows.into_iter()
        .map(|(id, input_json, output_json, created_at)| {
            let request: SequenceRequest =
                serde_json::from_str(&input_json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            let sequence: Sequence =
                serde_json::from_str(&output_json).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok(SequenceSummary {
                id: SequenceId::from_stored(id),
                company: request.company().to_owned(),
                job_title: request.job_title().to_owned(),
                emails: sequence.emails.len(),
                created_at,
                tone: request.tone().value().to_owned(),
                subject: sequence
                    .emails
                    .first()
                    .map(|e| e.subject_a.clone())
                    .unwrap_or_default(),
                when: String::new(),
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
    let deleted = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "DELETE FROM sequences WHERE id = ? AND session_id = ?",
            id,
            session_id
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "DELETE FROM sequences WHERE id = $1 AND session_id = $2",
            id,
            session_id
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(deleted == 1)
}
