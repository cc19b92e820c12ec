//! The lead lists' forms and files. Every form is a plain HTML post answered with a redirect
//! (303), so each works the same with JavaScript and without; a refused form goes back to its
//! page with what was sent kept (the mapping, the line) and the problem named there.
//!
//! `POST /s/{id}/leads/upload` (multipart: `file`, or pasted `rows`), `POST /leads/{job}/start`
//! (the mapping), `…/cancel`, `…/delete`, `…/neutral`, `…/lead/{lead}` (a line edited),
//! `…/lead/{lead}/rewrite`; `GET /leads/{job}/export/{format}` (the leads file) and
//! `GET /leads/{job}/sequence/{format}` (the sequence with the line's variable).

use axum::{
    Router,
    extract::{DefaultBodyLimit, Multipart, Path, State},
    http::{
        HeaderMap, HeaderValue, StatusCode,
        header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE},
    },
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};

use tower_http::limit::RequestBodyLimitLayer;

use super::{export, import, jobs, queue, writer};
use crate::domain::{
    export::{ExportFormat, file_name},
    ids::{JobId, SequenceId},
    leads::{
        JobStatus,
        columns::{Field, Mapping},
        grounding, neutral_line, rows,
    },
    sequence::utc_label,
    session::Plan,
};
use crate::server::platform::state::AppState;
use crate::server::sequences::store;
use crate::server::sessions::{self, Session};

/// The routes. The upload has its own body limit (the file and the pasted rows, plus room
/// for the form around them); every other form the site's 64 KiB.
pub(crate) fn router(state: &AppState) -> Router<AppState> {
    let upload_limit = state.settings.leads.max_file_bytes * 2 + 64 * 1024;
    let small = RequestBodyLimitLayer::new(crate::server::platform::security::MAX_BODY_BYTES);
    Router::new()
        .route(
            "/s/{id}/leads/upload",
            post(upload).layer((
                DefaultBodyLimit::max(upload_limit),
                RequestBodyLimitLayer::new(upload_limit),
            )),
        )
        .merge(small_forms().layer(small))
}

fn small_forms() -> Router<AppState> {
    Router::new()
        .route("/leads/{job}/start", post(start))
        .route("/leads/{job}/cancel", post(cancel))
        .route("/leads/{job}/delete", post(delete))
        .route("/leads/{job}/neutral", post(neutral))
        .route("/leads/{job}/lead/{lead}", post(edit))
        .route("/leads/{job}/lead/{lead}/rewrite", post(rewrite))
        .route("/leads/{job}/export/{format}", get(leads_file))
        .route("/leads/{job}/sequence/{format}", get(sequence_file))
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn unavailable(err: &sqlx::Error, doing: &str) -> Response {
    tracing::error!(error = %err, "{doing}");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The lead list could not be reached just now. Nothing was lost; please try again.",
    )
        .into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "We could not find that lead list for this browser.",
    )
        .into_response()
}

async fn session(state: &AppState, headers: &HeaderMap) -> Result<Session, Response> {
    match sessions::from_cookie(&state.reader, headers).await {
        Ok(Some(session)) => Ok(session),
        Ok(None) => Err(not_found()),
        Err(err) => Err(unavailable(&err, "looking up a session for a lead list")),
    }
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

async fn upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    mut form: Multipart,
) -> Response {
    let Some(sequence) = SequenceId::parse(&id) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let brief = match store::find_owned_with_brief(&state.reader, &sequence, &session.id).await {
        Ok(Some(brief)) => brief,
        Ok(None) => return not_found(),
        Err(err) => return unavailable(&err, "loading a sequence for an upload"),
    };
    let back = |error: &str| see_other(&format!("/s/{sequence}/leads?error={error}"));
    let max = state.settings.leads.max_file_bytes;
    let (mut file, mut pasted, mut name) = (Vec::new(), Vec::new(), String::new());
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return back("unreadable"),
        };
        let field_name = field.name().unwrap_or_default().to_owned();
        if field_name == "file" {
            name = field.file_name().unwrap_or_default().to_owned();
        }
        let Ok(bytes) = field.bytes().await else {
            return back("too_big");
        };
        if bytes.len() > max {
            return back("too_big");
        }
        match field_name.as_str() {
            "file" => file = bytes.to_vec(),
            "rows" => pasted = bytes.to_vec(),
            _ => {}
        }
    }
    let (bytes, name) = if file.iter().any(|b| !b.is_ascii_whitespace()) {
        (file, name)
    } else {
        (pasted, "Pasted rows".to_owned())
    };
    let table = match import::read(&bytes, state.settings.leads.max_rows) {
        Ok(table) => table,
        Err(import::ImportError::Empty) => return back("empty"),
        Err(import::ImportError::NoRows) => return back("no_rows"),
        Err(import::ImportError::TooManyRows { rows, .. }) => {
            return back(&format!("too_many&rows={rows}"));
        }
        Err(import::ImportError::Malformed { line, .. }) => {
            return back(&format!("malformed&line={line}"));
        }
    };
    let name: String = name.chars().filter(|c| !c.is_control()).take(120).collect();
    let (request, saved) = &brief;
    let draft = jobs::Draft {
        session: &session.id,
        sequence: &sequence,
        file_name: if name.trim().is_empty() {
            "Lead list"
        } else {
            name.trim()
        },
        headers: &table.headers,
        rows: &table.rows,
        neutral_line: &neutral_line(request, &saved.sequence),
        offline: state.claude.is_none(),
    };
    match jobs::create(&state.writer, draft).await {
        Ok(job) => see_other(&format!("/leads/{job}")),
        Err(err) => unavailable(&err, "storing an uploaded lead list"),
    }
}

