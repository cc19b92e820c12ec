//! The generation allowance, race-free: a generation is reserved by one conditional UPDATE
//! (`used < allowed`) before any writing starts, and either finished (with the sequence, in one
//! transaction: see `sequences::save`) or given back.

use std::time::Duration;

use sqlx::SqlitePool;
use uuid::Uuid;

/// A generation counted against a session and not yet finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub id: String,
    pub session_id: String,
}

/// Reserves one generation, or `None` when the session has none left.
pub async fn reserve(
    pool: &SqlitePool,
    session_id: &str,
) -> Result<Option<Reservation>, sqlx::Error> {
    // IMMEDIATE takes the write lock up front, so concurrent reservations queue on the busy
    // timeout instead of failing on a lock upgrade.
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let updated = sqlx::query!(
        "UPDATE sessions SET generations_used = generations_used + 1, updated_at = unixepoch()
         WHERE id = ? AND generations_used < max_generations",
        session_id
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        tx.rollback().await?;
        return Ok(None);
    }
    let id = Uuid::new_v4().to_string();
    sqlx::query!(
        "INSERT INTO reservations (id, session_id) VALUES (?, ?)",
        id,
        session_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(Reservation {
        id,
        session_id: session_id.to_owned(),
    }))
}

/// Gives a reservation back (the generation failed). Releasing twice gives back once.
pub async fn release(pool: &SqlitePool, reservation: &Reservation) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let deleted = sqlx::query!("DELETE FROM reservations WHERE id = ?", reservation.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted == 1 {
        sqlx::query!(
            "UPDATE sessions SET generations_used = generations_used - 1, updated_at = unixepoch()
             WHERE id = ? AND generations_used > 0",
            reservation.session_id
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Gives back every reservation older than `timeout` (left by a crash); returns how many.
pub async fn release_stale(pool: &SqlitePool, timeout: Duration) -> Result<u64, sqlx::Error> {
    let age = i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query!(
        "UPDATE sessions SET
             generations_used = max(0, generations_used - (
                 SELECT count(*) FROM reservations r
                 WHERE r.session_id = sessions.id AND r.created_at <= unixepoch() - ?1)),
             updated_at = unixepoch()
         WHERE id IN (SELECT session_id FROM reservations WHERE created_at <= unixepoch() - ?1)",
        age
    )
    .execute(&mut *tx)
    .await?;
    let released = sqlx::query!(
        "DELETE FROM reservations WHERE created_at <= unixepoch() - ?",
        age
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(released)
}
