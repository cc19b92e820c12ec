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

/// A file name cargo-leptos made from the file's content (`hash-files`): `/pkg/NAME.HASH.EXT`,
/// HASH the 22-character base64url MD5, maybe followed by the `.br` or `.gz` of a precompressed
/// copy. What is under such a name never changes, so any cache may keep it for a year.
pub(crate) fn is_hashed_asset(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else {
        return false;
    };
    let file = file
        .strip_suffix(".br")
        .or_else(|| file.strip_suffix(".gz"))
        .unwrap_or(file);
    let mut parts = file.rsplitn(3, '.');
    let (Some(ext), Some(hash), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !file.contains('/')
        && !ext.is_empty()
        && !name.is_empty()
        && hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What a cache may do with a file under a content-derived name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Vary: Accept-Encoding` on a file `ServeDir` answered with a precompressed copy (the
/// compression layer leaves an encoded response alone, and `ServeDir` does not say it varies),
/// so a cache never hands the brotli copy to a browser that did not ask for it; then
/// `Cache-Control` where the handler set none. A page or an answer carries the visitor's
/// session (the header's plan, their sequences), so no shared cache may keep it, and the
/// browser asks again each time (`private, no-cache`: the back button still works). A file
/// under a hashed name (a release build's JS, wasm and CSS) is kept for a year by anyone
/// ([`IMMUTABLE`]); other files keep their names across builds, so a browser revalidates them
/// (`no-cache`; a `Last-Modified` answers 304 when nothing changed).
pub(crate) async fn vary_and_cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers();
    let varies = headers
        .get_all(VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("accept-encoding"));
    let is_page = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if is_page {
        // A page's words follow the interface language (platform::language).
        response.headers_mut().remove(VARY);
        response
            .headers_mut()
            .insert(VARY, HeaderValue::from_static(super::page_cache::PAGE_VARY));
    } else if headers.contains_key(CONTENT_ENCODING) && !varies {
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
    let value = if hashed && response.status().is_success() {
        IMMUTABLE
    } else if is_page_or_answer {
        "private, no-cache"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_content_named_site_files_are_immutable() {
        for path in [
            "/pkg/coldcopy.Mz2bIm0nIwvUpPyh7RLO2Q.css",
            "/pkg/coldcopy.Mz2bIm0nIwvUpPyh7RLO2Q.wasm",
            "/pkg/coldcopy.a-b_c12345678901234567.js.br",
            "/pkg/coldcopy.Mz2bIm0nIwvUpPyh7RLO2Q.js.gz",
        ] {
            assert!(is_hashed_asset(path), "{path}");
        }
        for path in [
            "/pkg/coldcopy.css",
            "/pkg/coldcopy.js.br",
            "/pkg/coldcopy_bg.wasm",
            "/pkg/coldcopy.short.css",
            "/pkg/a/coldcopy.Mz2bIm0nIwvUpPyh7RLO2Q.css",
            "/favicon.svg",
            "/s/coldcopy.Mz2bIm0nIwvUpPyh7RLO2Q.css",
            "/pkg/.Mz2bIm0nIwvUpPyh7RLO2Q.css",
            "/pkg/coldcopy.Mz2bIm0nIwvUpPyh7RLO2%.css",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }
}
