//! Refusals at the door, from a scripted submission server (tests/api/helpers/smtp_faults.py,
//! Debian's aiosmtpd behind STARTTLS and AUTH): 421, 450, 452 and 454 are tried again later within
//! the window and give up after five tries; 552 at RCPT bounces and suppresses, a 554 after the
//! message pauses the mailbox (it would refuse every lead alike); a connection lost before
//! the message was handed over is tried again; one lost after it is never sent again ("not
//! confirmed"). The server's own count proves what it received, and that nothing came twice.

use super::*;

/// The scripted server, and the file where it notes each message it received.
pub(super) struct Faults {
    pub(super) port: u16,
    received: PathBuf,
    _dir: tempfile::TempDir,
    _server: tokio::process::Child,
}

impl Faults {
    pub(super) async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mail = PathBuf::from(
            std::env::var("MAIL_DIR").expect("MAIL_DIR: run the README's test command"),
        );
        let received = dir.path().join("received");
        std::fs::write(&received, "").unwrap();
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/api/helpers/smtp_faults.py"
        );
        let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
        let (port, server) = crate::helpers::mail::python_server(|port| {
            vec![
                script.to_owned(),
                port.to_string(),
                path(&mail.join("cert.pem")),
                path(&mail.join("key.pem")),
                path(&received),
            ]
        })
        .await;
        Self {
            port,
            received,
            _dir: dir,
            _server: server,
        }
    }

    /// The Message-ID of the first message the server received for `address`.
    pub(super) fn message_id(&self, address: &str) -> String {
        std::fs::read_to_string(&self.received)
            .unwrap()
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{address} ")).map(str::to_owned))
            .unwrap_or_else(|| panic!("nothing received for {address}"))
    }

    /// The file where the server notes "RECIPIENT MESSAGE-ID" for each message it received.
    pub(super) fn received_file(&self) -> &std::path::Path {
        &self.received
    }

    /// How many times the server received a message for `address`.
    pub(super) fn received(&self, address: &str) -> usize {
        std::fs::read_to_string(&self.received)
            .unwrap()
            .lines()
            .filter(|line| line.split(' ').next() == Some(address))
            .count()
    }
}

