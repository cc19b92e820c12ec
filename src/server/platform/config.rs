//! Typed settings, read once at start from environment variables (and `.env` in development).
//!
//! Every optional setting has a default that works on a fresh machine; a malformed value stops
//! the server at start with a message naming the variable.

use std::{collections::HashMap, net::SocketAddr, time::Duration};

use leptos::config::LeptosOptions;
use reqwest::Url;
use secrecy::SecretString;

use crate::domain::prices::PriceTable;

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

/// Who may read `GET /metrics`. With neither set, the route does not exist.
#[derive(Debug, Clone, Default)]
pub struct MetricsSettings {
    /// `METRICS_TOKEN`: `/metrics` on the site answers `Authorization: Bearer <token>` only.
    pub token: Option<SecretString>,
    /// `METRICS_ADDR`: a second listener (e.g. `127.0.0.1:9100`) serving only `/metrics`,
    /// without the token; bind it where only the operator's scraper can reach it.
    pub addr: Option<SocketAddr>,
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
        let settings = Settings {
            leptos,
            database_url: vars
                .string("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/coldcopy.db".into()),
            anthropic: AnthropicSettings {
                api_key: vars.secret("ANTHROPIC_API_KEY"),
                base_url: vars.url("ANTHROPIC_BASE_URL", "https://api.anthropic.com")?,
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
pub fn load_leptos_options(path: &str) -> Result<LeptosOptions, ConfigError> {
    leptos::config::get_configuration(Some(path))
        .map(|conf| conf.leptos_options)
        .map_err(|err| ConfigError::Leptos(err.to_string()))
}

/// Typed access to raw variables; empty values count as unset.
struct Vars<'a, F: Fn(&str) -> Option<String>>(&'a F);

impl<F: Fn(&str) -> Option<String>> Vars<'_, F> {
    fn string(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    fn secret(&self, name: &str) -> Option<SecretString> {
        self.string(name).map(SecretString::from)
    }

    /// A secret that must be at least `min` characters long when set.
    fn secret_of_length(
        &self,
        name: &'static str,
        min: usize,
    ) -> Result<Option<SecretString>, ConfigError> {
        match self.string(name) {
            Some(raw) if raw.chars().count() < min => Err(ConfigError::Invalid {
                var: name,
                reason: format!("use at least {min} characters"),
            }),
            raw => Ok(raw.map(SecretString::from)),
        }
    }

    fn socket_addr(&self, name: &'static str) -> Result<Option<SocketAddr>, ConfigError> {
        self.string(name)
            .map(|raw| {
                raw.parse().map_err(|_| ConfigError::Invalid {
                    var: name,
                    reason: format!("expected an address such as 127.0.0.1:9100, got `{raw}`"),
                })
            })
            .transpose()
    }

    fn url(&self, name: &'static str, default: &str) -> Result<Url, ConfigError> {
        let raw = self.string(name).unwrap_or_else(|| default.into());
        let url = Url::parse(&raw).map_err(|err| ConfigError::Invalid {
            var: name,
            reason: format!("`{raw}` is not a URL ({err})"),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConfigError::Invalid {
                var: name,
                reason: format!("`{raw}` must start with http:// or https://"),
            });
        }
        Ok(url)
    }

    fn number(
        &self,
        name: &'static str,
        default: u64,
        range: std::ops::RangeInclusive<u64>,
    ) -> Result<u64, ConfigError> {
        let Some(raw) = self.string(name) else {
            return Ok(default);
        };
        match raw.parse::<u64>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(ConfigError::Invalid {
                var: name,
                reason: format!(
                    "expected a whole number from {} to {}, got `{raw}`",
                    range.start(),
                    range.end()
                ),
            }),
        }
    }

    fn flag(&self, name: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.string(name).map(|v| v.to_ascii_lowercase()).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(other) => Err(ConfigError::Invalid {
                var: name,
                reason: format!("expected true or false, got `{other}`"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn options() -> LeptosOptions {
        LeptosOptions::builder().output_name("coldcopy").build()
    }

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        Settings::from_map(options(), &vars.iter().copied().collect())
    }

    #[test]
    fn nothing_configured_gives_working_defaults() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.database_url, "sqlite://data/coldcopy.db");
        assert!(s.anthropic.api_key.is_none());
        assert_eq!(s.anthropic.base_url.as_str(), "https://api.anthropic.com/");
        assert_eq!(s.anthropic.model, "claude-haiku-4-5");
        assert_eq!(s.anthropic.timeout, Duration::from_secs(25));
        assert_eq!(s.anthropic.max_retries, 2);
        assert_eq!(s.anthropic.deadline, Duration::from_secs(60));
        assert!(s.stripe.secret_key.is_none());
        assert!(!s.cookie_secure);
        assert_eq!(s.log_format, LogFormat::Text);
        assert_eq!(s.limits.free_sequences, 1);
        assert_eq!(
            (s.limits.session_max, s.limits.session_window.as_secs()),
            (5, 600)
        );
        assert_eq!((s.limits.ip_max, s.limits.ip_window.as_secs()), (20, 3_600));
        assert_eq!(
            (s.limits.rewrite_max, s.limits.rewrite_window.as_secs()),
            (20, 3_600)
        );
        assert_eq!(
            (
                s.limits.ip_daily_sessions,
                s.limits.ip_daily_free_generations,
                s.limits.daily_ceiling,
                s.limits.generation_enabled
            ),
            (10, 10, 5_000, true)
        );
        assert!(!s.limits.trusted_proxy);
    }

    #[test]
    fn set_values_are_used() {
        let s = settings(&[
            ("ANTHROPIC_API_KEY", "sk-test"),
            ("ANTHROPIC_BASE_URL", "http://127.0.0.1:9999"),
            ("CLAUDE_MODEL", "claude-sonnet-4-5"),
            ("COOKIE_SECURE", "true"),
            ("LOG_FORMAT", "json"),
        ])
        .unwrap();
        assert_eq!(s.anthropic.api_key.unwrap().expose_secret(), "sk-test");
        assert_eq!(s.anthropic.base_url.port(), Some(9999));
        assert_eq!(s.anthropic.model, "claude-sonnet-4-5");
        assert!(s.cookie_secure);
        assert_eq!(s.log_format, LogFormat::Json);
    }

    #[test]
    fn malformed_values_name_their_variable() {
        let cases = [
            ("ANTHROPIC_BASE_URL", "not a url"),
            ("STRIPE_API_BASE", "ftp://stripe.example"),
            ("COOKIE_SECURE", "maybe"),
            ("LOG_FORMAT", "xml"),
            ("CLAUDE_TIMEOUT_SECS", "0"),
            ("CLAUDE_TIMEOUT_SECS", "soon"),
            ("FREE_SEQUENCES", "-1"),
            ("CLAUDE_MAX_RETRIES", "11"),
            ("CLAUDE_DEADLINE_SECS", "0"),
            ("CLAUDE_PRICES", "haiku=cheap"),
            ("RATE_LIMIT_IP", "0"),
            ("TRUSTED_PROXY", "sometimes"),
            ("STARTER_PRICE_CENTS", "free"),
            ("PRO_DAILY_LIMIT", "0"),
            ("PUBLIC_URL", "coldcopy.example"),
            ("CONTACT_EMAIL", "nobody"),
        ];
        for (var, value) in cases {
            let err = settings(&[(var, value)]).unwrap_err();
            assert!(err.to_string().starts_with(var), "{var}={value}: {err}");
        }
    }

    #[test]
    fn payments_need_every_stripe_setting() {
        let all = [
            ("STRIPE_SECRET_KEY", "sk_test_1"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_1"),
            ("STARTER_PRICE_ID", "price_s"),
            ("PRO_PRICE_ID", "price_p"),
        ];
        let s = settings(&all).unwrap();
        assert!(s.payments_enabled());
        assert_eq!(s.plans.starter_sequences, 25);
        assert_eq!(
            (s.plans.starter_price_cents, s.plans.pro_price_cents),
            (2_900, 4_900)
        );
        for skip in 1..all.len() {
            let some: Vec<_> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, v)| *v)
                .collect();
            let err = settings(&some).unwrap_err().to_string();
            assert!(err.starts_with(all[skip].0), "{err}");
            assert!(
                err.contains("required when STRIPE_SECRET_KEY is set"),
                "{err}"
            );
        }
        assert!(!settings(&[]).unwrap().payments_enabled());
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let s = settings(&[("ANTHROPIC_API_KEY", "sk-very-secret")]).unwrap();
        assert!(!format!("{s:?}").contains("sk-very-secret"));
    }

    #[test]
    fn empty_values_count_as_unset() {
        let s = settings(&[("ANTHROPIC_API_KEY", "  "), ("DATABASE_URL", "")]).unwrap();
        assert!(s.anthropic.api_key.is_none());
        assert_eq!(s.database_url, "sqlite://data/coldcopy.db");
    }
}

#[cfg(test)]
mod leptos_toml_tests {
    use super::*;

