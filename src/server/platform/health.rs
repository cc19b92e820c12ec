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

/// 200 `{"status":"ready", "backup": {…}}`, or 503 naming the check that failed (`database` or
/// `migrations`). The backup detail never fails readiness (a server without a fresh backup
/// still serves) but says what is wrong: `ok`, `failing` (the newest attempt failed, with why),
/// `stale` (none for over two intervals), `none` yet, or `off` (none, and this server takes no
/// part).
pub(crate) async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match db::readiness(&state.reader, &state.writer).await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({"status": "ready", "backup": backup_detail(&state).await})),
        ),
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

/// The scheduled backups' state, for `/readyz`.
async fn backup_detail(state: &AppState) -> serde_json::Value {
    let settings = &state.settings.backups;
    // Whatever server took them: this one may not take part (`BACKUP_ENABLED=false`).
    let status = match crate::server::backups::runs::status(&state.reader).await {
        Ok(status) => status,
        Err(err) => {
            tracing::error!(error = %err, "could not read the backups' state");
            return json!({"state": "unknown"});
        }
    };
    let now = crate::server::backups::Clock::System.now();
    let stale_after = 2 * i64::from(settings.interval_hours) * 3_600;
    let last = status.last_success.as_ref().map(|(at, file, size)| {
        json!({"finished_at": at, "age_secs": now - at, "file": file, "size_bytes": size})
    });
    let state_word = match (&status.last_success, &status.last_failure) {
        (_, Some(_)) => "failing",
        (None, None) if !settings.enabled => "off",
        (None, None) => "none",
        (Some((at, _, _)), None) if now - at > stale_after => "stale",
        (Some(_), None) => "ok",
    };
    if state_word != "ok" && state_word != "none" {
        tracing::warn!(backup = state_word, "the scheduled backups need a look");
    }
    json!({
        "state": state_word,
        "last_success": last,
        "last_failure": status.last_failure.map(|(slot, why)| json!({"slot": slot, "error": why})),
    })
}
