//! Abuse limits: a client IP's daily caps on new sessions and free generations (clearing
//! cookies does not buy unlimited free sequences), the server's daily ceiling, and the switch
//! that turns generation off; the form says when writing is paused.

use serde_json::Value;

use crate::helpers::{TestApp, spawn_app_with, valid_form};

/// Generous burst limits, so only the daily caps under test bite.
const BURSTS: [(&str, &str); 2] = [("RATE_LIMIT_IP", "1000"), ("RATE_LIMIT_SESSION", "1000")];

async fn post_as_new_browser(url: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(url)
        .form(&valid_form())
        .send()
        .await
        .unwrap()
}

/// `ok` generations from new browsers (each must succeed), then one more: its status and body.
async fn new_browsers_then_one_more(app: &TestApp, ok: usize) -> (u16, Value) {
    for _ in 0..ok {
        let res = post_as_new_browser(&app.url("/api/generate")).await;
        assert_eq!(res.status(), 200);
    }
    let res = post_as_new_browser(&app.url("/api/generate")).await;
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn clearing_cookies_does_not_buy_unlimited_free_sequences() {
    let mut vars = BURSTS.to_vec();
    vars.push(("IP_DAILY_SESSIONS", "3"));
    let app = spawn_app_with(&vars).await;
    let (status, err) = new_browsers_then_one_more(&app, 3).await;
    assert_eq!(status, 429);
    assert_eq!(err["error"], "daily_limit_reached");
    assert_eq!(app.count("sessions").await, 3);
    assert_eq!(app.count("sequences").await, 3);
}

#[tokio::test]
async fn free_generations_per_ip_are_capped_and_a_refusal_spends_nothing() {
    let mut vars = BURSTS.to_vec();
    vars.extend([("IP_DAILY_FREE_GENERATIONS", "2"), ("FREE_SEQUENCES", "10")]);
    let app = spawn_app_with(&vars).await;
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 429);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "daily_limit_reached");
    // The refused generation gave its reservation back: 2 used of 10.
    let session: Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(
        (session["used"].as_u64(), session["allowed"].as_u64()),
        (Some(2), Some(10))
    );
    assert_eq!(app.count("reservations").await, 0);
    // Another browser on the same network is capped too.
    assert_eq!(
        post_as_new_browser(&app.url("/api/generate"))
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn the_daily_ceiling_pauses_generation_and_the_form_says_so() {
    let mut vars = BURSTS.to_vec();
    vars.push(("DAILY_GENERATION_CEILING", "2"));
    let app = spawn_app_with(&vars).await;
    let page = app.get("/generate").await.text().await.unwrap();
    assert!(!page.contains("id=\"generation-paused\""));
    let (status, err) = new_browsers_then_one_more(&app, 2).await;
    assert_eq!(status, 503);
    assert_eq!(err["error"], "generation_paused");
    assert_eq!(app.count("sequences").await, 2);
    assert_eq!(app.count("reservations").await, 0);

    let session: Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(session["paused"], true);
    let page = app.get("/generate").await.text().await.unwrap();
    assert!(page.contains("id=\"generation-paused\""), "{page}");
    assert!(page.contains("Writing new sequences is paused on this server"));
}

#[tokio::test]
async fn generation_can_be_switched_off() {
    let app = spawn_app_with(&[("GENERATION_ENABLED", "false")]).await;
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 503);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "generation_paused");
    // Refused before a session is made; the streaming endpoint says the same.
    assert_eq!(app.count("sessions").await, 0);
    assert_eq!(app.generate_stream(&valid_form()).await.status(), 503);
    let page = app.get("/generate").await.text().await.unwrap();
    assert!(page.contains("Writing new sequences is paused on this server"));
    // Bad input is still named first.
    let mut form = valid_form();
    form[0].1 = String::new();
    assert_eq!(app.generate(&form).await.status(), 400);
}
