//! `POST /api/generate/stream`: the same steps as `/api/generate`, with each email streamed to
//! the page as soon as Claude (or the offline composer) has written it.

use std::time::{Duration, Instant};

use coldcopy::domain::{
    error::AppError,
    progress::GenerationEvent,
    sequence::{Email, Source},
};

use crate::fakes::claude::{FakeClaude, Reply};
use crate::helpers::{
    app_with_claude, app_with_fake, read_events, session_cookie, spawn_app, valid_form,
};

/// A whole run of four emails written by Claude, as the page sees it.
const FOUR_EMAILS_FROM_CLAUDE: [&str; 6] = [
    "started 4 Claude",
    "email 1",
    "email 2",
    "email 3",
    "email 4",
    "saved",
];

fn steps(events: &[(Instant, GenerationEvent)]) -> Vec<String> {
    events
        .iter()
        .map(|(_, e)| match e {
            GenerationEvent::Started { total, writer, .. } => format!("started {total} {writer:?}"),
            GenerationEvent::Email { email } => format!("email {}", email.step),
            GenerationEvent::Restarted => "restarted".into(),
            GenerationEvent::Saved { .. } => "saved".into(),
            GenerationEvent::Failed { error } => format!("failed {}", error.status()),
        })
        .collect()
}

fn saved_id(events: &[(Instant, GenerationEvent)]) -> String {
    match &events.last().unwrap().1 {
        GenerationEvent::Saved { id } => id.to_string(),
        other => panic!("ended with {other:?}"),
    }
}

#[tokio::test]
async fn every_email_arrives_in_order_before_the_end_and_one_sequence_is_saved() {
    // 2,000 tokens/s: the four emails take about half a second to stream.
    let fake = FakeClaude::start_at("127.0.0.1:0", [], Some(2_000.0)).await;
    let app = app_with_fake(&fake, &[]).await;
    let res = app.generate_stream(&valid_form()).await;
    assert_eq!(res.status(), 200);
    let session = session_cookie(&res).expect("a new session gets its cookie");
    let events = read_events(res).await;
    assert_eq!(steps(&events), FOUR_EMAILS_FROM_CLAUDE);
    // The first email reached us while the rest were still being written.
    let first = events[1].0;
    let last = events[4].0;
    assert!(
        last - first > Duration::from_millis(150),
        "first and last email arrived {:?} apart",
        last - first
    );

    // The streamed emails are exactly the saved ones.
    let id = saved_id(&events);
    let streamed: Vec<Email> = events
        .iter()
        .filter_map(|(_, e)| match e {
            GenerationEvent::Email { email } => Some(email.clone()),
            _ => None,
        })
        .collect();
    let saved: serde_json::Value = app
        .get(&format!("/api/sequence?id={id}"))
        .await
        .json()
        .await
        .unwrap();
    let saved_emails: Vec<Email> =
        serde_json::from_value(saved["sequence"]["emails"].clone()).unwrap();
    assert_eq!(streamed, saved_emails);
    assert_eq!(app.count("sequences").await, 1);
    assert_eq!(app.usage(&session).await, (1, 1));
    assert_eq!(app.count("reservations").await, 0);
    assert_eq!(fake.received()[0].body["stream"], true);
    // Toward an http:// address HTTP/1.1, unless ANTHROPIC_H2C says the address speaks HTTP/2.
    assert_eq!(fake.received()[0].version, axum::http::Version::HTTP_11);
}

