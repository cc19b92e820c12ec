//! `GET /healthz`: the process is up and its database answers. `GET /readyz`: the database is
//! writable and migrated, so the server can take traffic.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

use crate::server::platform::db;
use crate::server::platform::state::AppState;

/// 200 `{"status":"ok"}` when the database answers, 503 otherwise.
pub(crate) async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if db::is_healthy(&state.reader).await {
        (StatusCode::OK, Json(json!({"status": "ok"})))
    } else {
        tracing::error!("health check failed: the database does not answer");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable"})),
        )
    }
}

/// 200 `{"status":"ready"}`, or 503 naming the check that failed (`database` or `migrations`).
pub(crate) async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match db::readiness(&state.reader, &state.writer).await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "ready"}))),
        Err(reason) => {
            tracing::error!(?reason, "readiness check failed");
            let check = match reason {
                db::NotReady::Unavailable => "database",
                db::NotReady::MigrationsPending => "migrations",
            };
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "not_ready", "failed": check})),
            )
        }
    }
}
