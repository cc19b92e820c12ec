//! A sequence has its address the moment writing starts (issue 37, item 1): the form posted
//! without JavaScript answers at once with `/s/{id}`, which shows the writing (to its session
//! only) and refreshes itself until the sequence is saved whole; a failed or interrupted writing
//! says so there, and the allowance is given back.

use std::time::{Duration, Instant};

use crate::fakes::claude::Reply;
use crate::helpers::{TestApp, app_with_claude, session_cookie, valid_form};

/// Posts the form as a browser without JavaScript does; answers the response (not followed).
async fn post_without_js(app: &TestApp) -> reqwest::Response {
    app.client
        .post(app.url("/api/generate"))
        .header("accept", "text/html")
        .header("referer", app.url("/generate"))
        .form(&valid_form())
        .send()
        .await
        .unwrap()
}

/// The page at `path`, asked every 20 ms until `done` holds of it (10 s at most).
async fn page_until(app: &TestApp, path: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let html = app.get(path).await.text().await.unwrap();
        if done(&html) {
            return html;
        }
        assert!(Instant::now() < deadline, "{path} never got there: {html}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_form_answers_at_once_and_the_page_follows_the_writing_until_it_is_saved() {
    // Two emails, then nothing until the first attempt times out (1 s); the retry writes all.
    let (app, _fake) =
        app_with_claude(vec![Reply::Stall { emails: 2 }, Reply::Sequence], &[]).await;
    let res = post_without_js(&app).await;
    assert_eq!(res.status(), 302);
    let session = session_cookie(&res).unwrap();
    let path = res.headers()["location"].to_str().unwrap().to_owned();
    let id = path
        .strip_prefix("/s/")
        .expect("the sequence's address")
        .to_owned();

    // While it is written: its page shows what is done, and refreshes itself.
    let writing = page_until(&app, &path, |html| html.contains("Email 2")).await;
    assert!(writing.contains("data-writing"), "{writing}");
    assert!(
        writing.contains(r#"<meta http-equiv="refresh" content="2">"#),
        "{writing}"
    );
    assert!(
        writing.contains("<h1>Ledgerly") && writing.contains("Financial Controller</h1>"),
        "{writing}"
    );
    assert!(writing.contains("Being written now"), "{writing}");
    assert_eq!(app.count("sequences").await, 0, "saved whole or not at all");
    let progress: serde_json::Value = app
        .get(&format!("/api/writing?id={id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(progress["total"], 4);
    // Nobody else sees it, and the form opens with its brief meanwhile.
    let other = app.another_browser();
    assert_eq!(other.get(&path).await.status(), 404);
    let form = app
        .get(&format!("/generate?from={id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(form.contains(r#"value="Ledgerly""#), "{form}");

    // Then the same address is the saved sequence, and nothing of the writing is left.
    let saved = page_until(&app, &path, |html| !html.contains("data-writing")).await;
    assert!(saved.contains("Quality checks"), "{saved}");
    assert_eq!(app.count("writings").await, 0);
    assert_eq!(app.count("sequences").await, 1);
    assert_eq!(app.usage(&session).await, (1, 1));
}

#[tokio::test]
async fn a_writing_that_fails_says_so_on_its_page_and_counts_nothing() {
    let (app, _fake) = app_with_claude(vec![Reply::Error(400, "invalid_request_error")], &[]).await;
    let res = post_without_js(&app).await;
    let session = session_cookie(&res).unwrap();
    let path = res.headers()["location"].to_str().unwrap().to_owned();
    let id = path.strip_prefix("/s/").unwrap().to_owned();
    let failed = page_until(&app, &path, |html| html.contains("writing-failed")).await;
    assert!(failed.contains("Writing this sequence failed."), "{failed}");
    assert!(
        failed.contains("did not count against your plan"),
        "{failed}"
    );
    assert!(
        failed.contains(&format!(r#"href="/generate?from={id}""#)),
        "{failed}"
    );
    assert!(
        !failed.contains("http-equiv"),
        "a failed writing stops refreshing"
    );
    assert_eq!(app.usage(&session).await, (0, 1));
    assert_eq!(app.count("sequences").await, 0);

    // Its page stays a week (to read why, and to find the brief again), then it is swept.
    use coldcopy::server::sequences::writings::{KEPT, sweep};
    assert_eq!(sweep(&app.state.writer, KEPT).await.unwrap(), 0);
    assert_eq!(app.count("writings").await, 1);
    crate::on_db!(app.state.writer, |pool| sqlx::query(
        "UPDATE writings SET created_at = created_at - 8 * 86400"
    )
    .execute(pool)
    .await
    .map(|_| ())
    .unwrap());
    assert_eq!(sweep(&app.state.writer, KEPT).await.unwrap(), 1);
    assert_eq!(app.count("writings").await, 0);
    assert_eq!(app.get(&path).await.status(), 404);
}

#[tokio::test]
async fn a_writing_whose_server_stopped_reads_as_failed_once_its_reservation_is_released() {
    let (app, _fake) = app_with_claude(vec![Reply::Hang], &[("CLAUDE_TIMEOUT_SECS", "30")]).await;
    let res = post_without_js(&app).await;
    let path = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        app.get(&path)
            .await
            .text()
            .await
            .unwrap()
            .contains("data-writing")
    );
    // What the sweeper does to a crashed server's reservation.
    crate::on_db!(app.state.writer, |pool| sqlx::query(
        "DELETE FROM reservations"
    )
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
    let failed = app.get(&path).await.text().await.unwrap();
    assert!(failed.contains("writing-failed"), "{failed}");
}
