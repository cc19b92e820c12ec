//! The settings, grouped by what they steer: Claude, Stripe, the plans on sale, the limits on
//! generating, who may read the metrics, and how logs are written.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use reqwest::Url;
use secrecy::SecretString;

use crate::domain::prices::PriceTable;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines (the default).
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The Claude (Anthropic Messages API) settings.
#[derive(Debug, Clone)]
pub struct AnthropicSettings {
    /// Without a key the offline composer writes sequences.
    pub api_key: Option<SecretString>,
    pub base_url: Url,
    /// `ANTHROPIC_H2C`: speak HTTP/2 to an `http://` base URL without asking first (a proxy
    /// or a fake on loopback that speaks it). Over `https://` HTTP/2 is agreed by itself.
    pub h2c: bool,
    pub model: String,
    /// `CLAUDE_TIMEOUT_SECS`: the longest wait, within one attempt, for the answer to start
    /// or for its next event (a streamed answer may take longer in total).
    pub timeout: Duration,
    /// `CLAUDE_MAX_RETRIES`: retries after a failed attempt (connection errors, timeouts,
    /// 408/409/429/5xx).
    pub max_retries: u32,
    /// `CLAUDE_DEADLINE_SECS`: the most a visitor waits for all attempts together.
    pub deadline: Duration,
    /// `CLAUDE_PRICES`: dollars per million tokens by model, for the cost estimate.
    pub prices: PriceTable,
}

/// The Stripe settings; without a secret key payments are switched off. With one, the webhook
/// secret and both price ids are required (checked at start).
#[derive(Debug, Clone)]
pub struct StripeSettings {
    pub secret_key: Option<SecretString>,
    pub webhook_secret: Option<SecretString>,
    pub api_base: Url,
}

/// The plans on sale: what the pricing page shows and what the server enforces.
#[derive(Debug, Clone)]
pub struct PlanSettings {
    /// `STARTER_NAME`, `STARTER_PRICE_CENTS`, `STARTER_SEQUENCES`, `STARTER_PRICE_ID`.
    pub starter_name: String,
    pub starter_price_cents: u32,
    pub starter_sequences: u32,
    pub starter_price_id: Option<String>,
    /// `PRO_NAME`, `PRO_PRICE_CENTS` (a month), `PRO_DAILY_LIMIT` (fair use), `PRO_PRICE_ID`.
    pub pro_name: String,
    pub pro_price_cents: u32,
    pub pro_daily_limit: u32,
    pub pro_price_id: Option<String>,
}

/// Limits on how often and how much a visitor may generate.
#[derive(Debug, Clone)]
pub struct LimitSettings {
    /// `FREE_SEQUENCES`: sequences a new (free) session may generate.
    pub free_sequences: u32,
    /// `RATE_LIMIT_SESSION` generations per `RATE_LIMIT_SESSION_WINDOW_SECS`, per session.
    pub session_max: u32,
    pub session_window: Duration,
    /// `RATE_LIMIT_IP` generations per `RATE_LIMIT_IP_WINDOW_SECS`, per client IP.
    pub ip_max: u32,
    pub ip_window: Duration,
    /// `IP_DAILY_SESSIONS`: new sessions one client IP may start per 24 hours (clearing cookies
    /// does not buy unlimited free sequences).
    pub ip_daily_sessions: u32,
    /// `IP_DAILY_FREE_GENERATIONS`: free-plan generation attempts per client IP per 24 hours.
    pub ip_daily_free_generations: u32,
    /// `DAILY_GENERATION_CEILING`: generations (all plans, finished or in progress) per UTC day
    /// on the whole server; past it, generation pauses until midnight UTC.
    pub daily_ceiling: u32,
    /// `GENERATION_ENABLED`: false switches generation off (the form says so).
    pub generation_enabled: bool,
    /// `RATE_LIMIT_REWRITE` one-email rewrites per `RATE_LIMIT_REWRITE_WINDOW_SECS`, per session.
    pub rewrite_max: u32,
    pub rewrite_window: Duration,
    /// `TRUSTED_PROXY`: take the client IP from `X-Forwarded-For` (set only behind a proxy
    /// that overwrites it); otherwise the socket address is used.
    pub trusted_proxy: bool,
    /// `SHUTDOWN_GRACE_SECS`: on SIGTERM, how long generations in flight may take to finish
    /// before the process exits anyway (their reservations are given back at the next start).
    pub shutdown_grace: Duration,
    /// `RESERVATION_TIMEOUT_SECS`: a generation still pending after this long was lost (a
    /// crash); its reservation is given back at start and periodically.
    pub reservation_timeout: Duration,
}

