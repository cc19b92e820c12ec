//! The outbound limiter toward Claude: requests and tokens per minute (Anthropic limits each
//! account), so a 2,000-lead job waits its turn instead of drawing a storm of 429s.
//!
//! Each request books the next free slot on two schedules, one spaced by the request rate and
//! one by the token rate (its estimated tokens, corrected when the answer says how many it
//! used). Bulk work waits for its slot; a visitor's sequence or rewrite books its slot and goes
//! at once, so visitors keep priority and the bulk work behind them waits longer. Requests are
//! spaced evenly, never bunched: in any second at most one more than the per-second rate goes
//! out. The schedules are this server's; with several servers, divide the account's limits
//! among them.

use std::{sync::Mutex, time::Duration};

use tokio::time::Instant;

#[derive(Debug)]
pub struct Limiter {
    /// Time between two requests.
    per_request: Duration,
    /// Time one token takes at the token rate.
    per_token: Duration,
    next: Mutex<Slots>,
}

#[derive(Debug)]
struct Slots {
    request: Instant,
    tokens: Instant,
}

impl Limiter {
    pub fn new(requests_per_minute: u32, tokens_per_minute: u32) -> Self {
        let now = Instant::now();
        Self {
            per_request: Duration::from_secs(60) / requests_per_minute.max(1),
            per_token: Duration::from_secs(60) / tokens_per_minute.max(1),
            next: Mutex::new(Slots {
                request: now,
                tokens: now,
            }),
        }
    }

    /// Books a slot for a request of about `tokens` and returns when it may go.
    fn book(&self, tokens: u32) -> Instant {
        let now = Instant::now();
        let mut next = self
            .next
            .lock()
            .expect("the limiter's lock is never poisoned");
        let at = next.request.max(next.tokens).max(now);
        next.request = next.request.max(now) + self.per_request;
        next.tokens = next.tokens.max(now) + self.per_token * tokens;
        at
    }

    /// Waits for room for a bulk request of about `tokens`.
    pub async fn wait(&self, tokens: u32) {
        let at = self.book(tokens);
        tokio::time::sleep_until(at).await;
    }

    /// Takes room for a visitor's request at once: it never waits, and bulk work waits longer.
    pub fn take_now(&self, tokens: u32) {
        let now = Instant::now();
        let mut next = self
            .next
            .lock()
            .expect("the limiter's lock is never poisoned");
        next.request = next.request.max(now) + self.per_request;
        next.tokens = next.tokens.max(now) + self.per_token * tokens;
    }

    /// Corrects the token schedule once an answer says it used `actual` tokens, not `estimated`.
    pub fn settle(&self, estimated: u32, actual: u32) {
        let mut next = self
            .next
            .lock()
            .expect("the limiter's lock is never poisoned");
        if actual > estimated {
            next.tokens += self.per_token * (actual - estimated);
        } else {
            let back = self.per_token * (estimated - actual);
            next.tokens = next.tokens.checked_sub(back).unwrap_or(next.tokens);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn bulk_requests_are_spaced_and_visitors_go_first() {
        // 60 a minute: one a second.
        let limiter = Limiter::new(60, 1_000_000);
        let start = Instant::now();
        for _ in 0..3 {
            limiter.wait(10).await;
        }
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(2),
            "the first goes at once"
        );
        // A visitor goes at once and pushes the next bulk request back by one slot.
        limiter.take_now(10);
        assert_eq!(start.elapsed(), Duration::from_secs(2));
        limiter.wait(10).await;
        assert_eq!(start.elapsed(), Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn tokens_space_requests_too() {
        // 6,000 tokens a minute: 100 a second; each request of 500 tokens takes 5 s.
        let limiter = Limiter::new(1_000, 6_000);
        let start = Instant::now();
        limiter.wait(500).await;
        limiter.wait(500).await;
        assert_eq!(start.elapsed(), Duration::from_secs(5));
        // It used 1,000: the next waits for the extra 5 s too.
        limiter.settle(500, 1_000);
        limiter.wait(500).await;
        assert_eq!(start.elapsed(), Duration::from_secs(15));
    }
}
