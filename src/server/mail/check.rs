//! "Test connection" for a founder's mailbox: signs in to its SMTP submission server (lettre)
//! and to its IMAP server (async-imap), finds INBOX and the Sent folder, and says in plain words
//! what failed. TLS always (implicit, or STARTTLS), certificates verified against the usual
//! roots plus, when `MAIL_CA_FILE` names one, that file's (how the tests trust their own server:
//! verification is never turned off).

use std::sync::Arc;
use std::time::Duration;

use futures_util::TryStreamExt;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::Tls;
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use rustls::pki_types::{CertificateDer, pem::PemObject};
use secrecy::{ExposeSecret, SecretString};
use tokio_rustls::TlsConnector;

/// How a server is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the first byte (465, 993).
    Tls,
    /// Plain, then STARTTLS before anything else (587, 143).
    StartTls,
}

/// One server of a mailbox: where, how, and who.
#[derive(Debug, Clone)]
pub struct Server {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    pub password: SecretString,
}

/// What went wrong, in words a founder can act on (the page words each one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// No answer at that address and port (a typo, a firewall, the wrong port).
    Unreachable,
    /// TLS failed: the certificate is not trusted or names another host, or the port speaks
    /// plain text (or TLS) where the other was expected.
    Tls,
    /// The server refused the username or password.
    WrongPassword,
    /// The provider wants an app password (Google, iCloud, Fastmail, Zoho with 2-step sign-in).
    AppPasswordNeeded,
    /// Signed in, but no INBOX was found.
    NoInbox,
    /// Anything else, with the server's own words.
    Other { detail: String },
}

/// What a successful IMAP check found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Folders {
    /// The folder sent mail goes to (special-use `\Sent`, else a folder named like it), if any:
    /// ColdCopy appends what it sends there when the provider does not.
    pub sent: Option<String>,
}

/// Both halves of a check.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub smtp: Result<(), Problem>,
    pub imap: Result<Folders, Problem>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.smtp.is_ok() && self.imap.is_ok()
    }

    /// Each server's problem by its tag (`None` where it worked), as pages and redirects name
    /// them.
    pub fn problem_tags(&self) -> (Option<String>, Option<String>) {
        (
            self.smtp.as_ref().err().map(|p| p.tag().to_owned()),
            self.imap.as_ref().err().map(|p| p.tag().to_owned()),
        )
    }
}

impl Problem {
    /// The problem's tag: `unreachable`, `tls`, `wrong_password`, `app_password`, `no_inbox`,
    /// `other`.
    pub fn tag(&self) -> &'static str {
        match self {
            Problem::Unreachable => "unreachable",
            Problem::Tls => "tls",
            Problem::WrongPassword => "wrong_password",
            Problem::AppPasswordNeeded => "app_password",
            Problem::NoInbox => "no_inbox",
            Problem::Other { .. } => "other",
        }
    }
}

/// The longest one half of a check may take.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(20);

/// The roots a mailbox server's certificate is checked against.
#[derive(Clone)]
pub struct Trust {
    roots: Arc<rustls::RootCertStore>,
    pub(super) extra: Vec<CertificateDer<'static>>,
}

impl Trust {
    /// The usual web roots, plus the certificates in `ca_file` (PEM), if given.
    pub fn new(ca_file: Option<&std::path::Path>) -> Result<Self, String> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let mut extra = Vec::new();
        if let Some(file) = ca_file {
            for cert in CertificateDer::pem_file_iter(file)
                .map_err(|err| format!("{}: {err}", file.display()))?
            {
                let cert = cert.map_err(|err| format!("{}: {err}", file.display()))?;
                roots
                    .add(cert.clone())
                    .map_err(|err| format!("{}: {err}", file.display()))?;
                extra.push(cert);
            }
        }
        Ok(Self {
            roots: Arc::new(roots),
            extra,
        })
    }

    pub(super) fn connector(&self) -> TlsConnector {
        let config = rustls::ClientConfig::builder()
            .with_root_certificates(self.roots.clone())
            .with_no_client_auth();
        TlsConnector::from(Arc::new(config))
    }
}

/// Checks both servers, at the same time.
pub async fn check(smtp: &Server, imap: &Server, trust: &Trust) -> Report {
    let (smtp, imap) = tokio::join!(
        within(check_smtp(smtp, trust)),
        within(check_imap(imap, trust))
    );
    Report { smtp, imap }
}

