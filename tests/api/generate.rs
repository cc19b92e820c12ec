use std::time::Instant;

use crate::fakes::claude::Reply;
use crate::helpers::{
    app_with_claude, form_with, session_cookie, spawn_app, spawn_app_with, valid_form,
};

#[tokio::test]
async fn a_valid_form_gets_a_sequence_written_by_claude_and_saved() {
    let (app, fake) = app_with_claude(vec![], &[]).await;
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 200);
    let session = session_cookie(&res).expect("a new session cookie");
    let id: String = res.json().await.unwrap();

    let res = app.get(&format!("/api/sequence?id={id}")).await;
    assert_eq!(res.status(), 200);
    let saved: serde_json::Value = res.json().await.unwrap();
    assert_eq!(saved["source"], "claude");
    assert_eq!(saved["company"], "Ledgerly");
    assert_eq!(saved["sequence"]["emails"].as_array().unwrap().len(), 4);
    assert_eq!(saved["sequence"]["emails"][3]["day"], 14);

    // What Claude was sent.
    let sent = fake.received();
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(request.headers["x-api-key"], "sk-ant-test-key");
    assert_eq!(request.headers["anthropic-version"], "2023-06-01");
    assert_eq!(request.headers["accept"], "text/event-stream");
    assert_eq!(request.body["model"], "claude-haiku-4-5");
    assert_eq!(request.body["stream"], true);
    assert_eq!(
        request.body["tool_choice"],
        serde_json::json!({"type": "tool", "name": "write_sequence"})
    );
    let prompt = request.body["messages"][0]["content"].as_str().unwrap();
    assert!(prompt.contains("<company>Ledgerly</company>"));
    assert!(prompt.contains("Financial Controller"));
    assert!(prompt.contains("exactly 4 emails in English"));

    // One generation used; the row stored the model, the usage from `message_delta` and the
    // cost from the default price table (Haiku 4.5: $1 in, $5 out per million tokens).
    assert_eq!(app.usage(&session).await, (1, 1));
    let (model, input, output, cost, first, total): (String, i64, i64, i64, i64, i64) =
        crate::on_db!(app.state.reader, |pool| {
            sqlx::query_as(
            "SELECT model, input_tokens, output_tokens, cost_usd_micros, first_email_ms, duration_ms
             FROM sequences WHERE id = $1",
        )
        .bind(&id)
        .fetch_one(pool)
        .await
        .unwrap()
        });
    assert_eq!((model.as_str(), input), ("claude-haiku-4-5-20251001", 900));
    assert!(output > 400, "output tokens {output}");
    assert_eq!(cost, input + 5 * output);
    assert!(first <= total, "first email {first} ms, total {total} ms");
}

#[tokio::test]
async fn without_a_key_the_offline_composer_writes_the_sequence() {
    let app = spawn_app().await;
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 200);
    let id: String = res.json().await.unwrap();
    let saved: serde_json::Value = app
        .get(&format!("/api/sequence?id={id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["source"], "offline");
    let first = saved["sequence"]["emails"][0]["body"].as_str().unwrap();
    assert!(first.contains("Month-end close takes a week of manual reconciliation."));
}

#[tokio::test]
async fn each_invalid_field_gets_a_400_naming_it() {
    let app = spawn_app().await;
    let cases = [
        ("company", ""),
        ("company", &"x".repeat(61)),
        ("job_title", "X"),
        ("problem", "too short"),
        ("product", &"p".repeat(401)),
        ("benefit", "short"),
        ("cta", "ok?"),
        ("cta", "Call me\tmaybe"),
        ("tone", "angry"),
        ("emails", "9"),
        ("language", "tlh"),
    ];
    for (field, value) in cases {
        let res = app.generate(&form_with(field, value)).await;
        assert_eq!(res.status(), 400, "{field}={value:?}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], "invalid");
        let fields = body["fields"].as_array().unwrap();
        assert_eq!(fields.len(), 1, "{body}");
        assert_eq!(fields[0]["field"], field);
        assert!(!fields[0]["message"].as_str().unwrap().is_empty());
    }
    // Nothing was created for invalid input.
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn a_missing_field_or_a_garbage_body_is_a_400_not_a_500() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/generate"))
        .form(&[("company", "Ledgerly")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    let names: Vec<_> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"job_title") && names.contains(&"language"),
        "{names:?}"
    );

    for garbage in ["%%%", "company=%ZZ&&&=", "\u{0}\u{1}binary"] {
        let res = app
            .client
            .post(app.url("/api/generate"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(garbage)
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_client_error(),
            "{garbage:?} → {}",
            res.status()
        );
    }
}

#[tokio::test]
async fn a_second_generation_on_the_free_plan_returns_402() {
    let app = spawn_app().await;
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 402);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "quota_exceeded");
}

#[tokio::test]
async fn too_many_attempts_in_the_window_get_429_with_retry_after() {
    let app = spawn_app_with(&[("FREE_SEQUENCES", "100"), ("RATE_LIMIT_SESSION", "2")]).await;
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "rate_limited");
    assert_eq!(body["retry_after"], retry);
}

