//! Burst limits: a fixed window per key (a session, a client IP), counted in two tiers.
//!
//! The first tier is this server's memory, a moka cache: the count is updated with moka's
//! per-key atomic `and_compute_with`, so concurrent requests cannot slip past the limit; an
//! entry expires on its own when its window ends (the expiry is set at creation and kept on
//! update). On SQLite (one server) it is the whole count. On PostgreSQL a hit this server
//! allows is then counted for every server in the database (`counters`), so N servers allow
//! the limit once, not N times, and a restart resets nothing; the memory tier still refuses
//! early, without a query, a key this server alone has already seen `max` times. Should the
//! database not answer, the memory tier's answer stands (logged).

use std::{
    net::IpAddr,
    time::{Duration, Instant},
};

use axum::http::HeaderMap;
use moka::{Expiry, future::Cache, ops::compute::Op};
use prometheus_client::metrics::counter::Counter;
use sqlx::PgPool;

use crate::server::platform::db::{Db, WritePool};

/// A key's count in its current window.
#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
}

/// Expires an entry one window after it was created, whatever updates it gets.
struct FixedWindow(Duration);

impl Expiry<String, Window> for FixedWindow {
    fn expire_after_create(
        &self,
        _key: &String,
        _value: &Window,
        _at: Instant,
    ) -> Option<Duration> {
        Some(self.0)
    }
}

/// Whether a request may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Over the limit; the window ends in `retry_after`.
    Limited {
        retry_after: Duration,
    },
}

/// At most `max` hits per key in each `window`.
#[derive(Clone)]
pub struct RateLimiter {
    cache: Cache<String, Window>,
    max: u32,
    window: Duration,
    /// Counts the refusals (the `rate_limit_hits` metric), when given.
    refusals: Option<Counter>,
    /// PostgreSQL: the count every server shares, under this limiter's name.
    shared: Option<(PgPool, &'static str)>,
}

impl RateLimiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            cache: Cache::builder()
                .max_capacity(1_000_000)
                .expire_after(FixedWindow(window))
                .build(),
            max,
            window,
            refusals: None,
            shared: None,
        }
    }

    /// The same limiter, counted for every server in `pool`'s database under `name` when it is
    /// PostgreSQL (on SQLite, one server's memory is the whole count).
    pub fn shared_in(self, pool: &WritePool, name: &'static str) -> Self {
        match *pool.db() {
            Db::Postgres(pool) => Self {
                shared: Some((pool.clone(), name)),
                ..self
            },
            Db::Sqlite(_) => self,
        }
    }

    /// The same limiter, adding each refusal to `counter`.
    pub fn counting_refusals(self, counter: Counter) -> Self {
        Self {
            refusals: Some(counter),
            ..self
        }
    }

    /// Counts one hit for `key`, unless it is already at the limit: in this server's memory,
    /// then, when shared, for every server.
    pub async fn hit(&self, key: &str) -> Decision {
        let local = self.hit_here(key).await;
        let (Decision::Allowed, Some((pool, name))) = (local, &self.shared) else {
            return local;
        };
        match super::counters::hit(pool, name, key, self.max, self.window).await {
            Ok(Decision::Allowed) => Decision::Allowed,
            Ok(limited) => {
                if let Some(refusals) = &self.refusals {
                    refusals.inc();
                }
                limited
            }
            Err(err) => {
                tracing::error!(error = %err, limiter = name, "the shared limit did not answer; this server's count stands");
                local
            }
        }
    }

    /// The memory tier alone.
    async fn hit_here(&self, key: &str) -> Decision {
        let max = self.max;
        let result = self
            .cache
            .entry_by_ref(key)
            .and_compute_with(|entry| {
                let op = match entry.map(|e| e.into_value()) {
                    None => Op::Put(Window {
                        started: Instant::now(),
                        count: 1,
                    }),
                    Some(w) if w.count < max => Op::Put(Window {
                        count: w.count + 1,
                        ..w
                    }),
                    Some(_) => Op::Nop,
                };
                std::future::ready(op)
            })
            .await;
        match result {
            moka::ops::compute::CompResult::Unchanged(entry) => {
                if let Some(refusals) = &self.refusals {
                    refusals.inc();
                }
                let elapsed = entry.into_value().started.elapsed();
                Decision::Limited {
                    retry_after: self.window.saturating_sub(elapsed),
                }
            }
            _ => Decision::Allowed,
        }
    }
}

