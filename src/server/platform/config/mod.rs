//! Typed settings, read once at start from environment variables (and `.env` in development).
//!
//! Every optional setting has a default that works on a fresh machine; a malformed value stops
//! the server at start with a message naming the variable.

use std::{collections::HashMap, path::PathBuf, time::Duration};

use leptos::config::LeptosOptions;
use reqwest::Url;

use crate::domain::prices::PriceTable;
use sections::{
    AnthropicSettings, BackupSettings, LeadSettings, LimitSettings, LogFormat, MetricsSettings,
    PlanSettings, StripeSettings,
};
use vars::Vars;

pub mod mail;
pub mod sections;
mod vars;

/// Where the server's site settings (address, site root, output name) are read from.
pub const LEPTOS_TOML: &str = "Leptos.toml";

/// A setting that could not be used, naming the variable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var} is not valid: {reason}")]
    Invalid { var: &'static str, reason: String },
    #[error("cannot read the site settings in {LEPTOS_TOML} (or a LEPTOS_* variable): {0}")]
    Leptos(String),
}

/// Every setting the server uses.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Site address, site root and output name: from Leptos.toml, overridden by `LEPTOS_*`.
    pub leptos: LeptosOptions,
    /// `DATABASE_URL`; the default is a file under `data/`, created on first run.
    pub database_url: String,
    pub anthropic: AnthropicSettings,
    pub stripe: StripeSettings,
    pub plans: PlanSettings,
    pub limits: LimitSettings,
    pub leads: LeadSettings,
    pub backups: BackupSettings,
    pub mail: mail::MailSettings,
    pub metrics: MetricsSettings,
    /// `PUBLIC_URL`: the site's address as visitors see it (Stripe sends them back here). When
    /// unset, it is taken from each request's `Host` (https when `COOKIE_SECURE` is set).
    pub public_url: Option<Url>,
    /// `CONTACT_EMAIL`: where visitors write (deletion requests, refunds); shown on /privacy
    /// and /terms.
    pub contact_email: Option<String>,
    /// `COOKIE_SECURE`: set when the site is served over TLS.
    pub cookie_secure: bool,
    pub log_format: LogFormat,
    /// `LOG_LEVEL`: a tracing filter such as `info` or `info,coldcopy=debug`.
    pub log_level: String,
}

impl Settings {
    /// Reads `.env` (when present), Leptos.toml and the process environment.
    pub fn load() -> Result<Self, ConfigError> {
        // A missing .env is normal outside development.
        let _ = dotenvy::dotenv();
        let leptos = load_leptos_options(LEPTOS_TOML)?;
        Self::from_lookup(leptos, |name| std::env::var(name).ok())
    }

