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

/// A new id, and the same as a header value. A version-4 UUID from the thread's fast generator:
/// the id only has to tell requests apart in the logs, and `Uuid::new_v4` asked the kernel for
/// its random bytes, a system call on every request (4% of the server's CPU serving a kept page:
/// docs/PERFORMANCE.md).
pub(crate) fn fresh() -> (String, HeaderValue) {
    let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes())
        .into_uuid()
        .to_string();
    let value = HeaderValue::from_str(&id).expect("a UUID is a valid header value");
    (id, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_4_uuids_and_do_not_repeat() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let (id, value) = fresh();
            let parsed = uuid::Uuid::parse_str(&id).expect("a UUID");
            assert_eq!(parsed.get_version_num(), 4, "{id}");
            assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122, "{id}");
            assert_eq!(value.to_str().unwrap(), id);
            assert!(seen.insert(id), "an id repeated");
        }
    }
}