#[tokio::test]
async fn refusals_are_tried_again_bounced_or_left_unconfirmed_and_nothing_goes_twice() {
    let faults = Faults::start().await;
    let k = fresh("k7");
    let kinds = [
        "ok",
        "t552",
        "t450",
        "t421",
        "tdroprcpt",
        "tdrop",
        "t452",
        "t454",
    ];
    let mut csv = "email,first_name,company\n".to_owned();
    for kind in kinds {
        csv.push_str(&format!("{kind}-{k}@acme.test,Ana,Acme\n"));
    }
    let (app, mailbox, job, _mail) = founder_sending_to(&k, &csv, Some(faults.port)).await;
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0"), ("daily_cap", "50")]),
    )
    .await;
    control(&app, &id, "start").await;

    let done = send_round(&app, "2026-12-14T09:00:00Z").await;
    assert_eq!(
        (done.sent, done.bounced, done.deferred, done.unconfirmed),
        (1, 1, 5, 1),
        "{done:?}"
    );
    let address = |kind: &str| format!("{kind}-{k}@acme.test");
    assert_eq!(faults.received(&address("ok")), 1);
    assert_eq!(faults.received(&address("tdrop")), 1);
    assert_eq!(app.count("suppressions").await, 1);

    // The provider kept a copy of the email whose answer was lost (as Gmail does): found in Sent
    // by its Message-ID, it is confirmed, and the lead goes on to its follow-up.
    let message_id = faults.message_id(&address("tdrop"));
    let sent = maildir(&format!("{k}@ledgerly.test"))
        .parent()
        .unwrap()
        .join(".Sent")
        .join("new");
    std::fs::create_dir_all(&sent).unwrap();
    std::fs::write(
        sent.join(format!("{}.kept.localhost", uuid::Uuid::new_v4().simple())),
        format!("From: {k}@ledgerly.test\r\nTo: {}\r\nMessage-ID: {message_id}\r\nSubject: kept\r\n\r\nKept.\r\n", address("tdrop")),
    )
    .unwrap();

    // Nothing is tried again before its time: 15 minutes, then 30, 60, 120. Sent is looked at
    // when the INBOX is next read (every five minutes while nothing is due): at the first retry.
    assert_eq!(
        send_round(&app, "2026-12-14T09:04:00Z").await,
        Round::default()
    );
    let tries = [
        "2026-12-14T09:15:00Z",
        "2026-12-14T09:45:00Z",
        "2026-12-14T10:45:00Z",
        "2026-12-14T12:45:00Z",
    ];
    for (n, when) in tries.into_iter().enumerate() {
        let done = send_round(&app, when).await;
        let confirmed = u32::from(n == 0);
        assert_eq!(
            (done.deferred, done.sent, done.unconfirmed, done.confirmed),
            (5, 0, 0, confirmed),
            "try {}: {done:?}",
            n + 2
        );
    }
    // Five tries: they are failed now, and nothing is ever sent again.
    for when in ["2026-12-14T16:00:00Z", "2026-12-15T09:00:00Z"] {
        assert_eq!(send_round(&app, when).await, Round::default(), "{when}");
    }
    // Thursday: both leads that went get their follow-up once; the confirmed one's is lost after
    // the hand-over again, and stays unconfirmed (not in Sent this time).
    let done = send_round(&app, "2026-12-17T09:00:00Z").await;
    assert_eq!(
        (done.sent, done.unconfirmed, done.deferred),
        (1, 1, 0),
        "{done:?}"
    );
    for when in ["2026-12-17T10:00:00Z", "2026-12-18T09:00:00Z"] {
        let done = send_round(&app, when).await;
        assert_eq!(
            (done.sent, done.unconfirmed, done.deferred),
            (0, 0, 0),
            "{when}: {done:?}"
        );
    }
    assert_eq!(faults.received(&address("tdrop")), 2);
    assert_eq!(faults.received(&address("ok")), 2);
    for kind in ["t552", "t450", "t421", "tdroprcpt", "t452", "t454"] {
        assert_eq!(faults.received(&address(kind)), 0, "{kind}");
    }
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert_eq!(page.matches(" · Failed · ").count(), 5, "{page}");
    assert!(page.contains(" · Not confirmed · "), "{page}");
    assert!(page.contains(">552 5.2.2 Mailbox full<"), "{page}");
    assert!(
        page.contains("it may have arrived, so it is not sent again"),
        "{page}"
    );

    // The founder finds it in Sent and says it went: the lead goes on to its next step.
    let scheduled = page.matches(" · Scheduled · ").count();
    let lead = unconfirmed_lead(&page);
    assert_eq!(settle(&app, &id, &lead, "arrived").await, 303);
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(!page.contains(" · Not confirmed · "), "{page}");
    assert_eq!(
        page.matches(" · Scheduled · ").count(),
        scheduled + 1,
        "{page}"
    );
}

#[tokio::test]
async fn a_refusal_of_the_message_pauses_the_mailbox_and_suppresses_nobody() {
    let faults = Faults::start().await;
    let k = fresh("k9");
    let csv = format!(
        "email,first_name,company\nt554-{k}@acme.test,Ana,Acme\nok-{k}@acme.test,Li,Beta\n"
    );
    let (app, mailbox, job, _mail) = founder_sending_to(&k, &csv, Some(faults.port)).await;
    let id = create(
        &app,
        &campaign_form(&job, &mailbox, &[("gap_minutes", "0")]),
    )
    .await;
    control(&app, &id, "start").await;
    let done = send_round(&app, "2026-12-14T09:00:00Z").await;
    assert_eq!(
        (done.paused, done.bounced, done.sent),
        (1, 0, 0),
        "{done:?}"
    );
    assert_eq!(app.count("suppressions").await, 0);
    assert_eq!(
        send_round(&app, "2026-12-14T10:00:00Z").await,
        Round::default()
    );
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert!(
        page.contains("554 5.7.1 Message rejected as spam"),
        "{page}"
    );
    assert_eq!(page.matches(" · Scheduled · ").count(), 2, "{page}");
}
