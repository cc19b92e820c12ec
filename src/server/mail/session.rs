//! One SMTP session with a founder's submission server, driven a stage at a time (lettre's
//! connection: `MAIL`, `RCPT`, `DATA`, the message) so that every failure is known to have
//! happened before the message was handed over (not sent: safe to try again) or after
//! (unknown: never sent again on a guess). The sender keeps a session open while it sends a
//! batch from one mailbox.

use lettre::transport::smtp::{
    authentication::{Credentials, Mechanism},
    client::{AsyncSmtpConnection, TlsParameters},
    commands::{Data, Mail, Rcpt},
    extension::{ClientId, MailBodyParameter, MailParameter},
};
use secrecy::ExposeSecret;

use super::check::{Security, Server, TIMEOUT, Trust};

/// Why a session could not be opened: nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// The server refused the username and password (or wants an app password): sending from
    /// this mailbox pauses, with the server's words.
    SignIn(String),
    /// TLS could not be set up or verified: the mailbox pauses too.
    Tls(String),
    /// Not reachable, or the server said "not now": try again later.
    Unavailable(String),
}

/// How one message went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// The server took responsibility for it (250 after the message).
    Accepted,
    /// The server refused it with a reply code, at `stage`: it was not sent.
    Refused {
        stage: Stage,
        code: u16,
        permanent: bool,
        words: String,
    },
    /// The connection broke before the message was handed over: not sent.
    NotSent(String),
    /// The connection broke after the message was handed over, before the server answered:
    /// whether it went cannot be told.
    Unknown(String),
}

/// Where in the transaction the server answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `MAIL FROM`: about the sender.
    Mail,
    /// `RCPT TO`: about this recipient.
    Rcpt,
    /// `DATA`, or after the message: about the message (or, with a 5.1/5.2 code, its recipient).
    Data,
}

/// A refusal or a lost connection before the message was handed over. Whatever it was, the
/// session is done with: a connection that lost its place in the dialogue must not carry the
/// next message.
async fn refused(
    conn: &mut AsyncSmtpConnection,
    stage: Stage,
    err: &lettre::transport::smtp::Error,
) -> Delivery {
    conn.abort().await;
    match code_of(err) {
        Some(code) => Delivery::Refused {
            stage,
            code,
            permanent: err.is_permanent(),
            words: words(err),
        },
        None => Delivery::NotSent(words(err)),
    }
}

/// An open, signed-in session.
pub struct Session {
    connection: AsyncSmtpConnection,
}

/// The server's words for a refusal ("552 5.3.4 Message too big"), else lettre's.
fn words(err: &lettre::transport::smtp::Error) -> String {
    let text = err.to_string();
    let text = match (code_of(err), text.split_once("): ")) {
        (Some(code), Some((_, said))) => format!("{code} {said}"),
        _ => text,
    };
    text.chars().take(300).collect()
}

fn code_of(err: &lettre::transport::smtp::Error) -> Option<u16> {
    err.status().and_then(|code| code.to_string().parse().ok())
}

/// The TLS parameters for `server`: the usual web roots plus the CA file the settings name.
pub(crate) fn tls_parameters(server: &Server, trust: &Trust) -> Result<TlsParameters, String> {
    let mut tls = lettre::transport::smtp::client::TlsParametersBuilder::new(server.host.clone());
    for cert in &trust.extra {
        tls = tls.add_root_certificate(
            lettre::transport::smtp::client::Certificate::from_der(cert.to_vec())
                .map_err(|err| err.to_string())?,
        );
    }
    tls.build_rustls().map_err(|err| err.to_string())
}

impl Session {
    /// Connects over verified TLS (implicit, or STARTTLS before anything else) and signs in.
    pub async fn open(server: &Server, trust: &Trust) -> Result<Self, OpenError> {
        let tls = tls_parameters(server, trust).map_err(OpenError::Tls)?;
        let hello = ClientId::default();
        let wrapped = matches!(server.security, Security::Tls);
        let connecting = AsyncSmtpConnection::connect_tokio1(
            (server.host.as_str(), server.port),
            Some(TIMEOUT),
            &hello,
            wrapped.then(|| tls.clone()),
            None,
        );
        let mut connection = tokio::time::timeout(TIMEOUT, connecting)
            .await
            .map_err(|_| OpenError::Unavailable("no answer in time".into()))?
            .map_err(|err| {
                if err.is_tls() {
                    OpenError::Tls(words(&err))
                } else {
                    OpenError::Unavailable(words(&err))
                }
            })?;
        if !wrapped {
            connection.starttls(tls, &hello).await.map_err(|err| {
                if err.is_transient() || err.is_timeout() {
                    OpenError::Unavailable(words(&err))
                } else {
                    OpenError::Tls(words(&err))
                }
            })?;
        }
        let credentials = Credentials::new(
            server.username.clone(),
            server.password.expose_secret().to_owned(),
        );
        match connection
            .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .await
        {
            Ok(_) => Ok(Session { connection }),
            Err(err) if err.is_permanent() => Err(OpenError::SignIn(words(&err))),
            Err(err) => Err(OpenError::Unavailable(words(&err))),
        }
    }

    /// True once the connection broke (open another for the next message).
    pub fn broken(&self) -> bool {
        self.connection.has_broken()
    }

    /// Hands `message` over, a stage at a time.
    pub async fn deliver(&mut self, message: &lettre::Message) -> Delivery {
        let envelope = message.envelope();
        let bytes = message.formatted();
        let mut options = Vec::new();
        if !bytes.is_ascii() {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let conn = &mut self.connection;
        if let Err(err) = conn
            .command(Mail::new(envelope.from().cloned(), options))
            .await
        {
            return refused(conn, Stage::Mail, &err).await;
        }
        for to in envelope.to() {
            if let Err(err) = conn.command(Rcpt::new(to.clone(), vec![])).await {
                return refused(conn, Stage::Rcpt, &err).await;
            }
        }
        if let Err(err) = conn.command(Data).await {
            return refused(conn, Stage::Data, &err).await;
        }
        match conn.message(&bytes).await {
            Ok(_) => Delivery::Accepted,
            Err(err) => {
                conn.abort().await;
                match code_of(&err) {
                    Some(code) => Delivery::Refused {
                        stage: Stage::Data,
                        code,
                        permanent: err.is_permanent(),
                        words: words(&err),
                    },
                    None => Delivery::Unknown(words(&err)),
                }
            }
        }
    }

    /// Says goodbye.
    pub async fn close(mut self) {
        let _ = self.connection.quit().await;
    }
}
