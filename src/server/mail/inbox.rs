//! Reading a founder's INBOX over IMAP without changing it: opened with `EXAMINE` (read-only),
//! messages fetched with `BODY.PEEK` (nothing marked read), nothing moved or deleted. Each read
//! asks only for the messages after the last UID seen (a new UIDVALIDITY starts over).

use futures_util::TryStreamExt;
use rustls::pki_types::ServerName;
use secrecy::ExposeSecret;
use tokio::net::TcpStream;

use super::check::{Problem, Security, Server, TIMEOUT, Trust, imap_problem};

/// A signed-in IMAP session over TLS.
pub type ImapSession = async_imap::Session<tokio_rustls::client::TlsStream<TcpStream>>;

/// Connects (TLS, or STARTTLS first) and signs in.
pub async fn sign_in(server: &Server, trust: &Trust) -> Result<ImapSession, Problem> {
    tokio::time::timeout(TIMEOUT, connect(server, trust))
        .await
        .unwrap_or(Err(Problem::Unreachable))
}

async fn connect(server: &Server, trust: &Trust) -> Result<ImapSession, Problem> {
    let tcp = TcpStream::connect((server.host.as_str(), server.port))
        .await
        .map_err(|_| Problem::Unreachable)?;
    let name = ServerName::try_from(server.host.clone()).map_err(|_| Problem::Tls)?;
    let tls = match server.security {
        Security::Tls => trust
            .connector()
            .connect(name, tcp)
            .await
            .map_err(|_| Problem::Tls)?,
        Security::StartTls => {
            let mut client = async_imap::Client::new(tcp);
            client
                .read_response()
                .await
                .map_err(|_| Problem::Unreachable)?
                .ok_or(Problem::Unreachable)?;
            client
                .run_command_and_check_ok("STARTTLS", None)
                .await
                .map_err(|_| Problem::Tls)?;
            trust
                .connector()
                .connect(name, client.into_inner())
                .await
                .map_err(|_| Problem::Tls)?
        }
    };
    let mut client = async_imap::Client::new(tls);
    if matches!(server.security, Security::Tls) {
        client
            .read_response()
            .await
            .map_err(|_| Problem::Unreachable)?
            .ok_or(Problem::Unreachable)?;
    }
    client
        .login(&server.username, server.password.expose_secret())
        .await
        .map_err(|(err, _)| imap_problem(&err))
}

/// A message that arrived: its UID and its bytes (the first `MAX_BYTES` of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrived {
    pub uid: u32,
    pub raw: Vec<u8>,
}

/// The most of one message read: its headers and text are at the start; an attachment beyond
/// this is not needed to tell what it is.
pub const MAX_BYTES: u32 = 1 << 20;

/// What a read found: the UIDVALIDITY, the highest UID seen, and the messages after `after`.
pub struct Read {
    pub validity: u32,
    pub last_uid: u32,
    pub arrived: Vec<Arrived>,
}

/// The INBOX's messages after UID `after` (all of them when `validity` changed; none on the
/// first read, `validity` unknown), read only.
pub async fn read_new(
    session: &mut ImapSession,
    validity: Option<u32>,
    after: u32,
) -> Result<Read, async_imap::error::Error> {
    let inbox = session.examine("INBOX").await?;
    let now_validity = inbox.uid_validity.unwrap_or(0);
    let first_read = validity.is_none();
    let after = if validity == Some(now_validity) {
        after
    } else {
        0
    };
    let mut read = Read {
        validity: now_validity,
        last_uid: after,
        arrived: Vec::new(),
    };
    if first_read {
        // The first read starts from what is there now: the INBOX's history holds no replies
        // to campaigns that have not sent yet.
        read.last_uid = inbox.uid_next.map_or(0, |next| next.saturating_sub(1));
        return Ok(read);
    }
    if inbox.exists == 0 || inbox.uid_next.is_some_and(|next| next <= after + 1) {
        return Ok(read);
    }
    let fetched: Vec<async_imap::types::Fetch> = session
        .uid_fetch(
            format!("{}:*", after + 1),
            format!("(UID BODY.PEEK[]<0.{MAX_BYTES}>)"),
        )
        .await?
        .try_collect()
        .await?;
    for fetch in fetched {
        // `N:*` answers the last message even when its UID is below N.
        let Some(uid) = fetch.uid.filter(|uid| *uid > after) else {
            continue;
        };
        read.last_uid = read.last_uid.max(uid);
        if let Some(raw) = fetch.body() {
            read.arrived.push(Arrived {
                uid,
                raw: raw.to_vec(),
            });
        }
    }
    Ok(read)
}

/// Says goodbye.
pub async fn close(mut session: ImapSession) {
    let _ = session.logout().await;
}
