//! Prometheus metrics (OpenMetrics text): what the operator watches. One `Metrics` in `AppState`
//! records requests, generations, Claude calls, refusals and webhooks; `GET /metrics` serves it
//! only behind `METRICS_TOKEN` on the site, or on the private `METRICS_ADDR` listener.
//!
//! Every label value comes from a fixed set (a route pattern, never a raw path; a known method
//! or `OTHER`; a known Stripe event type or `other`), so no visitor can grow the series.

mod backups;
mod http;
mod mail;

use std::time::Duration;

use crate::domain::sequence::Source;
use axum::http::StatusCode;
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::{Metric, Registry, Unit},
};

pub(crate) use http::{scrape, scrape_with_token, track};

/// Request latency buckets, in seconds (1 ms to 1 min: a streamed generation is counted to its
/// first byte, a plain form post to its saved sequence).
const HTTP_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0,
];
/// Claude call latency buckets, in seconds.
const CLAUDE_BUCKETS: [f64; 11] = [0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0, 120.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HttpLabels {
    method: &'static str,
    route: String,
    status: u64,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct GenerationLabels {
    source: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    call: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VersionLabels {
    version: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallOutcomeLabels {
    call: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TokenLabels {
    call: &'static str,
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WebhookLabels {
    event_type: &'static str,
    outcome: &'static str,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// Registers a clone of `metric` (the registry keeps one handle, `Metrics` the other).
fn registered<M: Metric + Clone>(
    registry: &mut Registry,
    name: &str,
    help: &str,
    unit: Option<Unit>,
    metric: M,
) -> M {
    match unit {
        Some(unit) => registry.register_with_unit(name, help, unit, metric.clone()),
        None => registry.register(name, help, metric.clone()),
    }
    metric
}

/// Which Claude call a figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaudeCall {
    /// A whole sequence, streamed.
    Sequence,
    /// One email rewritten.
    Rewrite,
    /// One lead's first line (bulk work, behind the outbound limiter).
    FirstLine,
    /// An answer to a lead's reply, suggested or rewritten.
    Answer,
}

impl ClaudeCall {
    fn label(self) -> &'static str {
        match self {
            ClaudeCall::Sequence => "sequence",
            ClaudeCall::Rewrite => "rewrite",
            ClaudeCall::FirstLine => "first_line",
            ClaudeCall::Answer => "answer",
        }
    }
}

/// Every metric the server exports, registered once at start.
pub struct Metrics {
    registry: Registry,
    http_requests: Family<HttpLabels, Counter>,
    http_duration: Histograms<RouteLabels>,
    generations: Family<GenerationLabels, Counter>,
    generations_in_flight: Gauge,
    claude_duration: Histograms<CallOutcomeLabels>,
    claude_tokens: Family<TokenLabels, Counter>,
    claude_retries: Family<CallLabels, Counter>,
    claude_responses: Family<VersionLabels, Counter>,
    quota_denials: Family<ReasonLabels, Counter>,
    rate_limit_hits: Family<LimitLabels, Counter>,
    webhook_events: Family<WebhookLabels, Counter>,
    backups: backups::BackupMetrics,
    mail: mail::MailMetrics,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("coldcopy");
        let http_requests = registered(
            &mut registry,
            "http_requests",
            "HTTP requests by method, route pattern and status",
            None,
            Family::default(),
        );
        let http_duration = registered(
            &mut registry,
            "http_request_duration",
            "Time from request to response headers, by method and route pattern",
            Some(Unit::Seconds),
            Histograms::<RouteLabels>::new_with_constructor(|| Histogram::new(HTTP_BUCKETS)),
        );
        let generations = registered(
            &mut registry,
            "generations",
            "Sequences asked for after admission, by writer (claude, offline) and outcome (saved or the error)",
            None,
            Family::default(),
        );
        let generations_in_flight = registered(
            &mut registry,
            "generations_in_flight",
            "Generations writing right now (shutdown waits for them)",
            None,
            Gauge::default(),
        );
        let claude_duration = registered(
            &mut registry,
            "claude_request_duration",
            "One Messages API attempt, by call (sequence, rewrite) and outcome (ok, error)",
            Some(Unit::Seconds),
            Histograms::<CallOutcomeLabels>::new_with_constructor(|| {
                Histogram::new(CLAUDE_BUCKETS)
            }),
        );
        let claude_tokens = registered(
            &mut registry,
            "claude_tokens",
            "Tokens Claude reported for usable answers, by call and kind (input, output)",
            None,
            Family::default(),
        );
        let claude_retries = registered(
            &mut registry,
            "claude_retries",
            "Messages API attempts made again after a failure, by call",
            None,
            Family::default(),
        );
        let claude_responses = registered(
            &mut registry,
            "claude_responses",
            "Answers from the Messages API by HTTP version (on 2, up to 100 calls share a connection)",
            None,
            Family::default(),
        );
        let quota_denials = registered(
            &mut registry,
            "quota_denials",
            "Generations refused by an allowance or switch, by reason",
            None,
            Family::default(),
        );
        let rate_limit_hits = registered(
            &mut registry,
            "rate_limit_hits",
            "Requests refused by an in-memory limit, by limit",
            None,
            Family::default(),
        );
        let webhook_events = registered(
            &mut registry,
            "stripe_webhook_events",
            "Stripe webhook deliveries by event type and outcome",
            None,
            Family::default(),
        );
        let backups = backups::BackupMetrics::register(&mut registry);
        let mail = mail::MailMetrics::register(&mut registry);
        Self {
            registry,
            backups,
            mail,
            http_requests,
            http_duration,
            generations,
            generations_in_flight,
            claude_duration,
            claude_tokens,
            claude_retries,
            claude_responses,
            quota_denials,
            rate_limit_hits,
            webhook_events,
        }
    }

    pub(crate) fn http(
        &self,
        method: &'static str,
        route: String,
        status: StatusCode,
        elapsed: Duration,
    ) {
        self.http_duration
            .get_or_create(&RouteLabels {
                method,
                route: route.clone(),
            })
            .observe(elapsed.as_secs_f64());
        self.http_requests
            .get_or_create(&HttpLabels {
                method,
                route,
                status: u64::from(status.as_u16()),
            })
            .inc();
    }

    /// A generation ended: `outcome` is `saved` or the error's tag.
    pub fn generation(&self, source: Source, outcome: &'static str) {
        self.generations
            .get_or_create(&GenerationLabels {
                source: source.as_str(),
                outcome,
            })
            .inc();
    }

    /// One Messages API attempt took `elapsed`.
    pub fn claude_attempt(&self, call: ClaudeCall, elapsed: Duration, ok: bool) {
        let outcome = if ok { "ok" } else { "error" };
        self.claude_duration
            .get_or_create(&CallOutcomeLabels {
                call: call.label(),
                outcome,
            })
            .observe(elapsed.as_secs_f64());
    }

    /// The tokens a usable answer reported.
    pub fn claude_tokens(&self, call: ClaudeCall, input: u32, output: u32) {
        for (kind, n) in [("input", input), ("output", output)] {
            self.claude_tokens
                .get_or_create(&TokenLabels {
                    call: call.label(),
                    kind,
                })
                .inc_by(u64::from(n));
        }
    }

    /// Another attempt is about to be made.
    pub fn claude_retry(&self, call: ClaudeCall) {
        self.claude_retries
            .get_or_create(&CallLabels { call: call.label() })
            .inc();
    }

    /// An answer from the Messages API arrived over `version` (whether calls share connections).
    pub fn claude_response(&self, version: axum::http::Version) {
        let version = match version {
            axum::http::Version::HTTP_2 => "2",
            axum::http::Version::HTTP_11 => "1.1",
            _ => "other",
        };
        self.claude_responses
            .get_or_create(&VersionLabels { version })
            .inc();
    }

    /// A generation or rewrite was refused for `reason`.
    pub fn quota_denied(&self, reason: &'static str) {
        self.quota_denials
            .get_or_create(&ReasonLabels { reason })
            .inc();
    }

    /// The counter a rate limiter named `limit` adds its refusals to.
    pub fn rate_limit_counter(&self, limit: &'static str) -> Counter {
        self.rate_limit_hits
            .get_or_create(&LimitLabels { limit })
            .clone()
    }

    /// A webhook delivery of `kind` (a known type, else counted as `other`) ended in `outcome`.
    pub fn webhook(&self, kind: Option<&str>, outcome: &'static str) {
        let event_type = match kind {
            None => "unverified",
            Some(kind) => crate::server::billing::events::HANDLED_EVENTS
                .iter()
                .find(|known| **known == kind)
                .copied()
                .unwrap_or("other"),
        };
        self.webhook_events
            .get_or_create(&WebhookLabels {
                event_type,
                outcome,
            })
            .inc();
    }

    /// The exposition text, with the gauges read now.
    pub fn render(&self, in_flight: usize) -> String {
        self.generations_in_flight
            .set(i64::try_from(in_flight).unwrap_or(i64::MAX));
        let mut text = String::with_capacity(16 * 1024);
        encode(&mut text, &self.registry).expect("writing to a String cannot fail");
        text
    }
}

#[cfg(test)]
mod tests;
