//! `POST /webhooks/stripe`: the only way a plan is granted. The signature is checked on the raw
//! body before anything is parsed; a verified event is applied once (see `billing`).

use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use secrecy::ExposeSecret;
use serde_json::json;

use crate::server::billing::events::{self, Applied, ApplyError, Event};
use crate::server::billing::signature::{SIGNATURE_TOLERANCE_SECS, verify_signature};
use crate::server::json_error;
use crate::server::platform::state::AppState;

/// How one delivery ended: the verified event's type (if any), the outcome, the answer.
struct Delivery {
    kind: Option<String>,
    outcome: &'static str,
    response: Response,
}

/// 200 for an applied, repeated or ignored event; 400 for a bad signature or body (Stripe does
/// not retry those); 503 when payments are off or the database failed (Stripe retries). Every
/// delivery is counted by type and outcome.
pub(crate) async fn stripe(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let delivery = deliver(&state, &headers, &body).await;
    state
        .metrics
        .webhook(delivery.kind.as_deref(), delivery.outcome);
    delivery.response
}

async fn deliver(state: &AppState, headers: &HeaderMap, body: &Bytes) -> Delivery {
    let refused = |outcome, response| Delivery {
        kind: None,
        outcome,
        response,
    };
    let Some(secret) = &state.settings.stripe.webhook_secret else {
        return refused(
            "payments_disabled",
            json_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "payments_disabled",
                "Payments are not set up on this server.",
            ),
        );
    };
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    let now = unix_now();
    if let Err(err) = verify_signature(
        secret.expose_secret().as_bytes(),
        signature,
        body,
        now,
        SIGNATURE_TOLERANCE_SECS,
    ) {
        tracing::warn!(error = %err, "refused a Stripe webhook");
        return refused(
            "invalid_signature",
            json_error(
                StatusCode::BAD_REQUEST,
                "invalid_signature",
                &err.to_string(),
            ),
        );
    }
    let event: Event = match serde_json::from_slice(body) {
        Ok(event) => event,
        Err(err) => {
            tracing::warn!(error = %err, "a signed Stripe webhook is not an event");
            return refused(
                "invalid_event",
                json_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_event",
                    "The body is not a Stripe event.",
                ),
            );
        }
    };
    let (outcome, response) = applied(state, &event).await;
    Delivery {
        kind: Some(event.kind),
        outcome,
        response,
    }
}

async fn applied(state: &AppState, event: &Event) -> (&'static str, Response) {
    match events::apply(&state.writer, event, state.settings.plans.starter_sequences).await {
        Ok(applied) => {
            let outcome = match applied {
                Applied::Done => "applied",
                Applied::Duplicate => "duplicate",
                Applied::Ignored => "ignored",
            };
            tracing::info!(event = %event.id, kind = %event.kind, outcome, "Stripe event");
            let response = (
                StatusCode::OK,
                Json(json!({"received": true, "outcome": outcome})),
            )
                .into_response();
            (outcome, response)
        }
        Err(ApplyError::Malformed(reason)) => {
            tracing::warn!(event = %event.id, %reason, "a Stripe event could not be read");
            let response = json_error(
                StatusCode::BAD_REQUEST,
                "invalid_event",
                "The event's object cannot be read.",
            );
            ("malformed", response)
        }
        Err(ApplyError::Database(err)) => {
            tracing::error!(event = %event.id, error = %err, "could not apply a Stripe event");
            let response = json_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "The event could not be stored; please retry.",
            );
            ("error", response)
        }
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
