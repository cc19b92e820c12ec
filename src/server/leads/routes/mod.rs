//! The lead lists' forms and files. Every form is a plain HTML post answered with a redirect
//! (303), so each works the same with JavaScript and without; a refused form goes back to its
//! page with what was sent kept (the mapping, the line) and the problem named there.
//!
//! `upload`: `POST /s/{id}/leads/upload` (multipart: `file`, or pasted `rows`), read whatever
//! its size (`upload_body`). `forms`: `POST /leads/{job}/start` (the mapping), `…/cancel`, `…/delete`, `…/neutral`,
//! `…/lead/{lead}` (a line edited), `…/lead/{lead}/rewrite`. `files`:
//! `GET /leads/{job}/export/{format}` (the leads file) and `GET /leads/{job}/sequence/{format}`
//! (the sequence with the line's variable).
//!
//! A handler answers `Result<Response, Response>`: every refusal (a malformed id, no session,
//! another session's list, the database away) is the `Err` its helper made, passed on with `?`;
//! [`in_language`] words it in the request's interface language on the way out.

mod files;
mod forms;
mod upload;
mod upload_body;

use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderMap, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use tower_http::limit::RequestBodyLimitLayer;

use super::{jobs, writer};
use crate::domain::{
    i18n::{Lang, Messages},
    ids::{JobId, SequenceId},
    sequence::SavedSequence,
    session::Plan,
};
use crate::server::platform::language;
use crate::server::platform::state::AppState;
use crate::server::sequences::store;
use crate::server::sessions::{self, Session};

/// What a handler answers: the redirect or file, or the refusal.
type Answer = Result<Response, Response>;

/// The most an upload's body may hold: the file and the pasted rows, plus room for the form
/// around them. A larger one is read to its end and refused with the upload page
/// (`upload_body`), never with a bare 413.
fn upload_limit(state: &AppState) -> usize {
    state.settings.leads.max_file_bytes * 2 + 64 * 1024
}

/// The routes. The upload reads its own body (`upload_body`); every other form has the site's
/// 64 KiB limit.
pub(crate) fn router() -> Router<AppState> {
    let small = RequestBodyLimitLayer::new(crate::server::platform::security::MAX_BODY_BYTES);
    let small_forms = Router::new()
        .route("/leads/{job}/start", post(forms::start))
        .route("/leads/{job}/cancel", post(forms::cancel))
        .route("/leads/{job}/release", post(forms::release))
        .route("/leads/{job}/delete", post(forms::delete))
        .route("/leads/{job}/neutral", post(forms::neutral))
        .route("/leads/{job}/lead/{lead}", post(forms::edit))
        .route("/leads/{job}/lead/{lead}/rewrite", post(forms::rewrite))
        .route("/leads/{job}/export/{format}", get(files::leads_file))
        .route("/leads/{job}/sequence/{format}", get(files::sequence_file));
    Router::new()
        .route(
            "/s/{id}/leads/upload",
            post(upload::upload).layer(DefaultBodyLimit::disable()),
        )
        .merge(small_forms.layer(small))
        .layer(middleware::from_fn(in_language))
}

/// A refusal, worded on the way out in the request's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    NotFound,
    Unavailable,
}

impl Refusal {
    fn message(self, t: &Messages) -> &'static str {
        match self {
            Refusal::NotFound => t.leads_not_found,
            Refusal::Unavailable => t.leads_unavailable,
        }
    }

    fn response(self, status: StatusCode) -> Response {
        let mut response = (status, self.message(Lang::En.t())).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Words a [`Refusal`] in the language the request asks for.
async fn in_language(request: Request, next: Next) -> Response {
    let t = language::from_headers(request.headers()).t();
    let mut response = next.run(request).await;
    if let Some(refusal) = response.extensions().get::<Refusal>().copied() {
        *response.body_mut() = Body::from(refusal.message(t));
    }
    response
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// The refusal for a database error, logged with what was being done.
fn unavailable(doing: &'static str) -> impl FnOnce(sqlx::Error) -> Response {
    move |err| {
        tracing::error!(error = %err, "{doing}");
        Refusal::Unavailable.response(StatusCode::SERVICE_UNAVAILABLE)
    }
}

fn not_found() -> Response {
    Refusal::NotFound.response(StatusCode::NOT_FOUND)
}

/// The session named by the cookie; 404 without one.
async fn session(state: &AppState, headers: &HeaderMap) -> Result<Session, Response> {
    sessions::from_cookie(&state.reader, headers)
        .await
        .map_err(unavailable("looking up a session for a lead list"))?
        .ok_or_else(not_found)
}

/// The job a path names and the caller's session; 404 for a malformed id or no session.
async fn caller(
    state: &AppState,
    job: &str,
    headers: &HeaderMap,
) -> Result<(JobId, Session), Response> {
    let job = JobId::parse(job).ok_or_else(not_found)?;
    Ok((job, session(state, headers).await?))
}

/// Leads a plan may have written in any 24 hours.
pub(crate) fn daily_limit(state: &AppState, plan: Plan) -> u32 {
    let leads = &state.settings.leads;
    match plan {
        Plan::Free => leads.free_per_day,
        Plan::Starter => leads.starter_per_day,
        Plan::Pro => leads.pro_per_day,
    }
}

/// The job (when `session` owns it), its sequence, and the text its lines may draw on.
async fn job_context(
    state: &AppState,
    job: &JobId,
    session: &Session,
) -> Result<(jobs::Stored, SavedSequence, String), Response> {
    let stored = jobs::find(&state.reader, job, &session.id)
        .await
        .map_err(unavailable("loading a lead list"))?
        .ok_or_else(not_found)?;
    let sequence = SequenceId::from_stored(stored.job.sequence_id.clone());
    let (request, saved) = store::find_owned_with_brief(&state.reader, &sequence, &session.id)
        .await
        .map_err(unavailable("loading a lead list's sequence"))?
        .ok_or_else(not_found)?;
    let context = writer::context(&request, &saved.sequence);
    Ok((stored, saved, context))
}
