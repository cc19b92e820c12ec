//! The one `AppState`, built at start and provided to every render and server function.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use tokio_util::task::TaskTracker;

use crate::server::accounts::SignInLimits;
use crate::server::billing::stripe::StripeClient;
use crate::server::generation::claude::{ClaudeClient, limiter::Limiter};
use crate::server::mail::{MailboxTools, Relay};
use crate::server::platform::config::Settings;
use crate::server::platform::db::{Pools, ReadPool, WritePool};
use crate::server::platform::metrics::Metrics;
use crate::server::platform::page_cache::PageCache;
use crate::server::quota::limits::{DAY, GenerationLimits, RateLimiter, generations_today_cache};

/// Everything a request may need, built once and shared: cloning it (every middleware that
/// takes it, every render, every server function) is one reference count.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The sign-in links' window.
const HOUR: std::time::Duration = std::time::Duration::from_secs(3_600);

/// What [`AppState`] shares. Each field was a cheap handle already, but a clone of all of them
/// (six moka caches among them, each several reference counts and a channel sender) on every
/// middleware and handler of every request cost a tenth of a plain request's time (perf).
pub struct Shared {
    pub leptos_options: LeptosOptions,
    /// The connections that read.
    pub reader: ReadPool,
    /// The one connection every write goes through (`platform::db`).
    pub writer: WritePool,
    pub settings: Arc<Settings>,
    /// `None` without an API key: the offline composer writes instead.
    pub claude: Option<ClaudeClient>,
    pub limits: GenerationLimits,
    /// `None` without Stripe keys: plans are shown, not sold.
    pub stripe: Option<StripeClient>,
    /// Where a page's forms may be redirected besides this site (Stripe), for its CSP.
    pub payment_origins: Arc<[String]>,
    /// The generations running in their own tasks: shutdown waits for them.
    pub generations: TaskTracker,
    /// What `GET /metrics` exports.
    pub metrics: Arc<Metrics>,
    /// The pages served from memory (`platform::page_cache`).
    pub pages: PageCache,
    /// Wakes this server's lead worker when a job starts here (`leads::worker`).
    pub lead_work: Arc<tokio::sync::Notify>,
    /// `None` without `SMTP_URL`: no mail is sent, so nobody can sign in.
    pub relay: Option<Relay>,
    /// How many sign-in links an address and a client IP may ask for.
    pub sign_in: SignInLimits,
    /// The founders' mailboxes: the key sealing their passwords, the certificates trusted.
    pub mailboxes: MailboxTools,
    /// Held through a campaign round: one at a time per server (the timer's and a start's).
    pub sending: Arc<tokio::sync::Mutex<()>>,
}

impl AppState {
    pub fn new(settings: Settings, pools: Pools, mailboxes: MailboxTools) -> Self {
        let limits = &settings.limits;
        let metrics = Arc::new(Metrics::new());
        let shared = pools.writer.clone();
        let engine = pools.reader.engine();
        let limiter = |name: &'static str, max: u32, window| {
            RateLimiter::new(max, window)
                .counting_refusals(metrics.rate_limit_counter(name))
                .shared_in(&shared, name)
        };
        let sign_in = SignInLimits {
            per_address: limiter("sign_in_address", settings.mail.per_address_hourly, HOUR),
            per_ip: limiter("sign_in_ip", settings.mail.per_ip_hourly, HOUR),
        };
        Self(Arc::new(Shared {
            leptos_options: settings.leptos.clone(),
            reader: pools.reader,
            writer: pools.writer,
            claude: ClaudeClient::from_settings(
                &settings.anthropic,
                Arc::new(
                    Limiter::new(
                        settings.leads.requests_per_minute,
                        settings.leads.tokens_per_minute,
                    )
                    .shared_in(&shared),
                ),
                metrics.clone(),
            ),
            stripe: StripeClient::from_settings(&settings.stripe),
            payment_origins: crate::server::platform::security::payment_origins(&settings).into(),
            generations: TaskTracker::new(),
            limits: GenerationLimits {
                per_session: limiter("session", limits.session_max, limits.session_window),
                per_ip: limiter("client_ip", limits.ip_max, limits.ip_window),
                rewrites: limiter("rewrite", limits.rewrite_max, limits.rewrite_window),
                new_sessions_per_ip: limiter("ip_daily_sessions", limits.ip_daily_sessions, DAY),
                free_per_ip: limiter(
                    "ip_daily_free_generations",
                    limits.ip_daily_free_generations,
                    DAY,
                ),
                generations_today: generations_today_cache(),
            },
            metrics,
            pages: PageCache::new(engine),
            lead_work: Arc::new(tokio::sync::Notify::new()),
            relay: Relay::from_settings(&settings.mail),
            sign_in,
            mailboxes,
            sending: Arc::new(tokio::sync::Mutex::new(())),
            settings: Arc::new(settings),
        }))
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
