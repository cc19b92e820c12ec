//! "Rewrite this email" and "Fix with Claude": one Claude call for one email with the rest of
//! the sequence as context, on paid plans only (bought through the fake Stripe's webhook),
//! rate-limited, saved as an edit; the offline composer without a key.

use serde_json::Value;

use crate::fakes::claude::{FakeClaude, Reply};
use crate::fakes::stripe::FakeStripe;
use crate::helpers::stripe::{app_with_stripe, buy};
use crate::helpers::{TestApp, valid_form};

impl TestApp {
    async fn rewrite(
        &self,
        id: &str,
        step: &str,
        instruction: &str,
        mode: &str,
    ) -> reqwest::Response {
        self.client
            .post(self.url("/api/sequence/rewrite"))
            .form(&[
                ("id", id),
                ("step", step),
                ("instruction", instruction),
                ("mode", mode),
            ])
            .send()
            .await
            .unwrap()
    }

    async fn email(&self, id: &str, step: usize) -> Value {
        let saved: Value = self
            .get(&format!("/api/sequence?id={id}"))
            .await
            .json()
            .await
            .unwrap();
        saved["sequence"]["emails"][step - 1].clone()
    }
}

/// An app with a fake Claude (following `script`) and a fake Stripe; a sequence written.
async fn app(
    script: Vec<Reply>,
    extra: &[(&str, &str)],
) -> (TestApp, FakeClaude, FakeStripe, String) {
    let claude = FakeClaude::start(script).await;
    let stripe = FakeStripe::start().await;
    let mut vars = vec![
        ("ANTHROPIC_API_KEY", "sk-ant-test-key"),
        ("ANTHROPIC_BASE_URL", claude.base_url.as_str()),
        ("CLAUDE_TIMEOUT_SECS", "1"),
    ];
    vars.extend_from_slice(extra);
    let app = app_with_stripe(&stripe, &vars).await;
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();
    (app, claude, stripe, id)
}

/// The rewrite requests the fake Claude received.
fn rewrite_requests(claude: &FakeClaude) -> Vec<Value> {
    claude
        .received()
        .into_iter()
        .map(|r| r.body)
        .filter(|b| b["tools"][0]["name"] == "write_email")
        .collect()
}

