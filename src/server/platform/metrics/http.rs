//! The HTTP side of the metrics: the middleware that counts every request, and the two ways
//! `GET /metrics` is served (the site, behind the token; the private listener).

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use crate::server::json_error;
use crate::server::platform::state::AppState;

/// The content type Prometheus asks for and `encode` writes.
pub(super) const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Middleware: counts every request by method, route pattern and final status, with its latency.
pub(crate) async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = route_label(&request);
    let response = next.run(request).await;
    state
        .metrics
        .http(method, route, response.status(), started.elapsed());
    response
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

/// The matched route's pattern (`/s/{id}`), the static files as one route, anything else as
/// `unmatched`: never the raw path.
fn route_label(request: &Request) -> String {
    if let Some(matched) = request.extensions().get::<MatchedPath>() {
        return matched.as_str().to_owned();
    }
    if request.uri().path().starts_with("/pkg/") {
        "/pkg/{file}".into()
    } else {
        "unmatched".into()
    }
}

/// `GET /metrics` on the site: only with `Authorization: Bearer <METRICS_TOKEN>` (the route
/// exists only when the token is set).
pub(crate) async fn scrape_with_token(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = &state.settings.metrics.token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let offered = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same_secret(offered.trim(), token.expose_secret()) {
        let mut response = json_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Send the metrics token as `Authorization: Bearer <token>`.",
        );
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"metrics\""),
        );
        return response;
    }
    scrape(State(state)).await
}

/// `GET /metrics` on the private `METRICS_ADDR` listener (and after the token check).
pub(crate) async fn scrape(State(state): State<AppState>) -> Response {
    let text = state.metrics.render(state.generations.len());
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        text,
    )
        .into_response()
}

/// Compares digests, so the time taken says nothing about how much of the token matched.
fn same_secret(offered: &str, expected: &str) -> bool {
    let a = Sha256::digest(offered.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "OTHER");
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_secret(
            "s3cret-token-for-metrics",
            "s3cret-token-for-metrics"
        ));
        assert!(!same_secret(
            "s3cret-token-for-metric",
            "s3cret-token-for-metrics"
        ));
        assert!(!same_secret("", "s3cret-token-for-metrics"));
    }
}
