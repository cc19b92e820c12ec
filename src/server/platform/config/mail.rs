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