    /// The `[package.metadata.leptos]` table of a TOML file.
    fn leptos_table(path: &str) -> toml::Table {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let doc: toml::Table = text.parse().unwrap_or_else(|e| panic!("{path}: {e}"));
        doc["package"]["metadata"]["leptos"]
            .as_table()
            .unwrap_or_else(|| panic!("{path} has no [package.metadata.leptos]"))
            .clone()
    }

    #[test]
    fn keys_in_both_cargo_toml_and_leptos_toml_agree() {
        let build = leptos_table("Cargo.toml");
        let run = leptos_table(LEPTOS_TOML);
        let shared: Vec<_> = run.keys().filter(|k| build.contains_key(*k)).collect();
        assert!(
            shared.len() >= 5,
            "expected the site keys in both files, found {shared:?}"
        );
        for key in shared {
            assert_eq!(
                build[key], run[key],
                "`{key}` differs between Cargo.toml and Leptos.toml"
            );
        }
    }

    #[test]
    fn the_server_can_load_leptos_toml() {
        let options = load_leptos_options(LEPTOS_TOML).unwrap();
        assert_eq!(&*options.output_name, "coldcopy");
        assert_eq!(&*options.site_pkg_dir, "pkg");
    }

    #[test]
    fn a_missing_leptos_toml_is_a_clear_error() {
        let err = load_leptos_options("no-such-file.toml").unwrap_err();
        assert!(err.to_string().contains("Leptos.toml"), "{err}");
    }
}