/// Lead lists (`server/leads/`): what each plan may upload and write, and how fast bulk work
/// may call Claude.
#[derive(Debug, Clone)]
pub struct LeadSettings {
    /// `LEADS_FREE`, `LEADS_STARTER`, `LEADS_PRO`: first lines each plan may have written in
    /// any 24 hours (leads waiting in a running job count too).
    pub free_per_day: u32,
    pub starter_per_day: u32,
    pub pro_per_day: u32,
    /// `LEADS_MAX_FILE_BYTES`: the largest list accepted (a file or pasted rows).
    pub max_file_bytes: usize,
    /// `LEADS_MAX_ROWS`: the most rows one list may have.
    pub max_rows: usize,
    /// `LEAD_WORKERS`: leads one server writes at a time.
    pub workers: usize,
    /// `LEAD_LEASE_SECS`: how long a server holds a lead it is writing before another may take
    /// it over (a server that died mid-lead).
    pub lease: Duration,
    /// `CLAUDE_REQUESTS_PER_MINUTE` and `CLAUDE_TOKENS_PER_MINUTE`: the outbound limiter toward
    /// Claude, for the account (every server on PostgreSQL books from one schedule). Bulk work
    /// waits for room; a visitor's sequence never waits.
    pub requests_per_minute: u32,
    pub tokens_per_minute: u32,
    /// `LEAD_BATCH_THRESHOLD`: a list with at least this many leads goes through Anthropic's
    /// Message Batches API (half the price; lines arrive when the batch ends).
    pub batch_threshold: usize,
    /// `LEAD_BATCH_POLL_SECS`: how often a batch is looked at.
    pub batch_poll: Duration,
}

/// Who may read `GET /metrics`. With neither set, the route does not exist.
#[derive(Debug, Clone, Default)]
pub struct MetricsSettings {
    /// `METRICS_TOKEN`: `/metrics` on the site answers `Authorization: Bearer <token>` only.
    pub token: Option<SecretString>,
    /// `METRICS_ADDR`: a second listener (e.g. `127.0.0.1:9100`) serving only `/metrics`,
    /// without the token; bind it where only the operator's scraper can reach it.
    pub addr: Option<SocketAddr>,
}

/// Scheduled backups (`server/backups/`): where, how often, and how many are kept.
#[derive(Debug, Clone)]
pub struct BackupSettings {
    /// `BACKUP_ENABLED`: take backups on the schedule (every server takes part; one takes each).
    pub enabled: bool,
    /// `BACKUP_DIR`: where they are written; by default `backups/` beside a SQLite database's
    /// file, else `data/backups`.
    pub dir: PathBuf,
    /// `BACKUP_HOUR_UTC`: the hour (0–23, UTC) of the day's first backup.
    pub hour_utc: u32,
    /// `BACKUP_INTERVAL_HOURS`: hours between backups (a divisor of 24; 24 is daily).
    pub interval_hours: u32,
    /// `BACKUP_KEEP_DAILY`, `BACKUP_KEEP_WEEKLY`: the newest backup of each of this many days,
    /// and of each of this many ISO weeks, are kept; older ones ColdCopy made are deleted.
    pub keep_daily: u32,
    pub keep_weekly: u32,
}
