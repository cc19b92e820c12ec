//! Shutdown (SIGTERM): the server stops accepting, and waits for generations still writing in
//! their own tasks, even when the visitor already left, so the sequence is saved whole.

use std::time::{Duration, Instant};

use crate::fakes::claude::FakeClaude;
use crate::helpers::{spawn_app_stoppable, valid_form};

#[tokio::test]
async fn a_generation_in_flight_is_saved_before_the_server_stops() {
    // About 900 output tokens at 600 tokens/s: the sequence takes a second or two to write.
    let fake = FakeClaude::start_at("127.0.0.1:0", [], Some(600.0)).await;
    let (app, stop, server) = spawn_app_stoppable(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test-key"),
        ("ANTHROPIC_BASE_URL", fake.base_url.as_str()),
        ("CLAUDE_TIMEOUT_SECS", "5"),
    ])
    .await;

    // A streamed generation; the visitor leaves as soon as it has started.
    let res = app.generate_stream(&valid_form()).await;
    assert_eq!(res.status(), 200);
    drop(res);
    while fake.received().is_empty() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let started = Instant::now();
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    // The server stopped only once the sequence was saved and its reservation finished.
    assert!(
        started.elapsed() > Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(app.count("sequences").await, 1);
    assert_eq!(app.count("reservations").await, 0);
    // And it no longer answers.
    assert!(
        reqwest::Client::new()
            .get(app.url("/healthz"))
            .timeout(Duration::from_secs(2))
            .send()
            .await
            .is_err()
    );
}
