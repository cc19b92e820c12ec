//! Server functions answer every error with status 500 and the error's JSON body. This layer
//! reads that body and sends the status the `AppError` names (plus `Retry-After` when rate
//! limited): the one place an error becomes an HTTP status.

use axum::{
    body::{Body, to_bytes},
    http::{HeaderValue, StatusCode, header::RETRY_AFTER},
    response::Response,
};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

use crate::domain::error::AppError;

/// Error bodies are a few hundred bytes; anything larger is not ours to rewrite.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Gives a server-function error response the status of its `AppError`.
pub(crate) async fn set_error_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::RateLimited { retry_after } = err {
            parts
                .headers
                .insert(RETRY_AFTER, HeaderValue::from(retry_after));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
