//! Mail. `relay`: ColdCopy's own messages (the sign-in links), handed to the SMTP relay the
//! settings name. The founders' own mailboxes: `check` signs in to one's SMTP and IMAP servers
//! and says what failed; `key` seals their passwords at rest. Sending campaigns and reading
//! replies will live beside them.

pub mod check;
pub mod connect;
pub mod inbox;
pub mod key;
pub mod mailboxes;
pub mod relay;
pub mod session;

pub use relay::{Outgoing, Relay, SendError};

use crate::server::platform::config::Settings;
use crate::server::platform::startup::StartupError;

/// What the founders' mailboxes need from the server: the key their passwords are sealed with,
/// and the certificates their servers are checked against.
#[derive(Clone)]
pub struct MailboxTools {
    pub key: key::MailboxKey,
    pub trust: check::Trust,
}

impl MailboxTools {
    /// From `MAILBOX_KEY` (or the key file beside a SQLite database) and `MAIL_CA_FILE`.
    pub fn from_settings(settings: &Settings) -> Result<Self, StartupError> {
        let sqlite_file = settings
            .database_url
            .strip_prefix("sqlite://")
            .or_else(|| settings.database_url.strip_prefix("sqlite:"))
            .map(|rest| std::path::PathBuf::from(rest.split('?').next().unwrap_or(rest)));
        Ok(Self {
            key: key::MailboxKey::load(settings.mail.mailbox_key.as_ref(), sqlite_file.as_deref())?,
            trust: check::Trust::new(settings.mail.ca_file.as_deref())
                .map_err(StartupError::CaFile)?,
        })
    }
}
