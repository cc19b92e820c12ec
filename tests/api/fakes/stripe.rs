//! A fake Stripe on loopback that speaks the wire format of the calls ColdCopy makes:
//! form-encoded `POST /v1/checkout/sessions` (with `Idempotency-Key`: the same key answers the
//! same session), `GET /v1/checkout/sessions/{id}`, `POST /v1/billing_portal/sessions`, with
//! Stripe's error envelope and statuses (401 without a key, 400 for a missing parameter, 404
//! `resource_missing`). It also serves a hosted "checkout page" (`/pay/{id}`) whose Pay button
//! completes the session and redirects to its `success_url`, like Stripe's. It records every
//! API request. Also built as `examples/fake_stripe.rs` for the browser tests.
#![allow(
    dead_code,
    reason = "shared with the fake_stripe example, which uses a part"
)]

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    Form, Json, Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde_json::{Value, json};

/// An API request the fake received.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: &'static str,
    pub path: String,
    pub headers: HeaderMap,
    /// The form fields, in order.
    pub form: Vec<(String, String)>,
}

impl Received {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Inner {
    sessions: HashMap<String, Value>,
    by_idempotency_key: HashMap<String, String>,
    received: Vec<Received>,
    /// Answer the next create with this status (Stripe's error envelope).
    fail_next_create: Option<u16>,
    next: u32,
}

#[derive(Clone, Default)]
struct Shared {
    inner: Arc<Mutex<Inner>>,
    base_url: Arc<Mutex<String>>,
}

pub struct FakeStripe {
    pub base_url: String,
    shared: Shared,
}

impl FakeStripe {
    pub async fn start() -> Self {
        Self::start_at("127.0.0.1:0").await
    }

    pub async fn start_at(addr: &str) -> Self {
        let shared = Shared::default();
        let app = Router::new()
            .route("/v1/checkout/sessions", post(create_checkout))
            .route("/v1/checkout/sessions/{id}", get(retrieve_checkout))
            .route("/v1/billing_portal/sessions", post(create_portal))
            .route("/pay/{id}", get(pay_page).post(pay))
            .route("/portal/{customer}", get(portal_page))
            .route("/healthz", get(|| async { "ok" }))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        *shared.base_url.lock().unwrap() = base_url.clone();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { base_url, shared }
    }

    /// Every API request so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.inner.lock().unwrap().received.clone()
    }

    /// The Checkout Session as Stripe would return it.
    pub fn session(&self, id: &str) -> Option<Value> {
        self.shared.inner.lock().unwrap().sessions.get(id).cloned()
    }

    /// Completes a session as if the visitor paid (what the Pay button does); answers it.
    pub fn complete(&self, id: &str) -> Value {
        complete(&self.shared, id).expect("a session the fake created")
    }

    /// Answers the next Checkout create with this error status.
    pub fn fail_next_create(&self, status: u16) {
        self.shared.inner.lock().unwrap().fail_next_create = Some(status);
    }
}

fn stripe_error(status: StatusCode, kind: &str, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": { "type": kind, "message": message } })),
    )
        .into_response()
}

/// Records an API request, then answers Stripe's 401 when it carries no secret key.
fn receive(
    shared: &Shared,
    method: &'static str,
    path: String,
    headers: &HeaderMap,
    form: &[(String, String)],
) -> Option<Response> {
    record(shared, method, path, headers, form);
    key_refusal(headers)
}

/// Stripe's 401 when the request carries no secret key.
fn key_refusal(headers: &HeaderMap) -> Option<Response> {
    let authorised = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer sk_"));
    (!authorised).then(|| {
        stripe_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            "You did not provide an API key.",
        )
    })
}

fn record(
    shared: &Shared,
    method: &'static str,
    path: String,
    headers: &HeaderMap,
    form: &[(String, String)],
) {
    shared.inner.lock().unwrap().received.push(Received {
        method,
        path,
        headers: headers.clone(),
        form: form.to_vec(),
    });
}

