//! A lead list survives its server: the real binary is killed (SIGKILL) while it writes, and a
//! new one on the same database takes the leads over once their lease ends, writing each lead
//! exactly once.

use std::time::{Duration, Instant};

use crate::crash::{start_with, wait_ready};
use crate::fakes::claude::{FakeClaude, Reply};
use crate::helpers::valid_form;
use coldcopy::server::platform::db;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_resumes_after_a_crash_without_writing_a_lead_twice() {
    let hanging = FakeClaude::start([]).await;
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database::fresh_database_url(dir.path(), "leads.db").await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let base = format!("http://{addr}");
    let settings = [
        ("LEAD_LEASE_SECS", "5"),
        ("LEAD_WORKERS", "2"),
        ("CLAUDE_TIMEOUT_SECS", "600"),
        ("CLAUDE_DEADLINE_SECS", "900"),
    ];

    let mut server = start_with(&url, &addr, &hanging.base_url, &settings);
    wait_ready(&base).await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let sequence: String = browser
        .post(format!("{base}/api/generate"))
        .form(&valid_form())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for _ in 0..10 {
        hanging.push(Reply::Hang);
    }
    let rows = "email,notes\n".to_owned()
        + &(1..=6)
            .map(|i| format!("lead{i}@acme.io,Acme opened office {i} in Lisbon.\n"))
            .collect::<String>();
    let upload = crate::leads::multipart(b"", "leads.csv", &rows);
    let res = browser
        .post(format!("{base}/s/{sequence}/leads/upload"))
        .header("content-type", upload.0)
        .body(upload.1)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let job = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/leads/")
        .to_owned();
    let res = browser
        .post(format!("{base}/leads/{job}/start"))
        .form(&[("col_email", "0"), ("facts", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);

    // Two leads are being written (their calls hang) when the server dies.
    let deadline = Instant::now() + Duration::from_secs(30);
    while hanging
        .received()
        .iter()
        .filter(|r| r.body["tools"][0]["name"] == "write_first_line")
        .count()
        < 2
    {
        assert!(Instant::now() < deadline, "the worker did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();

    // A new server, with a Claude that answers, on the same database.
    let working = FakeClaude::start([]).await;
    let mut server = start_with(&url, &addr, &working.base_url, &settings);
    wait_ready(&base).await;
    let pool = db::ReadPool::connect(&url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let pending: i64 = crate::on_db!(pool, |pool| sqlx::query_scalar(
            "SELECT count(*) FROM leads WHERE status = 'pending'"
        )
        .fetch_one(pool)
        .await
        .unwrap());
        if pending == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the leads were not taken over: {pending} pending"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let written: Vec<(String, String)> = crate::on_db!(pool, |pool| sqlx::query_as(
        "SELECT status, line FROM leads ORDER BY id"
    )
    .fetch_all(pool)
    .await
    .unwrap());
    assert_eq!(written.len(), 6);
    for (i, (status, line)) in written.iter().enumerate() {
        assert_eq!(status, "written");
        assert_eq!(
            line,
            &format!("Saw that Acme opened office {} in Lisbon.", i + 1)
        );
    }
    // Each lead was asked for once by the new server: none twice.
    let mut asked: Vec<String> = working
        .received()
        .into_iter()
        .filter(|r| r.body["tools"][0]["name"] == "write_first_line")
        .map(|r| {
            r.body["messages"][0]["content"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    asked.sort();
    asked.dedup();
    assert_eq!(asked.len(), 6);
    assert_eq!(working.received().len(), 6);
    let job_status: String = crate::on_db!(pool, |pool| sqlx::query_scalar(
        "SELECT status FROM lead_jobs"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(job_status, "done");
    pool.close().await;
    server.kill().unwrap();
    server.wait().unwrap();
}
