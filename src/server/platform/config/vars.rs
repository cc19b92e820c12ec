//! Typed reads of raw environment variables, each error naming its variable.

use std::net::SocketAddr;

use reqwest::Url;
use secrecy::SecretString;

use super::ConfigError;

/// Typed access to raw variables; empty values count as unset.
pub(super) struct Vars<'a, F: Fn(&str) -> Option<String>>(pub(super) &'a F);

impl<F: Fn(&str) -> Option<String>> Vars<'_, F> {
    pub(super) fn string(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    pub(super) fn secret(&self, name: &str) -> Option<SecretString> {
        self.string(name).map(SecretString::from)
    }

    /// A secret that must be at least `min` characters long when set.
    pub(super) fn secret_of_length(
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

    pub(super) fn socket_addr(
        &self,
        name: &'static str,
    ) -> Result<Option<SocketAddr>, ConfigError> {
        self.string(name)
            .map(|raw| {
                raw.parse().map_err(|_| ConfigError::Invalid {
                    var: name,
                    reason: format!("expected an address such as 127.0.0.1:9100, got `{raw}`"),
                })
            })
            .transpose()
    }

    pub(super) fn url(&self, name: &'static str, default: &str) -> Result<Url, ConfigError> {
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

    pub(super) fn number(
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

    pub(super) fn flag(&self, name: &'static str, default: bool) -> Result<bool, ConfigError> {
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
