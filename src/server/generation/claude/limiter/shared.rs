//! The limiter's shared tier on PostgreSQL: the account's one schedule in a row of
//! `claude_schedule`, read and written under its row lock, on the database's clock, so every
//! server books from the same slots and counts the same window.
//!
//! Booking a slot reads the row, runs [`Schedule::book`] and writes it back in a transaction.
//! The window's check is [`send`], one statement: the time it records is taken once the row's
//! lock is held, and the request leaves as soon as the statement answers (a transaction's
//! further round trips would put that much time between the record and the request, and
//! bunch requests the window is there to keep apart).

use sqlx::PgPool;

use super::schedule::{Rates, Schedule, WINDOW};

/// The row every server books from: Anthropic limits the account, not the server.
const ACCOUNT: &str = "anthropic";

/// Runs `step` on the shared schedule at the database's now (seconds since the epoch) and
/// stores the result; answers what `step` answered and that now.
pub(super) async fn with_schedule<R>(
    pool: &PgPool,
    step: impl FnOnce(&mut Schedule, f64) -> R,
) -> Result<(R, f64), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "INSERT INTO claude_schedule (account) VALUES ($1) ON CONFLICT (account) DO NOTHING",
        ACCOUNT
    )
    .execute(&mut *tx)
    .await?;
    let row = sqlx::query!(
        r#"SELECT next_request, next_tokens, sent,
                  extract(epoch FROM clock_timestamp())::float8 AS "now!"
           FROM claude_schedule WHERE account = $1 FOR UPDATE"#,
        ACCOUNT
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut schedule = Schedule {
        request: row.next_request,
        tokens: row.next_tokens,
        sent: row.sent,
    };
    let answer = step(&mut schedule, row.now);
    sqlx::query!(
        "UPDATE claude_schedule SET next_request = $2, next_tokens = $3, sent = $4
         WHERE account = $1",
        ACCOUNT,
        schedule.request,
        schedule.tokens,
        &schedule.sent
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((answer, row.now))
}

/// Records a request going out now when fewer than the rate's requests went out within the
/// window ([`Schedule::send`] with `wait`, in SQL); else answers how many seconds until there
/// is room.
pub(super) async fn send(pool: &PgPool, rates: Rates) -> Result<Option<f64>, sqlx::Error> {
    let per_window = i64::try_from(rates.per_window).unwrap_or(i64::MAX);
    let sent = sqlx::query_scalar!(
        r#"UPDATE claude_schedule SET sent = array_append(
               ARRAY(SELECT t FROM unnest(sent) AS t
                     WHERE t > extract(epoch FROM clock_timestamp())::float8 - $2::float8),
               extract(epoch FROM clock_timestamp())::float8)
           WHERE account = $1
             AND (SELECT count(*) FROM unnest(sent) AS t
                  WHERE t > extract(epoch FROM clock_timestamp())::float8 - $2::float8) < $3
           RETURNING true AS "sent!""#,
        ACCOUNT,
        WINDOW,
        per_window
    )
    .fetch_optional(pool)
    .await?;
    if sent.is_some() {
        return Ok(None);
    }
    let room = sqlx::query_scalar!(
        r#"SELECT (SELECT min(t) FROM unnest(sent) AS t
                   WHERE t > extract(epoch FROM clock_timestamp())::float8 - $2::float8)
                  + $2::float8 - extract(epoch FROM clock_timestamp())::float8 AS "wait"
           FROM claude_schedule WHERE account = $1"#,
        ACCOUNT,
        WINDOW
    )
    .fetch_optional(pool)
    .await?
    .flatten();
    // No row yet, or the window emptied meanwhile: look again at once.
    Ok(Some(room.unwrap_or(0.0).max(0.0)))
}
