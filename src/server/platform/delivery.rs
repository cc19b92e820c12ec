//! How responses travel: compressed when the browser accepts it, and how long a cache may keep
//! them.
//!
//! Pages and JSON are compressed on the fly (brotli or gzip, by the request's
//! `Accept-Encoding`) and carry `Vary: Accept-Encoding`. The site's files come precompressed:
//! the release build (`cargo leptos build --release --precompress`) writes a `.br` and a `.gz`
//! beside each, and `ServeDir` picks one by the same negotiation; a file without its copies is
//! compressed on the fly like a page. The generation stream is never compressed: a compressor
//! holds bytes back until its buffer fills, and each email must reach the page as it is
//! written.

use axum::{
    extract::Request,
    http::{
        HeaderValue,
        header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY},
    },
    middleware::Next,
    response::Response,
};
use tower_http::compression::{
    CompressionLayer,
    predicate::{DefaultPredicate, NotForContentType, Predicate},
};

/// The generation stream's content type (server functions' `Streaming` output).
const STREAM: &str = "application/octet-stream";

/// Compresses what is worth it, never the generation stream.
pub(crate) fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .compress_when(DefaultPredicate::new().and(NotForContentType::const_new(STREAM)))
}

/// `Vary: Accept-Encoding` on a file `ServeDir` answered with a precompressed copy (the
/// compression layer leaves an encoded response alone, and `ServeDir` does not say it varies),
/// so a cache never hands the brotli copy to a browser that did not ask for it; then
/// `Cache-Control` where the handler set none. A page or an answer carries the visitor's
/// session (the header's plan, their sequences), so no shared cache may keep it, and the
/// browser asks again each time (`private, no-cache`: the back button still works). The site's
/// files keep their names across builds, so a browser revalidates them (`no-cache`; a
/// `Last-Modified` answers 304 when nothing changed).
pub(crate) async fn vary_and_cache_control(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers();
    let varies = headers
        .get_all(VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("accept-encoding"));
    if headers.contains_key(CONTENT_ENCODING) && !varies {
        response
            .headers_mut()
            .append(VARY, HeaderValue::from_static("accept-encoding"));
    }
    if response.headers().contains_key(CACHE_CONTROL) {
        return response;
    }
    let is_page_or_answer = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value.starts_with("text/html")
                || value.starts_with("application/json")
                || value.starts_with(STREAM)
                || value.starts_with("text/csv")
                || value.starts_with("text/markdown")
        });
    let value = if is_page_or_answer {
        "private, no-cache"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}