async fn within<T>(work: impl Future<Output = Result<T, Problem>>) -> Result<T, Problem> {
    tokio::time::timeout(TIMEOUT, work)
        .await
        .unwrap_or(Err(Problem::Unreachable))
}

/// Connects, upgrades to TLS, signs in (lettre signs in as it connects), says goodbye.
async fn check_smtp(server: &Server, trust: &Trust) -> Result<(), Problem> {
    let transport = smtp_transport(server, trust)?;
    match transport.test_connection().await {
        Ok(true) => Ok(()),
        Ok(false) => Err(Problem::Other {
            detail: "the server closed the connection".into(),
        }),
        Err(err) => Err(smtp_problem(&err)),
    }
}

/// A transport to `server` over verified TLS (implicit or STARTTLS, never plain), signing in
/// with its username and password.
fn smtp_transport(
    server: &Server,
    trust: &Trust,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, Problem> {
    let tls = super::session::tls_parameters(server, trust)
        .map_err(|detail| Problem::Other { detail })?;
    let tls = match server.security {
        Security::Tls => Tls::Wrapper(tls),
        Security::StartTls => Tls::Required(tls),
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(server.host.clone())
        .port(server.port)
        .tls(tls)
        .credentials(Credentials::new(
            server.username.clone(),
            server.password.expose_secret().to_owned(),
        ))
        .timeout(Some(TIMEOUT))
        .build();
    Ok(transport)
}

/// lettre's error, as a problem a founder can act on.
fn smtp_problem(err: &lettre::transport::smtp::Error) -> Problem {
    let text = err.to_string();
    if let Some(code) = err.status() {
        let code = code.to_string();
        // 534 5.7.9: Google's "Application-specific password required"; 535: refused.
        if code == "534" || text.contains("Application-specific password") {
            return Problem::AppPasswordNeeded;
        }
        if code == "535" {
            return Problem::WrongPassword;
        }
        return Problem::Other { detail: text };
    }
    let lower = text.to_lowercase();
    if err.is_tls()
        || [
            "tls",
            "certificate",
            "corrupt message",
            "handshake",
            "unknownissuer",
        ]
        .iter()
        .any(|mark| lower.contains(mark))
    {
        return Problem::Tls;
    }
    if err.is_timeout() || text.contains("Connection refused") || text.contains("resolve") {
        return Problem::Unreachable;
    }
    Problem::Other { detail: text }
}

/// Connects (TLS, or STARTTLS first), signs in, lists the folders, logs out. Reads only.
async fn check_imap(server: &Server, trust: &Trust) -> Result<Folders, Problem> {
    let mut session = super::inbox::sign_in(server, trust).await?;
    let names: Vec<async_imap::types::Name> = session
        .list(Some(""), Some("*"))
        .await
        .map_err(|err| Problem::Other {
            detail: err.to_string(),
        })?
        .try_collect()
        .await
        .map_err(|err| Problem::Other {
            detail: err.to_string(),
        })?;
    let _ = session.logout().await;
    if !names.iter().any(|n| n.name().eq_ignore_ascii_case("INBOX")) {
        return Err(Problem::NoInbox);
    }
    let sent = names
        .iter()
        .find(|n| {
            n.attributes()
                .iter()
                .any(|a| matches!(a, async_imap::types::NameAttribute::Sent))
        })
        .or_else(|| {
            names.iter().find(|n| {
                let last = n.name().rsplit(['/', '.']).next().unwrap_or_default();
                ["Sent", "Sent Items", "Sent Messages", "Sent Mail"]
                    .iter()
                    .any(|s| last.eq_ignore_ascii_case(s))
            })
        })
        .map(|n| n.name().to_owned());
    Ok(Folders { sent })
}

/// async-imap's login error, as a problem.
pub(super) fn imap_problem(err: &async_imap::error::Error) -> Problem {
    let text = err.to_string();
    if text.contains("Application-specific password") || text.contains("app password") {
        return Problem::AppPasswordNeeded;
    }
    match err {
        async_imap::error::Error::No(_) => Problem::WrongPassword,
        _ => Problem::Other { detail: text },
    }
}
