//! Plans and payments against the fake Stripe: Checkout creation, the signed webhook (the only
//! way a plan is granted), idempotency and event order, the success page's status, restore
//! links, the portal, Pro's fair use, and a server without Stripe keys.

use serde_json::{Value, json};

use crate::fakes::stripe::FakeStripe;
use crate::helpers::stripe::{WEBHOOK_SECRET, app_with_stripe, buy, event, now};
use crate::helpers::{session_cookie, spawn_app, valid_form};
use coldcopy::server::billing::signature::sign;

#[tokio::test]
async fn checkout_sends_stripe_everything_it_needs() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;

    let res = app
        .client
        .post(app.url("/api/checkout"))
        .form(&[("plan", "starter")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // A visitor who never generated gets a session (and its cookie) here.
    let session = session_cookie(&res).expect("a session cookie");
    let url: String = res.json().await.unwrap();
    assert!(
        url.starts_with(&format!("{}/pay/cs_test_", fake.base_url)),
        "{url}"
    );

    let sent = fake.received();
    assert_eq!(sent.len(), 1);
    let create = &sent[0];
    assert_eq!(create.headers["authorization"], "Bearer sk_test_fake");
    assert_eq!(
        create.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert!(create.headers["idempotency-key"].len() >= 32);
    assert_eq!(create.field("mode"), Some("payment"));
    assert_eq!(
        create.field("line_items[0][price]"),
        Some("price_starter_test")
    );
    assert_eq!(create.field("line_items[0][quantity]"), Some("1"));
    assert_eq!(create.field("client_reference_id"), Some(session.as_str()));
    assert_eq!(create.field("metadata[plan]"), Some("starter"));
    let base = app.address.as_str();
    assert_eq!(
        create.field("success_url"),
        Some(format!("{base}/billing/success?session_id={{CHECKOUT_SESSION_ID}}").as_str())
    );
    assert_eq!(
        create.field("cancel_url"),
        Some(format!("{base}/billing/cancel").as_str())
    );

    // Pro is a subscription whose own events name the session.
    let (status, _) = app.checkout("pro").await;
    assert_eq!(status, 200);
    let pro = &fake.received()[1];
    assert_eq!(pro.field("mode"), Some("subscription"));
    assert_eq!(pro.field("line_items[0][price]"), Some("price_pro_test"));
    assert_eq!(
        pro.field("subscription_data[metadata][coldcopy_session]"),
        Some(session.as_str())
    );
    assert_ne!(
        pro.headers["idempotency-key"],
        create.headers["idempotency-key"]
    );

    // Nothing is granted by starting a checkout.
    assert_eq!(app.plan().await["plan"], "free");
    assert_eq!(app.count("purchases").await, 2);
}

#[tokio::test]
async fn a_failed_stripe_call_is_retried_once_with_the_same_key_and_then_reported() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    fake.fail_next_create(500);
    let (status, _) = app.checkout("starter").await;
    assert_eq!(status, 200);
    let sent = fake.received();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].headers["idempotency-key"],
        sent[1].headers["idempotency-key"]
    );

    // A refusal (400) is not retried: the visitor is told, and nothing is recorded.
    fake.fail_next_create(400);
    let (status, body) = app.checkout("starter").await;
    assert_eq!(status, 502);
    assert_eq!(body["error"], "payment_failed");
    assert_eq!(fake.received().len(), 3);
    assert_eq!(app.count("purchases").await, 1);

    let (status, body) = app.checkout("gold").await;
    assert_eq!(status, 400);
    assert_eq!(body["fields"][0]["field"], "plan");
}

#[tokio::test]
async fn a_verified_webhook_grants_starter_and_the_next_sequence_works() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    assert_eq!(app.generate(&valid_form()).await.status(), 402);

    buy(&app, &fake, "starter").await;
    let info = app.plan().await;
    assert_eq!(info["plan"], "starter");
    assert_eq!(
        (info["used"].as_u64(), info["allowed"].as_u64()),
        (Some(1), Some(26))
    );

    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    assert_eq!(app.plan().await["used"], 2);
    // A second batch adds to the first.
    buy(&app, &fake, "starter").await;
    assert_eq!(app.plan().await["allowed"], 51);
    // The customer is remembered (receipts, the portal).
    let customer: Option<String> = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT stripe_customer_id FROM sessions"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert!(customer.unwrap().starts_with("cus_test_"));
}

