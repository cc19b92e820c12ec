//! The lead-list pages. `/s/{id}/leads` (this file): upload a list (a CSV file or pasted
//! rows) for a saved sequence, with the plan's allowance and the lists already uploaded.
//! `job`: `/leads/{job}`, one list from the mapping to the export (`review` its leads,
//! `export` the files and the variable check).

mod export;
mod job;
mod mapping;
mod review;

pub use job::LeadJobPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::leads::{LeadListsView, lead_lists};
use crate::components::{i18n::use_t, page_head::PageHead, query::use_query, raw_text::raw_text};
use crate::domain::{
    error::AppError,
    i18n::{Messages, fill},
    leads::{JobStatus, grounding::Problems, sniff::NotText},
    sequence::utc_label,
};
use crate::pages::not_found::NotFoundPage;

/// Why a line was refused: one item per problem, each a sentence about the line.
#[component]
fn ProblemList(problems: Problems) -> impl IntoView {
    let t = use_t();
    (!problems.is_empty()).then(|| {
        view! {
            <ul class="leads__problems">
                {problems
                    .into_iter()
                    .map(|problem| {
                        view! { <li>{fill(t.line_problem_item, &[("problem", &problem.message(t))])}</li> }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// The upload page.
#[component]
pub fn LeadListsPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let lists = Resource::new(id, lead_lists);
    let t = use_t();
    view! {
        <PageHead title=t.leads_title description=t.leads_description />
        <Suspense fallback=move || view! { <p class="container loading">{t.leads_loading}</p> }>
            {move || Suspend::new(async move {
                match lists.await {
                    Ok(lists) => view! { <Upload lists /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! {
                        <section class="container narrow">
                            <div class="alert alert--error" role="alert">{err.message(t)}</div>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// What a refused upload was refused for (`?error=…` after the redirect).
fn upload_error(
    lists: &LeadListsView,
    code: &str,
    query: &crate::components::query::Query,
    t: &Messages,
) -> String {
    let number = |name: &str| {
        query
            .get(name)
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    match code {
        "empty" => t.upload_empty.into(),
        "no_rows" => t.upload_no_rows.into(),
        "too_many" => fill(
            t.upload_too_many,
            &[("rows", &number("rows")), ("max", &lists.max_rows)],
        ),
        "malformed" => fill(t.upload_malformed, &[("line", &number("line"))]),
        "too_big" => fill(t.upload_too_big, &[("size", &size(lists.max_file_bytes))]),
        "not_text" => query
            .get("kind")
            .and_then(|kind| NotText::parse(&kind))
            .unwrap_or(NotText::Binary)
            .message(t)
            .into(),
        _ => t.upload_broken.into(),
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", bytes.div_ceil(1_000))
    }
}

#[component]
fn Upload(lists: LeadListsView) -> impl IntoView {
    let t = use_t();
    let query = use_query();
    let error = query
        .read_untracked()
        .get("error")
        .map(|code| upload_error(&lists, &code, &query.read_untracked(), t));
    let deleted = query.read_untracked().get("deleted").is_some();
    let left = lists.per_day.saturating_sub(lists.used);
    let id = lists.sequence_id.clone();
    view! {
        <section class="container leads">
            <header class="page-head">
                <p class="eyebrow">{t.leads_untitled}</p>
                <h1>
                    {fill(
                        t.leads_heading,
                        &[("company", &lists.company), ("title", &lists.job_title)],
                    )}
                </h1>
                <p class="lead">{t.leads_lead}</p>
                <p class="leads__back"><a href=format!("/s/{id}")>{t.leads_back_sequence}</a></p>
            </header>
            {deleted.then(|| view! {
                <p class="notice notice--ok" role="status">{t.leads_deleted}</p>
            })}
            <p class="leads__allowance">
                {fill(
                    t.leads_allowance,
                    &[("plan", &lists.plan.name(t)), ("per_day", &lists.per_day), ("left", &left)],
                )}
                {(left < lists.per_day.max(1)).then(|| view! { " " <a href="/pricing">{t.banner_see_plans}</a> })}
            </p>
            <form
                class="card leads__upload"
                action=format!("/s/{id}/leads/upload")
                method="post"
                enctype="multipart/form-data"
            >
                {error.map(|message| view! {
                    <p class="alert alert--error" role="alert" id="upload-error">{message}</p>
                })}
                <div class="field">
                    <label for="lead-file">{t.leads_file_label}</label>
                    <input
                        id="lead-file"
                        type="file"
                        name="file"
                        accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
                        aria-describedby="lead-file-hint"
                    />
                    <p class="field__hint" id="lead-file-hint">
                        {fill(
                            t.leads_file_hint,
                            &[("rows", &lists.max_rows), ("size", &size(lists.max_file_bytes))],
                        )}
                    </p>
                </div>
                <div class="field">
                    <label for="lead-rows">{t.leads_paste_label}</label>
                    <textarea
                        id="lead-rows"
                        name="rows"
                        rows="6"
                        placeholder=t.leads_paste_placeholder
                    >
                        {raw_text(String::new())}
                    </textarea>
                    <p class="field__hint">{t.leads_paste_hint}</p>
                </div>
                <button type="submit" class="button">{t.leads_upload_button}</button>
            </form>
            <JobList lists />
        </section>
    }
}

#[component]
fn JobList(lists: LeadListsView) -> impl IntoView {
    let t = use_t();
    (!lists.jobs.is_empty()).then(|| view! {
        <section class="leads__jobs" aria-labelledby="jobs-title">
            <h2 id="jobs-title">{t.leads_jobs_title}</h2>
            <ul class="leads__job-list">
                {lists
                    .jobs
                    .into_iter()
                    .map(|job| {
                        let status = match job.status {
                            JobStatus::Mapping => t.job_status_mapping,
                            JobStatus::Running => t.job_status_running,
                            JobStatus::Done => t.job_status_done,
                            JobStatus::Cancelled => t.job_status_cancelled,
                        };
                        view! {
                            <li class="history__item">
                                <div class="history__main">
                                    <a class="history__title" href=format!("/leads/{}", job.id)>{job.file_name}</a>
                                    <p class="history__meta">
                                        {fill(
                                            t.leads_job_meta,
                                            &[
                                                ("rows", &job.rows),
                                                ("status", &status),
                                                ("when", &utc_label(job.created_at)),
                                            ],
                                        )}
                                    </p>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    })
}