#[tokio::test]
async fn a_paid_plan_rewrites_one_email_with_the_rest_as_context() {
    let (app, claude, stripe, id) = app(vec![], &[]).await;
    buy(&app, &stripe, "starter").await;
    let before = app.email(&id, 2).await;
    let other = app.email(&id, 3).await;
    let used = app.get("/api/session").await.json::<Value>().await.unwrap()["used"].clone();

    let res = app.rewrite(&id, "2", "  shorter, more casual ", "").await;
    assert_eq!(res.status(), 200);
    let rewritten: Value = res.json().await.unwrap();
    assert_eq!(rewritten["source"], "claude");
    assert_eq!(rewritten["email"]["subject_a"], "Rewritten subject A");
    assert_eq!(rewritten["email"]["step"], 2);
    assert_eq!(rewritten["email"]["day"], before["day"]);

    // One unstreamed call that forces the one-email tool, with the whole sequence as context.
    let sent = rewrite_requests(&claude);
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(request["tool_choice"]["name"], "write_email");
    assert_ne!(request["stream"], true);
    let prompt = request["messages"][0]["content"].as_str().unwrap();
    assert!(prompt.contains("Rewrite email 2 only"));
    assert!(prompt.contains("<instruction>shorter, more casual</instruction>"));
    assert!(prompt.contains(other["body"].as_str().unwrap()));
    assert!(prompt.contains("<company>Ledgerly</company>"));

    // Saved as an edit: it survives a reload, and "revert" brings back the first version.
    assert_eq!(app.email(&id, 2).await["subject_a"], "Rewritten subject A");
    let saved: Value = app
        .get(&format!("/api/sequence?id={id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["edited"], serde_json::json!([2]));
    assert_eq!(app.revert(&id, "2").await.status(), 200);
    assert_eq!(app.email(&id, 2).await, before);
    // A rewrite spends no sequence from the allowance.
    let after = app.get("/api/session").await.json::<Value>().await.unwrap()["used"].clone();
    assert_eq!(after, used);
}

#[tokio::test]
async fn fix_with_claude_puts_the_lint_warnings_in_the_instruction() {
    let (app, claude, stripe, id) = app(vec![], &[]).await;
    buy(&app, &stripe, "pro").await;
    let res = app
        .client
        .post(app.url("/api/sequence/email"))
        .form(&[
            ("id", id.as_str()),
            ("step", "1"),
            ("subject_a", "FREE DEMO"),
            ("subject_b", "Re: our call"),
            ("body", "Hi there! Act now. Book a demo. Reply today?"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let res = app.rewrite(&id, "1", "keep it warm", "fix").await;
    assert_eq!(res.status(), 200);
    let prompt = rewrite_requests(&claude)[0]["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    for part in [
        "Fix these problems:",
        "- Subject capitals:",
        "- Subject honesty:",
        "- Spam words:",
        "- Exclamation marks:",
        "- Call to action:",
        "- Merge tags:",
        "keep it warm",
    ] {
        assert!(prompt.contains(part), "missing {part:?} in {prompt}");
    }
    assert!(!prompt.contains("- Length:"));
    // What Claude wrote replaces the edit.
    assert_eq!(app.email(&id, 1).await["subject_a"], "Rewritten subject A");
}

#[tokio::test]
async fn the_free_plan_is_refused_and_gets_the_paywall() {
    let (app, claude, _stripe, id) = app(vec![], &[]).await;
    let before = app.email(&id, 1).await;

    let res = app.rewrite(&id, "1", "shorter", "").await;
    assert_eq!(res.status(), 402);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "paid_plan_required");
    assert!(rewrite_requests(&claude).is_empty());
    assert_eq!(app.email(&id, 1).await, before);

    // Without JavaScript the form post comes back to the page, which shows the paywall.
    let res = app
        .client
        .post(app.url("/api/sequence/rewrite"))
        .header("accept", "text/html")
        .form(&[("id", id.as_str()), ("step", "1"), ("mode", "fix")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("/s/{id}?payment_error=paid_plan_required#email-1")
    );
    let html = app.get(&location).await.text().await.unwrap();
    assert!(
        html.contains("Rewriting is part of the paid plans"),
        "{html}"
    );
}

#[tokio::test]
async fn only_the_owner_may_rewrite_and_bad_input_names_its_field() {
    let (app, claude, stripe, id) = app(vec![], &[]).await;
    buy(&app, &stripe, "starter").await;
    let stranger = app.another_browser();
    stranger.generate(&valid_form()).await;
    assert_eq!(stranger.rewrite(&id, "1", "", "").await.status(), 404);
    assert_eq!(app.rewrite(&id, "9", "", "").await.status(), 404);
    assert_eq!(app.rewrite(&id, "x", "", "").await.status(), 404);
    assert_eq!(app.rewrite("no-such-id", "1", "", "").await.status(), 404);

    let res = app.rewrite(&id, "1", &"x".repeat(301), "").await;
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["field"], "instruction");
    assert_eq!(
        err["fields"][0]["message"],
        "The instruction is 301 characters; the limit is 300."
    );
    assert!(rewrite_requests(&claude).is_empty());
}

#[tokio::test]
async fn rewrites_are_rate_limited_per_session() {
    let (app, claude, stripe, id) = app(vec![], &[("RATE_LIMIT_REWRITE", "2")]).await;
    buy(&app, &stripe, "starter").await;
    // A refused instruction does not count.
    assert_eq!(
        app.rewrite(&id, "1", &"x".repeat(301), "").await.status(),
        400
    );
    assert_eq!(app.rewrite(&id, "1", "", "").await.status(), 200);
    assert_eq!(app.rewrite(&id, "2", "", "").await.status(), 200);
    let res = app.rewrite(&id, "3", "", "").await;
    assert_eq!(res.status(), 429);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "rate_limited");
    assert!(err["retry_after"].as_u64().unwrap() > 0);
    assert_eq!(rewrite_requests(&claude).len(), 2);
}

#[tokio::test]
async fn a_failed_call_changes_nothing_and_says_so() {
    let (app, claude, stripe, id) = app(vec![], &[]).await;
    buy(&app, &stripe, "starter").await;
    let before = app.email(&id, 2).await;
    // The sequence was written; every next call fails.
    claude.push(Reply::Error(400, "invalid_request_error"));
    let res = app.rewrite(&id, "2", "", "").await;
    assert_eq!(res.status(), 502);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "upstream_failed");
    assert_eq!(app.email(&id, 2).await, before);

    // An unusable answer (empty subject) is asked again once, then it is a failure too.
    claude.push(Reply::EmptyEmail);
    claude.push(Reply::EmptyEmail);
    assert_eq!(app.rewrite(&id, "2", "", "").await.status(), 502);
    assert_eq!(app.email(&id, 2).await, before);
}

#[tokio::test]
async fn without_a_key_the_offline_composer_rewrites_from_the_form() {
    let stripe = FakeStripe::start().await;
    let app = app_with_stripe(&stripe, &[]).await;
    let id: String = app.generate(&valid_form()).await.json().await.unwrap();
    buy(&app, &stripe, "starter").await;

    let res = app.rewrite(&id, "1", "more casual", "").await;
    assert_eq!(res.status(), 200);
    let rewritten: Value = res.json().await.unwrap();
    assert_eq!(rewritten["source"], "offline");
    assert!(
        rewritten["email"]["body"]
            .as_str()
            .unwrap()
            .starts_with("Hey {{first_name}},")
    );
    assert!(rewritten["note"].as_str().unwrap().contains("casual tone"));
    assert_eq!(app.email(&id, 1).await, rewritten["email"]);
}