    /// Builds settings from any variable source (the process environment, or a map in tests).
    pub fn from_lookup(
        leptos: LeptosOptions,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let vars = Vars(&lookup);
        let anthropic_url = vars.url("ANTHROPIC_BASE_URL", "https://api.anthropic.com")?;
        let anthropic_h2c = vars.flag("ANTHROPIC_H2C", false)?;
        if anthropic_h2c && anthropic_url.scheme() != "http" {
            return Err(ConfigError::Invalid {
                var: "ANTHROPIC_H2C",
                reason: "applies only to an http:// ANTHROPIC_BASE_URL (over https HTTP/2 is \
                         agreed without it)"
                    .into(),
            });
        }
        let settings = Settings {
            leptos,
            database_url: {
                let url = vars
                    .string("DATABASE_URL")
                    .unwrap_or_else(|| "sqlite://data/coldcopy.db".into());
                crate::server::platform::db::Engine::of(&url).map_err(|reason| {
                    ConfigError::Invalid {
                        var: "DATABASE_URL",
                        reason,
                    }
                })?;
                url
            },
            anthropic: AnthropicSettings {
                api_key: vars.secret("ANTHROPIC_API_KEY"),
                base_url: anthropic_url,
                h2c: anthropic_h2c,
                model: vars
                    .string("CLAUDE_MODEL")
                    .unwrap_or_else(|| "claude-haiku-4-5".into()),
                timeout: Duration::from_secs(vars.number("CLAUDE_TIMEOUT_SECS", 25, 1..=600)?),
                max_retries: vars.number("CLAUDE_MAX_RETRIES", 2, 0..=10)? as u32,
                deadline: Duration::from_secs(vars.number("CLAUDE_DEADLINE_SECS", 60, 1..=900)?),
                prices: match vars.string("CLAUDE_PRICES") {
                    None => PriceTable::default(),
                    Some(raw) => {
                        PriceTable::parse(&raw).map_err(|reason| ConfigError::Invalid {
                            var: "CLAUDE_PRICES",
                            reason,
                        })?
                    }
                },
            },
            stripe: StripeSettings {
                secret_key: vars.secret("STRIPE_SECRET_KEY"),
                webhook_secret: vars.secret("STRIPE_WEBHOOK_SECRET"),
                api_base: vars.url("STRIPE_API_BASE", "https://api.stripe.com")?,
            },
            limits: LimitSettings {
                free_sequences: vars.number("FREE_SEQUENCES", 1, 0..=1_000)? as u32,
                session_max: vars.number("RATE_LIMIT_SESSION", 5, 1..=100_000)? as u32,
                session_window: Duration::from_secs(vars.number(
                    "RATE_LIMIT_SESSION_WINDOW_SECS",
                    600,
                    1..=86_400,
                )?),
                ip_max: vars.number("RATE_LIMIT_IP", 20, 1..=1_000_000)? as u32,
                ip_window: Duration::from_secs(vars.number(
                    "RATE_LIMIT_IP_WINDOW_SECS",
                    3_600,
                    1..=86_400,
                )?),
                ip_daily_sessions: vars.number("IP_DAILY_SESSIONS", 10, 1..=1_000_000)? as u32,
                ip_daily_free_generations: vars.number(
                    "IP_DAILY_FREE_GENERATIONS",
                    10,
                    1..=1_000_000,
                )? as u32,
                daily_ceiling: vars.number("DAILY_GENERATION_CEILING", 5_000, 1..=10_000_000)?
                    as u32,
                generation_enabled: vars.flag("GENERATION_ENABLED", true)?,
                rewrite_max: vars.number("RATE_LIMIT_REWRITE", 20, 1..=100_000)? as u32,
                rewrite_window: Duration::from_secs(vars.number(
                    "RATE_LIMIT_REWRITE_WINDOW_SECS",
                    3_600,
                    1..=86_400,
                )?),
                trusted_proxy: vars.flag("TRUSTED_PROXY", false)?,
                shutdown_grace: Duration::from_secs(vars.number(
                    "SHUTDOWN_GRACE_SECS",
                    60,
                    1..=3_600,
                )?),
                reservation_timeout: Duration::from_secs(vars.number(
                    "RESERVATION_TIMEOUT_SECS",
                    300,
                    30..=86_400,
                )?),
            },
            leads: LeadSettings {
                free_per_day: vars.number("LEADS_FREE", 10, 0..=1_000_000)? as u32,
                starter_per_day: vars.number("LEADS_STARTER", 500, 0..=1_000_000)? as u32,
                pro_per_day: vars.number("LEADS_PRO", 2_000, 0..=1_000_000)? as u32,
                max_file_bytes: vars.number(
                    "LEADS_MAX_FILE_BYTES",
                    2_000_000,
                    1_000..=100_000_000,
                )? as usize,
                max_rows: vars.number("LEADS_MAX_ROWS", 5_000, 1..=1_000_000)? as usize,
                workers: vars.number("LEAD_WORKERS", 8, 1..=256)? as usize,
                lease: Duration::from_secs(vars.number("LEAD_LEASE_SECS", 120, 5..=3_600)?),
                requests_per_minute: vars.number("CLAUDE_REQUESTS_PER_MINUTE", 50, 1..=1_000_000)?
                    as u32,
                tokens_per_minute: vars.number(
                    "CLAUDE_TOKENS_PER_MINUTE",
                    50_000,
                    1_000..=100_000_000,
                )? as u32,
                batch_threshold: vars.number("LEAD_BATCH_THRESHOLD", 200, 1..=1_000_000)? as usize,
                batch_poll: Duration::from_secs(vars.number(
                    "LEAD_BATCH_POLL_SECS",
                    30,
                    1..=3_600,
                )?),
            },
            backups: BackupSettings {
                enabled: vars.flag("BACKUP_ENABLED", true)?,
                dir: vars.string("BACKUP_DIR").map_or_else(
                    || default_backup_dir(vars.string("DATABASE_URL").as_deref()),
                    PathBuf::from,
                ),
                hour_utc: vars.number("BACKUP_HOUR_UTC", 3, 0..=23)? as u32,
                interval_hours: match vars.number("BACKUP_INTERVAL_HOURS", 24, 1..=24)? as u32 {
                    hours if 24 % hours == 0 => hours,
                    _ => {
                        return Err(ConfigError::Invalid {
                            var: "BACKUP_INTERVAL_HOURS",
                            reason: "use a divisor of 24 (1, 2, 3, 4, 6, 8, 12 or 24)".into(),
                        });
                    }
                },
                keep_daily: vars.number("BACKUP_KEEP_DAILY", 7, 1..=366)? as u32,
                keep_weekly: vars.number("BACKUP_KEEP_WEEKLY", 4, 0..=520)? as u32,
            },
            metrics: MetricsSettings {
                token: vars.secret_of_length("METRICS_TOKEN", 16)?,
                addr: vars.socket_addr("METRICS_ADDR")?,
            },
            cookie_secure: vars.flag("COOKIE_SECURE", false)?,
            log_format: match vars.string("LOG_FORMAT").as_deref() {
                None | Some("text") => LogFormat::Text,
                Some("json") => LogFormat::Json,
                Some(other) => {
                    return Err(ConfigError::Invalid {
                        var: "LOG_FORMAT",
                        reason: format!("expected `text` or `json`, got `{other}`"),
                    });
                }
            },
            log_level: vars.string("LOG_LEVEL").unwrap_or_else(|| "info".into()),
            plans: PlanSettings {
                starter_name: vars
                    .string("STARTER_NAME")
                    .unwrap_or_else(|| "Starter".into()),
                starter_price_cents: vars.number("STARTER_PRICE_CENTS", 2_900, 50..=10_000_000)?
                    as u32,
                starter_sequences: vars.number("STARTER_SEQUENCES", 25, 1..=100_000)? as u32,
                starter_price_id: vars.string("STARTER_PRICE_ID"),
                pro_name: vars.string("PRO_NAME").unwrap_or_else(|| "Pro".into()),
                pro_price_cents: vars.number("PRO_PRICE_CENTS", 4_900, 50..=10_000_000)? as u32,
                pro_daily_limit: vars.number("PRO_DAILY_LIMIT", 50, 1..=100_000)? as u32,
                pro_price_id: vars.string("PRO_PRICE_ID"),
            },
            mail: mail::MailSettings::from_vars(&vars)?,
            contact_email: vars.string("CONTACT_EMAIL"),
            public_url: match vars.string("PUBLIC_URL") {
                None => None,
                Some(_) => Some(vars.url("PUBLIC_URL", "")?),
            },
        };
        if let Some(email) = &settings.contact_email
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            return Err(ConfigError::Invalid {
                var: "CONTACT_EMAIL",
                reason: format!("`{email}` is not an email address"),
            });
        }
        settings.check_payments()?;
        if settings.mail.enabled() && settings.public_url.is_none() {
            return Err(ConfigError::Invalid {
                var: "PUBLIC_URL",
                reason: "it is required when SMTP_URL is set: a sign-in link must point at the \
                         site's public address, never at whatever Host a request named"
                    .into(),
            });
        }
        Ok(settings)
    }

    /// Payments need all of their settings or none: a secret key without a webhook secret
    /// would take money and never grant the plan.
    fn check_payments(&self) -> Result<(), ConfigError> {
        if self.stripe.secret_key.is_none() {
            return Ok(());
        }
        let missing = [
            (
                "STRIPE_WEBHOOK_SECRET",
                self.stripe.webhook_secret.is_none(),
            ),
            ("STARTER_PRICE_ID", self.plans.starter_price_id.is_none()),
            ("PRO_PRICE_ID", self.plans.pro_price_id.is_none()),
        ];
        match missing.into_iter().find(|(_, missing)| *missing) {
            Some((var, _)) => Err(ConfigError::Invalid {
                var,
                reason: "it is required when STRIPE_SECRET_KEY is set".into(),
            }),
            None => Ok(()),
        }
    }

    /// True when the server can sell plans.
    pub fn payments_enabled(&self) -> bool {
        self.stripe.secret_key.is_some()
    }

    /// Settings from a fixed set of variables, for tests and tools.
    pub fn from_map(
        leptos: LeptosOptions,
        vars: &HashMap<&str, &str>,
    ) -> Result<Self, ConfigError> {
        Self::from_lookup(leptos, |name| vars.get(name).map(|v| v.to_string()))
    }
}

