//! `GET /metrics`: who may read it (a token on the site, or the private listener; nothing
//! otherwise), and that what the server did shows up in the counters with bounded labels.

use crate::fakes::claude::Reply;
use crate::fakes::stripe::FakeStripe;
use crate::helpers::stripe::{app_with_stripe, event, now};
use crate::helpers::{TestApp, app_with_claude, spawn_app, spawn_app_with, valid_form};

const TOKEN: &str = "metrics-token-for-tests-0123";

/// The value of the sample whose name and labels are exactly `series`, or 0 when absent.
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map_or(0.0, |value| value.trim().parse().expect("a number"))
}

/// Checks each series has exactly its value.
fn assert_samples(text: &str, expected: &[(&str, f64)]) {
    for (series, want) in expected {
        assert_eq!(sample(text, series), *want, "{series} in\n{text}");
    }
}

async fn scrape(app: &TestApp) -> String {
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"),
    );
    res.text().await.unwrap()
}

#[tokio::test]
async fn without_a_token_or_a_private_address_there_is_no_metrics_route() {
    let app = spawn_app().await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 404);
    let body = res.text().await.unwrap();
    assert!(!body.contains("# TYPE"), "{body}");
}

#[tokio::test]
async fn the_site_serves_metrics_only_to_the_token() {
    let app = spawn_app_with(&[("METRICS_TOKEN", TOKEN)]).await;
    for auth in [None, Some("Bearer wrong-token-of-some-length"), Some(TOKEN)] {
        let mut request = app.client.get(app.url("/metrics"));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let res = request.send().await.unwrap();
        assert_eq!(res.status(), 401, "{auth:?}");
        assert_eq!(
            res.headers()["www-authenticate"],
            "Bearer realm=\"metrics\""
        );
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], "unauthorized");
    }
    let text = scrape(&app).await;
    assert!(
        text.contains("# TYPE coldcopy_http_requests counter"),
        "{text}"
    );
    assert!(!text.contains(TOKEN));
    assert!(text.ends_with("# EOF\n"));
}

#[tokio::test]
async fn a_short_token_stops_the_server_at_start_naming_the_setting() {
    let mut leptos = coldcopy::server::platform::config::load_leptos_options("Leptos.toml")
        .expect("Leptos.toml");
    leptos.site_addr = "127.0.0.1:0".parse().unwrap();
    let vars = [("METRICS_TOKEN", "short")].into_iter().collect();
    let err = coldcopy::server::platform::config::Settings::from_map(leptos, &vars).unwrap_err();
    assert!(err.to_string().contains("METRICS_TOKEN"), "{err}");
}

