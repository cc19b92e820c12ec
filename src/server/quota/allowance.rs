//! The generation allowance, race-free: a generation is reserved by one conditional UPDATE
//! (`used < allowed`) before any writing starts, and either finished (with the sequence, in one
//! transaction: see `sequences::save`) or given back.

use std::time::Duration;

use uuid::Uuid;

use crate::domain::ids::SessionId;
use crate::server::platform::db::{Db, ReadPool, WritePool, WriteTx};

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

/// Generations today (UTC) across every server: saved sequences and those in progress.
pub async fn generations_today(pool: &ReadPool) -> Result<i64, sqlx::Error> {
    match pool.db() {
        Db::Sqlite(pool) => count_today_sqlite(pool).await,
        Db::Postgres(pool) => count_today_postgres(pool).await,
    }
}

async fn count_today_sqlite(executor: impl sqlx::SqliteExecutor<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT (SELECT count(*) FROM sequences WHERE created_at >= unixepoch('now', 'start of day'))
                + (SELECT count(*) FROM reservations) AS "n!: i64""#
    )
    .fetch_one(executor)
    .await
}

async fn count_today_postgres(executor: impl sqlx::PgExecutor<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT (SELECT count(*) FROM sequences WHERE created_at >= start_of_day_utc())
                + (SELECT count(*) FROM reservations) AS "n!""#
    )
    .fetch_one(executor)
    .await
}

/// Reserves one generation, within the servers' `daily_ceiling`. Free and Starter sessions
/// spend their allowance; Pro sessions spend nothing, up to `pro_daily_limit` sequences
/// (finished or in progress) per 24 hours.
pub async fn reserve(
    pool: &WritePool,
    session: &SessionId,
    pro_daily_limit: u32,
    daily_ceiling: u32,
) -> Result<Reserved, sqlx::Error> {
    let session_id = session.as_str();
    // The transaction holds the writer (SQLite's write lock, or PostgreSQL's writer lock on
    // every server), so the plan and counts read below cannot change before the reservation
    // is written.
    let mut tx = pool.begin().await?;
    let today = match &mut tx {
        WriteTx::Sqlite(tx, _) => count_today_sqlite(&mut **tx).await?,
        WriteTx::Postgres(tx, _) => count_today_postgres(&mut **tx).await?,
    };
    if today >= i64::from(daily_ceiling) {
        tx.rollback().await?;
        return Ok(Reserved::CeilingReached);
    }
    let plan = match &mut tx {
        WriteTx::Sqlite(tx, _) => {
            sqlx::query_scalar!(
                r#"SELECT plan AS "plan!: String" FROM session_plans WHERE session_id = ?"#,
                session_id
            )
            .fetch_optional(&mut **tx)
            .await?
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query_scalar!(
                r#"SELECT plan AS "plan!" FROM session_plans WHERE session_id = $1"#,
                session_id
            )
            .fetch_optional(&mut **tx)
            .await?
        }
    };
    let counted = if plan.as_deref() == Some("pro") {
        let recent = match &mut tx {
            WriteTx::Sqlite(tx, _) => {
                sqlx::query_scalar!(
                    r#"SELECT (SELECT count(*) FROM sequences
                               WHERE session_id = ?1 AND created_at > unixepoch() - 86400)
                            + (SELECT count(*) FROM reservations WHERE session_id = ?1) AS "n!: i64""#,
                    session_id
                )
                .fetch_one(&mut **tx)
                .await?
            }
            WriteTx::Postgres(tx, _) => {
                sqlx::query_scalar!(
                    r#"SELECT (SELECT count(*) FROM sequences
                               WHERE session_id = $1 AND created_at > unixepoch() - 86400)
                            + (SELECT count(*) FROM reservations WHERE session_id = $1) AS "n!""#,
                    session_id
                )
                .fetch_one(&mut **tx)
                .await?
            }
        };
        if recent >= i64::from(pro_daily_limit) {
            tx.rollback().await?;
            return Ok(Reserved::FairUseReached {
                limit: pro_daily_limit,
            });
        }
        false
    } else {
        let updated = match &mut tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "UPDATE sessions SET generations_used = generations_used + 1, updated_at = unixepoch()
                 WHERE id = ? AND generations_used < max_generations",
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "UPDATE sessions SET generations_used = generations_used + 1, updated_at = unixepoch()
                 WHERE id = $1 AND generations_used < max_generations",
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
        if updated == 0 {
            tx.rollback().await?;
            return Ok(Reserved::AllowanceUsed);
        }
        true
    };
    let id = Uuid::new_v4().to_string();
    match &mut tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "INSERT INTO reservations (id, session_id, counted) VALUES (?, ?, ?)",
            id,
            session_id,
            counted
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "INSERT INTO reservations (id, session_id, counted, server_id) VALUES ($1, $2, $3, $4)",
            id,
            session_id,
            counted,
            pool.server_id()
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    tx.commit().await?;
    Ok(Reserved::Yes(Reservation {
        id,
        session_id: session.clone(),
        counted,
    }))
}