/// Reads the `[package.metadata.leptos]` table of `path`, with `LEPTOS_*` variables on top.
///
/// `hash-files` needs the `hash.txt` a release build writes beside the binary (Leptos reads the
/// file names from it, and stops the page render without it); where there is none (the tests,
/// a debug binary run by hand) the site's files are named plainly, as that build wrote them.
/// `backups/` beside a SQLite database's file (`sqlite://data/coldcopy.db` → `data/backups`);
/// `data/backups` for PostgreSQL.
fn default_backup_dir(database_url: Option<&str>) -> PathBuf {
    let file = database_url
        .unwrap_or("sqlite://data/coldcopy.db")
        .strip_prefix("sqlite://")
        .map(|rest| rest.split('?').next().unwrap_or(rest));
    match file
        .map(std::path::Path::new)
        .and_then(std::path::Path::parent)
    {
        Some(folder) => folder.join("backups"),
        None => PathBuf::from("data/backups"),
    }
}

pub fn load_leptos_options(path: &str) -> Result<LeptosOptions, ConfigError> {
    let mut options = leptos::config::get_configuration(Some(path))
        .map(|conf| conf.leptos_options)
        .map_err(|err| ConfigError::Leptos(err.to_string()))?;
    if options.hash_files {
        let beside_binary = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
        options.hash_files = beside_binary.is_some_and(|file| file.is_file());
    }
    Ok(options)
}

#[cfg(test)]
mod tests;
