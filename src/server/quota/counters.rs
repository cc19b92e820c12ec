//! The limits' shared tier on PostgreSQL: one row per (limiter, key) in `rate_counters`,
//! counted by every server. A hit is one conditional upsert: a new or expired window starts at
//! 1; a window under its maximum counts one more; a full window is left alone and the hit
//! refused. The row lock the upsert takes makes concurrent hits from any number of servers
//! count one by one.

use std::time::Duration;

use sqlx::PgPool;

use super::limits::Decision;

/// Counts one hit for `key` under `limiter` (at most `max` per `window`), for every server.
pub(crate) async fn hit(
    pool: &PgPool,
    limiter: &str,
    key: &str,
    max: u32,
    window: Duration,
) -> Result<Decision, sqlx::Error> {
    let window_secs = i64::try_from(window.as_secs()).unwrap_or(i64::MAX).max(1);
    let counted = sqlx::query_scalar!(
        "INSERT INTO rate_counters (limiter, key, count, window_ends)
         VALUES ($1, $2, 1, unixepoch() + $3)
         ON CONFLICT (limiter, key) DO UPDATE SET
             count = CASE WHEN rate_counters.window_ends <= unixepoch() THEN 1
                          ELSE rate_counters.count + 1 END,
             window_ends = CASE WHEN rate_counters.window_ends <= unixepoch() THEN unixepoch() + $3
                                ELSE rate_counters.window_ends END
         WHERE rate_counters.window_ends <= unixepoch() OR rate_counters.count < $4
         RETURNING count",
        limiter,
        key,
        window_secs,
        i64::from(max)
    )
    .fetch_optional(pool)
    .await?;
    if counted.is_some() {
        return Ok(Decision::Allowed);
    }
    let left = sqlx::query_scalar!(
        r#"SELECT greatest(window_ends - unixepoch(), 1) AS "left!"
           FROM rate_counters WHERE limiter = $1 AND key = $2"#,
        limiter,
        key
    )
    .fetch_optional(pool)
    .await?
    .unwrap_or(1);
    Ok(Decision::Limited {
        retry_after: Duration::from_secs(u64::try_from(left).unwrap_or(1)),
    })
}

/// Deletes the windows that have ended; answers how many.
pub(crate) async fn sweep(pool: &PgPool) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query!("DELETE FROM rate_counters WHERE window_ends <= unixepoch()")
            .execute(pool)
            .await?
            .rows_affected(),
    )
}
