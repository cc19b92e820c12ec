//! Crash safety: the real binary is killed with SIGKILL while 100 generations stream from a
//! slow fake Claude, then started again on the same database. The database must be intact, no
//! reservation may stay consumed, and every sequence that was saved must read back whole.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use crate::fakes::claude::FakeClaude;
use crate::helpers::valid_form;
use coldcopy::domain::{form::SequenceRequest, sequence::Sequence};
use coldcopy::server::platform::db;

fn start(url: &str, addr: &str, claude: &str) -> Child {
    start_with(url, addr, claude, &[])
}

/// The real binary on `url`, serving at `addr`, against the Claude at `claude`, with `extra`
/// settings.
pub(crate) fn start_with(url: &str, addr: &str, claude: &str, extra: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_coldcopy"))
        .envs([
            ("DATABASE_URL", url),
            ("LEPTOS_SITE_ADDR", addr),
            ("ANTHROPIC_API_KEY", "sk-ant-test-key"),
            ("ANTHROPIC_BASE_URL", claude),
            ("CLAUDE_TIMEOUT_SECS", "20"),
            ("RATE_LIMIT_IP", "100000"),
            ("RATE_LIMIT_SESSION", "100000"),
            ("IP_DAILY_SESSIONS", "100000"),
            ("IP_DAILY_FREE_GENERATIONS", "100000"),
            ("LOG_LEVEL", "error"),
            ("MAILBOX_KEY", crate::helpers::TEST_MAILBOX_KEY),
        ])
        .envs(extra.iter().copied())
        .env_remove("STRIPE_SECRET_KEY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts")
}

pub(crate) async fn wait_ready(base: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(res) = reqwest::get(format!("{base}/readyz")).await
            && res.status() == 200
        {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not become ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn scalar(pool: &db::ReadPool, sql: &'static str) -> i64 {
    crate::on_db!(pool, |pool| sqlx::query_scalar(sql)
        .fetch_one(pool)
        .await
        .unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_with_100_generations_in_flight_loses_nothing_on_restart() {
    // About 900 tokens a sequence at 400 tokens/s: a couple of seconds each.
    let fake = FakeClaude::start_at("127.0.0.1:0", [], Some(400.0)).await;
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database::fresh_database_url(dir.path(), "crash.db").await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let base = format!("http://{addr}");

    let mut server = start(&url, &addr, &fake.base_url);
    wait_ready(&base).await;

    // 100 visitors, each in a browser of its own, stream a generation.
    let form = serde_json::json!({ "form": valid_form().into_iter().collect::<std::collections::HashMap<_, _>>() });
    for _ in 0..100 {
        let url = format!("{base}/api/generate/stream");
        let form = form.clone();
        tokio::spawn(async move {
            if let Ok(res) = reqwest::Client::new().post(url).json(&form).send().await {
                let _ = res.bytes().await;
            }
        });
    }
    // Kill it once every generation is in flight and the first sequences are saved.
    let pool = db::ReadPool::connect(&url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while fake.received().len() < 100 || scalar(&pool, "SELECT count(*) FROM sequences").await < 1 {
        assert!(Instant::now() < deadline, "the generations did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let saved_at_kill = scalar(&pool, "SELECT count(*) FROM sequences").await;
    let pending_at_kill = scalar(&pool, "SELECT count(*) FROM reservations").await;
    pool.close().await;
    assert!(saved_at_kill < 100, "everything finished before the kill");
    assert!(pending_at_kill > 0, "nothing was in flight at the kill");

    // Start again on the same database.
    let mut server = start(&url, &addr, &fake.base_url);
    wait_ready(&base).await;
    let pool = db::ReadPool::connect(&url).await.unwrap();
    if let db::Db::Sqlite(sqlite) = pool.db() {
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(sqlite)
            .await
            .unwrap();
        assert_eq!(integrity, "ok");
    }
    assert_eq!(scalar(&pool, "SELECT count(*) FROM reservations").await, 0);
    // Every session has spent exactly what it has: one sequence, or nothing.
    assert_eq!(
        scalar(
            &pool,
            "SELECT count(*) FROM sessions s
             WHERE s.generations_used != (SELECT count(*) FROM sequences q WHERE q.session_id = s.id)"
        )
        .await,
        0
    );
    // Every saved sequence reads back whole.
    let rows: Vec<(String, String)> = crate::on_db!(pool, |pool| sqlx::query_as(
        "SELECT input_json, output_json FROM sequences"
    )
    .fetch_all(pool)
    .await
    .unwrap());
    assert_eq!(rows.len() as i64, saved_at_kill);
    for (input, output) in rows {
        let request: SequenceRequest = serde_json::from_str(&input).unwrap();
        let sequence: Sequence = serde_json::from_str(&output).unwrap();
        assert_eq!(sequence.check(usize::from(request.emails().get())), Ok(()));
    }
    pool.close().await;
    server.kill().unwrap();
    server.wait().unwrap();
}
