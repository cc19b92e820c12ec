//! `GET /healthz`: the process is up and its database answers.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

use super::{db, state::AppState};

/// 200 `{"status":"ok"}` when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if db::is_healthy(&state.pool).await {
        (StatusCode::OK, Json(json!({"status": "ok"})))
    } else {
        tracing::error!("health check failed: the database does not answer");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "unavailable"})),
        )
    }
}
