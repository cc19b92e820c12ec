//! The lead-list pages. `/s/{id}/leads` (this file): upload a list (a CSV file or pasted
//! rows) for a saved sequence, with the plan's allowance and the lists already uploaded.
//! `job`: `/leads/{job}`, one list from the mapping to the export (`review` its leads,
//! `export` the files and the variable check).

mod export;
mod job;
mod review;

pub use job::LeadJobPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::leads::{LeadListsView, lead_lists};
use crate::components::{page_head::PageHead, query::use_query, raw_text::raw_text};
use crate::domain::{error::AppError, leads::JobStatus, sequence::utc_label};
use crate::pages::not_found::NotFoundPage;

/// Why a line was refused: one item per problem, each completing "The line …".
#[component]
fn ProblemList(problems: Vec<String>) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <ul class="leads__problems">
                {problems
                    .into_iter()
                    .map(|problem| view! { <li>{format!("It {problem}.")}</li> })
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
    view! {
        <PageHead
            title="Personal first lines for a lead list"
            description="Upload a lead list and get one first line per lead, taken from what you know about each lead and checked before it is kept."
        />
        <Suspense fallback=|| view! { <p class="container loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match lists.await {
                    Ok(lists) => view! { <Upload lists /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! {
                        <section class="container narrow">
                            <div class="alert alert--error" role="alert">{err.to_string()}</div>
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
) -> String {
    let number = |name: &str| {
        query
            .get(name)
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    match code {
        "empty" => "Lead list: the list is empty. Choose a CSV file, or paste rows with a header row first.".into(),
        "no_rows" => "Lead list: the list has a header row but no leads under it.".into(),
        "too_many" => format!(
            "Lead list: the list has {} rows; one list may have at most {}. Split it and upload each part.",
            number("rows"),
            lists.max_rows
        ),
        "malformed" => format!(
            "Lead list: the list could not be read as CSV near line {}: a quoted cell is not closed.",
            number("line")
        ),
        "too_big" => format!(
            "Lead list: the file is larger than {}, the most one upload may be. Split it and upload each part.",
            size(lists.max_file_bytes)
        ),
        _ => "Lead list: the upload did not arrive whole. Please choose the file again.".into(),
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
    let query = use_query();
    let error = query
        .read_untracked()
        .get("error")
        .map(|code| upload_error(&lists, &code, &query.read_untracked()));
    let deleted = query.read_untracked().get("deleted").is_some();
    let left = lists.per_day.saturating_sub(lists.used);
    let id = lists.sequence_id.clone();
    view! {
        <section class="container leads">
            <header class="page-head">
                <p class="eyebrow">"Lead list"</p>
                <h1>"Personal first lines for " {lists.company.clone()} " → " {lists.job_title.clone()}</h1>
                <p class="lead">
                    "Upload your leads and what you know about each one. Every lead gets one first line "
                    "built on a fact from its own columns, quoted beside it. A line that names anything "
                    "your data does not say is refused; a lead with nothing specific gets your neutral opener."
                </p>
                <p class="leads__back"><a href=format!("/s/{id}")>"← Back to the sequence"</a></p>
            </header>
            {deleted.then(|| view! {
                <p class="notice notice--ok" role="status">"The lead list and its leads were deleted."</p>
            })}
            <p class="leads__allowance">
                {format!(
                    "Your {} plan writes up to {} first lines in any 24 hours: {} left.",
                    lists.plan_label, lists.per_day, left
                )}
                {(left < lists.per_day.max(1)).then(|| view! { " " <a href="/pricing">"See plans"</a> })}
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
                    <label for="lead-file">"CSV file"</label>
                    <input
                        id="lead-file"
                        type="file"
                        name="file"
                        accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
                        aria-describedby="lead-file-hint"
                    />
                    <p class="field__hint" id="lead-file-hint">
                        {format!(
                            "As exported by Apollo, lemlist, Instantly, Sales Navigator tools or a spreadsheet: comma, semicolon or tab; UTF-8 or Excel's encoding. Up to {} rows and {}.",
                            lists.max_rows,
                            size(lists.max_file_bytes)
                        )}
                    </p>
                </div>
                <div class="field">
                    <label for="lead-rows">"Or paste rows"</label>
                    <textarea
                        id="lead-rows"
                        name="rows"
                        rows="6"
                        placeholder="email,first_name,company,notes\nana@acme.io,Ana,Acme,Raised a Series A in May"
                    >
                        {raw_text(String::new())}
                    </textarea>
                    <p class="field__hint">"The first row names the columns."</p>
                </div>
                <button type="submit" class="button">"Upload and choose columns"</button>
            </form>
            <JobList lists />
        </section>
    }
}

#[component]
fn JobList(lists: LeadListsView) -> impl IntoView {
    (!lists.jobs.is_empty()).then(|| view! {
        <section class="leads__jobs" aria-labelledby="jobs-title">
            <h2 id="jobs-title">"Lists for this sequence"</h2>
            <ul class="leads__job-list">
                {lists
                    .jobs
                    .into_iter()
                    .map(|job| {
                        let status = match job.status {
                            JobStatus::Mapping => "Choose columns",
                            JobStatus::Running => "Writing",
                            JobStatus::Done => "Ready to export",
                            JobStatus::Cancelled => "Cancelled",
                        };
                        view! {
                            <li class="history__item">
                                <div class="history__main">
                                    <a class="history__title" href=format!("/leads/{}", job.id)>{job.file_name}</a>
                                    <p class="history__meta">
                                        {format!("{} rows · {} · {}", job.rows, status, utc_label(job.created_at))}
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
