//! The work every server does beside answering requests: giving back reservations a crash
//! left, deleting the writings that ended without a sequence a week ago, and on PostgreSQL
//! keeping this server's lease. (The lead worker is `leads::worker`.)

use std::time::Duration;

use crate::server::platform::db::{self, WritePool};
use crate::server::platform::state::AppState;
use crate::server::quota::allowance;
use crate::server::sequences::writings;

/// Gives back reservations left by a crash, and deletes writings that ended a week ago: once
/// now, before serving, then every minute. When
/// no other server holds the database (`sole`), every reservation found at start was left by a
/// process that died, so all of them go back at once; later sweeps wait for the timeout.
pub(super) async fn spawn_reservation_sweeper(state: &AppState, sole: bool) {
    let timeout = state.settings.limits.reservation_timeout;
    let sweep = move |pool: WritePool, timeout: Duration| async move {
        match allowance::release_stale(&pool, timeout).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                released = n,
                "gave back reservations left pending by a crash"
            ),
            Err(err) => tracing::error!(error = %err, "could not release stale reservations"),
        }
        match writings::sweep(&pool, writings::KEPT).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "deleted writings that ended a week ago"),
            Err(err) => tracing::error!(error = %err, "could not delete old writings"),
        }
    };
    sweep(
        state.writer.clone(),
        if sole { Duration::ZERO } else { timeout },
    )
    .await;
    let pool = state.writer.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        every.tick().await;
        loop {
            every.tick().await;
            if pool.is_closed() {
                break;
            }
            sweep(pool.clone(), timeout).await;
        }
    });
}

/// PostgreSQL: takes this server's lease before it serves, then every third of a lease renews
/// it, gives back the reservations of servers whose lease ran out, and deletes ended limit
/// windows. Nothing on SQLite.
pub(super) async fn spawn_lease_keeper(pool: WritePool) {
    let db::Db::Postgres(counters) = *pool.db() else {
        return;
    };
    let counters = counters.clone();
    let keep = |pool: WritePool, counters: sqlx::PgPool| async move {
        if let Err(err) = allowance::renew_lease(&pool).await {
            tracing::error!(error = %err, "could not renew this server's lease");
        }
        match allowance::release_orphaned(&pool).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                released = n,
                "gave back the reservations of a server whose lease ran out"
            ),
            Err(err) => tracing::error!(error = %err, "could not release orphaned reservations"),
        }
        if let Err(err) = crate::server::quota::counters::sweep(&counters).await {
            tracing::error!(error = %err, "could not delete ended limit windows");
        }
    };
    keep(pool.clone(), counters.clone()).await;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(allowance::LEASE / 3);
        every.tick().await;
        loop {
            every.tick().await;
            if pool.is_closed() {
                break;
            }
            keep(pool.clone(), counters.clone()).await;
        }
    });
}
