//! Three servers on one PostgreSQL sending one campaign from two mailboxes, their rounds run at
//! the same instants of a clock the test drives: every cap holds across them, each mailbox is
//! sent from by one server at a time, and no lead's mailbox receives a step twice.

use coldcopy::server::campaigns::sender::round;

use super::*;
use crate::helpers::{database, spawn_app_with};
use crate::mailboxes::{connect, form};

/// Each server's rounds at `when`, all at once; answers what they sent together.
async fn together(servers: &[&TestApp], when: &str) -> u32 {
    let now = at(when);
    let rounds =
        futures_util::future::join_all(servers.iter().map(|app| round(&app.state, now))).await;
    rounds.into_iter().map(|r| r.expect("a round").sent).sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_servers_send_one_campaign_with_the_caps_held_and_nothing_twice() {
    if !database::on_postgres() {
        // SQLite is the one-server default; the PostgreSQL pass runs this.
        return;
    }
    let k = fresh("k9");
    let leads: Vec<String> = (0..10).map(|n| format!("{k}-l{n}@acme.test")).collect();
    let mut csv = "email,first_name,company\n".to_owned();
    for (n, lead) in leads.iter().enumerate() {
        csv.push_str(&format!("{lead},Lead{n},Acme {n}\n"));
    }
    let (one, first_mailbox, job, _mail) = founder(&k, &csv).await;
    let res = connect(&one, &form(&format!("{k}-b@ledgerly.test"), "secret"), true).await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let second_mailbox = location
        .split("connected=")
        .nth(1)
        .and_then(|rest| rest.split('#').next())
        .unwrap_or_else(|| panic!("not connected: {location}"))
        .to_owned();
    let mut fields = campaign_form(
        &job,
        &first_mailbox,
        &[
            ("daily_cap", "2"),
            ("gap_minutes", "0"),
            ("new_per_day", "50"),
        ],
    );
    fields.push(("mailbox", second_mailbox));
    let id = create(&one, &fields).await;
    control(&one, &id, "start").await;

    // Two more servers on the same database, each with its own pools and server id.
    let (_, _, ca) = mail_system();
    let settings = [
        ("DATABASE_URL", one.database_url.as_str()),
        ("MAIL_CA_FILE", ca.as_str()),
        ("CAMPAIGN_ROUND_SECONDS", "0"),
        ("CAMPAIGN_PLANS", "free,starter,pro"),
        ("PUBLIC_URL", crate::accounts::PUBLIC),
    ];
    let two = spawn_app_with(&settings).await;
    let three = spawn_app_with(&settings).await;
    let servers = [&one, &two, &three];

    // (A free account's list writes ten leads.) Monday 14 December 2026, Paris: two emails a
    // mailbox, four in all, however many servers.
    let mut monday = 0;
    for minute in ["08:00", "08:01", "09:30", "14:00"] {
        monday += together(&servers, &format!("2026-12-14T{minute}:00Z")).await;
    }
    assert_eq!(monday, 4, "two mailboxes, two a day each");
    // Tuesday: four more; Wednesday: the last two first emails (no follow-up is due yet).
    let mut tuesday = 0;
    for minute in ["08:00", "08:00", "11:00"] {
        tuesday += together(&servers, &format!("2026-12-15T{minute}:00Z")).await;
    }
    assert_eq!(tuesday, 4);
    let wednesday = together(&servers, "2026-12-16T08:00:00Z").await;
    assert_eq!(wednesday, 2);

    // Every lead received its first email once, from the mailbox the database says.
    let mut per_mailbox = std::collections::HashMap::<String, usize>::new();
    for lead in &leads {
        let mails = arrived(lead, 1).await;
        assert_eq!(mails.len(), 1, "{lead} got {} emails", mails.len());
        *per_mailbox.entry(header(&mails[0], "From")).or_default() += 1;
    }
    assert_eq!(per_mailbox.len(), 2, "{per_mailbox:?}");
    // No mailbox went over its cap on any day (the days counted in Paris, UTC+1 in December).
    let days: Vec<(String, i64, i64)> = crate::on_db!(one.state.reader, |p| sqlx::query_as(
        "SELECT mailbox_id, (sent_at + 3600) / 86400 AS day, COUNT(*) FROM sends
         WHERE campaign_id = $1 AND state = 'sent' GROUP BY mailbox_id, (sent_at + 3600) / 86400"
    )
    .bind(&id)
    .fetch_all(p)
    .await
    .unwrap());
    assert!(days.iter().all(|(_, _, n)| *n <= 2), "{days:?}");
    assert_eq!(days.iter().map(|(_, _, n)| n).sum::<i64>(), 10, "{days:?}");

    // Rounds run again by every server at the same instant send nothing more.
    assert_eq!(
        together(&servers, "2026-12-16T08:00:00Z").await,
        0,
        "a second pass at the same time"
    );
}
