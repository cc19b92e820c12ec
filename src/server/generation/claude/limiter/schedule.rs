//! The limiter's bookkeeping, the same on both tiers: times are seconds on one clock (this
//! server's, or the database's when every server shares it), so the arithmetic is plain and
//! the state fits in a row.

/// The sliding window the per-second rate is kept within, in seconds (a second and a margin
/// for the way to Anthropic).
pub(super) const WINDOW: f64 = 1.020;

/// The account's limits as spacings.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rates {
    /// Seconds between two requests.
    pub(super) per_request: f64,
    /// Seconds one token takes at the token rate.
    pub(super) per_token: f64,
    /// The most requests within any [`WINDOW`].
    pub(super) per_window: usize,
}

impl Rates {
    pub(super) fn new(requests_per_minute: u32, tokens_per_minute: u32) -> Self {
        Self {
            per_request: 60.0 / f64::from(requests_per_minute.max(1)),
            per_token: 60.0 / f64::from(tokens_per_minute.max(1)),
            per_window: usize::try_from(requests_per_minute / 60)
                .unwrap_or(1)
                .max(1),
        }
    }
}

/// The next free slot on each schedule and when the last requests went out.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Schedule {
    /// The request schedule's next free slot.
    pub(super) request: f64,
    /// The token schedule's.
    pub(super) tokens: f64,
    /// When each request within the last [`WINDOW`] went out, oldest first.
    pub(super) sent: Vec<f64>,
}

impl Schedule {
    /// Books a slot for a request of about `tokens` at `now`; answers when it may go.
    pub(super) fn book(&mut self, rates: Rates, now: f64, tokens: u32) -> f64 {
        let at = self.request.max(self.tokens).max(now);
        self.push_back(rates, now, tokens);
        at
    }

    /// Records a request going out at `now`; with `wait`, only when the window has room (else
    /// answers when it will).
    pub(super) fn send(&mut self, rates: Rates, now: f64, wait: bool) -> Option<f64> {
        self.sent.retain(|t| now - t < WINDOW);
        if wait && self.sent.len() >= rates.per_window {
            return self.sent.first().map(|first| first + WINDOW);
        }
        self.sent.push(now);
        None
    }

    /// A visitor's request goes out at `now` without waiting; bulk work after it waits longer.
    pub(super) fn take(&mut self, rates: Rates, now: f64, tokens: u32) {
        self.send(rates, now, false);
        self.push_back(rates, now, tokens);
    }

    /// Corrects the token schedule once an answer says it used `actual` tokens, not `estimated`.
    pub(super) fn settle(&mut self, rates: Rates, estimated: u32, actual: u32) {
        self.tokens += rates.per_token * (f64::from(actual) - f64::from(estimated));
    }

    fn push_back(&mut self, rates: Rates, now: f64, tokens: u32) {
        self.request = self.request.max(now) + rates.per_request;
        self.tokens = self.tokens.max(now) + rates.per_token * f64::from(tokens);
    }
}
