//! `GET /api/leads/lists?id=…` (a sequence's lead lists and the plan's allowance) and
//! `GET /api/leads/job?id=…` (one lead list as its page shows it) and `GET
//! /api/leads/progress?id=…` (a running list's counts). The lists' forms post to
//! plain routes (`server::leads::routes`), so they work the same without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::{
    error::AppError,
    leads::{JobCounts, JobStatus, JobSummary, LeadRow},
    sequence::Sequence,
};

/// A sequence's lead lists, for the upload page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadListsView {
    pub sequence_id: String,
    pub company: String,
    pub job_title: String,
    pub jobs: Vec<JobSummary>,
    /// First lines the plan writes in any 24 hours, and how many of them are taken.
    pub per_day: u32,
    pub used: u32,
    pub plan: crate::domain::session::Plan,
    pub max_file_bytes: u64,
    pub max_rows: u32,
}

/// One lead list, for its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadJobView {
    pub job: crate::domain::leads::LeadJob,
    /// Every lead, once the list has ended; none while it runs (the page shows the progress
    /// only, so the poll every 1.5 s stays a few KB for a 2,000-lead list).
    pub leads: Vec<LeadRow>,
    /// The sequence as it reads now (for the variable check).
    pub sequence: Sequence,
    /// The form and the sequence as text: what a line may take names and numbers from besides
    /// the lead (the grounding check runs in the page too).
    pub context: String,
    /// First lines the plan writes in any 24 hours, and how many of them are taken or waiting
    /// (the mapping step and held leads say what the list will get).
    pub per_day: u32,
    pub used: u32,
}

/// The caller's lead lists for sequence `id`; `NotFound` for anyone else's sequence.
#[server(endpoint = "leads/lists", input = GetUrl)]
pub async fn lead_lists(id: String) -> Result<LeadListsView, AppError> {
    use super::context::RequestContext;
    use crate::domain::ids::SequenceId;
    use crate::server::internal;
    use crate::server::leads::{jobs, routes};
    use crate::server::sequences::store;

    let ctx = RequestContext::current()?;
    let id = SequenceId::parse(&id).ok_or(AppError::NotFound)?;
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    let reader = &ctx.state.reader;
    let saved = store::find_owned(reader, &id, &session.id)
        .await
        .map_err(internal("loading a sequence"))?
        .ok_or(AppError::NotFound)?;
    let jobs = jobs::for_sequence(reader, &id, &session.id)
        .await
        .map_err(internal("listing lead lists"))?;
    let used = jobs::used_today(reader, &session.id)
        .await
        .map_err(internal("counting leads"))?;
    let settings = &ctx.state.settings.leads;
    Ok(LeadListsView {
        sequence_id: id.to_string(),
        company: saved.company,
        job_title: saved.job_title,
        jobs,
        per_day: routes::daily_limit(&ctx.state, session.plan),
        used,
        plan: session.plan,
        max_file_bytes: settings.max_file_bytes as u64,
        max_rows: u32::try_from(settings.max_rows).unwrap_or(u32::MAX),
    })
}

/// The caller's lead list `id` with its leads; `NotFound` for anyone else's.
#[server(endpoint = "leads/job", input = GetUrl)]
pub async fn lead_job(id: String) -> Result<LeadJobView, AppError> {
    use super::context::RequestContext;
    use crate::domain::ids::{JobId, SequenceId};
    use crate::server::internal;
    use crate::server::leads::{jobs, queue, routes, writer};
    use crate::server::sequences::store;

    let ctx = RequestContext::current()?;
    let id = JobId::parse(&id).ok_or(AppError::NotFound)?;
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    let reader = &ctx.state.reader;
    let mut stored = jobs::find(reader, &id, &session.id)
        .await
        .map_err(internal("loading a lead list"))?
        .ok_or(AppError::NotFound)?;
    let sequence = SequenceId::from_stored(stored.job.sequence_id.clone());
    let (request, saved) = store::find_owned_with_brief(reader, &sequence, &session.id)
        .await
        .map_err(internal("loading a lead list's sequence"))?
        .ok_or(AppError::NotFound)?;
    let leads = if stored.job.status == crate::domain::leads::JobStatus::Running {
        Vec::new()
    } else {
        queue::list(reader, &id)
            .await
            .map_err(internal("loading leads"))?
    };
    stored.job.company = saved.company.clone();
    stored.job.job_title = saved.job_title.clone();
    let used = jobs::used_today(reader, &session.id)
        .await
        .map_err(internal("counting leads"))?;
    Ok(LeadJobView {
        per_day: routes::daily_limit(&ctx.state, session.plan),
        used,
        context: writer::context(&request, &saved.sequence),
        job: stored.job,
        leads,
        sequence: saved.sequence,
    })
}

/// How far the caller's lead list `id` has come: all a running list's page asks every second
/// and a half (its island reloads the page once the list is no longer running).
#[server(endpoint = "leads/progress", input = GetUrl)]
pub async fn job_progress(id: String) -> Result<ListProgress, AppError> {
    use super::context::RequestContext;
    use crate::domain::ids::JobId;
    use crate::server::{internal, leads::jobs};

    let ctx = RequestContext::current()?;
    let id = JobId::parse(&id).ok_or(AppError::NotFound)?;
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    let stored = jobs::find(&ctx.state.reader, &id, &session.id)
        .await
        .map_err(internal("loading a lead list"))?
        .ok_or(AppError::NotFound)?;
    Ok(ListProgress {
        status: stored.job.status,
        counts: stored.job.counts,
    })
}

/// A lead list's status and counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListProgress {
    pub status: JobStatus,
    pub counts: JobCounts,
}
