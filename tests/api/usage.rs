//! The operator's usage summary: `coldcopy usage` over what the generations recorded.

use std::process::Command;

use crate::fakes::claude::Reply;
use crate::helpers::{app_with_claude, form_with, read_events, spawn_app, valid_form};
use coldcopy::server::ops::usage;

#[tokio::test]
async fn the_summary_adds_up_tokens_cost_and_timings_by_writer_and_model() {
    let (app, _fake) = app_with_claude(vec![Reply::Cut { emails: 1 }, Reply::Sequence], &[]).await;
    // Two visitors, one sequence each; the first needed a second attempt.
    for company in ["Ledgerly", "Payably"] {
        let other = reqwest::Client::new();
        let res = other
            .post(app.url("/api/generate"))
            .form(&form_with("company", company))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let rows = usage::summary(&app.state.reader, 7).await.unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(
        (row.source.as_str(), row.model.as_deref()),
        ("claude", Some("claude-haiku-4-5-20251001"))
    );
    assert_eq!(row.sequences, 2);
    assert_eq!(row.input_tokens, 1_800);
    assert_eq!(row.mean_attempts, 1.5);
    // Haiku 4.5: $1 per million input tokens, $5 per million output tokens.
    assert_eq!(
        row.cost_usd_micros,
        row.input_tokens as i64 + 5 * row.output_tokens as i64
    );
    assert!(row.first_email_p50_ms.unwrap() <= row.total_p50_ms);
    assert_eq!(row.unpriced, 0);
}

#[tokio::test]
async fn coldcopy_usage_prints_the_table_for_the_operator() {
    let app = spawn_app().await;
    let events = read_events(app.generate_stream(&valid_form()).await).await;
    assert_eq!(events.len(), 6);

    let out = Command::new(env!("CARGO_BIN_EXE_coldcopy"))
        .args(["usage", "--days", "1"])
        .env("DATABASE_URL", &app.database_url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("last 1 day(s)"), "{stdout}");
    assert!(stdout.contains("offline"), "{stdout}");
    assert!(stdout.contains("total: 1 sequence(s)"), "{stdout}");

    let out = Command::new(env!("CARGO_BIN_EXE_coldcopy"))
        .args(["usage", "--days", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--days needs a whole number"));
}
