//! The generation allowance, race-free: a generation is reserved by one conditional UPDATE
//! (`used < allowed`) before any writing starts, and either finished (with the sequence, in one
//! transaction: see `sequences::save`) or given back.

use std::time::Duration;

use uuid::Uuid;

use crate::domain::ids::SessionId;
use crate::server::platform::db::WritePool;

/// A generation reserved for a session and not yet finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub id: String,
    pub session_id: SessionId,
    /// Counted against the allowance (false on Pro, which has none).
    pub counted: bool,
}

/// The answer to a reservation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reserved {
    Yes(Reservation),
    /// The allowance is used up (free or Starter).
    AllowanceUsed,
    /// Pro's fair-use limit: `limit` sequences in the last 24 hours.
    FairUseReached {
        limit: u32,
    },
    /// The server's ceiling for today (UTC) is reached.
    CeilingReached,
}

/// Generations today (UTC) on the whole server: saved sequences and those in progress.
pub async fn generations_today(
    executor: impl sqlx::SqliteExecutor<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT (SELECT count(*) FROM sequences WHERE created_at >= unixepoch('now', 'start of day'))
                + (SELECT count(*) FROM reservations) AS "n!: i64""#
    )
    .fetch_one(executor)
    .await
}

/// Reserves one generation, within the server's `daily_ceiling`. Free and Starter sessions
/// spend their allowance; Pro sessions spend nothing, up to `pro_daily_limit` sequences
/// (finished or in progress) per 24 hours.
pub async fn reserve(
    pool: &WritePool,
    session: &SessionId,
    pro_daily_limit: u32,
    daily_ceiling: u32,
) -> Result<Reserved, sqlx::Error> {
    let session_id = session.as_str();
    // IMMEDIATE takes the write lock up front, so concurrent reservations queue on the busy
    // timeout instead of failing on a lock upgrade, and the plan and counts read below cannot
    // change before the reservation is written.
    let mut tx = pool.begin().await?;
    if generations_today(&mut *tx).await? >= i64::from(daily_ceiling) {
        tx.rollback().await?;
        return Ok(Reserved::CeilingReached);
    }
    let plan = sqlx::query_scalar!(
        r#"SELECT plan AS "plan!: String" FROM session_plans WHERE session_id = ?"#,
        session_id
    )
    .fetch_optional(&mut *tx)
    .await?;
    let counted = if plan.as_deref() == Some("pro") {
        let recent = sqlx::query_scalar!(
            r#"SELECT (SELECT count(*) FROM sequences
                       WHERE session_id = ?1 AND created_at > unixepoch() - 86400)
                    + (SELECT count(*) FROM reservations WHERE session_id = ?1) AS "n!: i64""#,
            session_id
        )
        .fetch_one(&mut *tx)
        .await?;
        if recent >= i64::from(pro_daily_limit) {
            tx.rollback().await?;
            return Ok(Reserved::FairUseReached {
                limit: pro_daily_limit,
            });
        }
        false
    } else {
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
            return Ok(Reserved::AllowanceUsed);
        }
        true
    };
    let id = Uuid::new_v4().to_string();
    sqlx::query!(
        "INSERT INTO reservations (id, session_id, counted) VALUES (?, ?, ?)",
        id,
        session_id,
        counted
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Reserved::Yes(Reservation {
        id,
        session_id: session.clone(),
        counted,
    }))
}

/// Gives a reservation back (the generation failed). Releasing twice gives back once.
pub async fn release(pool: &WritePool, reservation: &Reservation) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    let deleted = sqlx::query!("DELETE FROM reservations WHERE id = ?", reservation.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if deleted == 1 && reservation.counted {
        sqlx::query!(
            "UPDATE sessions SET generations_used = generations_used - 1, updated_at = unixepoch()
             WHERE id = ? AND generations_used > 0",
            reservation.session_id.as_str()
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Gives back every reservation older than `timeout` (left by a crash); returns how many.
pub async fn release_stale(pool: &WritePool, timeout: Duration) -> Result<u64, sqlx::Error> {
    let age = i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX);
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE sessions SET
             generations_used = max(0, generations_used - (
                 SELECT count(*) FROM reservations r
                 WHERE r.session_id = sessions.id AND r.counted = 1
                   AND r.created_at <= unixepoch() - ?1)),
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