#[tokio::test]
async fn bad_signatures_are_refused_and_change_nothing() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let id = app.checkout_id("starter").await;
    let body = event(
        "evt_bad",
        "checkout.session.completed",
        now(),
        fake.complete(&id),
    );

    let t = now();
    let cases = [
        ("missing header", None),
        (
            "another secret",
            Some(sign(b"whsec_someone_else", t, &body)),
        ),
        (
            "stale timestamp",
            Some(sign(WEBHOOK_SECRET.as_bytes(), t - 301, &body)),
        ),
        (
            "signed for another body",
            Some(sign(WEBHOOK_SECRET.as_bytes(), t, b"{}")),
        ),
        ("not a signature", Some("t=abc,v1=zz".to_owned())),
    ];
    for (what, signature) in cases {
        let res = app.webhook_signed_as(&body, signature).await;
        assert_eq!(res.status(), 400, "{what}");
        let answer: Value = res.json().await.unwrap();
        assert_eq!(answer["error"], "invalid_signature", "{what}");
    }
    assert_eq!(app.count("stripe_events").await, 0);
    assert_eq!(app.plan().await["plan"], "free");
    let status: String = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT status FROM purchases"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(status, "open");

    // A signed body that is not an event is a 400 too; an unknown type is accepted and ignored.
    assert_eq!(app.webhook(b"[1,2]").await.status(), 400);
    let res = app
        .webhook(&event(
            "evt_other",
            "charge.refunded",
            now(),
            json!({"id": "ch_1"}),
        ))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["outcome"], "ignored");
}

#[tokio::test]
async fn the_same_event_twice_is_applied_once() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let paid = buy(&app, &fake, "starter").await;
    let id = paid["id"].as_str().unwrap();

    // Stripe redelivers the same event…
    let again = event(
        &format!("evt_{id}"),
        "checkout.session.completed",
        now(),
        paid.clone(),
    );
    let res = app.webhook(&again).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["outcome"], "duplicate");
    // …and a second event about the same payment grants nothing more.
    let res = app
        .webhook(&event(
            "evt_async",
            "checkout.session.async_payment_succeeded",
            now(),
            paid,
        ))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.plan().await["allowed"], 26);
    assert_eq!(app.count("stripe_events").await, 2);
}

#[tokio::test]
async fn a_delayed_payment_grants_on_success_and_never_on_failure() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let id = app.checkout_id("starter").await;
    let mut pending = fake.complete(&id);
    pending["payment_status"] = json!("unpaid");
    app.webhook(&event(
        "evt_1",
        "checkout.session.completed",
        now(),
        pending.clone(),
    ))
    .await;
    assert_eq!(app.plan().await["plan"], "free");
    assert_eq!(app.payment_status(&id).await.1["state"], "confirming");
    app.webhook(&event(
        "evt_2",
        "checkout.session.async_payment_failed",
        now(),
        pending,
    ))
    .await;
    assert_eq!(app.plan().await["plan"], "free");
    assert_eq!(app.payment_status(&id).await.1["state"], "failed");
}

#[tokio::test]
async fn subscription_events_in_any_order_end_in_the_right_state() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let id = app.checkout_id("pro").await;
    let paid = fake.complete(&id);
    let session = paid["client_reference_id"].as_str().unwrap().to_owned();
    let sub = paid["subscription"].as_str().unwrap().to_owned();
    let t = now();
    let subscription = |status: &str, cancel: bool, end: i64| {
        json!({
            "id": sub, "object": "subscription", "status": status,
            "customer": paid["customer"], "cancel_at_period_end": cancel,
            "items": {"object": "list", "data": [{"current_period_end": end}]},
            "metadata": {"coldcopy_session": session, "plan": "pro"},
        })
    };

    // Cancelled (deleted) first, the purchase's completion after: the plan stays free.
    app.webhook(&event(
        "evt_del",
        "customer.subscription.deleted",
        t,
        subscription("canceled", false, t + 100),
    ))
    .await;
    app.webhook(&event(
        "evt_done",
        "checkout.session.completed",
        t - 5,
        paid.clone(),
    ))
    .await;
    assert_eq!(app.plan().await["plan"], "free");
    // An older "active" update arriving late does not bring it back.
    app.webhook(&event(
        "evt_old",
        "customer.subscription.updated",
        t - 2,
        subscription("active", false, t + 100),
    ))
    .await;
    assert_eq!(app.plan().await["plan"], "free");
}

