//! Sequences being written: the row that gives a sequence its address the moment writing starts
//! (`/s/{id}` shows its progress to a reload, the back button or a second tab, on any server),
//! with the emails written so far. `store::save` deletes it in the transaction that inserts the
//! sequence; a failure marks it failed; a row still writing whose reservation is gone (released
//! by the sweeper after a crash) reads as interrupted.

use tokio::sync::mpsc;

use crate::domain::{
    error::AppError,
    form::{GenerateForm, SequenceRequest},
    ids::{SequenceId, SessionId},
    progress::Writing,
    sequence::Email,
};
use crate::server::platform::db::{Db, ReadPool, WritePool};
use crate::server::quota::allowance::Reservation;

/// Records that sequence `id` is being written for `reservation`'s session from `request`.
pub(crate) async fn start(
    pool: &WritePool,
    id: &SequenceId,
    reservation: &Reservation,
    request: &SequenceRequest,
) -> Result<(), sqlx::Error> {
    let input_json = serde_json::to_string(request).expect("a request serialises");
    let (id, session, reservation_id) = (
        id.as_str(),
        reservation.session_id.as_str(),
        reservation.id.as_str(),
    );
    let total = i64::from(request.emails().get());
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT INTO writings (id, session_id, reservation_id, input_json, total)
             VALUES (?, ?, ?, ?, ?)",
            id,
            session,
            reservation_id,
            input_json,
            total
        )
        .execute(pool)
        .await
        .map(|_| ()),
        Db::Postgres(pool) => sqlx::query!(
            "INSERT INTO writings (id, session_id, reservation_id, input_json, total)
             VALUES ($1, $2, $3, $4, $5)",
            id,
            session,
            reservation_id,
            input_json,
            total
        )
        .execute(pool)
        .await
        .map(|_| ()),
    }
}

/// Writes the emails done so far (all of them each time, so the last write is the truth).
async fn record(pool: &WritePool, id: &str, emails: &[Email]) -> Result<(), sqlx::Error> {
    let emails_json = serde_json::to_string(emails).expect("emails serialise");
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "UPDATE writings SET emails_json = ? WHERE id = ? AND failed IS NULL",
            emails_json,
            id
        )
        .execute(pool)
        .await
        .map(|_| ()),
        Db::Postgres(pool) => sqlx::query!(
            "UPDATE writings SET emails_json = $1 WHERE id = $2 AND failed IS NULL",
            emails_json,
            id
        )
        .execute(pool)
        .await
        .map(|_| ()),
    }
}

/// Marks the writing failed with `error` (its reservation was given back).
pub(crate) async fn fail(pool: &WritePool, id: &SequenceId, error: &AppError) {
    let (id, tag) = (id.as_str(), error.tag());
    let done = match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!("UPDATE writings SET failed = ? WHERE id = ?", tag, id)
            .execute(pool)
            .await
            .map(|_| ()),
        Db::Postgres(pool) => {
            sqlx::query!("UPDATE writings SET failed = $1 WHERE id = $2", tag, id)
                .execute(pool)
                .await
                .map(|_| ())
        }
    };
    if let Err(err) = done {
        tracing::error!(error = %err, "could not mark a writing failed");
    }
}

/// How long a writing that ended without a sequence (failed, or interrupted by a crash) keeps
/// its page: a week, to read why and to find the brief again; then the address is gone.
pub const KEPT: std::time::Duration = std::time::Duration::from_secs(7 * 86_400);

/// Deletes the writings started more than `kept` ago. A saved sequence has no writing left (the
/// save deletes it), and no writing lasts minutes, so these are all failed or interrupted.
pub async fn sweep(pool: &WritePool, kept: std::time::Duration) -> Result<u64, sqlx::Error> {
    let kept = i64::try_from(kept.as_secs()).unwrap_or(i64::MAX);
    Ok(match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "DELETE FROM writings WHERE created_at < unixepoch() - ?",
            kept
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "DELETE FROM writings WHERE created_at < unixepoch() - $1",
            kept
        )
        .execute(pool)
        .await?
        .rows_affected(),
    })
}

/// What the page shows of sequence `id` while it is written, when `session` owns the writing.
pub(crate) async fn find(
    pool: &ReadPool,
    id: &SequenceId,
    session: &SessionId,
) -> Result<Option<(SequenceRequest, Writing)>, sqlx::Error> {
    let (id, session) = (id.as_str(), session.as_str());
    let row = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            r#"SELECT w.input_json, w.total, w.emails_json, w.failed,
                      r.id IS NOT NULL AS "live!: bool"
               FROM writings w LEFT JOIN reservations r ON r.id = w.reservation_id
               WHERE w.id = ? AND w.session_id = ?"#,
            id,
            session
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.input_json, r.total, r.emails_json, r.failed, r.live)),
        Db::Postgres(pool) => sqlx::query!(
            r#"SELECT w.input_json, w.total, w.emails_json, w.failed,
                      r.id IS NOT NULL AS "live!: bool"
               FROM writings w LEFT JOIN reservations r ON r.id = w.reservation_id
               WHERE w.id = $1 AND w.session_id = $2"#,
            id,
            session
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.input_json, r.total, r.emails_json, r.failed, r.live)),
    };
    let Some((input_json, total, emails_json, failed, live)) = row else {
        return Ok(None);
    };
    let Ok(request) = serde_json::from_str::<SequenceRequest>(&input_json) else {
        return Ok(None);
    };
    let failed = match failed {
        // Failed, and its reservation given back: the page may say nothing was counted.
        Some(tag) if !live => Some(AppError::from_tag(&tag).unwrap_or(AppError::Internal)),
        // Failed a moment ago, its reservation being given back: still ending (read as failed
        // here, the page would say "not counted" while the plan still counts it).
        Some(_) => None,
        // Still marked as writing, but nobody holds it any more: the server writing it stopped
        // (its reservation was given back by the sweeper).
        None if !live => Some(AppError::Internal),
        None => None,
    };
    Ok(Some((
        request.clone(),
        Writing {
            company: request.company().to_owned(),
            job_title: request.job_title().to_owned(),
            total: u8::try_from(total).unwrap_or(u8::MAX),
            emails: serde_json::from_str(&emails_json).unwrap_or_default(),
            failed,
            brief: GenerateForm::from(&request),
        },
    )))
}

/// Records a writing's emails as they arrive, in order, off the writer's path: the writer hands
/// each change over without waiting for the database.
pub(crate) struct Recorder {
    changes: mpsc::UnboundedSender<Vec<Email>>,
    task: tokio::task::JoinHandle<()>,
}

impl Recorder {
    pub(crate) fn spawn(pool: WritePool, id: &SequenceId) -> Self {
        let (changes, mut received) = mpsc::unbounded_channel::<Vec<Email>>();
        let id = id.as_str().to_owned();
        let task = tokio::spawn(async move {
            while let Some(mut emails) = received.recv().await {
                // Only the newest state matters: skip those already overtaken.
                while let Ok(newer) = received.try_recv() {
                    emails = newer;
                }
                if let Err(err) = record(&pool, &id, &emails).await {
                    tracing::warn!(error = %err, "could not record a writing's progress");
                }
            }
        });
        Self { changes, task }
    }

    /// The emails written so far.
    pub(crate) fn emails(&self, emails: Vec<Email>) {
        let _ = self.changes.send(emails);
    }

    /// Waits until every change handed over is written.
    pub(crate) async fn finish(self) {
        drop(self.changes);
        let _ = self.task.await;
    }
}
