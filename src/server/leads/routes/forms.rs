//! The lead lists' forms after the upload (`upload`): the mapping, cancel, delete, the neutral opener, a line
//! edited, a lead written again. Each answers a redirect (303).

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::HeaderMap,
};

use super::{Answer, caller, daily_limit, job_context, not_found, see_other, unavailable};
use crate::domain::{
    hidden,
    i18n::Lang,
    ids::JobId,
    leads::{
        JobStatus,
        columns::{Field, Mapping},
        grounding, rows,
    },
};
use crate::server::leads::{jobs, queue};
use crate::server::platform::state::AppState;
use crate::server::sessions::Session;

/// The form's fields, in order (the fact checkboxes repeat `facts`).
fn form_fields(body: &Bytes) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// The value of the form field `name`, without hidden characters and trimmed (empty when it
/// was not sent).
fn field(body: &Bytes, name: &str) -> String {
    form_fields(body)
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| hidden::cleaned(&value).trim().to_owned())
        .unwrap_or_default()
}

/// The mapping a form sent: `col_{field}` column indexes and the repeated `facts`.
fn mapping_from(body: &Bytes) -> Mapping {
    let fields = form_fields(body);
    let mut mapping = Mapping::default();
    for field in Field::ALL {
        let name = format!("col_{}", field.key());
        let column = fields
            .iter()
            .find(|(key, _)| *key == name)
            .and_then(|(_, value)| value.parse::<usize>().ok());
        mapping.set(field, column);
    }
    mapping.facts = fields
        .iter()
        .filter(|(key, _)| key == "facts")
        .filter_map(|(_, value)| value.parse().ok())
        .collect();
    mapping.facts.sort_unstable();
    mapping.facts.dedup();
    mapping
}

pub(super) async fn start(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let (job, session) = caller(&state, &job, &headers).await?;
    let stored = jobs::find(&state.reader, &job, &session.id)
        .await
        .map_err(unavailable("loading a lead list"))?
        .ok_or_else(not_found)?;
    if stored.job.status != JobStatus::Mapping {
        return Ok(see_other(&format!("/leads/{job}")));
    }
    let mapping = mapping_from(&body);
    let headers = &stored.job.headers;
    if mapping.check(headers, Lang::En.t()).is_err() {
        return keep_and_return(&state, &job, &session, None, Some(&mapping), "mapping").await;
    }
    let (leads, skipped) = rows::sort(headers, &stored.rows, &mapping);
    let start = jobs::Start {
        mapping: &mapping,
        leads: &leads,
        skipped: &skipped,
        limit: daily_limit(&state, session.plan),
        batch_from: state
            .claude
            .is_some()
            .then_some(state.settings.leads.batch_threshold),
    };
    match jobs::start(&state.writer, &job, &session.id, &start).await {
        Ok(()) => {
            state.lead_work.notify_one();
            Ok(see_other(&format!("/leads/{job}")))
        }
        Err(jobs::Refused::NotWaiting) => Ok(see_other(&format!("/leads/{job}"))),
        Err(jobs::Refused::Db(err)) => Err(unavailable("starting a lead list")(err)),
    }
}

/// Keeps what a refused form sent and goes back to the list's page with `?error=`.
async fn keep_and_return(
    state: &AppState,
    job: &JobId,
    session: &Session,
    neutral: Option<&str>,
    mapping: Option<&Mapping>,
    error: &str,
) -> Answer {
    jobs::keep_refused(&state.writer, job, &session.id, neutral, mapping)
        .await
        .map_err(unavailable("keeping a refused lead-list form"))?;
    Ok(see_other(&format!("/leads/{job}?error={error}")))
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let (job, session) = caller(&state, &job, &headers).await?;
    jobs::cancel(&state.writer, &job, &session.id)
        .await
        .map_err(unavailable("cancelling a lead list"))?;
    Ok(see_other(&format!("/leads/{job}")))
}

pub(super) async fn delete(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let (job, session) = caller(&state, &job, &headers).await?;
    let sequence = match jobs::owner(&state.reader, &job)
        .await
        .map_err(unavailable("loading a lead list"))?
    {
        Some((sequence, owner)) if owner == session.id => sequence,
        _ => return Err(not_found()),
    };
    jobs::delete(&state.writer, &job, &session.id)
        .await
        .map_err(unavailable("deleting a lead list"))?;
    Ok(see_other(&format!("/s/{sequence}/leads?deleted=1")))
}

pub(super) async fn neutral(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let (job, session) = caller(&state, &job, &headers).await?;
    let (_, _, context) = job_context(&state, &job, &session).await?;
    let line = field(&body, "neutral_line");
    if grounding::check_unquoted(&line, "", &context).is_err() {
        return keep_and_return(&state, &job, &session, Some(&line), None, "neutral").await;
    }
    jobs::set_neutral_line(&state.writer, &job, &session.id, &line)
        .await
        .map_err(unavailable("saving a neutral line"))?;
    Ok(see_other(&format!("/leads/{job}#neutral")))
}

pub(super) async fn edit(
    State(state): State<AppState>,
    Path((job, lead)): Path<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    let (job, session) = caller(&state, &job, &headers).await?;
    let (_, _, context) = job_context(&state, &job, &session).await?;
    let data = queue::data(&state.reader, &job, lead)
        .await
        .map_err(unavailable("loading a lead"))?
        .ok_or_else(not_found)?;
    let line = field(&body, "line");
    // A line the check doubts (a name or a number it cannot find) is kept only when the founder
    // confirms it is true; its form never is (length, one line, no question, no merge tag).
    let vouched =
        field(&body, "vouch") == "1" && !line.is_empty() && grounding::lint_line(&line).is_empty();
    let doubted = grounding::check_unquoted(&line, &data.corpus(), &context).is_err();
    if doubted && !vouched {
        queue::keep_draft(&state.writer, &job, &session.id, lead, &line)
            .await
            .map_err(unavailable("keeping a refused line"))?;
        return Ok(see_other(&format!("/leads/{job}?lead={lead}#lead-{lead}")));
    }
    queue::edit(&state.writer, &job, &session.id, lead, &line, doubted)
        .await
        .map_err(unavailable("saving a line"))?;
    Ok(see_other(&format!("/leads/{job}#lead-{lead}")))
}

pub(super) async fn rewrite(
    State(state): State<AppState>,
    Path((job, lead)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Answer {
    let (job, session) = caller(&state, &job, &headers).await?;
    let queued = queue::rewrite(&state.writer, &job, &session.id, lead)
        .await
        .map_err(unavailable("queueing a lead's rewrite"))?;
    if queued {
        state.lead_work.notify_one();
    }
    Ok(see_other(&format!("/leads/{job}#lead-{lead}")))
}

/// Writes the leads held over the allowance, as many as there is room for now; with no room
/// the page says so (`?error=allowance`).
pub(super) async fn release(
    State(state): State<AppState>,
    Path(job): Path<String>,
    headers: HeaderMap,
) -> Answer {
    let (job, session) = caller(&state, &job, &headers).await?;
    let released = jobs::release(
        &state.writer,
        &job,
        &session.id,
        daily_limit(&state, session.plan),
    )
    .await
    .map_err(unavailable("releasing held leads"))?;
    if released == 0 {
        return Ok(see_other(&format!("/leads/{job}?error=allowance#held")));
    }
    state.lead_work.notify_one();
    Ok(see_other(&format!("/leads/{job}")))
}
