//! A page as it is kept in memory: its bytes without the render's nonce, its policy allowing the
//! render's own inline scripts by hash, and its compressed copies.

use std::sync::OnceLock;

use axum::{
    body::{Body, Bytes},
    http::{
        HeaderMap, HeaderValue, StatusCode,
        header::{
            ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY,
            CONTENT_TYPE, VARY,
        },
    },
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

use super::PAGE_VARY;
use crate::server::platform::{request_id, security, state::AppState};

/// The most a kept page may read (ours are a few kilobytes).
const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// One page as it is sent: its policy and its bytes in each encoding, each compressed the first
/// time a browser asks for it.
pub(super) struct KeptPage {
    csp: HeaderValue,
    content_type: HeaderValue,
    identity: Bytes,
    /// Constant pages are compressed as small as brotli and gzip go (once for every visitor);
    /// a visitor's page faster, since it may be read only once or twice.
    best: bool,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl KeptPage {
    /// Its uncompressed size, which its compressed copies add about half to.
    pub(super) fn size(&self) -> usize {
        self.identity.len()
    }

    /// Keeps a rendered page, or hands the response back untouched when it is not one to keep
    /// (not a 200 HTML page, a cookie set, no nonce in its policy).
    pub(super) async fn from_response(response: Response, best: bool) -> Result<Self, Response> {
        let headers = response.headers();
        let is_html = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let nonce = headers
            .get(CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .and_then(policy_nonce)
            .map(str::to_owned);
        let keepable = response.status() == StatusCode::OK
            && is_html
            && !headers.contains_key(axum::http::header::SET_COOKIE)
            && !headers.contains_key(CONTENT_ENCODING);
        let (Some(nonce), true) = (nonce, keepable) else {
            return Err(response);
        };
        let (parts, body) = response.into_parts();
        let bytes = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
            Ok(bytes) => bytes,
            Err(err) => {
                // A render that failed midway, or a page over the limit: nothing whole to send.
                tracing::error!(error = %err, "reading a constant page to keep it");
                return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
            }
        };
        let (Ok(html), Some(csp)) = (
            std::str::from_utf8(&bytes),
            parts
                .headers
                .get(CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok()),
        ) else {
            return Err(Response::from_parts(parts, Body::from(bytes)));
        };
        let csp = hashed_policy(csp, &nonce, &nonced_inline_scripts(html, &nonce));
        let html = without_nonce(html, &nonce);
        let (Ok(csp), Some(content_type)) = (
            HeaderValue::from_str(&csp),
            parts.headers.get(CONTENT_TYPE).cloned(),
        ) else {
            return Err(Response::from_parts(parts, Body::from(bytes)));
        };
        Ok(Self {
            csp,
            content_type,
            identity: html.into(),
            best,
            brotli: OnceLock::new(),
            gzip: OnceLock::new(),
        })
    }

    /// This page in `encoding`, with every header the middleware stack gives a page:
    /// `Cache-Control` as `delivery` sets it for pages, the security headers, a request id (the
    /// render's own, for the request that rendered it).
    pub(super) fn response(
        &self,
        encoding: Encoding,
        request_id: Option<HeaderValue>,
        state: &AppState,
    ) -> Response {
        let (body, coding) = match encoding {
            Encoding::Brotli => (
                self.brotli
                    .get_or_init(|| compress_brotli(&self.identity, self.best).into())
                    .clone(),
                Some("br"),
            ),
            Encoding::Gzip => (
                self.gzip
                    .get_or_init(|| compress_gzip(&self.identity, self.best).into())
                    .clone(),
                Some("gzip"),
            ),
            Encoding::Identity => (self.identity.clone(), None),
        };
        let mut response = Response::new(Body::from(body));
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, self.content_type.clone());
        headers.insert(CONTENT_SECURITY_POLICY, self.csp.clone());
        headers.insert(VARY, HeaderValue::from_static(PAGE_VARY));
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        if let Some(coding) = coding {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        let request_id = request_id.unwrap_or_else(|| request_id::fresh().1);
        headers.insert(request_id::HEADER.clone(), request_id);
        security::add_headers(headers, state);
        response
    }
}

/// The nonce a page's policy names (`'nonce-…'` in `script-src`).
fn policy_nonce(csp: &str) -> Option<&str> {
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(&csp[start..start + len]).filter(|nonce| !nonce.is_empty())
}

/// The page without its `nonce` attributes: a kept page's scripts are allowed by hash, and a
/// nonce sent to every visitor would be no nonce at all.
fn without_nonce(html: &str, nonce: &str) -> String {
    html.replace(&format!(" nonce=\"{nonce}\""), "")
}

/// The text of every inline `<script>` (one without `src`) that carries the render's `nonce`, in
/// page order. Only those go into the kept page's policy: a script without the nonce is not ours
/// (were one ever injected, the policy would block it kept as it did rendered). The page is our
/// own render: a visitor's text in it is escaped (`<` is `&lt;` in element text and attribute
/// values alike), so a raw `<script` opens a script element, and the one datum a script holds
/// (the serialised resources) never holds a raw `</script>`.
fn nonced_inline_scripts<'a>(html: &'a str, nonce: &str) -> Vec<&'a str> {
    let attribute = format!(" nonce=\"{nonce}\"");
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after = &rest[open..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let content = &after[tag_end + 1..];
        let Some(close) = content.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") && tag.contains(&attribute) {
            scripts.push(&content[..close]);
        }
        rest = &content[close..];
    }
    scripts
}

