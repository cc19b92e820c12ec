//! ColdCopy's own mail (the sign-in links): the relay it hands mail to, who it is from, and the
//! sign-in links' lifetime and limits. Without `SMTP_URL` and `MAIL_FROM` sign-in is off, and
//! the sign-in page says so, as the pricing page does without Stripe.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::{ConfigError, vars::Vars};

#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `SMTP_URL`: `smtps://user:password@host:465` (implicit TLS),
    /// `smtp://user:password@host:587?tls=required` (STARTTLS), or `smtp://host:port` (plain,
    /// for a relay on loopback). A secret: it holds the relay's password.
    pub smtp_url: Option<SecretString>,
    /// `MAIL_FROM`: the sender, such as `ColdCopy <hello@example.com>`.
    pub from: Option<String>,
    /// `SIGN_IN_LINK_MINUTES`: how long a sign-in link works (15 by default).
    pub link_lifetime: Duration,
    /// `SIGN_IN_PER_ADDRESS`: links sent to one address in an hour (5 by default).
    pub per_address_hourly: u32,
    /// `SIGN_IN_PER_IP`: links asked for from one client IP in an hour (20 by default).
    pub per_ip_hourly: u32,
    /// `MAILBOX_KEY`: 32 bytes in base64 that seal the founders' mailbox passwords. Unset on
    /// SQLite: a key file beside the database. Required on PostgreSQL.
    pub mailbox_key: Option<SecretString>,
    /// `MAIL_CA_FILE`: certificates (PEM) trusted for mailbox servers besides the usual roots
    /// (a company's own authority; the tests' loopback servers).
    pub ca_file: Option<std::path::PathBuf>,
    /// `CAMPAIGN_ROUND_SECONDS`: how often each server looks for campaign emails due (15 by
    /// default; 0 sends nothing on its own, for tests that drive the rounds with their clock).
    pub send_round: Duration,
    /// `CAMPAIGN_INBOX_SECONDS`: how often a sending mailbox's INBOX is read for replies while
    /// no follow-up is due (300 by default; a follow-up always reads it first).
    pub inbox_every: Duration,
    /// `CAMPAIGN_PLANS`: the plans whose campaigns may start, comma-separated (`pro` by
    /// default; `free,starter,pro` for all). Every plan may make drafts and send itself tests.
    pub sending_plans: Vec<String>,
    /// `INBOX_BOUNCE_PERCENT`: a mailbox whose bounces pass this share of what it sent is
    /// paused, with the figures shown (2 by default) …
    pub bounce_percent: u32,
    /// … once `INBOX_BOUNCE_AFTER` emails have gone from it (20 by default).
    pub bounce_after: u32,
}

/// The plans named in `CAMPAIGN_PLANS`.
fn sending_plans(raw: Option<&str>) -> Result<Vec<String>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(vec!["pro".to_owned()]);
    };
    raw.split(',')
        .map(|plan| plan.trim().to_ascii_lowercase())
        .filter(|plan| !plan.is_empty())
        .map(|plan| match plan.as_str() {
            "free" | "starter" | "pro" => Ok(plan),
            _ => Err(ConfigError::Invalid {
                var: "CAMPAIGN_PLANS",
                reason: format!("`{plan}` is not a plan (free, starter, pro)"),
            }),
        })
        .collect()
}

impl MailSettings {
    pub(super) fn from_vars<F: Fn(&str) -> Option<String>>(
        vars: &Vars<'_, F>,
    ) -> Result<Self, ConfigError> {
        let settings = Self {
            smtp_url: vars.secret("SMTP_URL"),
            from: vars.string("MAIL_FROM"),
            link_lifetime: Duration::from_secs(
                60 * vars.number("SIGN_IN_LINK_MINUTES", 15, 1..=1_440)?,
            ),
            per_address_hourly: vars.number("SIGN_IN_PER_ADDRESS", 5, 1..=1_000)? as u32,
            per_ip_hourly: vars.number("SIGN_IN_PER_IP", 20, 1..=1_000_000)? as u32,
            mailbox_key: vars.secret("MAILBOX_KEY"),
            ca_file: vars.string("MAIL_CA_FILE").map(Into::into),
            send_round: Duration::from_secs(vars.number(
                "CAMPAIGN_ROUND_SECONDS",
                15,
                0..=3_600,
            )?),
            inbox_every: Duration::from_secs(vars.number(
                "CAMPAIGN_INBOX_SECONDS",
                300,
                1..=86_400,
            )?),
            sending_plans: sending_plans(vars.string("CAMPAIGN_PLANS").as_deref())?,
            bounce_percent: vars.number("INBOX_BOUNCE_PERCENT", 2, 1..=100)? as u32,
            bounce_after: vars.number("INBOX_BOUNCE_AFTER", 20, 1..=1_000_000)? as u32,
        };
        settings.check()?;
        Ok(settings)
    }

    /// Both or neither; the address must be one, and the relay's a URL lettre can use (the
    /// message never repeats the URL: it holds a password).
    fn check(&self) -> Result<(), ConfigError> {
        match (&self.smtp_url, &self.from) {
            (None, None) => Ok(()),
            (Some(_), None) => Err(ConfigError::Invalid {
                var: "MAIL_FROM",
                reason: "it is required when SMTP_URL is set".into(),
            }),
            (None, Some(_)) => Err(ConfigError::Invalid {
                var: "SMTP_URL",
                reason: "it is required when MAIL_FROM is set".into(),
            }),
            (Some(url), Some(from)) => {
                if from.parse::<lettre::message::Mailbox>().is_err() {
                    return Err(ConfigError::Invalid {
                        var: "MAIL_FROM",
                        reason: format!(
                            "`{from}` is not an address such as ColdCopy <hello@example.com>"
                        ),
                    });
                }
                let url = url.expose_secret();
                if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                    return Err(ConfigError::Invalid {
                        var: "SMTP_URL",
                        reason: "it must start with smtp:// (STARTTLS with ?tls=required, or plain on loopback) or smtps:// (TLS)".into(),
                    });
                }
                lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
                    .map(|_| ())
                    .map_err(|_| ConfigError::Invalid {
                        var: "SMTP_URL",
                        reason: "it is not a relay address such as smtps://user:password@smtp.example.com:465".into(),
                    })
            }
        }
    }

    /// True when the server can send mail, and so sign people in.
    pub fn enabled(&self) -> bool {
        self.smtp_url.is_some()
    }
}