#[tokio::test]
async fn the_per_ip_limit_holds_across_sessions() {
    let app = spawn_app_with(&[("RATE_LIMIT_IP", "2")]).await;
    for expected in [200, 200, 429] {
        // A fresh client each time: a new session, the same IP.
        let client = reqwest::Client::new();
        let res = client
            .post(app.url("/api/generate"))
            .form(&valid_form())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), expected);
    }
}

#[tokio::test]
async fn an_unknown_or_malformed_cookie_gets_a_new_session_and_succeeds() {
    let app = spawn_app().await;
    for cookie in [
        "coldcopy_session=2f1a1e0c-27c4-4b37-9a43-3a1d5d0f6f11",
        "coldcopy_session=not-a-uuid",
    ] {
        let res = reqwest::Client::new()
            .post(app.url("/api/generate"))
            .header("cookie", cookie)
            .form(&valid_form())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{cookie}");
        let new_id = session_cookie(&res).expect("a new cookie");
        assert!(!cookie.ends_with(&new_id));
        // The row is ours, not the one the browser named.
        assert_eq!(app.usage(&new_id).await, (1, 1));
    }
    let unknown: i64 = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT count(*) FROM sessions WHERE id = '2f1a1e0c-27c4-4b37-9a43-3a1d5d0f6f11'",
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(unknown, 0);
}

#[tokio::test]
async fn a_claude_500_that_persists_is_a_502_and_the_free_sequence_is_kept() {
    let (app, fake) = app_with_claude(vec![Reply::Error(500, "api_error"); 3], &[]).await;
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 502);
    let session = session_cookie(&res).unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "upstream_failed");
    // The first call and the two retries the settings allow.
    assert_eq!(fake.received().len(), 3);
    assert_eq!(app.usage(&session).await, (0, 1));
    assert_eq!(app.count("reservations").await, 0);
    // The kept sequence can be used.
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
}

#[tokio::test]
async fn a_bad_key_is_a_service_problem_not_the_users_fault_and_is_not_retried() {
    let (app, fake) = app_with_claude(vec![Reply::Error(401, "authentication_error")], &[]).await;
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 502);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "upstream_failed");
    assert_eq!(fake.received().len(), 1);
}

#[tokio::test]
async fn an_overloaded_claude_twice_then_success_gives_a_sequence() {
    let script = vec![
        Reply::Error(529, "overloaded_error"),
        Reply::Error(529, "overloaded_error"),
        Reply::Sequence,
    ];
    let (app, fake) = app_with_claude(script, &[]).await;
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 200);
    let id: String = res.json().await.unwrap();
    assert_eq!(fake.received().len(), 3);
    let attempts: i64 = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT attempts FROM sequences WHERE id = $1"
    )
    .bind(&id)
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(attempts, 3);
}

#[tokio::test]
async fn a_429_with_retry_after_is_honoured() {
    let script = vec![
        Reply::ErrorWith(429, "rate_limit_error", &[("retry-after", "1")]),
        Reply::Sequence,
    ];
    let (app, fake) = app_with_claude(script, &[("CLAUDE_TIMEOUT_SECS", "5")]).await;
    let started = Instant::now();
    let res = app.generate(&valid_form()).await;
    let waited = started.elapsed();
    assert_eq!(res.status(), 200);
    assert_eq!(fake.received().len(), 2);
    // Backoff alone would have waited at most 0.5 s.
    assert!(waited.as_secs_f64() >= 1.0, "waited only {waited:?}");
    assert!(waited.as_secs_f64() < 3.0, "waited {waited:?}");
}

#[tokio::test]
async fn a_400_is_never_retried() {
    let (app, fake) = app_with_claude(vec![Reply::Error(400, "invalid_request_error")], &[]).await;
    assert_eq!(app.generate(&valid_form()).await.status(), 502);
    assert_eq!(fake.received().len(), 1);
}

