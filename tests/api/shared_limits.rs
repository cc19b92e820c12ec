//! On PostgreSQL every server counts the same limits: two (or three) servers in this process on
//! one database, each with its own pools, memory tier and lease, stand in for separate
//! machines. The daily ceiling, Pro's fair use and the burst limits hold across them, and a
//! server started later (a restart) inherits the counts. Runs on the suite's PostgreSQL pass.

use serde_json::Value;

use crate::helpers::{TestApp, database, session_cookie, spawn_app_with, valid_form};
use coldcopy::domain::session::Plan;
use coldcopy::server::ops::commands;

/// `n` servers on one new PostgreSQL database, with `vars`.
async fn servers(n: usize, vars: &[(&str, &str)]) -> Vec<TestApp> {
    let dir = tempfile::tempdir().unwrap();
    let url = database::fresh_database_url(dir.path(), "unused").await;
    let mut apps = Vec::new();
    for _ in 0..n {
        let mut vars = vars.to_vec();
        vars.push(("DATABASE_URL", &url));
        apps.push(spawn_app_with(&vars).await);
    }
    apps
}

/// Posts the form to `app` as the browser holding `cookie` (or a new browser); the status.
async fn generate(app: &TestApp, cookie: Option<&str>) -> (u16, Option<String>) {
    let mut request = reqwest::Client::new()
        .post(app.url("/api/generate"))
        .form(&valid_form());
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("coldcopy_session={cookie}"));
    }
    let res = request.send().await.unwrap();
    let set = session_cookie(&res);
    (res.status().as_u16(), set)
}

/// `count` generations at once, spread over `apps` in turn; the statuses.
async fn at_once(apps: &[TestApp], count: usize, cookie: Option<&str>) -> Vec<u16> {
    let calls = (0..count).map(|i| generate(&apps[i % apps.len()], cookie));
    futures_util::future::join_all(calls)
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect()
}

fn tally(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

const GENEROUS: [(&str, &str); 4] = [
    ("RATE_LIMIT_IP", "100000"),
    ("RATE_LIMIT_SESSION", "100000"),
    ("IP_DAILY_SESSIONS", "100000"),
    ("IP_DAILY_FREE_GENERATIONS", "100000"),
];

#[tokio::test]
async fn the_daily_ceiling_holds_across_servers() {
    if !database::on_postgres() {
        return;
    }
    let mut vars = GENEROUS.to_vec();
    vars.push(("DAILY_GENERATION_CEILING", "5"));
    let apps = servers(2, &vars).await;
    let statuses = at_once(&apps, 16, None).await;
    assert_eq!(
        (tally(&statuses, 200), tally(&statuses, 503)),
        (5, 11),
        "{statuses:?}"
    );
    assert_eq!(apps[0].count("sequences").await, 5);
    assert_eq!(apps[1].count("reservations").await, 0);
}

#[tokio::test]
async fn pro_fair_use_holds_across_servers() {
    if !database::on_postgres() {
        return;
    }
    let mut vars = GENEROUS.to_vec();
    vars.push(("PRO_DAILY_LIMIT", "3"));
    let apps = servers(2, &vars).await;
    let (status, cookie) = generate(&apps[0], None).await;
    assert_eq!(status, 200);
    let session = cookie.expect("a new session");
    commands::grant(&apps[1].state.writer, &session, Plan::Pro, 25, 30)
        .await
        .unwrap();
    // Pro: 3 in 24 hours, the free one included, however many servers are asked at once.
    let statuses = at_once(&apps, 10, Some(&session)).await;
    assert_eq!(
        (tally(&statuses, 200), tally(&statuses, 429)),
        (2, 8),
        "{statuses:?}"
    );
    assert_eq!(apps[1].count("sequences").await, 3);
}

#[tokio::test]
async fn burst_limits_are_counted_once_for_all_servers_and_survive_a_restart() {
    if !database::on_postgres() {
        return;
    }
    let vars = [
        ("RATE_LIMIT_SESSION", "4"),
        ("RATE_LIMIT_IP", "100000"),
        ("IP_DAILY_SESSIONS", "3"),
        ("IP_DAILY_FREE_GENERATIONS", "100000"),
        ("FREE_SEQUENCES", "100"),
    ];
    let apps = servers(2, &vars).await;
    let (status, cookie) = generate(&apps[0], None).await;
    assert_eq!(status, 200);
    let session = cookie.unwrap();
    // Three more for this session, on either server, then the limit: 4 per window in all.
    let statuses = at_once(&apps, 8, Some(&session)).await;
    assert_eq!(
        (tally(&statuses, 200), tally(&statuses, 429)),
        (3, 5),
        "{statuses:?}"
    );

    // New sessions per IP per day: 3 in all (one made above), on whichever server.
    let statuses = at_once(&apps, 6, None).await;
    assert_eq!(
        (tally(&statuses, 200), tally(&statuses, 429)),
        (2, 4),
        "{statuses:?}"
    );

    // A server started now (a restart, a deploy) knows both counts.
    let url = apps[0].database_url.clone();
    let mut vars = vars.to_vec();
    vars.push(("DATABASE_URL", &url));
    let restarted = spawn_app_with(&vars).await;
    let (status, _) = generate(&restarted, Some(&session)).await;
    assert_eq!(status, 429);
    let res = reqwest::Client::new()
        .post(restarted.url("/api/generate"))
        .form(&valid_form())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "daily_limit_reached");
}