#[tokio::test]
async fn over_http2_many_generations_share_one_connection_and_each_still_streams() {
    // 2,000 tokens/s: each answer takes about half a second, all of them at the same time.
    let fake = FakeClaude::start_at("127.0.0.1:0", [], Some(2_000.0)).await;
    let app = app_with_fake(
        &fake,
        &[
            ("ANTHROPIC_H2C", "true"),
            ("CLAUDE_TIMEOUT_SECS", "10"),
            ("METRICS_TOKEN", "metrics-token-for-tests-0123"),
            ("RATE_LIMIT_IP", "1000"),
            ("IP_DAILY_SESSIONS", "1000"),
            ("IP_DAILY_FREE_GENERATIONS", "1000"),
        ],
    )
    .await;
    const VISITORS: usize = 30;
    let runs = (0..VISITORS).map(|_| async {
        let visitor = app.another_browser();
        let res = visitor.generate_stream(&valid_form()).await;
        assert_eq!(res.status(), 200);
        read_events(res).await
    });
    let runs = futures_util::future::join_all(runs).await;
    for events in &runs {
        assert_eq!(steps(events), FOUR_EMAILS_FROM_CLAUDE);
        // Each email was passed on as it came, not when the shared connection had them all.
        let (first, last) = (events[1].0, events[4].0);
        assert!(
            last - first > Duration::from_millis(150),
            "first and last email arrived {:?} apart",
            last - first
        );
    }
    assert_eq!(app.count("sequences").await, VISITORS as i64);
    let received = fake.received();
    assert_eq!(received.len(), VISITORS);
    assert!(
        received
            .iter()
            .all(|r| r.version == axum::http::Version::HTTP_2)
    );
    // One connection for all of them (one client carries up to 100 calls).
    assert_eq!(fake.connections(), 1);
    // What an operator sees: every answer came over HTTP/2.
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("metrics-token-for-tests-0123")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(&format!(
            "coldcopy_claude_responses_total{{version=\"2\"}} {VISITORS}"
        )),
        "{metrics}"
    );
}

#[tokio::test]
async fn the_offline_composer_streams_its_emails_too() {
    let app = spawn_app().await;
    let res = app.generate_stream(&valid_form()).await;
    assert_eq!(res.status(), 200);
    let events = read_events(res).await;
    assert_eq!(
        steps(&events),
        [
            "started 4 Offline",
            "email 1",
            "email 2",
            "email 3",
            "email 4",
            "saved"
        ]
    );
    let id = saved_id(&events);
    let source: String = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT source FROM sequences WHERE id = $1"
    )
    .bind(&id)
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(source, Source::Offline.as_str());
}

#[tokio::test]
async fn an_error_event_mid_stream_fails_cleanly_and_keeps_the_free_sequence() {
    let script = vec![Reply::StreamError {
        emails: 2,
        kind: "overloaded_error",
    }];
    let (app, fake) = app_with_claude(script, &[]).await;
    let res = app.generate_stream(&valid_form()).await;
    let session = session_cookie(&res).unwrap();
    let events = read_events(res).await;
    assert_eq!(
        steps(&events),
        ["started 4 Claude", "email 1", "email 2", "failed 502"]
    );
    // Not retried: the answer had started; nothing half-written was saved.
    assert_eq!(fake.received().len(), 1);
    assert_eq!(app.count("sequences").await, 0);
    assert_eq!(app.count("reservations").await, 0);
    assert_eq!(app.usage(&session).await, (0, 1));
}

#[tokio::test]
async fn emails_with_unusable_content_are_never_sent_to_the_page() {
    let (app, fake) = app_with_claude(vec![Reply::Blank, Reply::Blank], &[]).await;
    let res = app.generate_stream(&valid_form()).await;
    let events = read_events(res).await;
    let steps = steps(&events);
    assert!(
        !steps.iter().any(|step| step.starts_with("email")),
        "{steps:?}"
    );
    assert_eq!(steps.first().map(String::as_str), Some("started 4 Claude"));
    assert_eq!(steps.last().map(String::as_str), Some("failed 502"));
    // Retried once, as any unusable answer is, then refused; nothing saved.
    assert_eq!(fake.received().len(), 2);
    assert_eq!(app.count("sequences").await, 0);
}

#[tokio::test]
async fn a_cut_connection_is_retried_and_the_page_is_told_to_start_over() {
    a_cut_answer_is_retried(&[]).await;
}