#[tokio::test]
async fn the_private_listener_serves_metrics_without_a_token_and_nothing_else() {
    let app = spawn_app_with(&[("METRICS_ADDR", "127.0.0.1:0")]).await;
    let private = app.metrics_address.clone().expect("a metrics listener");
    let client = reqwest::Client::new();
    let res = client
        .get(format!("{private}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("coldcopy_generations_in_flight 0")
    );
    let res = client.get(format!("{private}/")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    // The public site still has no metrics route.
    assert_eq!(app.get("/metrics").await.status(), 404);
}

#[tokio::test]
async fn a_generation_with_a_retry_then_a_refusal_shows_in_every_counter() {
    let (app, fake) = app_with_claude(
        vec![Reply::Error(529, "overloaded_error"), Reply::Sequence],
        &[("METRICS_TOKEN", TOKEN)],
    )
    .await;
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    assert_eq!(app.generate(&valid_form()).await.status(), 402);
    assert_eq!(fake.received().len(), 2);

    let text = scrape(&app).await;
    assert_samples(
        &text,
        &[
            (
                r#"coldcopy_http_requests_total{method="POST",route="/api/generate",status="200"}"#,
                1.0,
            ),
            (
                r#"coldcopy_http_requests_total{method="POST",route="/api/generate",status="402"}"#,
                1.0,
            ),
            (
                r#"coldcopy_generations_total{source="claude",outcome="saved"}"#,
                1.0,
            ),
            (
                r#"coldcopy_claude_request_duration_seconds_count{call="sequence",outcome="error"}"#,
                1.0,
            ),
            (
                r#"coldcopy_claude_request_duration_seconds_count{call="sequence",outcome="ok"}"#,
                1.0,
            ),
            (r#"coldcopy_claude_retries_total{call="sequence"}"#, 1.0),
            // Both answers (the 529 and the sequence), over HTTP/1.1 toward this fake.
            (r#"coldcopy_claude_responses_total{version="1.1"}"#, 2.0),
            (r#"coldcopy_claude_responses_total{version="2"}"#, 0.0),
            (
                r#"coldcopy_quota_denials_total{reason="allowance_used"}"#,
                1.0,
            ),
        ],
    );
    for kind in ["input", "output"] {
        let series = format!(r#"coldcopy_claude_tokens_total{{call="sequence",kind="{kind}"}}"#);
        assert!(sample(&text, &series) > 0.0, "{series} in\n{text}");
    }
}

#[tokio::test]
async fn a_failed_generation_and_a_rate_limit_are_counted_by_outcome_and_limit() {
    let (app, _fake) = app_with_claude(
        vec![Reply::Error(400, "invalid_request_error")],
        &[("METRICS_TOKEN", TOKEN), ("RATE_LIMIT_SESSION", "1")],
    )
    .await;
    assert_eq!(app.generate(&valid_form()).await.status(), 502);
    assert_eq!(app.generate(&valid_form()).await.status(), 429);
    let text = scrape(&app).await;
    assert_eq!(
        sample(
            &text,
            r#"coldcopy_generations_total{source="claude",outcome="upstream_failed"}"#
        ),
        1.0
    );
    assert_eq!(
        sample(&text, r#"coldcopy_rate_limit_hits_total{limit="session"}"#),
        1.0
    );
}

#[tokio::test]
async fn routes_are_labelled_by_pattern_never_by_the_raw_path() {
    let app = spawn_app_with(&[("METRICS_TOKEN", TOKEN)]).await;
    app.get("/s/a-made-up-sequence-id").await;
    app.get("/no-such-page-anywhere").await;
    let text = scrape(&app).await;
    assert!(!text.contains("a-made-up-sequence-id"), "{text}");
    assert!(!text.contains("no-such-page-anywhere"), "{text}");
    assert!(text.contains(r#"route="/s/{id}""#), "{text}");
    assert_eq!(
        sample(
            &text,
            r#"coldcopy_http_requests_total{method="GET",route="unmatched",status="404"}"#
        ),
        1.0
    );
}

#[tokio::test]
async fn webhook_deliveries_are_counted_by_type_and_outcome() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[("METRICS_TOKEN", TOKEN)]).await;
    let unsigned = app
        .client
        .post(app.url("/webhooks/stripe"))
        .header("stripe-signature", "t=1,v1=00")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 400);
    let body = event(
        "evt_metrics_1",
        "charge.refunded",
        now(),
        serde_json::json!({}),
    );
    assert_eq!(app.webhook(&body).await.status(), 200);
    assert_eq!(app.webhook(&body).await.status(), 200);

    let text = scrape(&app).await;
    assert_samples(
        &text,
        &[
            (
                r#"coldcopy_stripe_webhook_events_total{event_type="unverified",outcome="invalid_signature"}"#,
                1.0,
            ),
            (
                r#"coldcopy_stripe_webhook_events_total{event_type="other",outcome="ignored"}"#,
                1.0,
            ),
            (
                r#"coldcopy_stripe_webhook_events_total{event_type="other",outcome="duplicate"}"#,
                1.0,
            ),
        ],
    );
}

#[tokio::test]
async fn every_event_type_the_metrics_name_is_one_the_webhook_acts_on() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    for (i, kind) in coldcopy::server::billing::events::HANDLED_EVENTS
        .iter()
        .enumerate()
    {
        // A handled type reads its object, and this one cannot be read (400); an unhandled
        // type never reads it (200 ignored).
        let object = serde_json::json!("not an object");
        let body = event(&format!("evt_kind_{i}"), kind, now(), object);
        let res = app.webhook(&body).await;
        let status = res.status();
        let outcome: serde_json::Value = res.json().await.unwrap();
        assert_ne!(outcome["outcome"], "ignored", "{kind}");
        assert_eq!(status, 400, "{kind}: {outcome}");
    }
}
