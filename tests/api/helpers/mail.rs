//! A real SMTP server on loopback that the tests read mail from: Debian's `python3-aiosmtpd`,
//! storing every message it accepts in a maildir (the README's test command installs it). The
//! server answers `250` to a message only after writing it, so a message the app has handed
//! over is already in the maildir when the app's request returns: nothing waits on a clock.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use mail_parser::{Message, MessageParser};

/// The mail server, stopped when dropped.
pub struct MailCatcher {
    /// `smtp://127.0.0.1:PORT`, for `SMTP_URL`.
    pub url: String,
    dir: tempfile::TempDir,
    _server: tokio::process::Child,
}

/// The Python with Debian's aiosmtpd (a pyenv `python3` on the PATH may not have it).
pub const PYTHON: &str = "/usr/bin/python3";

/// Starts Debian's Python with `args(port)` on a free loopback port and waits until it accepts
/// a connection; answers the port and the process (killed when dropped).
pub async fn python_server(args: impl FnOnce(u16) -> Vec<String>) -> (u16, tokio::process::Child) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let server = tokio::process::Command::new(PYTHON)
        .args(args(port))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect(
            "python3-aiosmtpd is needed for the mail tests: apt-get install -y python3-aiosmtpd",
        );
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "the Python SMTP server did not start listening in 20 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (port, server)
}

impl MailCatcher {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let maildir = dir.path().join("maildir").to_string_lossy().into_owned();
        let (port, server) = python_server(|port| {
            vec![
                "-m".into(),
                "aiosmtpd".into(),
                "-n".into(),
                "-l".into(),
                format!("127.0.0.1:{port}"),
                "-c".into(),
                "aiosmtpd.handlers.Mailbox".into(),
                maildir.clone(),
            ]
        })
        .await;
        Self {
            url: format!("smtp://127.0.0.1:{port}"),
            dir,
            _server: server,
        }
    }

    /// Every message received so far, oldest first, as raw bytes.
    pub fn raw_messages(&self) -> Vec<Vec<u8>> {
        let new = self.dir.path().join("maildir").join("new");
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&new)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| (e.metadata().and_then(|m| m.modified()).unwrap(), e.path()))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| std::fs::read(path).expect("a message file"))
            .collect()
    }

    /// The only message received, parsed.
    pub fn only_message(&self) -> Mail {
        let raw = self.raw_messages();
        assert_eq!(raw.len(), 1, "expected exactly one message");
        Mail::parse(raw.into_iter().next().unwrap())
    }
}

/// A received message and the parts a test reads.
pub struct Mail {
    pub raw: Vec<u8>,
}

impl Mail {
    pub fn parse(raw: Vec<u8>) -> Self {
        Self { raw }
    }

    pub fn message(&self) -> Message<'_> {
        MessageParser::default()
            .parse(&self.raw)
            .expect("a parsable message")
    }

    pub fn subject(&self) -> String {
        self.message().subject().unwrap_or_default().to_owned()
    }

    pub fn text(&self) -> String {
        self.message()
            .body_text(0)
            .expect("a text part")
            .into_owned()
    }

    pub fn html(&self) -> String {
        self.message()
            .body_html(0)
            .expect("an HTML part")
            .into_owned()
    }

    /// The sign-in link's path (`/signin/{token}`) and the address it was written for.
    pub fn sign_in_link(&self) -> (String, String) {
        let text = self.text();
        let url = text
            .split_whitespace()
            .find(|word| word.contains("/signin/"))
            .expect("a sign-in link in the text")
            .to_owned();
        let parsed = reqwest::Url::parse(&url).expect("the link is a URL");
        (parsed.path().to_owned(), url)
    }
}
