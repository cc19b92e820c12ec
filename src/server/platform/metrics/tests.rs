//! Every metric family is exported, with its samples as recorded.

use super::*;

#[test]
fn every_family_is_exported_with_its_samples() {
    let metrics = Metrics::new();
    metrics.http(
        "GET",
        "/s/{id}".into(),
        StatusCode::OK,
        Duration::from_millis(3),
    );
    metrics.generation(Source::Offline, "saved");
    metrics.claude_attempt(ClaudeCall::Sequence, Duration::from_millis(1_500), true);
    metrics.claude_tokens(ClaudeCall::Sequence, 1_200, 800);
    metrics.claude_retry(ClaudeCall::Rewrite);
    metrics.claude_response(axum::http::Version::HTTP_2);
    metrics.quota_denied("allowance_used");
    metrics.rate_limit_counter("session").inc();
    metrics.webhook(Some("invoice.paid"), "applied");
    metrics.webhook(Some("charge.refunded"), "ignored");
    metrics.webhook(None, "invalid_signature");
    let text = metrics.render(3);
    for line in [
        r#"coldcopy_http_requests_total{method="GET",route="/s/{id}",status="200"} 1"#,
        r#"coldcopy_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/s/{id}"} 1"#,
        r#"coldcopy_generations_total{source="offline",outcome="saved"} 1"#,
        "coldcopy_generations_in_flight 3",
        r#"coldcopy_claude_request_duration_seconds_count{call="sequence",outcome="ok"} 1"#,
        r#"coldcopy_claude_tokens_total{call="sequence",kind="output"} 800"#,
        r#"coldcopy_claude_retries_total{call="rewrite"} 1"#,
        r#"coldcopy_claude_responses_total{version="2"} 1"#,
        r#"coldcopy_quota_denials_total{reason="allowance_used"} 1"#,
        r#"coldcopy_rate_limit_hits_total{limit="session"} 1"#,
        r#"coldcopy_stripe_webhook_events_total{event_type="invoice.paid",outcome="applied"} 1"#,
        r#"coldcopy_stripe_webhook_events_total{event_type="other",outcome="ignored"} 1"#,
        r#"coldcopy_stripe_webhook_events_total{event_type="unverified",outcome="invalid_signature"} 1"#,
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
    assert!(text.ends_with("# EOF\n"));
}