/// `csp` with its nonce source replaced by the SHA-256 source of each of `scripts`.
fn hashed_policy(csp: &str, nonce: &str, scripts: &[&str]) -> String {
    let mut sources: Vec<String> = scripts
        .iter()
        .map(|script| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
        .collect();
    sources.dedup();
    let nonce_source = format!("'nonce-{nonce}'");
    if sources.is_empty() {
        csp.replace(&format!("{nonce_source} "), "")
    } else {
        csp.replace(&nonce_source, &sources.join(" "))
    }
}

/// Brotli at its best (11), or at 5: about as small as gzip's best, in about a millisecond for
/// a 30 KB page.
fn compress_brotli(bytes: &[u8], best: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: if best { 11 } else { 5 },
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("compressing into memory cannot fail");
    out
}

fn compress_gzip(bytes: &[u8], best: bool) -> Vec<u8> {
    use std::io::Write;
    let level = if best {
        flate2::Compression::best()
    } else {
        flate2::Compression::default()
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder
        .write_all(bytes)
        .expect("compressing into memory cannot fail");
    encoder
        .finish()
        .expect("compressing into memory cannot fail")
}

/// The encodings a kept page comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// Brotli when the request accepts it, else gzip, else none (`q=0` refuses a coding).
    pub(super) fn preferred(headers: &HeaderMap) -> Self {
        let accepts = |wanted: &str| {
            headers
                .get_all(ACCEPT_ENCODING)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .any(|item| {
                    let mut parts = item.split(';').map(str::trim);
                    let coding = parts.next().unwrap_or_default();
                    let refused = parts.any(|p| {
                        p.strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                            .is_some_and(|q| q <= 0.0)
                    });
                    (coding.eq_ignore_ascii_case(wanted) || coding == "*") && !refused
                })
        };
        if accepts("br") {
            Self::Brotli
        } else if accepts("gzip") {
            Self::Gzip
        } else {
            Self::Identity
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_comes_out_of_the_page_and_its_scripts_go_into_the_policy_by_hash() {
        let html = r#"<head><script nonce="n0nce">a()</script><script type="module" nonce="n0nce" src="/pkg/x.js"></script></head><body><p>nonce</p><script>injected()</script><script nonce="n0nce">b()</script></body>"#;
        let csp = "default-src 'self'; script-src 'self' 'nonce-n0nce' 'wasm-unsafe-eval'; base-uri 'self'";
        assert_eq!(policy_nonce(csp), Some("n0nce"));
        let page = without_nonce(html, "n0nce");
        assert!(!page.contains("n0nce"), "{page}");
        assert!(page.contains("<p>nonce</p>"));
        // A script without the nonce is not the render's own: it stays out of the policy.
        assert_eq!(nonced_inline_scripts(html, "n0nce"), vec!["a()", "b()"]);
        let policy = hashed_policy(csp, "n0nce", &nonced_inline_scripts(html, "n0nce"));
        let hash = |s: &str| STANDARD.encode(Sha256::digest(s));
        assert_eq!(
            policy,
            format!(
                "default-src 'self'; script-src 'self' 'sha256-{}' 'sha256-{}' 'wasm-unsafe-eval'; base-uri 'self'",
                hash("a()"),
                hash("b()")
            )
        );
        assert_eq!(
            hashed_policy(csp, "n0nce", &[]),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'self'"
        );
    }

    #[test]
    fn the_encoding_follows_accept_encoding() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
            Encoding::preferred(&headers)
        };
        assert_eq!(Encoding::preferred(&HeaderMap::new()), Encoding::Identity);
        assert_eq!(with("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(with("gzip"), Encoding::Gzip);
        assert_eq!(with("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(with("identity"), Encoding::Identity);
        assert_eq!(with("*"), Encoding::Brotli);
    }
}
