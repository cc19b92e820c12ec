//! Everything that only runs on the server, one folder per feature: `platform` (settings,
//! start-up, state, the database pools, telemetry, security headers, metrics), `sessions`,
//! `quota` (who may generate, and how often), `generation` (the pipeline, the offline composer,
//! the rewrite, and the Claude client), `sequences` (the store and the exports), `billing`
//! (Stripe, the webhook, plans, restore links), `mail` (the founders' mailboxes), `campaigns`
//! (sending), `inbox` (what comes back) and `ops` (the operator's CLI and the usage report). `docs/ARCHITECTURE.md` is the map.
//!
//! Only what `main.rs` and the integration tests use is `pub`; the rest is `pub(crate)` or
//! narrower, and `unreachable_pub` keeps it so.
#![warn(unreachable_pub)]

pub mod accounts;
pub mod backups;
pub mod billing;
pub mod campaigns;
pub(crate) mod generation;
pub mod inbox;
pub(crate) mod leads;
pub mod mail;
pub mod ops;
pub mod platform;
pub mod quota;
pub mod sequences;
pub mod sessions;

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};

use crate::domain::error::AppError;

/// An error answer for a route that is not a server function: `status` with
/// `{"error": error, "message": message}`.
pub fn json_error(status: StatusCode, error: &str, message: &str) -> Response {
    (
        status,
        Json(serde_json::json!({"error": error, "message": message})),
    )
        .into_response()
}

/// Logs an infrastructure failure in full and returns the opaque error a client may see.
pub fn internal(context: &'static str) -> impl Fn(sqlx::Error) -> AppError {
    move |err| {
        tracing::error!(error = %err, "{context}");
        AppError::Internal
    }
}
