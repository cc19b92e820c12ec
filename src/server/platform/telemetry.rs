//! Log set-up: human-readable lines by default, JSON by setting.

use std::str::FromStr;

use tracing_subscriber::{filter::Targets, layer::SubscriberExt, util::SubscriberInitExt};

use crate::server::platform::config::sections::LogFormat;
use crate::server::platform::config::{ConfigError, Settings};

/// Installs the global subscriber; call once, at start.
pub(crate) fn init(settings: &Settings) -> Result<(), ConfigError> {
    let filter = Targets::from_str(&settings.log_level).map_err(|err| ConfigError::Invalid {
        var: "LOG_LEVEL",
        reason: err.to_string(),
    })?;
    let registry = tracing_subscriber::registry().with(filter);
    let result = match settings.log_format {
        LogFormat::Text => registry
            .with(tracing_subscriber::fmt::layer().with_target(false))
            .try_init(),
        LogFormat::Json => registry
            .with(tracing_subscriber::fmt::layer().json().flatten_event(true))
            .try_init(),
    };
    // Already installed (a second call in the same process) is harmless.
    let _ = result;
    Ok(())
}
