//! A request id on every request: made here (a client's own `x-request-id` is not trusted),
//! carried by a tracing span around the whole request, so every log line of it names the id,
//! and sent back in the `x-request-id` response header for support.

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};
use tracing::Instrument;
use uuid::Uuid;

/// The header the id travels in.
pub(crate) static HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Middleware: a fresh id, a `request` span with it (and the method and path, never the query,
/// headers or body), and the id on the response.
pub(crate) async fn request_id(mut request: Request, next: Next) -> Response {
    let (id, value) = fresh();
    request.headers_mut().insert(HEADER.clone(), value.clone());
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path(),
    );
    let mut response = next.run(request).instrument(span).await;
    response.headers_mut().insert(HEADER.clone(), value);
    response
}

/// A new id, and the same as a header value.
pub(crate) fn fresh() -> (String, HeaderValue) {
    let id = Uuid::new_v4().to_string();
    let value = HeaderValue::from_str(&id).expect("a UUID is a valid header value");
    (id, value)
}
