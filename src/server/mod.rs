//! Everything that only runs on the server: settings, start-up, state, the database layer,
//! telemetry and the HTTP routes that are not server functions.

pub mod billing;
pub mod claude;
pub mod cli;
pub mod composer;
pub mod config;
pub mod db;
pub mod error_status;
pub mod export;
pub mod generate;
pub mod health;
pub mod limits;
pub mod message_stream;
pub mod metrics;
pub mod ops;
pub mod prompt;
pub mod quota;
pub mod request_id;
pub mod retry;
pub mod rewrite;
pub mod security;
pub mod sequences;
pub mod sessions;
pub mod startup;
pub mod state;
pub mod stripe;
pub mod telemetry;
pub mod usage;
pub mod webhook;

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