/// The form's fields, in order (the fact checkboxes repeat `facts`).
async fn form_fields(body: axum::body::Bytes) -> Vec<(String, String)> {
    form_urlencoded::parse(&body).into_owned().collect()
}

async fn start(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(job) = JobId::parse(&job) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let stored = match jobs::find(&state.reader, &job, &session.id).await {
        Ok(Some(stored)) => stored,
        Ok(None) => return not_found(),
        Err(err) => return unavailable(&err, "loading a lead list"),
    };
    if stored.job.status != JobStatus::Mapping {
        return see_other(&format!("/leads/{job}"));
    }
    let fields = form_fields(body).await;
    let column = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .and_then(|(_, value)| value.parse::<usize>().ok())
    };
    let mut mapping = Mapping::default();
    for field in Field::ALL {
        mapping.set(field, column(&format!("col_{}", field.key())));
    }
    mapping.facts = fields
        .iter()
        .filter(|(key, _)| key == "facts")
        .filter_map(|(_, value)| value.parse().ok())
        .collect();
    mapping.facts.sort_unstable();
    mapping.facts.dedup();
    let headers = &stored.job.headers;
    if mapping.check(headers).is_err() {
        return keep_and_return(&state, &job, &session, None, Some(&mapping), "mapping").await;
    }
    let (leads, skipped) = rows::sort(headers, &stored.rows, &mapping);
    let start = jobs::Start {
        mapping: &mapping,
        leads: &leads,
        skipped: &skipped,
        limit: daily_limit(&state, session.plan),
        batch: state.claude.is_some() && leads.len() >= state.settings.leads.batch_threshold,
    };
    match jobs::start(&state.writer, &job, &session.id, &start).await {
        Ok(()) => {
            state.lead_work.notify_one();
            see_other(&format!("/leads/{job}"))
        }
        Err(jobs::Refused::NotWaiting) => see_other(&format!("/leads/{job}")),
        Err(jobs::Refused::Allowance { used, limit }) => {
            let _ =
                jobs::keep_refused(&state.writer, &job, &session.id, None, Some(&mapping)).await;
            see_other(&format!(
                "/leads/{job}?error=allowance&used={used}&limit={limit}&wanted={}",
                leads.len()
            ))
        }
        Err(jobs::Refused::Db(err)) => unavailable(&err, "starting a lead list"),
    }
}

async fn keep_and_return(
    state: &AppState,
    job: &JobId,
    session: &Session,
    neutral: Option<&str>,
    mapping: Option<&Mapping>,
    error: &str,
) -> Response {
    match jobs::keep_refused(&state.writer, job, &session.id, neutral, mapping).await {
        Ok(()) => see_other(&format!("/leads/{job}?error={error}")),
        Err(err) => unavailable(&err, "keeping a refused lead-list form"),
    }
}

async fn cancel(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(job) = JobId::parse(&job) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    match jobs::cancel(&state.writer, &job, &session.id).await {
        Ok(_) => see_other(&format!("/leads/{job}")),
        Err(err) => unavailable(&err, "cancelling a lead list"),
    }
}

async fn delete(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(job) = JobId::parse(&job) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let sequence = match jobs::owner(&state.reader, &job).await {
        Ok(Some((sequence, owner))) if owner == session.id => sequence,
        Ok(_) => return not_found(),
        Err(err) => return unavailable(&err, "loading a lead list"),
    };
    match jobs::delete(&state.writer, &job, &session.id).await {
        Ok(_) => see_other(&format!("/s/{sequence}/leads?deleted=1")),
        Err(err) => unavailable(&err, "deleting a lead list"),
    }
}

