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
//! way to Anthropic). The schedules are this server's; with several servers, divide the
//! account's limits among them.

use std::{collections::VecDeque, sync::Mutex, time::Duration};

use tokio::time::Instant;

#[derive(Debug)]
pub struct Limiter {
    /// Time between two requests.
    per_request: Duration,
    /// Time one token takes at the token rate.
    per_token: Duration,
    next: Mutex<Slots>,
    /// The most requests in any [`WINDOW`].
    per_window: usize,
    /// When the last `per_window` requests went out.
    sent: Mutex<VecDeque<Instant>>,
}

/// The sliding window the per-second rate is kept within (a second and a margin).
const WINDOW: Duration = Duration::from_millis(1_020);

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
            per_window: usize::try_from(requests_per_minute / 60)
                .unwrap_or(1)
                .max(1),
            sent: Mutex::new(VecDeque::new()),
        }
    }

    /// Records a request going out now; with `wait`, only when the window has room (else
    /// answers when it will).
    fn send(&self, wait: bool) -> Option<Instant> {
        let now = Instant::now();
        let mut sent = self
            .sent
            .lock()
            .expect("the limiter's lock is never poisoned");
        while sent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            sent.pop_front();
        }
        if wait && sent.len() >= self.per_window {
            return sent.front().map(|first| *first + WINDOW);
        }
        sent.push_back(now);
        None
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
        while let Some(room) = self.send(true) {
            tokio::time::sleep_until(room).await;
        }
    }

    /// Takes room for a visitor's request at once: it never waits, and bulk work waits longer.
    pub fn take_now(&self, tokens: u32) {
        self.send(false);
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
        // 60 a minute: one a second (and the window's 20 ms margin after each).
        let limiter = Limiter::new(60, 1_000_000);
        let start = Instant::now();
        limiter.wait(10).await;
        assert_eq!(start.elapsed(), Duration::ZERO, "the first goes at once");
        limiter.wait(10).await;
        limiter.wait(10).await;
        assert_eq!(start.elapsed(), WINDOW * 2);
        // A visitor goes at once and takes the next slot (3 s): the bulk request after it
        // goes a slot later.
        limiter.take_now(10);
        assert_eq!(start.elapsed(), WINDOW * 2);
        limiter.wait(10).await;
        assert_eq!(start.elapsed(), Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_request_does_not_bunch_the_next_ones_within_a_second() {
        // 120 a minute: two a second, slots every 0.5 s.
        let limiter = Limiter::new(120, 1_000_000);
        let start = Instant::now();
        limiter.wait(1).await; // 0.0 s
        // The next request's turn comes late (a busy runtime): its slot was at 0.5 s.
        let at = limiter.book(1);
        tokio::time::sleep_until(at + Duration::from_millis(400)).await;
        while let Some(room) = limiter.send(true) {
            tokio::time::sleep_until(room).await;
        }
        // 0.9 s. The third's slot is 1.0 s, on time; within the second since 0.0 s there would
        // be three, so it waits for the window.
        limiter.wait(1).await;
        assert_eq!(start.elapsed(), WINDOW);
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
