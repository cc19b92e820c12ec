//! The outbound limiter toward Claude: requests and tokens per minute (Anthropic limits each
//! account), so a 2,000-lead job waits its turn instead of drawing a storm of 429s.
//!
//! Each request books the next free slot on two schedules, one spaced by the request rate and
//! one by the token rate (its estimated tokens, corrected when the answer says how many it
//! used). Bulk work waits for its slot; a visitor's sequence or rewrite books its slot and goes
//! at once, so visitors keep priority and the bulk work behind them waits longer. Requests are
//! spaced evenly, never bunched; and because a timer may wake a little late (after which the
//! next slot is on time, closer to it than the spacing), bulk work also checks what actually
//! went out: never more than the per-second rate within any second (plus a 20 ms margin for the
//! way to Anthropic).
//!
//! On SQLite (one server) the schedule is this server's memory. On PostgreSQL every server
//! books from the account's one schedule in the database ([`shared`]), on the database's
//! clock, so N servers send the account's rate once, not N times; a visitor's booking is
//! written there without making the visitor wait. Should the database not answer, this
//! server's own schedule stands in (logged).

mod schedule;
mod shared;

use std::{sync::Mutex, time::Duration};

use sqlx::PgPool;
use tokio::time::Instant;

use crate::server::platform::db::{Db, WritePool};
use schedule::{Rates, Schedule};

#[derive(Debug)]
pub struct Limiter {
    rates: Rates,
    /// This server's schedule, on its own clock (seconds since `origin`).
    local: Mutex<Schedule>,
    origin: Instant,
    /// PostgreSQL: the schedule every server shares.
    shared: Option<PgPool>,
}

impl Limiter {
    pub fn new(requests_per_minute: u32, tokens_per_minute: u32) -> Self {
        Self {
            rates: Rates::new(requests_per_minute, tokens_per_minute),
            local: Mutex::new(Schedule::default()),
            origin: Instant::now(),
            shared: None,
        }
    }

    /// The same limiter, booking from the schedule every server shares when `pool`'s database
    /// is PostgreSQL (on SQLite, one server's memory is the whole account).
    pub fn shared_in(self, pool: &WritePool) -> Self {
        match *pool.db() {
            Db::Postgres(pool) => Self {
                shared: Some(pool.clone()),
                ..self
            },
            Db::Sqlite(_) => self,
        }
    }

    /// Waits for room for a bulk request of about `tokens`.
    pub async fn wait(&self, tokens: u32) {
        if let Some(pool) = &self.shared {
            match self.wait_shared(pool, tokens).await {
                Ok(()) => return,
                Err(err) => {
                    tracing::error!(error = %err, "the shared Claude limiter did not answer; this server's schedule stands")
                }
            }
        }
        let rates = self.rates;
        let at = self.here(|s, now| s.book(rates, now, tokens));
        self.sleep(at.0, at.1).await;
        loop {
            match self.here(|s, now| s.send(rates, now, true)) {
                (None, _) => return,
                (Some(room), now) => self.sleep(room, now).await,
            }
        }
    }

    async fn wait_shared(&self, pool: &PgPool, tokens: u32) -> Result<(), sqlx::Error> {
        let rates = self.rates;
        let (at, now) = shared::with_schedule(pool, |s, now| s.book(rates, now, tokens)).await?;
        self.sleep(at, now).await;
        while let Some(wait) = shared::send(pool, rates).await? {
            self.sleep(wait, 0.0).await;
        }
        Ok(())
    }

    /// Takes room for a visitor's request at once: it never waits, and bulk work waits longer.
    pub fn take_now(&self, tokens: u32) {
        let rates = self.rates;
        self.on_schedule(move |s, now| s.take(rates, now, tokens));
    }

    /// Corrects the token schedule once an answer says it used `actual` tokens, not `estimated`.
    pub fn settle(&self, estimated: u32, actual: u32) {
        let rates = self.rates;
        self.on_schedule(move |s, _| s.settle(rates, estimated, actual));
    }

    /// Applies `step` to the schedule without waiting: written to the shared one in the
    /// background (this server's when that fails).
    fn on_schedule(&self, step: impl FnOnce(&mut Schedule, f64) + Copy + Send + 'static) {
        let Some(pool) = self.shared.clone() else {
            self.here(step);
            return;
        };
        tokio::spawn(async move {
            if let Err(err) = shared::with_schedule(&pool, step).await {
                tracing::error!(error = %err, "the shared Claude limiter did not answer; a booking was not shared");
            }
        });
    }

    /// Runs `step` on this server's schedule at its now; answers its answer and that now.
    fn here<R>(&self, step: impl FnOnce(&mut Schedule, f64) -> R) -> (R, f64) {
        let now = self.origin.elapsed().as_secs_f64();
        let mut schedule = self
            .local
            .lock()
            .expect("the limiter's lock is never poisoned");
        (step(&mut schedule, now), now)
    }

    /// Sleeps until `at`, `now` being the same clock's present.
    async fn sleep(&self, at: f64, now: f64) {
        if at > now {
            tokio::time::sleep(Duration::from_secs_f64(at - now)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::schedule::WINDOW;
    use super::*;

    /// Asserts `start` was `secs` seconds ago: the clock is paused, and tokio's timers wake on
    /// whole milliseconds.
    fn assert_at(start: Instant, secs: f64) {
        let elapsed = start.elapsed().as_secs_f64();
        assert!((elapsed - secs).abs() < 0.002, "{elapsed} s, not {secs} s");
    }

    #[tokio::test(start_paused = true)]
    async fn bulk_requests_are_spaced_and_visitors_go_first() {
        // 60 a minute: one a second (and the window's 20 ms margin after each).
        let limiter = Limiter::new(60, 1_000_000);
        let start = Instant::now();
        limiter.wait(10).await;
        assert_at(start, 0.0);
        limiter.wait(10).await;
        limiter.wait(10).await;
        assert_at(start, WINDOW * 2.0);
        // A visitor goes at once and takes the next slot (3 s): the bulk request after it
        // goes a slot later.
        limiter.take_now(10);
        assert_at(start, WINDOW * 2.0);
        limiter.wait(10).await;
        assert_at(start, 4.0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_request_does_not_bunch_the_next_ones_within_a_second() {
        // 120 a minute: two a second, slots every 0.5 s.
        let limiter = Limiter::new(120, 1_000_000);
        let rates = limiter.rates;
        let start = Instant::now();
        limiter.wait(1).await; // 0.0 s
        // The next request's turn comes late (a busy runtime): its slot was at 0.5 s.
        let (at, now) = limiter.here(|s, now| s.book(rates, now, 1));
        limiter.sleep(at + 0.4, now).await;
        while let (Some(room), now) = limiter.here(|s, now| s.send(rates, now, true)) {
            limiter.sleep(room, now).await;
        }
        // 0.9 s. The third's slot is 1.0 s, on time; within the second since 0.0 s there would
        // be three, so it waits for the window.
        limiter.wait(1).await;
        assert_at(start, WINDOW);
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_space_requests_too() {
        // 6,000 tokens a minute: 100 a second; each request of 500 tokens takes 5 s.
        let limiter = Limiter::new(1_000, 6_000);
        let start = Instant::now();
        limiter.wait(500).await;
        limiter.wait(500).await;
        assert_at(start, 5.0);
        // It used 1,000: the next waits for the extra 5 s too.
        limiter.settle(500, 1_000);
        limiter.wait(500).await;
        assert_at(start, 15.0);
    }
}
