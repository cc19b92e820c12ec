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
//! only if the count is the same after it, and served only while the count is still the same.
//! So a visitor who saves an edit, deletes a sequence or pays gets the page rendered anew on the
//! next load: their write's response is sent after the count moved. Only on SQLite, where this process is
//! the server's only writer: on PostgreSQL another server's write would not move this count, so
//! there every visitor page is rendered. Another process writing to the same SQLite file (the
//! `coldcopy grant` command) does not move it either: a kept page lives 10 seconds at most.

mod kept;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header::ACCEPT_ENCODING},
    middleware::Next,
    response::Response,
};

use crate::domain::i18n::Lang;
use crate::domain::ids::{SequenceId, SessionId};
use crate::server::platform::{db, language, request_id, state::AppState};
use kept::{Encoding, KeptPage};

/// The pages that are the same for every visitor without a session.
const CONSTANT_PAGES: [&str; 5] = ["/", "/pricing", "/privacy", "/terms", "/tools"];

/// What a page's bytes depend on besides its path: the encoding, and the interface language
/// (the cookie that keeps a choice, else `Accept-Language`).
pub(crate) const PAGE_VARY: &str = "accept-encoding, accept-language, cookie";

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
                        let bytes = kept.page.size() + kept.page.size() / 2;
                        u32::try_from(bytes).unwrap_or(u32::MAX)
                    })
                    .time_to_live(VISITOR_PAGE_LIFE)
                    .build()
            }),
        }
    }
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
///
/// Every request passes through here and holds this future until its answer is sent: a
/// streamed generation for as long as Claude writes. So the keeping and rendering are boxed,
/// and any other request holds only the inner stack's future (at 2,000 generations in flight,
/// the inline rendering held 4.3 KB for each: docs/PERFORMANCE.md).
async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match wanted(&request, state.pages.visitors.is_some()) {
        None => next.run(request).await,
        Some(wanted) => Box::pin(serve_wanted(state, wanted, request, next)).await,
    }
}

/// Serves a page that may be kept.
async fn serve_wanted(state: AppState, wanted: Wanted, request: Request, next: Next) -> Response {
    let Ok(paused) = crate::server::quota::is_paused(&state).await else {
        return next.run(request).await;
    };
    let ask = Ask {
        paused,
        lang: language::from_headers(request.headers()),
        encoding: Encoding::preferred(request.headers()),
        started: Instant::now(),
    };
    match (wanted, &state.pages.visitors) {
        (Wanted::Visitor(path, session), Some(cache)) => {
            serve_visitor(&state, cache, path, session, ask, request, next).await
        }
        (Wanted::Constant(path), _) => serve_constant(&state, path, ask, request, next).await,
        (Wanted::Visitor(..), None) => next.run(request).await,
    }
}

/// A page that may be kept: a constant one, or one of a visitor's own for their session.
enum Wanted {
    Constant(&'static str),
    Visitor(VisitorPath, SessionId),
}

/// The kept page this request asks for: a GET with no query string of a constant page without a
/// session cookie (a session makes the header differ), or, when `visitors` are kept, of one of a
/// visitor's own pages with one. Never a signed-in browser's.
fn wanted(request: &Request, visitors: bool) -> Option<Wanted> {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return None;
    }
    let path = request.uri().path();
    // A signed-in browser's pages are its account's, read afresh (its login may have been ended
    // on another server a moment ago).
    if crate::server::accounts::logins::cookie_token(request.headers()).is_some() {
        return None;
    }
    match crate::server::sessions::cookie_session_id(request.headers()) {
        None => CONSTANT_PAGES
            .into_iter()
            .find(|page| *page == path)
            .map(Wanted::Constant),
        Some(session) if visitors => {
            VisitorPath::of(path).map(|path| Wanted::Visitor(path, session))
        }
        Some(_) => None,
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
