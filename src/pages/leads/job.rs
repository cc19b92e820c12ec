//! `/leads/{job}`: one lead list. Waiting for its mapping: which column holds what, with the
//! first rows beside it. Running: the progress bar (refreshed every second and a half with
//! JavaScript, every three seconds without) and Cancel. Ended: the leads to review and fix,
//! and the files for each sending tool.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::ProblemList;
use super::{export::ExportPanel, mapping::MappingForm, review::Review};
use crate::api::leads::{LeadJobView as Loaded, lead_job};
use crate::components::{i18n::use_t, page_head::PageHead, query::use_query, raw_text::raw_text};
use crate::domain::{
    error::AppError,
    i18n::{Messages, fill},
    leads::{JobCounts, JobStatus, LeadJob, grounding},
};
use crate::pages::not_found::NotFoundPage;

/// The lead list's page.
#[component]
pub fn LeadJobPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("job").unwrap_or_default();
    let page = Resource::new(id, lead_job);
    let t = use_t();
    view! {
        <PageHead title=t.leads_untitled description=t.job_description />
        <Transition fallback=move || view! { <p class="container loading">{t.job_loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(loaded) => view! { <JobView loaded /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! {
                        <section class="container narrow">
                            <div class="alert alert--error" role="alert">{err.message(t)}</div>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn JobView(loaded: Loaded) -> impl IntoView {
    let t = use_t();
    let job = loaded.job.clone();
    let status = job.status;
    view! {
        <section class="container leads">
            <header class="page-head">
                <p class="eyebrow">{fill(t.job_eyebrow, &[("file", &job.file_name)])}</p>
                <h1>{fill(t.job_heading, &[("company", &job.company), ("title", &job.job_title)])}</h1>
                {job.offline.then(|| view! { <p class="notice notice--offline">{t.job_offline}</p> })}
                <p class="leads__back">
                    <a href=format!("/s/{}", job.sequence_id)>{t.job_back_sequence}</a>
                    " · "
                    <a href=format!("/s/{}/leads", job.sequence_id)>{t.job_all_lists}</a>
                </p>
            </header>
            {match status {
                JobStatus::Mapping => view! {
                    <MappingForm job=job.clone() per_day=loaded.per_day used=loaded.used />
                }
                .into_any(),
                JobStatus::Running => view! { <Progress job=job.clone() /> }.into_any(),
                JobStatus::Done | JobStatus::Cancelled => view! {
                    <Summary job=job.clone() context=loaded.context.clone() />
                    <Held job=job.clone() per_day=loaded.per_day used=loaded.used />
                    <ExportPanel loaded=loaded.clone() />
                    <Review loaded=loaded.clone() />
                    <DeleteForm job=job.clone() />
                }
                .into_any(),
            }}
        </section>
    }
}

/// The counts in words.
fn counts_line(counts: &JobCounts, t: &Messages) -> String {
    let mut parts = vec![fill(
        t.counts_done,
        &[("done", &counts.done()), ("total", &counts.total)],
    )];
    parts.push(fill(t.counts_written, &[("n", &counts.written)]));
    parts.push(fill(t.counts_no_signal, &[("n", &counts.no_signal)]));
    if counts.failed > 0 {
        parts.push(fill(t.counts_failed, &[("n", &counts.failed)]));
    }
    if counts.cancelled > 0 {
        parts.push(fill(t.counts_not_written, &[("n", &counts.cancelled)]));
    }
    if counts.held > 0 {
        parts.push(fill(t.counts_held, &[("n", &counts.held)]));
    }
    // What the lines cost the operator (Claude's tokens) is not the founder's to see: it is in
    // `coldcopy usage` and the metrics.
    parts.join(" · ")
}

#[component]
fn Progress(job: LeadJob) -> impl IntoView {
    let t = use_t();
    let counts = job.counts;
    view! {
        // Without JavaScript the page reloads itself (inside <noscript> only when scripting is
        // off; with it, the page asks the server every second and a half).
        <noscript><meta http-equiv="refresh" content="3" /></noscript>
        <div class="card leads__progress" role="status" aria-live="polite">
            <h2>{t.progress_title}</h2>
            {job.batch.then(|| view! { <p class="notice">{t.progress_batch}</p> })}
            <ProgressCounts id=job.id.to_string() counts />
            <p class="field__hint">{t.progress_hint}</p>
            <form action=format!("/leads/{}/cancel", job.id) method="post">
                <button type="submit" class="button button--small button--danger">
                    {t.progress_cancel}
                </button>
            </form>
        </div>
    }
}

#[component]
fn Summary(job: LeadJob, context: String) -> impl IntoView {
    let t = use_t();
    let query = use_query();
    let neutral_refused = query.read_untracked().get("error").as_deref() == Some("neutral");
    let draft = job.neutral_draft.clone().filter(|_| neutral_refused);
    let problems = draft
        .as_deref()
        .map(|d| {
            grounding::check_unquoted(d, "", &context)
                .err()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let cancelled = job.status == JobStatus::Cancelled;
    let skipped = job.skipped.clone();
    view! {
        <div class="card leads__summary">
            <h2>
                {if cancelled {
                    t.job_status_cancelled
                } else if job.counts.held > 0 {
                    t.summary_held
                } else {
                    t.summary_done
                }}
            </h2>
            <p class="leads__counts">{counts_line(&job.counts, t)}</p>
            {(!skipped.is_empty()).then(|| view! {
                <details class="leads__skipped">
                    <summary>{fill(t.summary_skipped, &[("n", &skipped.len())])}</summary>
                    <ul>
                        {skipped
                            .into_iter()
                            .map(|s| {
                                let reason = s.reason.message(t);
                                view! { <li>{fill(t.summary_skipped_line, &[("line", &s.line), ("reason", &reason)])}</li> }
                            })
                            .collect_view()}
                    </ul>
                </details>
            })}
            <form id="neutral" class="leads__neutral" action=format!("/leads/{}/neutral", job.id) method="post">
                <label for="neutral-line">{t.neutral_label}</label>
                <textarea id="neutral-line" name="neutral_line" rows="3">
                    {raw_text(draft.clone().unwrap_or(job.neutral_line.clone()))}
                </textarea>
                {draft.is_some().then(|| view! {
                    <div class="field__error" role="alert">
                        <p>
                            {t.neutral_not_saved}
                            {problems.is_empty().then(|| view! { " " {t.neutral_only_form} })}
                        </p>
                        <ProblemList problems=problems.clone() />
                    </div>
                })}
                <button type="submit" class="button button--small button--ghost">{t.neutral_save}</button>
            </form>
        </div>
    }
}

/// The leads held over the plan's allowance, and the button that writes as many as there is
/// room for now (or, with none, what to do).
#[component]
fn Held(job: LeadJob, per_day: u32, used: u32) -> impl IntoView {
    let t = use_t();
    let held = job.counts.held;
    let room = per_day.saturating_sub(used);
    let refused = use_query().read_untracked().get("error").as_deref() == Some("allowance");
    (held > 0).then(|| {
        let text = fill(t.held_text, &[("n", &held), ("limit", &per_day)]);
        view! {
            <div class="card leads__held" id="held">
                <p>{text}</p>
                {(refused || room == 0).then(|| view! {
                    <p class="notice notice--warn" role="status">
                        {t.held_none_free} " " <a href="/pricing">{t.banner_see_plans}</a>
                    </p>
                })}
                {(room > 0).then(|| view! {
                    <form action=format!("/leads/{}/release", job.id) method="post">
                        <button type="submit" class="button">
                            {fill(t.held_write, &[("n", &held.min(room))])}
                        </button>
                    </form>
                })}
            </div>
        }
    })
}

#[component]
fn DeleteForm(job: LeadJob) -> impl IntoView {
    let t = use_t();
    view! {
        <form class="leads__delete" action=format!("/leads/{}/delete", job.id) method="post">
            <p class="field__hint">{t.delete_list_hint}</p>
            <button type="submit" class="button button--small button--danger">{t.delete_list_button}</button>
        </form>
    }
}

/// The bar and the counts of a running list, asked again every second and a half; once the list
/// is no longer running, the page loads again and shows its summary. Without JavaScript the
/// page refreshes itself (`Progress`).
#[island]
fn ProgressCounts(id: String, counts: JobCounts) -> impl IntoView {
    let t = use_t();
    let counts = RwSignal::new(counts);
    #[cfg(feature = "hydrate")]
    {
        use crate::api::leads::job_progress;
        fn ask(id: String, counts: RwSignal<JobCounts>) {
            set_timeout(
                move || {
                    leptos::task::spawn_local(async move {
                        match job_progress(id.clone()).await {
                            Ok(progress) if progress.status != JobStatus::Running => {
                                let _ = window().location().reload();
                            }
                            Ok(progress) => {
                                counts.set(progress.counts);
                                ask(id, counts);
                            }
                            // A moment without the server: ask again.
                            Err(_) => ask(id, counts),
                        }
                    });
                },
                std::time::Duration::from_millis(1_500),
            );
        }
        ask(id, counts);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
    view! {
        <progress max=move || counts.get().total.max(1) value=move || counts.get().done()>
            {move || format!("{}%", counts.get().percent())}
        </progress>
        <p class="leads__counts">{move || counts_line(&counts.get(), t)}</p>
    }
}
