//! Pages served from memory.
//!
//! **Constant pages**, the same for every visitor without a session (the landing page, pricing,
//! privacy and terms), are rendered once. The first such request renders the page through Leptos
//! as usual. Its bytes are kept with the nonce taken out: the kept page's Content-Security-Policy
//! allows its inline scripts by their SHA-256 hashes (they are the same bytes on every render)
//! instead of a per-response nonce, so the page never changes and its brotli and gzip copies are
//! made once too. Each later request only picks the copy its `Accept-Encoding` asks for.
//! What makes a page differ between visitors keeps it out: a session cookie (the header shows
//! that visitor's plan; pricing marks it), a query string (a payment error, a restore notice),
//! any method but GET. The "writing is paused" answer and the interface language are part of
//! the key, and an entry lives a minute at most, so a kept page is never older than the
//! settings and counts it shows.
//!
//! **A visitor's own pages** (`/generate`, `/history` and `/s/{id}`, with a session cookie and no
//! query string) are kept the same way for that session, on one more condition: nothing was
//! written to the database since. Every write through this server's writer is counted once it
//! is done (`WritePool::writes_done`); a page is kept under the count read before its render,
//! only if the count is the same after it, and served only while the count is still the same. So a visitor
//! who saves an edit, deletes a sequence or pays gets the page rendered anew on the next load:
//! their write's response is sent after the count moved. Only on SQLite, where this process is
//! the server's only writer: on PostgreSQL another server's write would not move this count, so
//! there every visitor page is rendered. Another process writing to the same SQLite file (the
//! `coldcopy grant` command) does not move it either: a kept page lives 10 seconds at most.

use std::{
    sync::{Arc, OnceLock},
    time::{Duration, Instant},
};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::{Request, State},
    http::{
        HeaderMap, HeaderValue, Method, StatusCode,
        header::{
            ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY,
            CONTENT_TYPE, VARY,
        },
    },
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::STANDARD};
use sha2::{Digest, Sha256};

use crate::domain::i18n::Lang;
use crate::domain::ids::{SequenceId, SessionId};
use crate::server::platform::{db, language, request_id, security, state::AppState};

/// The pages that are the same for every visitor without a session.
const CONSTANT_PAGES: [&str; 4] = ["/", "/pricing", "/privacy", "/terms"];

/// What a page's bytes depend on besides its path: the encoding, and the interface language
/// (the cookie that keeps a choice, else `Accept-Language`).
pub(crate) const PAGE_VARY: &str = "accept-encoding, accept-language, cookie";

/// The most a kept page may read (ours are a few kilobytes).
const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// The longest a visitor's page is kept. What this process writes ends it at once; this bounds
/// what another process writes to the same SQLite file (`coldcopy grant`, a `sqlite3` shell).
const VISITOR_PAGE_LIFE: Duration = Duration::from_secs(10);

/// The most memory visitors' kept pages may take, counted as their uncompressed bytes plus
/// their compressed copies (about a fifth of a page each).
const VISITOR_PAGES_BYTES: u64 = 32 * 1024 * 1024;

/// The rendered pages: constant ones by path, whether writing is paused, and interface
/// language; visitors' by page, session, the same two, and the write count they were read at.
#[derive(Clone)]
pub struct PageCache {
    pages: moka::future::Cache<(&'static str, bool, Lang), Arc<KeptPage>>,
    /// `None` on PostgreSQL (see the module's text).
    visitors: Option<moka::future::Cache<VisitorKey, Arc<VisitorPage>>>,
}

/// Which of a visitor's pages, for which session, paused or not, in which language.
type VisitorKey = (VisitorPath, SessionId, bool, Lang);

/// The pages a visitor's data fills that are kept for them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum VisitorPath {
    Generate,
    History,
    Sequence(SequenceId),
}

impl VisitorPath {
    fn of(path: &str) -> Option<Self> {
        match path {
            "/generate" => Some(Self::Generate),
            "/history" => Some(Self::History),
            _ => SequenceId::parse(path.strip_prefix("/s/")?).map(Self::Sequence),
        }
    }

    /// The route, as the metrics name it.
    fn route(&self) -> &'static str {
        match self {
            Self::Generate => "/generate",
            Self::History => "/history",
            Self::Sequence(_) => "/s/{id}",
        }
    }
}

/// A visitor's page and the number of writes done when it was read.
struct VisitorPage {
    writes: u64,
    page: KeptPage,
}

impl PageCache {
    /// The caches for a server on `engine`.
    pub fn new(engine: db::Engine) -> Self {
        Self {
            pages: moka::future::Cache::builder()
                .max_capacity((2 * CONSTANT_PAGES.len() * Lang::ALL.len()) as u64)
                .time_to_live(Duration::from_secs(60))
                .build(),
            visitors: (engine == db::Engine::Sqlite).then(|| {
                moka::future::Cache::builder()
                    .max_capacity(VISITOR_PAGES_BYTES)
                    .weigher(|_, kept: &Arc<VisitorPage>| {
                        let bytes = kept.page.identity.len() + kept.page.identity.len() / 2;
                        u32::try_from(bytes).unwrap_or(u32::MAX)
                    })
                    .time_to_live(VISITOR_PAGE_LIFE)
                    .build()
            }),
        }
    }
}

