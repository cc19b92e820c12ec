//! The limiter's shared tier on PostgreSQL: the account's one schedule in a row of
//! `claude_schedule`, read and written under its row lock, on the database's clock, so every
//! server books from the same slots and counts the same window.

use sqlx::PgPool;

use super::schedule::Schedule;

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