/// The per-session and per-IP limiters for generations.
#[derive(Clone)]
pub struct GenerationLimits {
    pub per_session: RateLimiter,
    pub per_ip: RateLimiter,
    /// One-email rewrites, per session.
    pub rewrites: RateLimiter,
    /// New sessions per client IP per day.
    pub new_sessions_per_ip: RateLimiter,
    /// Free-plan generation attempts per client IP per day.
    pub free_per_ip: RateLimiter,
    /// Today's generations on the whole server, as `quota::is_paused` last counted them.
    pub(crate) generations_today: Cache<(), i64>,
}

/// How long `quota::is_paused` answers from memory.
pub(crate) const TODAY_TTL: Duration = Duration::from_secs(2);

/// The cache behind `GenerationLimits::generations_today`.
pub(crate) fn generations_today_cache() -> Cache<(), i64> {
    Cache::builder()
        .max_capacity(1)
        .time_to_live(TODAY_TTL)
        .build()
}

/// A day, for the per-IP daily caps.
pub(crate) const DAY: Duration = Duration::from_secs(86_400);

/// The client's IP: the socket's peer, or, behind a trusted proxy, the last `X-Forwarded-For`
/// entry (the one our proxy appended; earlier entries are the client's to forge).
pub(crate) fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted_proxy: bool) -> IpAddr {
    if !trusted_proxy {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer)
}

/// Whole seconds to wait, rounded up, never 0.
pub(crate) fn retry_after_secs(wait: Duration) -> u64 {
    let rounded_up = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    rounded_up.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[tokio::test]
    async fn allows_up_to_the_limit_then_says_how_long_to_wait() {
        let limiter = RateLimiter::new(3, Duration::from_secs(600));
        for _ in 0..3 {
            assert_eq!(limiter.hit("s1").await, Decision::Allowed);
        }
        match limiter.hit("s1").await {
            Decision::Limited { retry_after } => {
                assert!(retry_after <= Duration::from_secs(600));
                assert!(retry_after > Duration::from_secs(590));
            }
            other => panic!("expected a limit, got {other:?}"),
        }
        // Other keys have their own window.
        assert_eq!(limiter.hit("s2").await, Decision::Allowed);
    }

    #[tokio::test]
    async fn refusals_are_counted_and_allowed_hits_are_not() {
        let refusals = Counter::default();
        let limiter =
            RateLimiter::new(2, Duration::from_secs(60)).counting_refusals(refusals.clone());
        for _ in 0..5 {
            limiter.hit("k").await;
        }
        assert_eq!(refusals.get(), 3);
    }

    #[tokio::test]
    async fn the_window_ends_on_its_own() {
        let limiter = RateLimiter::new(1, Duration::from_millis(200));
        assert_eq!(limiter.hit("k").await, Decision::Allowed);
        assert!(matches!(limiter.hit("k").await, Decision::Limited { .. }));
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(limiter.hit("k").await, Decision::Allowed);
    }

    #[tokio::test]
    async fn concurrent_hits_never_exceed_the_limit() {
        let limiter = RateLimiter::new(5, Duration::from_secs(60));
        let hits = (0..200).map(|_| {
            let limiter = limiter.clone();
            tokio::spawn(async move { limiter.hit("same").await })
        });
        let mut allowed = 0;
        for hit in hits {
            if hit.await.unwrap() == Decision::Allowed {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 5);
    }

    #[test]
    fn forwarded_for_is_used_only_behind_a_trusted_proxy() {
        let peer: IpAddr = "10.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.1.1.1, 203.0.113.9"),
        );
        assert_eq!(client_ip(peer, &headers, false), peer);
        assert_eq!(
            client_ip(peer, &headers, true),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(peer, &HeaderMap::new(), true), peer);
    }

    #[test]
    fn retry_after_rounds_up_and_is_never_zero() {
        assert_eq!(retry_after_secs(Duration::from_millis(1_500)), 2);
        assert_eq!(retry_after_secs(Duration::from_secs(3)), 3);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }
}
