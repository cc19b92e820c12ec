//! "Test connection" against real mail servers on loopback: Debian's postfix (submission with
//! STARTTLS and SMTP AUTH) and dovecot (IMAP with STARTTLS), started by the README's test
//! command (scripts/mail.sh), trusted through their certificate's file, never by turning
//! verification off.

use coldcopy::server::mail::check::{Problem, Report, Security, Server, Trust, check};

/// The mail system scripts/mail.sh started: (submission port, IMAP port, its certificate).
fn mail_system() -> (u16, u16, std::path::PathBuf) {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: run the suite with the README's test command, or start the \
                 mail system first (`. scripts/mail.sh && mail_start`)"
            )
        })
    };
    (
        var("MAIL_SUBMISSION_PORT").parse().unwrap(),
        var("MAIL_IMAP_PORT").parse().unwrap(),
        var("MAIL_CA").into(),
    )
}

fn server(port: u16, security: Security, user: &str, password: &str) -> Server {
    Server {
        host: "localhost".into(),
        port,
        security,
        username: user.into(),
        password: password.to_owned().into(),
    }
}

async fn run(smtp: Server, imap: Server, trust: &Trust) -> Report {
    check(&smtp, &imap, trust).await
}

#[tokio::test]
async fn a_working_mailbox_passes_and_its_sent_folder_is_found() {
    let (submission, imap, ca) = mail_system();
    let trust = Trust::new(Some(&ca)).unwrap();
    let user = "founder-check@ledgerly.test";
    let report = run(
        server(submission, Security::StartTls, user, "secret"),
        server(imap, Security::StartTls, user, "secret"),
        &trust,
    )
    .await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.imap.unwrap().sent.as_deref(), Some("Sent"));
}

#[tokio::test]
async fn a_wrong_password_is_named_on_both_servers() {
    let (submission, imap, ca) = mail_system();
    let trust = Trust::new(Some(&ca)).unwrap();
    let user = "founder-wrong@ledgerly.test";
    let report = run(
        server(submission, Security::StartTls, user, "not it"),
        server(imap, Security::StartTls, user, "not it"),
        &trust,
    )
    .await;
    assert_eq!(report.smtp, Err(Problem::WrongPassword));
    assert_eq!(report.imap, Err(Problem::WrongPassword));
}

#[tokio::test]
async fn an_untrusted_certificate_and_the_wrong_kind_of_tls_are_tls_problems() {
    let (submission, imap, _) = mail_system();
    // The usual roots only: the test server's own certificate is not among them.
    let strict = Trust::new(None).unwrap();
    let user = "founder-tls@ledgerly.test";
    let report = run(
        server(submission, Security::StartTls, user, "secret"),
        server(imap, Security::StartTls, user, "secret"),
        &strict,
    )
    .await;
    assert_eq!(report.smtp, Err(Problem::Tls));
    assert_eq!(report.imap, Err(Problem::Tls));
    // Implicit TLS asked of a server that starts in plain text.
    let (_, _, ca) = mail_system();
    let trust = Trust::new(Some(&ca)).unwrap();
    let report = run(
        server(submission, Security::Tls, user, "secret"),
        server(imap, Security::Tls, user, "secret"),
        &trust,
    )
    .await;
    assert_eq!(report.smtp, Err(Problem::Tls), "{report:?}");
    assert_eq!(report.imap, Err(Problem::Tls), "{report:?}");
}

#[tokio::test]
async fn nothing_listening_is_unreachable() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let trust = Trust::new(None).unwrap();
    let report = run(
        server(port, Security::StartTls, "a@ledgerly.test", "secret"),
        server(port, Security::Tls, "a@ledgerly.test", "secret"),
        &trust,
    )
    .await;
    assert_eq!(report.smtp, Err(Problem::Unreachable));
    assert_eq!(report.imap, Err(Problem::Unreachable));
}