#[tokio::test]
async fn over_http2_a_cut_answer_is_retried_too() {
    // On a shared connection the fake's cut ends that one stream; the retry takes another.
    a_cut_answer_is_retried(&[("ANTHROPIC_H2C", "true")]).await;
}

async fn a_cut_answer_is_retried(vars: &[(&str, &str)]) {
    let script = vec![Reply::Cut { emails: 2 }, Reply::Sequence];
    let (app, fake) = app_with_claude(script, vars).await;
    let res = app.generate_stream(&valid_form()).await;
    let events = read_events(res).await;
    assert_eq!(
        steps(&events),
        [
            "started 4 Claude",
            "email 1",
            "email 2",
            "restarted",
            "email 1",
            "email 2",
            "email 3",
            "email 4",
            "saved"
        ]
    );
    assert_eq!(fake.received().len(), 2);
    let attempts: i64 = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT attempts FROM sequences"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(attempts, 2);
}

#[tokio::test]
async fn a_connection_cut_on_every_attempt_fails_with_the_generation_given_back() {
    let (app, fake) = app_with_claude(vec![Reply::Cut { emails: 1 }; 3], &[]).await;
    let res = app.generate_stream(&valid_form()).await;
    let session = session_cookie(&res).unwrap();
    let events = read_events(res).await;
    assert_eq!(
        steps(&events).last().map(String::as_str),
        Some("failed 502")
    );
    assert_eq!(fake.received().len(), 3);
    assert_eq!(app.usage(&session).await, (0, 1));
    assert_eq!(app.count("sequences").await, 0);
}

#[tokio::test]
async fn problems_before_the_stream_get_the_same_statuses_as_the_plain_endpoint() {
    let app = spawn_app().await;
    let mut form = valid_form();
    form[0].1 = String::new();
    let res = app.generate_stream(&form).await;
    assert_eq!(res.status(), 400);
    let err: AppError = res.json().await.unwrap();
    assert!(err.field_message("company").is_some(), "{err:?}");

    let events = read_events(app.generate_stream(&valid_form()).await).await;
    saved_id(&events);
    let res = app.generate_stream(&valid_form()).await;
    assert_eq!(res.status(), 402);
    assert_eq!(
        res.json::<AppError>().await.unwrap(),
        AppError::QuotaExceeded
    );
}

#[tokio::test]
async fn a_visitor_who_leaves_mid_stream_still_gets_the_sequence_saved() {
    let fake = FakeClaude::start_at("127.0.0.1:0", [], Some(1_000.0)).await;
    let app = app_with_fake(&fake, &[]).await;
    let res = app.generate_stream(&valid_form()).await;
    let session = session_cookie(&res).unwrap();
    drop(res);
    // The generation finishes in its own task.
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.count("sequences").await == 0 {
        assert!(Instant::now() < deadline, "the sequence was never saved");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.usage(&session).await, (1, 1));
}

#[tokio::test]
async fn a_stream_that_stalls_is_cut_off_within_the_overall_deadline() {
    // Each attempt waits at most 1 s for the next event; all of them together at most 2 s.
    let (app, fake) = app_with_claude(
        vec![Reply::Stall { emails: 1 }; 3],
        &[("CLAUDE_DEADLINE_SECS", "2")],
    )
    .await;
    let started = Instant::now();
    let res = app.generate_stream(&valid_form()).await;
    let session = session_cookie(&res).unwrap();
    let events = read_events(res).await;
    let waited = started.elapsed().as_secs_f64();
    assert_eq!(
        steps(&events).last().map(String::as_str),
        Some("failed 504")
    );
    assert!((1.9..3.0).contains(&waited), "waited {waited} s");
    assert_eq!(fake.received().len(), 2);
    assert_eq!(app.usage(&session).await, (0, 1));
    assert_eq!(app.count("sequences").await, 0);
}
