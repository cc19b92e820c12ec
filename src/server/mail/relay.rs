//! The SMTP relay named by `SMTP_URL` (lettre, with a pool of connections, TLS by rustls). Each
//! message has a plain text and an HTML part, its own `Message-ID` on the sender's domain and a
//! `Date`; nothing in it tracks the reader.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::server::platform::config::mail::MailSettings;

/// How long one hand-over to the relay may take before the visitor is told it failed.
const TIMEOUT: Duration = Duration::from_secs(15);

/// A message to send.
pub struct Outgoing<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: String,
    pub html: String,
}

/// Why a message was not handed over.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the recipient is not an address the relay can take")]
    Address,
    #[error("the message could not be built: {0}")]
    Build(String),
    /// Refused by the relay, or the relay could not be reached (lettre's words: never the URL).
    #[error("the relay did not take the message: {0}")]
    Relay(String),
}

/// ColdCopy's own outgoing mail.
#[derive(Clone)]
pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Relay {
    /// The relay when both `SMTP_URL` and `MAIL_FROM` are set (the settings checked both).
    pub fn from_settings(mail: &MailSettings) -> Option<Self> {
        let url = mail.smtp_url.as_ref()?;
        let from = mail.from.as_deref()?.parse().ok()?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
            .ok()?
            .timeout(Some(TIMEOUT))
            .build();
        Some(Self { transport, from })
    }

    /// Hands `mail` to the relay; answers the `Message-ID` it went with.
    pub async fn send(&self, mail: Outgoing<'_>) -> Result<String, SendError> {
        let to: Mailbox = mail.to.parse().map_err(|_| SendError::Address)?;
        let domain = self.from.email.domain().to_owned();
        let message_id = format!("<{}@{domain}>", uuid::Uuid::new_v4());
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .message_id(Some(message_id.clone()))
            .date_now()
            .multipart(MultiPart::alternative_plain_html(mail.text, mail.html))
            .map_err(|err| SendError::Build(err.to_string()))?;
        self.transport
            .send(message)
            .await
            .map_err(|err| SendError::Relay(err.to_string()))?;
        Ok(message_id)
    }
}