#[tokio::test]
async fn pro_is_granted_renewed_and_ends_at_the_period_end() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[("PRO_DAILY_LIMIT", "2")]).await;
    let id = app.checkout_id("pro").await;
    let paid = fake.complete(&id);
    let sub = paid["subscription"].as_str().unwrap().to_owned();
    let t = now();
    // The first invoice may arrive before the checkout completes.
    let invoice = json!({
        "id": "in_1", "object": "invoice", "customer": paid["customer"],
        "parent": {"subscription_details": {"subscription": sub}},
        "lines": {"data": [{"period": {"start": t, "end": t + 30 * 86400}}]},
    });
    app.webhook(&event("evt_inv", "invoice.paid", t, invoice))
        .await;
    app.webhook(&event(
        "evt_done",
        "checkout.session.completed",
        t,
        paid.clone(),
    ))
    .await;
    let info = app.plan().await;
    assert_eq!(info["plan"], "pro");

    // Unlimited within fair use: the allowance is not spent, the third in a day is refused.
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    let res = app.generate(&valid_form()).await;
    assert_eq!(res.status(), 429);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "fair_use_reached"
    );
    assert_eq!(app.plan().await["used"], 0);

    // The portal opens for the customer.
    let res = app
        .client
        .post(app.url("/api/billing/portal"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let portal: String = res.json().await.unwrap();
    assert!(portal.starts_with(&format!("{}/portal/cus_test_", fake.base_url)));
    let sent = fake.received();
    let call = sent.last().unwrap();
    assert_eq!(call.path, "/v1/billing_portal/sessions");
    assert_eq!(call.field("customer"), paid["customer"].as_str());
    assert_eq!(
        call.field("return_url"),
        Some(format!("{}/pricing", app.address).as_str())
    );

    // Cancelled at period end: still Pro until then, free after.
    let session = paid["client_reference_id"].as_str().unwrap();
    let update = |end: i64| {
        json!({
            "id": sub, "object": "subscription", "status": "active", "customer": paid["customer"],
            "cancel_at_period_end": true, "current_period_end": end,
            "metadata": {"coldcopy_session": session},
        })
    };
    app.webhook(&event(
        "evt_upd",
        "customer.subscription.updated",
        t + 1,
        update(t + 30 * 86400),
    ))
    .await;
    assert_eq!(app.plan().await["plan"], "pro");
    // Seen from after the period's end (the period ended an hour ago): free.
    crate::on_db!(app.state.writer, |pool| sqlx::query(
        "UPDATE subscriptions SET current_period_end = unixepoch() - 3600"
    )
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
    assert_eq!(app.plan().await["plan"], "free");
}

#[tokio::test]
async fn the_success_page_confirms_then_shows_the_plan_and_a_restore_link_once() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let id = app.checkout_id("starter").await;
    let paid = fake.complete(&id);

    // Before the webhook: confirming, after asking Stripe about this very session.
    let (status, body) = app.payment_status(&id).await;
    assert_eq!(status, 200);
    assert_eq!(body["state"], "confirming");
    assert_eq!(body["plan"], "starter");
    assert!(
        fake.received()
            .iter()
            .any(|r| r.method == "GET" && r.path.ends_with(&id))
    );
    // The page itself renders (server-side) with the confirming message.
    let html = app
        .get(&format!("/billing/success?session_id={id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Confirming your payment"), "{html}");

    app.webhook(&event("evt_1", "checkout.session.completed", now(), paid))
        .await;
    let (_, body) = app.payment_status(&id).await;
    assert_eq!(body["state"], "paid");
    assert_eq!(body["name"], "Starter");
    let restore = body["restore_url"]
        .as_str()
        .expect("a restore link")
        .to_owned();
    assert!(restore.starts_with(&format!("{}/restore/", app.address)));
    assert!(restore.rsplit('/').next().unwrap().len() >= 64);
    // Shown once.
    assert_eq!(app.payment_status(&id).await.1["restore_url"], Value::Null);
    // Only the hash is stored.
    let stored: String = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT token_sha256 FROM restore_tokens"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert!(!restore.contains(&stored));

    // Another browser cannot read this payment; an unknown id is a 404 too.
    assert_eq!(app.another_browser().payment_status(&id).await.0, 404);
    assert_eq!(app.payment_status("cs_test_unknown").await.0, 404);
}

#[tokio::test]
async fn a_restore_link_gives_another_browser_the_plan_until_revoked() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let paid = buy(&app, &fake, "starter").await;
    let (_, body) = app.payment_status(paid["id"].as_str().unwrap()).await;
    let link = body["restore_url"].as_str().unwrap().to_owned();
    let token = link.rsplit('/').next().unwrap().to_owned();

    // A second browser that already wrote its free sequence.
    let second = app.another_browser();
    let res = second.generate(&valid_form()).await;
    assert_eq!(res.status(), 200);
    let its_sequence: String = res.json().await.unwrap();
    assert_eq!(second.restore(&token).await, 200);
    assert_eq!(second.plan().await["plan"], "starter");
    // What it wrote before came along.
    let res = second
        .get(&format!("/api/sequence?id={its_sequence}"))
        .await;
    assert_eq!(res.status(), 200);

    // The pricing page's own card knows the link is live; the paywall's plans do not ask.
    let pricing = |query: &'static str| {
        let app = &app;
        async move {
            let url = format!("/api/pricing{query}");
            app.get(&url).await.json::<Value>().await.unwrap()
        }
    };
    let (own, plans) = (pricing("?account=true").await, pricing("").await);
    assert_eq!(
        (own["current"].as_str(), own["restore_link_live"].as_bool()),
        (Some("starter"), Some(true))
    );
    assert_eq!(
        (
            plans["current"].as_str(),
            plans["restore_link_live"].as_bool()
        ),
        (Some("starter"), Some(false))
    );

    // Revoked: a third browser gets nothing.
    let res = app
        .client
        .post(app.url("/api/restore/revoke"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<u64>().await.unwrap(), 1);
    let third = app.another_browser();
    assert_eq!(third.restore(&token).await, 404);
    assert_eq!(third.plan().await["plan"], "free");
    assert_eq!(pricing("?account=true").await["restore_link_live"], false);

    // A new link works again (and is a different one).
    let res = app
        .client
        .post(app.url("/api/restore/new"))
        .send()
        .await
        .unwrap();
    let fresh: String = res.json().await.unwrap();
    assert_ne!(fresh, link);
    let fresh_token = fresh.rsplit('/').next().unwrap();
    assert_eq!(third.restore(fresh_token).await, 200);
}