/// One page as it is sent: its policy and its bytes in each encoding, each compressed the first
/// time a browser asks for it.
struct KeptPage {
    csp: HeaderValue,
    content_type: HeaderValue,
    identity: Bytes,
    /// Constant pages are compressed as small as brotli and gzip go (once for every visitor);
    /// a visitor's page faster, since it may be read only once or twice.
    best: bool,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

/// `app` with the kept pages (constant ones, and a visitor's own) answered in front of it. A
/// kept page is answered here, before routing and the middleware stack (it needs none of it: no
/// body, no limits, and its session is in its key), with the headers the stack would have added
/// and the request counted in the metrics; anything else, and a page not kept yet, goes on to
/// `app`.
pub(crate) fn in_front_of(state: AppState, app: Router) -> Router {
    Router::new()
        .fallback_service(app)
        .layer(axum::middleware::from_fn_with_state(state, serve))
}

/// Serves a kept page from memory, rendering and keeping it the first time.
async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let visitor = match &state.pages.visitors {
        Some(cache) => visitor_page(&request).map(|page| (cache, page)),
        None => None,
    };
    let constant = cacheable_path(&request);
    if visitor.is_none() && constant.is_none() {
        return next.run(request).await;
    }
    let Ok(paused) = crate::server::quota::is_paused(&state).await else {
        return next.run(request).await;
    };
    let ask = Ask {
        paused,
        lang: language::from_headers(request.headers()),
        encoding: Encoding::preferred(request.headers()),
        started: Instant::now(),
    };
    match (visitor, constant) {
        (Some((cache, (path, session))), _) => {
            serve_visitor(&state, cache, path, session, ask, request, next).await
        }
        (None, Some(path)) => serve_constant(&state, path, ask, request, next).await,
        (None, None) => next.run(request).await,
    }
}

/// What a kept page's answer depends on besides the page, read once per request.
struct Ask {
    paused: bool,
    lang: Lang,
    encoding: Encoding,
    started: Instant,
}

/// Serves a constant page from memory, rendering and keeping it the first time.
async fn serve_constant(
    state: &AppState,
    path: &'static str,
    ask: Ask,
    request: Request,
    next: Next,
) -> Response {
    let key = (path, ask.paused, ask.lang);
    if let Some(page) = state.pages.pages.get(&key).await {
        return answer_kept(state, &page, ask.encoding, path, ask.started);
    }
    match render(request, next, true).await {
        Ok((page, request_id)) => {
            let page = Arc::new(page);
            state.pages.pages.insert(key, page.clone()).await;
            page.response(ask.encoding, request_id, state)
        }
        Err(response) => response,
    }
}

/// A kept page in `encoding`, counted in the metrics as the stack would have counted it.
fn answer_kept(
    state: &AppState,
    page: &KeptPage,
    encoding: Encoding,
    route: &'static str,
    started: Instant,
) -> Response {
    let response = page.response(encoding, None, state);
    state
        .metrics
        .http("GET", route.to_owned(), StatusCode::OK, started.elapsed());
    response
}

/// Renders the page through the whole stack (which counts it), uncompressed (the copies are made
/// here), and takes it to keep; or the response as it came, when it is not one to keep.
async fn render(
    mut request: Request,
    next: Next,
    best: bool,
) -> Result<(KeptPage, Option<HeaderValue>), Response> {
    request.headers_mut().remove(ACCEPT_ENCODING);
    let response = next.run(request).await;
    let request_id = response.headers().get(&request_id::HEADER).cloned();
    KeptPage::from_response(response, best)
        .await
        .map(|page| (page, request_id))
}

/// Serves one of a visitor's pages from memory when nothing was written since it was kept;
/// else renders it, and keeps it when nothing was written while it rendered.
async fn serve_visitor(
    state: &AppState,
    cache: &moka::future::Cache<VisitorKey, Arc<VisitorPage>>,
    path: VisitorPath,
    session: SessionId,
    ask: Ask,
    request: Request,
    next: Next,
) -> Response {
    let route = path.route();
    let key = (path, session, ask.paused, ask.lang);
    // Read before anything the render reads: a write after this moves it.
    let writes = state.writer.writes_done();
    if let Some(kept) = cache.get(&key).await
        && kept.writes == writes
    {
        return answer_kept(state, &kept.page, ask.encoding, route, ask.started);
    }
    match render(request, next, false).await {
        Ok((page, request_id)) => {
            let response = page.response(ask.encoding, request_id, state);
            // Kept only when the render read nothing older than the count it is kept under, and
            // under the "paused" answer it showed.
            let unchanged = state.writer.writes_done() == writes
                && crate::server::quota::is_paused(state).await.ok() == Some(ask.paused);
            if unchanged {
                cache
                    .insert(key, Arc::new(VisitorPage { writes, page }))
                    .await;
            }
            response
        }
        Err(response) => response,
    }
}

/// The visitor's page this request asks for, and the session it is for: a GET of one of the
/// kept pages with a session cookie and no query string.
fn visitor_page(request: &Request) -> Option<(VisitorPath, SessionId)> {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return None;
    }
    let path = VisitorPath::of(request.uri().path())?;
    let session = crate::server::sessions::cookie_session_id(request.headers())?;
    Some((path, session))
}

/// The constant page this request asks for, when nothing in it can make the page differ.
fn cacheable_path(request: &Request) -> Option<&'static str> {
    if request.method() != Method::GET
        || request.uri().query().is_some()
        || crate::server::sessions::cookie_session_id(request.headers()).is_some()
    {
        return None;
    }
    let path = request.uri().path();
    CONSTANT_PAGES.into_iter().find(|page| *page == path)
}

impl KeptPage {
    /// Keeps a rendered page, or hands the response back untouched when it is not one to keep
    /// (not a 200 HTML page, a cookie set, no nonce in its policy).
    async fn from_response(response: Response, best: bool) -> Result<Self, Response> {
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
    fn response(
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
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// Brotli when the request accepts it, else gzip, else none (`q=0` refuses a coding).
    fn preferred(headers: &HeaderMap) -> Self {
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
