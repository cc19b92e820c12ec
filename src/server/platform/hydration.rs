//! Whether a page that loads the wasm only sometimes (`app::Hydration`) needs it for this
//! request: a paid plan's `/pricing`, a running lead list's `/leads/{job}`. Asked before the
//! page renders, so the shell only reads the answer (a `<Suspense>` in the head shifted the
//! page's hydration markers and broke hydration).

use axum::{
    extract::{Request, State},
    http::{HeaderMap, Method},
    middleware::Next,
    response::Response,
};

use crate::app::{Hydration, hydration};
use crate::domain::{ids::JobId, leads::JobStatus, session::Plan};
use crate::server::{leads::jobs, sessions};

use super::state::AppState;

/// The answer, in the request's extensions (the shell reads it from the request's parts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WasmNeeded(pub bool);

/// Pages whose render reads a session and writes nothing, so one lookup serves the whole render
/// (`sessions::SessionOnce`). Not `/billing/success` (it may grant the plan it then shows) nor
/// `/restore/{token}` (it moves the session); the constant pages never read one.
fn reads_session_only(path: &str) -> bool {
    matches!(path, "/generate" | "/pricing" | "/history")
        || path.starts_with("/s/")
        || path.starts_with("/leads/")
}

/// Prepares a page GET before it renders: the request's one session lookup, and the answer to
/// the page's wasm question; other requests pass untouched.
pub(crate) async fn decide(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET || !reads_session_only(request.uri().path()) {
        return next.run(request).await;
    }
    let session = sessions::SessionOnce::default();
    request.extensions_mut().insert(session.clone());
    let asked = hydration(request.uri().path());
    if matches!(asked, Hydration::PaidPlan | Hydration::LeadListRunning) {
        let (path, headers) = (request.uri().path().to_owned(), request.headers().clone());
        // Boxed: only these pages wait for it, and every other request would hold its room.
        let needed = Box::pin(needs_wasm(&state, &session, asked, &path, &headers)).await;
        request.extensions_mut().insert(WasmNeeded(needed));
    }
    next.run(request).await
}

/// Never creates a session; when in doubt (no session, a database error), no.
async fn needs_wasm(
    state: &AppState,
    session: &sessions::SessionOnce,
    asked: Hydration,
    path: &str,
    headers: &HeaderMap,
) -> bool {
    let Ok(Some(session)) = session.get(&state.reader, headers).await else {
        return false;
    };
    match asked {
        Hydration::PaidPlan => session.plan != Plan::Free,
        Hydration::LeadListRunning => {
            let Some(job) = path.strip_prefix("/leads/").and_then(JobId::parse) else {
                return false;
            };
            jobs::find(&state.reader, &job, &session.id)
                .await
                .ok()
                .flatten()
                .is_some_and(|stored| stored.job.status == JobStatus::Running)
        }
        Hydration::Always => true,
        Hydration::Never => false,
    }
}
