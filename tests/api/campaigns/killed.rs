//! The real server binary, sending a campaign on its own timer, is killed with SIGKILL while the
//! submission server holds a message it has received but not yet answered. Started again on
//! the same database (here a server in the test, its clock driven past the dead one's lease),
//! the interrupted send is never sent again on a guess: it is "not confirmed" until the
//! founder says. "It went" moves the lead on; "send it again" sends that one step once more,
//! with the same Message-ID. The submission server counts every message it received.

use std::process::{Command, Stdio};

use super::faults::Faults;
use super::*;
use crate::helpers::database;

/// An IANA zone where it is about noon now, so the real server's window (09:00-17:00, every
/// day) is open for hours whenever the test runs.
fn zone_at_noon() -> String {
    let hour = jiff::Timestamp::now().as_second().rem_euclid(86_400) / 3600;
    match 12 - hour {
        0 => "Etc/GMT".to_owned(),
        // `Etc/GMT-5` is five hours ahead of UTC (POSIX signs).
        ahead if ahead > 0 => format!("Etc/GMT-{ahead}"),
        behind => format!("Etc/GMT+{}", -behind),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_send_never_sends_that_step_twice() {
    let faults = Faults::start().await;
    let k = fresh("k8");
    let address = |kind: &str| format!("{kind}-{k}@acme.test");
    let csv = format!(
        "email,first_name,company\n{},Ana,Acme\n{},Li,Beta\n{},Jo,Gamma\n",
        address("ok"),
        address("thang"),
        address("later")
    );
    let (app, mailbox, job, _mail) = founder_sending_to(&k, &csv, Some(faults.port)).await;
    let zone = zone_at_noon();
    let mut fields = campaign_form(
        &job,
        &mailbox,
        &[
            ("gap_minutes", "0"),
            ("daily_cap", "50"),
            ("time_zone", zone.as_str()),
        ],
    );
    for day in ["sat", "sun"] {
        fields.push(("day", day.to_owned()));
    }
    let id = create(&app, &fields).await;
    control(&app, &id, "start").await;

    // The binary, on the same database, sending every second on the system clock.
    let (_, _, ca) = mail_system();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_coldcopy"));
    command
        .envs([
            ("DATABASE_URL", app.database_url.as_str()),
            ("LEPTOS_SITE_ADDR", &format!("127.0.0.1:{port}")),
            ("MAIL_CA_FILE", ca.as_str()),
            ("CAMPAIGN_ROUND_SECONDS", "1"),
            ("CAMPAIGN_PLANS", "free,starter,pro"),
            ("PUBLIC_URL", crate::accounts::PUBLIC),
            ("BACKUP_ENABLED", "false"),
            ("LOG_LEVEL", "error"),
        ])
        .env_remove("ANTHROPIC_API_KEY")
        .env_remove("STRIPE_SECRET_KEY")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // SQLite's mailbox key is the file beside the database; PostgreSQL's a setting.
    if database::on_postgres() {
        command.env("MAILBOX_KEY", crate::helpers::TEST_MAILBOX_KEY);
    } else {
        command.env_remove("MAILBOX_KEY");
    }
    let mut server = command.spawn().expect("the binary starts");

    // The first lead's email is answered; the second's is received and held unanswered.
    let deadline = Instant::now() + Duration::from_secs(30);
    while faults.received(&address("thang")) == 0 {
        assert!(
            Instant::now() < deadline,
            "the server sent nothing (received: ok {})",
            faults.received(&address("ok"))
        );
        assert!(server.try_wait().unwrap().is_none(), "the server exited");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let killed_at = jiff::Timestamp::now().as_second();
    assert_eq!(faults.received(&address("ok")), 1);
    assert_eq!(faults.received(&address("later")), 0);

    // Started again: before the dead server's lease and the stale time have run out nothing
    // moves; after, the held send is unconfirmed (Sent does not have it), never sent again, and
    // the last lead gets its first email.
    let round_at = |seconds: i64| {
        let state = app.state.clone();
        async move { round(&state, killed_at + seconds).await.unwrap() }
    };
    let early = round_at(5).await;
    assert_eq!((early.sent, early.unconfirmed), (0, 0), "{early:?}");
    let done = round_at(700).await;
    assert_eq!((done.sent, done.unconfirmed), (1, 1), "{done:?}");
    for seconds in [760, 1_000, 2_000] {
        let done = round_at(seconds).await;
        assert_eq!((done.sent, done.unconfirmed), (0, 0), "{seconds}: {done:?}");
    }
    assert_eq!(faults.received(&address("thang")), 1);
    assert_eq!(faults.received(&address("ok")), 1);
    assert_eq!(faults.received(&address("later")), 1);
    let page = app.text(&format!("/campaigns/{id}")).await;
    assert_eq!(page.matches(" · Not confirmed · ").count(), 1, "{page}");
    assert!(page.contains("did it go?"), "{page}");

    // The founder looked in Sent and says "send it again": the same step goes once more, with
    // the Message-ID the first try had.
    let held_id = faults.message_id(&address("thang"));
    let lead = unconfirmed_lead(&page);
    assert_eq!(settle(&app, &id, &lead, "again").await, 303);
    // (The submission server holds this one too: "thang" never answers. Its Message-ID is what
    // counts here.)
    let again = Instant::now();
    let resend = tokio::spawn({
        let state = app.state.clone();
        async move { round(&state, jiff::Timestamp::now().as_second() + 2_100).await }
    });
    while faults.received(&address("thang")) < 2 {
        assert!(again.elapsed() < Duration::from_secs(20), "not sent again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    resend.abort();
    let ids: Vec<String> = std::fs::read_to_string(faults.received_file())
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{} ", address("thang"))))
        .map(str::to_owned)
        .collect();
    assert_eq!(ids, vec![held_id.clone(), held_id]);
    // A second word on the same send changes nothing.
    assert_eq!(settle(&app, &id, &lead, "arrived").await, 303);
    assert_eq!(settle(&app, &id, &lead, "maybe").await, 400);
}