#[tokio::test]
async fn restoring_into_a_browser_that_paid_too_keeps_what_it_paid_for() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let paid = buy(&app, &fake, "starter").await;
    let link = app.payment_status(paid["id"].as_str().unwrap()).await.1["restore_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = link.rsplit('/').next().unwrap();

    // Browser B used its free sequence and bought its own batch, then opens A's link.
    let b = app.another_browser();
    assert_eq!(b.generate(&valid_form()).await.status(), 200);
    buy(&b, &fake, "starter").await;
    assert_eq!(
        (
            b.plan().await["used"].as_u64(),
            b.plan().await["allowed"].as_u64()
        ),
        (Some(1), Some(26))
    );
    assert_eq!(b.restore(token).await, 200);
    // A's 26 unused plus B's 25 unused paid ones (B's free one was spent).
    let info = b.plan().await;
    assert_eq!(
        (info["used"].as_u64(), info["allowed"].as_u64()),
        (Some(0), Some(51))
    );
    assert_eq!(app.plan().await["allowed"], 51);
    let purchases: i64 = crate::on_db!(app.state.reader, |pool| sqlx::query_scalar(
        "SELECT count(DISTINCT session_id) FROM purchases"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(purchases, 1);
}

#[tokio::test]
async fn without_stripe_keys_plans_are_shown_but_not_sold() {
    let app = spawn_app().await;
    let pricing: Value = app.get("/api/pricing").await.json().await.unwrap();
    assert_eq!(pricing["payments_enabled"], false);
    let names: Vec<_> = pricing["offers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].clone())
        .collect();
    assert_eq!(names, [json!("Free"), json!("Starter"), json!("Pro")]);
    assert_eq!(pricing["offers"][1]["price_cents"], 2900);
    assert_eq!(pricing["offers"][1]["sequences"], 25);

    let (status, body) = app.checkout("starter").await;
    assert_eq!(status, 503);
    assert_eq!(body["error"], "payments_disabled");
    // Without JavaScript: back to the page, which names the problem.
    let res = app
        .client
        .post(app.url("/api/checkout"))
        .header("accept", "text/html")
        .header("referer", app.url("/pricing"))
        .form(&[("plan", "starter")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["location"],
        "/pricing?payment_error=payments_disabled"
    );
    let html = app
        .get("/pricing?payment_error=payments_disabled")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Payments are not set up on this server"));

    let res = app.webhook_signed_as(b"{}", None).await;
    assert_eq!(res.status(), 503);
}

#[tokio::test]
async fn plan_names_prices_and_allowances_come_from_settings() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(
        &fake,
        &[
            ("STARTER_NAME", "Launch"),
            ("STARTER_PRICE_CENTS", "1900"),
            ("STARTER_SEQUENCES", "10"),
        ],
    )
    .await;
    let html = app.get("/pricing").await.text().await.unwrap();
    assert!(html.contains("Launch") && html.contains("$19"), "{html}");
    assert!(html.contains("10 more sequences"));
    buy(&app, &fake, "starter").await;
    assert_eq!(app.plan().await["allowed"], 11);
}

#[tokio::test]
async fn without_javascript_checkout_redirects_to_stripe() {
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let res = app
        .client
        .post(app.url("/api/checkout"))
        .header("accept", "text/html")
        .header("referer", app.url("/pricing"))
        .form(&[("plan", "pro")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let location = res.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with(&format!("{}/pay/", fake.base_url)),
        "{location}"
    );
}

/// `/pricing` loads the wasm only where something on it needs JavaScript: a paid plan's restore
/// links (made and copied in place). A visitor without a session, or on the free plan, gets
/// forms that post, and no wasm. The history and the restore page never load it.
#[tokio::test]
async fn only_a_paid_plan_loads_the_wasm_on_the_pricing_page() {
    fn loads_wasm(html: &str) -> bool {
        html.contains("/pkg/coldcopy.js") || html.contains(".wasm")
    }
    let fake = FakeStripe::start().await;
    let app = app_with_stripe(&fake, &[]).await;
    let html = app.get("/pricing").await.text().await.unwrap();
    assert!(
        html.contains("Choose Starter") && !loads_wasm(&html),
        "{html}"
    );

    assert_eq!(app.generate(&valid_form()).await.status(), 200);
    for path in ["/pricing", "/history"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(!loads_wasm(&html), "{path} on the free plan: {html}");
    }
    let form = app.get("/generate").await.text().await.unwrap();
    assert!(loads_wasm(&form), "the form must still hydrate");

    buy(&app, &fake, "starter").await;
    let html = app.get("/pricing").await.text().await.unwrap();
    assert!(html.contains("Your plan: Starter"), "{html}");
    assert!(loads_wasm(&html), "a paid plan's pricing page must hydrate");
    for path in ["/history", "/restore/0000", "/billing/cancel"] {
        let html = app.get(path).await.text().await.unwrap();
        assert!(!loads_wasm(&html), "{path}: {html}");
    }
}