/// The job's sequence, brief and the text its lines may draw on, for its own session.
async fn job_context(
    state: &AppState,
    job: &JobId,
    session: &Session,
) -> Result<(jobs::Stored, crate::domain::sequence::SavedSequence, String), Response> {
    let stored = match jobs::find(&state.reader, job, &session.id).await {
        Ok(Some(stored)) => stored,
        Ok(None) => return Err(not_found()),
        Err(err) => return Err(unavailable(&err, "loading a lead list")),
    };
    let sequence = SequenceId::from_stored(stored.job.sequence_id.clone());
    match store::find_owned_with_brief(&state.reader, &sequence, &session.id).await {
        Ok(Some((request, saved))) => {
            let context = writer::context(&request, &saved.sequence);
            Ok((stored, saved, context))
        }
        Ok(None) => Err(not_found()),
        Err(err) => Err(unavailable(&err, "loading a lead list's sequence")),
    }
}

async fn neutral(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(job) = JobId::parse(&job) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let (_, _, context) = match job_context(&state, &job, &session).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let fields = form_fields(body).await;
    let line = fields
        .iter()
        .find(|(key, _)| key == "neutral_line")
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default();
    if grounding::check_unquoted(&line, "", &context).is_err() {
        return keep_and_return(&state, &job, &session, Some(&line), None, "neutral").await;
    }
    match jobs::set_neutral_line(&state.writer, &job, &session.id, &line).await {
        Ok(_) => see_other(&format!("/leads/{job}#neutral")),
        Err(err) => unavailable(&err, "saving a neutral line"),
    }
}

async fn edit(
    State(state): State<AppState>,
    Path((job, lead)): Path<(String, i64)>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Some(job) = JobId::parse(&job) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let (_, _, context) = match job_context(&state, &job, &session).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let leads = match queue::list(&state.reader, &job).await {
        Ok(leads) => leads,
        Err(err) => return unavailable(&err, "loading a lead"),
    };
    let Some(row) = leads.iter().find(|row| row.id == lead) else {
        return not_found();
    };
    let fields = form_fields(body).await;
    let line = fields
        .iter()
        .find(|(key, _)| key == "line")
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default();
    let anchor = format!("lead-{lead}");
    if grounding::check_unquoted(&line, &row.data.corpus(), &context).is_err() {
        return match queue::keep_draft(&state.writer, &job, &session.id, lead, &line).await {
            Ok(()) => see_other(&format!("/leads/{job}?lead={lead}#{anchor}")),
            Err(err) => unavailable(&err, "keeping a refused line"),
        };
    }
    match queue::edit(&state.writer, &job, &session.id, lead, &line).await {
        Ok(_) => see_other(&format!("/leads/{job}#{anchor}")),
        Err(err) => unavailable(&err, "saving a line"),
    }
}

async fn rewrite(
    State(state): State<AppState>,
    Path((job, lead)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Response {
    let Some(job) = JobId::parse(&job) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    match queue::rewrite(&state.writer, &job, &session.id, lead).await {
        Ok(queued) => {
            if queued {
                state.lead_work.notify_one();
            }
            see_other(&format!("/leads/{job}#lead-{lead}"))
        }
        Err(err) => unavailable(&err, "queueing a lead's rewrite"),
    }
}

fn attachment(bytes: Vec<u8>, name: &str, content_type: &'static str) -> Response {
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(CONTENT_DISPOSITION, value);
    }
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

async fn leads_file(
    State(state): State<AppState>,
    Path((job, format)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (Some(job), Some(format)) = (JobId::parse(&job), ExportFormat::parse(&format)) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let (stored, saved, context) = match job_context(&state, &job, &session).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let leads = match queue::list(&state.reader, &job).await {
        Ok(leads) => leads,
        Err(err) => return unavailable(&err, "loading leads for an export"),
    };
    let Some(bytes) = export::leads_csv(&leads, &stored.job.neutral_line, &context, format) else {
        return not_found();
    };
    let date = &utc_label(saved.created_at)[..10];
    let name = file_name(&saved.company, date, format).replace(".csv", "-leads.csv");
    attachment(bytes, &name, "text/csv; charset=utf-8")
}

async fn sequence_file(
    State(state): State<AppState>,
    Path((job, format)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let (Some(job), Some(format)) = (JobId::parse(&job), ExportFormat::parse(&format)) else {
        return not_found();
    };
    let session = match session(&state, &headers).await {
        Ok(session) => session,
        Err(response) => return response,
    };
    let (_, saved, _) = match job_context(&state, &job, &session).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let date = &utc_label(saved.created_at)[..10];
    let name = file_name(&saved.company, date, format);
    attachment(
        export::sequence_file(&saved, format),
        &name,
        format.content_type(),
    )
}
