//! A test app selling through the fake Stripe, and what a browser and Stripe do there: check
//! out, pay, deliver signed webhooks, restore a plan.

use serde_json::{Value, json};

use super::TestApp;
use super::spawn_app_with;
use crate::fakes::stripe::FakeStripe;
use coldcopy::server::billing::signature::sign;

pub(crate) const WEBHOOK_SECRET: &str = "whsec_test_coldcopy";

pub(crate) async fn app_with_stripe(fake: &FakeStripe, extra: &[(&str, &str)]) -> TestApp {
    let mut vars = vec![
        ("STRIPE_SECRET_KEY", "sk_test_fake"),
        ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET),
        ("STRIPE_API_BASE", fake.base_url.as_str()),
        ("STARTER_PRICE_ID", "price_starter_test"),
        ("PRO_PRICE_ID", "price_pro_test"),
    ];
    vars.extend_from_slice(extra);
    spawn_app_with(&vars).await
}

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub(crate) fn event(id: &str, kind: &str, created: i64, object: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": id,
        "object": "event",
        "type": kind,
        "created": created,
        "livemode": false,
        "data": { "object": object },
    }))
    .unwrap()
}

impl TestApp {
    /// Posts a webhook with this `Stripe-Signature` (or none).
    pub(crate) async fn webhook_signed_as(
        &self,
        body: &[u8],
        signature: Option<String>,
    ) -> reqwest::Response {
        let mut request = reqwest::Client::new()
            .post(self.url("/webhooks/stripe"))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(signature) = signature {
            request = request.header("stripe-signature", signature);
        }
        request.send().await.unwrap()
    }

    /// Posts a webhook signed as Stripe would, now.
    pub(crate) async fn webhook(&self, body: &[u8]) -> reqwest::Response {
        let signature = sign(WEBHOOK_SECRET.as_bytes(), now(), body);
        self.webhook_signed_as(body, Some(signature)).await
    }

    /// `POST /api/checkout` for `plan` from the hydrated page; answers (status, JSON).
    pub(crate) async fn checkout(&self, plan: &str) -> (u16, Value) {
        let res = self
            .client
            .post(self.url("/api/checkout"))
            .form(&[("plan", plan)])
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.json().await.unwrap())
    }

    /// Starts a checkout; answers the Checkout Session id.
    pub(crate) async fn checkout_id(&self, plan: &str) -> String {
        let (status, url) = self.checkout(plan).await;
        assert_eq!(status, 200, "{url}");
        url.as_str().unwrap().rsplit('/').next().unwrap().to_owned()
    }

    /// Opens a restore link's token in this browser; answers the status.
    pub(crate) async fn restore(&self, token: &str) -> u16 {
        let res = self
            .client
            .post(self.url("/api/restore"))
            .form(&[("token", token)])
            .send()
            .await
            .unwrap();
        res.status().as_u16()
    }

    pub(crate) async fn plan(&self) -> Value {
        self.get("/api/session").await.json().await.unwrap()
    }

    pub(crate) async fn payment_status(&self, checkout: &str) -> (u16, Value) {
        let res = self
            .get(&format!("/api/checkout/status?session_id={checkout}"))
            .await;
        (res.status().as_u16(), res.json().await.unwrap())
    }
}

/// Checks out `plan`, pays at the fake and delivers `checkout.session.completed`; answers the
/// completed Checkout Session.
pub(crate) async fn buy(app: &TestApp, fake: &FakeStripe, plan: &str) -> Value {
    let id = app.checkout_id(plan).await;
    let paid = fake.complete(&id);
    let res = app
        .webhook(&event(
            &format!("evt_{id}"),
            "checkout.session.completed",
            now(),
            paid.clone(),
        ))
        .await;
    assert_eq!(res.status(), 200);
    paid
}