/// Deletes the reservation inside `tx` (it ends, saved or given back); false when it was gone
/// already (given back twice, or released as stale while the generation ran).
pub(crate) async fn end(tx: &mut WriteTx, reservation: &Reservation) -> Result<bool, sqlx::Error> {
    let deleted = match tx {
        WriteTx::Sqlite(tx, _) => {
            sqlx::query!("DELETE FROM reservations WHERE id = ?", reservation.id)
                .execute(&mut **tx)
                .await?
                .rows_affected()
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query!("DELETE FROM reservations WHERE id = $1", reservation.id)
                .execute(&mut **tx)
                .await?
                .rows_affected()
        }
    };
    Ok(deleted == 1)
}

/// Gives a reservation back (the generation failed). Releasing twice gives back once.
pub async fn release(pool: &WritePool, reservation: &Reservation) -> Result<(), sqlx::Error> {
    let session_id = reservation.session_id.as_str();
    let mut tx = pool.begin().await?;
    if end(&mut tx, reservation).await? && reservation.counted {
        match &mut tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "UPDATE sessions SET generations_used = generations_used - 1, updated_at = unixepoch()
                 WHERE id = ? AND generations_used > 0",
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "UPDATE sessions SET generations_used = generations_used - 1, updated_at = unixepoch()
                 WHERE id = $1 AND generations_used > 0",
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
    }
    tx.commit().await
}

/// Gives back every reservation older than `timeout` (left by a crash); returns how many.
pub async fn release_stale(pool: &WritePool, timeout: Duration) -> Result<u64, sqlx::Error> {
    let age = i64::try_from(timeout.as_secs()).unwrap_or(i64::MAX);
    let mut tx = pool.begin().await?;
    let released = match &mut tx {
        WriteTx::Sqlite(tx, _) => {
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
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "DELETE FROM reservations WHERE created_at <= unixepoch() - ?",
                age
            )
            .execute(&mut **tx)
            .await?
            .rows_affected()
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query!(
                "UPDATE sessions SET
                     generations_used = greatest(0, generations_used - (
                         SELECT count(*) FROM reservations r
                         WHERE r.session_id = sessions.id AND r.counted
                           AND r.created_at <= unixepoch() - $1)),
                     updated_at = unixepoch()
                 WHERE id IN (SELECT session_id FROM reservations WHERE created_at <= unixepoch() - $1)",
                age
            )
            .execute(&mut **tx)
            .await?;
            sqlx::query!(
                "DELETE FROM reservations WHERE created_at <= unixepoch() - $1",
                age
            )
            .execute(&mut **tx)
            .await?
            .rows_affected()
        }
    };
    // Nothing released (the sessions' update matched the same rows): nothing to commit, and
    // a kept page (`platform::page_cache`) stays valid.
    if released == 0 {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(released)
}

/// How long a server's lease lasts without renewal (PostgreSQL).
pub const LEASE: Duration = Duration::from_secs(15);

/// Takes or renews this server's lease for [`LEASE`] (PostgreSQL; SQLite has one server and
/// needs none).
pub async fn renew_lease(pool: &WritePool) -> Result<(), sqlx::Error> {
    if let Db::Postgres(pg) = *pool.db() {
        let lease = i64::try_from(LEASE.as_secs()).unwrap_or(15);
        sqlx::query!(
            "INSERT INTO servers (id, lease_until) VALUES ($1, unixepoch() + $2)
             ON CONFLICT (id) DO UPDATE SET lease_until = excluded.lease_until",
            pool.server_id(),
            lease
        )
        .execute(pg)
        .await?;
    }
    Ok(())
}

/// Gives back every reservation whose server's lease ran out (or that names no live server),
/// and forgets those servers; returns how many reservations went back. PostgreSQL only: on
/// SQLite this answers 0 (its one server gives back at start, see `release_stale`).
pub async fn release_orphaned(pool: &WritePool) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let WriteTx::Postgres(pg, _) = &mut tx else {
        tx.rollback().await?;
        return Ok(0);
    };
    sqlx::query!(
        "UPDATE sessions SET
             generations_used = greatest(0, generations_used - (
                 SELECT count(*) FROM reservations r
                 WHERE r.session_id = sessions.id AND r.counted
                   AND NOT EXISTS (SELECT 1 FROM servers s
                                   WHERE s.id = r.server_id AND s.lease_until >= unixepoch()))),
             updated_at = unixepoch()
         WHERE id IN (SELECT r.session_id FROM reservations r
                      WHERE NOT EXISTS (SELECT 1 FROM servers s
                                        WHERE s.id = r.server_id AND s.lease_until >= unixepoch()))"
    )
    .execute(&mut **pg)
    .await?;
    let released = sqlx::query!(
        "DELETE FROM reservations r
         WHERE NOT EXISTS (SELECT 1 FROM servers s
                           WHERE s.id = r.server_id AND s.lease_until >= unixepoch())"
    )
    .execute(&mut **pg)
    .await?
    .rows_affected();
    sqlx::query!("DELETE FROM servers WHERE lease_until < unixepoch()")
        .execute(&mut **pg)
        .await?;
    tx.commit().await?;
    Ok(released)
}