async fn create_checkout(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if let Some(refused) = receive(
        &shared,
        "POST",
        "/v1/checkout/sessions".into(),
        &headers,
        &form,
    ) {
        return refused;
    }
    let get = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if let Some(status) = shared.inner.lock().unwrap().fail_next_create.take() {
        return stripe_error(
            StatusCode::from_u16(status).unwrap(),
            "api_error",
            "An error occurred with our connection to Stripe.",
        );
    }
    for required in ["mode", "line_items[0][price]", "success_url", "cancel_url"] {
        if get(required).is_none() {
            return stripe_error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                &format!("Missing required param: {required}."),
            );
        }
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let base = shared.base_url.lock().unwrap().clone();
    let mut inner = shared.inner.lock().unwrap();
    if let Some(existing) = key
        .as_ref()
        .and_then(|k| inner.by_idempotency_key.get(k))
        .and_then(|id| inner.sessions.get(id))
    {
        return Json(existing.clone()).into_response();
    }
    inner.next += 1;
    let id = format!("cs_test_{:04}{}", inner.next, uuid::Uuid::new_v4().simple());
    let metadata: serde_json::Map<String, Value> = form
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("metadata[")
                .and_then(|k| k.strip_suffix(']'))
                .map(|k| (k.to_owned(), Value::from(v.as_str())))
        })
        .collect();
    let session = json!({
        "id": id,
        "object": "checkout.session",
        "url": format!("{base}/pay/{id}"),
        "mode": get("mode"),
        "status": "open",
        "payment_status": "unpaid",
        "client_reference_id": get("client_reference_id"),
        "customer": null,
        "subscription": null,
        "metadata": metadata,
        "success_url": get("success_url"),
        "cancel_url": get("cancel_url"),
        "price": get("line_items[0][price]"),
    });
    inner.sessions.insert(id.clone(), session.clone());
    if let Some(key) = key {
        inner.by_idempotency_key.insert(key, id);
    }
    Json(session).into_response()
}

async fn retrieve_checkout(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = receive(
        &shared,
        "GET",
        format!("/v1/checkout/sessions/{id}"),
        &headers,
        &[],
    ) {
        return refused;
    }
    match shared.inner.lock().unwrap().sessions.get(&id) {
        Some(session) => Json(session.clone()).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": {
                "type": "invalid_request_error",
                "code": "resource_missing",
                "message": format!("No such checkout.session: '{id}'"),
            }})),
        )
            .into_response(),
    }
}

async fn create_portal(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if let Some(refused) = receive(
        &shared,
        "POST",
        "/v1/billing_portal/sessions".into(),
        &headers,
        &form,
    ) {
        return refused;
    }
    let Some((_, customer)) = form.iter().find(|(k, _)| k == "customer") else {
        return stripe_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "Missing required param: customer.",
        );
    };
    let base = shared.base_url.lock().unwrap().clone();
    Json(json!({
        "id": "bps_test_1",
        "object": "billing_portal.session",
        "customer": customer,
        "url": format!("{base}/portal/{customer}"),
    }))
    .into_response()
}

fn complete(shared: &Shared, id: &str) -> Option<Value> {
    let mut inner = shared.inner.lock().unwrap();
    inner.next += 1;
    let n = inner.next;
    let session = inner.sessions.get_mut(id)?;
    if session["status"] == "open" {
        session["status"] = json!("complete");
        session["payment_status"] = json!("paid");
        session["customer"] = json!(format!("cus_test_{n:04}"));
        if session["mode"] == "subscription" {
            session["subscription"] = json!(format!("sub_test_{n:04}"));
        }
    }
    Some(session.clone())
}

async fn pay_page(State(shared): State<Shared>, Path(id): Path<String>) -> Response {
    let Some(session) = shared.inner.lock().unwrap().sessions.get(&id).cloned() else {
        return (StatusCode::NOT_FOUND, "No such checkout session").into_response();
    };
    let plan = session["metadata"]["plan"]
        .as_str()
        .unwrap_or("?")
        .to_owned();
    let cancel = session["cancel_url"].as_str().unwrap_or("/").to_owned();
    Html(format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Fake Stripe Checkout</title></head>\
         <body><h1>Fake Stripe Checkout</h1><p>Plan: <strong id=plan>{plan}</strong></p>\
         <p>Session: <code id=session>{id}</code></p>\
         <form method=post action=/pay/{id}><button type=submit>Pay</button></form>\
         <p><a href=\"{cancel}\">Back</a></p></body></html>"
    ))
    .into_response()
}

async fn pay(State(shared): State<Shared>, Path(id): Path<String>) -> Response {
    let Some(session) = complete(&shared, &id) else {
        return (StatusCode::NOT_FOUND, "No such checkout session").into_response();
    };
    let success = session["success_url"]
        .as_str()
        .unwrap_or("/")
        .replace("{CHECKOUT_SESSION_ID}", &id);
    Redirect::to(&success).into_response()
}

async fn portal_page(Path(customer): Path<String>) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Fake billing portal</title></head>\
         <body><h1>Fake billing portal</h1><p>Customer: <code>{customer}</code></p></body></html>"
    ))
}
