//! The outbound limiter toward Claude, seen from the fake: a lead list's first lines never
//! arrive faster than `CLAUDE_REQUESTS_PER_MINUTE`, from one server or, on PostgreSQL, from
//! two servers working on the same list (the account's limit is shared, not each server's).

use serde_json::Value;

use crate::fakes::claude::{FakeClaude, Received, max_per_second};
use crate::helpers::{TestApp, app_with_fake, database};
use crate::leads::job_id;

fn first_lines(r: &Received) -> bool {
    r.body["tools"][0]["name"] == "write_first_line"
}

/// Rows of `n` leads, each with a fact to write from.
fn rows(n: usize) -> String {
    "email,notes\n".to_owned()
        + &(1..=n)
            .map(|i| format!("l{i}@acme.io,Acme opened office {i} in Lisbon.\n"))
            .collect::<String>()
}

/// Uploads `n` leads to a new sequence of `app`'s browser and starts writing them.
async fn start(app: &TestApp, n: usize) -> String {
    let sequence = app.sequence().await;
    let job = job_id(&app.upload(&sequence, rows(n).as_bytes(), "").await);
    app.post_form(
        &format!("/leads/{job}/start"),
        &[("col_email", "0"), ("facts", "1")],
    )
    .await;
    job
}

/// How many first lines `app` has had answered, from its metrics listener.
async fn first_lines_sent(app: &TestApp) -> u64 {
    let private = app.metrics_address.clone().expect("a metrics listener");
    let text = reqwest::get(format!("{private}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find(|l| {
            l.starts_with("coldcopy_claude_request_duration_seconds_count")
                && l.contains("call=\"first_line\"")
                && l.contains("outcome=\"ok\"")
        })
        .and_then(|l| l.rsplit(' ').next())
        .map_or(0, |n| n.parse().unwrap())
}

#[tokio::test]
async fn bulk_lines_never_outrun_the_outbound_limiter() {
    let fake = FakeClaude::start([]).await;
    // 120 requests a minute: never more than two within any second.
    let app = app_with_fake(
        &fake,
        &[
            ("CLAUDE_REQUESTS_PER_MINUTE", "120"),
            ("CLAUDE_TOKENS_PER_MINUTE", "10000000"),
            ("LEAD_WORKERS", "8"),
            ("LEADS_FREE", "100"),
        ],
    )
    .await;
    let job = start(&app, 8).await;
    let page = app.ended(&job).await;
    assert_eq!(page["job"]["counts"]["written"], 8);
    let received = fake.received();
    assert_eq!(received.iter().filter(|r| first_lines(r)).count(), 8);
    let peak = max_per_second(&received, first_lines);
    assert!(peak <= 2, "{peak} first-line calls within one second");
}

// On a multi-threaded runtime, as each server has in production: on the test's one thread the
// two servers, their twelve lead workers, the fake and the poller took turns, so a request the
// limiter had just recorded could wait behind another task's work before it left, and two
// requests recorded 1.02 s apart reached the fake less than a second apart (CI, 2026-12-06).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_the_accounts_limit() {
    if !database::on_postgres() {
        return;
    }
    let fake = FakeClaude::start([]).await;
    let dir = tempfile::tempdir().unwrap();
    let url = database::fresh_database_url(dir.path(), "unused").await;
    let vars = [
        ("DATABASE_URL", url.as_str()),
        ("METRICS_ADDR", "127.0.0.1:0"),
        ("CLAUDE_REQUESTS_PER_MINUTE", "120"),
        ("CLAUDE_TOKENS_PER_MINUTE", "10000000"),
        ("LEAD_WORKERS", "6"),
        ("LEADS_FREE", "100"),
    ];
    let one = app_with_fake(&fake, &vars).await;
    let two = app_with_fake(&fake, &vars).await;
    // Server one claims six leads at once; server two finds the rest when it next looks (every
    // 2 s). Each alone would send two a second: together they still send two.
    let job = start(&one, 16).await;
    let page: Value = one.ended(&job).await;
    assert_eq!(page["job"]["counts"]["written"], 16, "{page}");
    let (by_one, by_two) = (first_lines_sent(&one).await, first_lines_sent(&two).await);
    assert_eq!(by_one + by_two, 16);
    assert!(
        by_one > 0 && by_two > 0,
        "both servers wrote: {by_one} and {by_two}"
    );
    let peak = max_per_second(&fake.received(), first_lines);
    assert!(peak <= 2, "{peak} first-line calls within one second");
}