#[tokio::test]
async fn x_should_retry_false_stops_retries_of_a_5xx() {
    let script = vec![Reply::ErrorWith(
        503,
        "api_error",
        &[("x-should-retry", "false")],
    )];
    let (app, fake) = app_with_claude(script, &[]).await;
    assert_eq!(app.generate(&valid_form()).await.status(), 502);
    assert_eq!(fake.received().len(), 1);
}

#[tokio::test]
async fn a_hanging_claude_is_a_504_within_the_overall_deadline_and_the_quota_is_kept() {
    let (app, fake) = app_with_claude(vec![Reply::Hang; 3], &[("CLAUDE_DEADLINE_SECS", "2")]).await;
    let started = Instant::now();
    let res = app.generate(&valid_form()).await;
    let waited = started.elapsed().as_secs_f64();
    assert_eq!(res.status(), 504);
    // One full 1 s attempt, a backoff, then a second attempt cut short by the 2 s deadline.
    assert!((1.9..3.0).contains(&waited), "waited {waited} s");
    assert_eq!(fake.received().len(), 2);
    let session = session_cookie(&res).unwrap();
    assert_eq!(app.usage(&session).await, (0, 1));
}

#[tokio::test]
async fn an_invalid_answer_is_retried_once() {
    let (app, fake) = app_with_claude(vec![Reply::WrongCount], &[]).await;
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    assert_eq!(fake.received().len(), 2);
}

#[tokio::test]
async fn invalid_output_twice_is_a_502() {
    let (app, fake) = app_with_claude(vec![Reply::WrongCount, Reply::WrongCount], &[]).await;
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 502);
    assert_eq!(fake.received().len(), 2);
    let session = session_cookie(&res).unwrap();
    assert_eq!(app.usage(&session).await, (0, 1));
}

#[tokio::test]
async fn fifty_concurrent_generations_on_one_fresh_session_let_exactly_one_through() {
    let app = spawn_app_with(&[("RATE_LIMIT_SESSION", "1000"), ("RATE_LIMIT_IP", "1000")]).await;
    let session = coldcopy::server::sessions::create(&app.state.writer, 1)
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let requests = (0..50).map(|_| {
        let client = client.clone();
        let url = app.url("/api/generate");
        let cookie = format!("coldcopy_session={}", session.id);
        async move {
            client
                .post(url)
                .header("cookie", cookie)
                .form(&valid_form())
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(requests).await;
    let ok = statuses.iter().filter(|s| **s == 200).count();
    let quota = statuses.iter().filter(|s| **s == 402).count();
    assert_eq!((ok, quota), (1, 49), "{statuses:?}");
    assert_eq!(app.usage(session.id.as_str()).await, (1, 1));
    assert_eq!(app.count("sequences").await, 1);
    assert_eq!(app.count("reservations").await, 0);
}

#[tokio::test]
async fn reservations_left_by_a_crash_are_given_back() {
    let app = spawn_app().await;
    let pool = &app.state.writer;
    let session = coldcopy::server::sessions::create(pool, 1).await.unwrap();
    use coldcopy::server::quota::allowance::{Reserved, reserve};
    let Reserved::Yes(reservation) = reserve(pool, &session.id, 50, 5_000).await.unwrap() else {
        panic!("the first reservation is taken")
    };
    assert!(reservation.counted);
    assert_eq!(
        reserve(pool, &session.id, 50, 5_000).await.unwrap(),
        Reserved::AllowanceUsed
    );
    // A fresh reservation is not stale yet.
    let timeout = std::time::Duration::from_secs(300);
    assert_eq!(
        coldcopy::server::quota::allowance::release_stale(pool, timeout)
            .await
            .unwrap(),
        0
    );
    // Age it past the timeout, as if the process had died ten minutes ago.
    crate::on_db!(pool, |pool| sqlx::query(
        "UPDATE reservations SET created_at = created_at - 600 WHERE id = $1"
    )
    .bind(&reservation.id)
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
    assert_eq!(
        coldcopy::server::quota::allowance::release_stale(pool, timeout)
            .await
            .unwrap(),
        1
    );
    assert_eq!(app.usage(session.id.as_str()).await, (0, 1));
}

#[tokio::test]
async fn the_session_endpoint_reports_plan_used_and_allowed() {
    let app = spawn_app().await;
    let info: serde_json::Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(
        (
            info["plan"].as_str(),
            info["used"].as_u64(),
            info["allowed"].as_u64()
        ),
        (Some("free"), Some(0), Some(1))
    );
    assert_eq!(info["writer"], "offline");
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();
    let info: serde_json::Value = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(
        (info["used"].as_u64(), info["latest"].as_str()),
        (Some(1), Some(id.as_str()))
    );
}
