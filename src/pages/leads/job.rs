//! `/leads/{job}`: one lead list. Waiting for its mapping: which column holds what, with the
//! first rows beside it. Running: the progress bar (refreshed every second and a half with
//! JavaScript, every three seconds without) and Cancel. Ended: the leads to review and fix,
//! and the files for each sending tool.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::ProblemList;
use super::{export::ExportPanel, review::Review};
use crate::api::leads::{LeadJobView as Loaded, lead_job};
use crate::components::{page_head::PageHead, query::use_query, raw_text::raw_text};
use crate::domain::{
    error::AppError,
    leads::{JobCounts, JobStatus, LeadJob, columns::Field, grounding},
};
use crate::pages::not_found::NotFoundPage;

/// The lead list's page.
#[component]
pub fn LeadJobPage() -> impl IntoView {
    let params = use_params_map();
    let tick = RwSignal::new(0u32);
    let id = move || (params.read().get("job").unwrap_or_default(), tick.get());
    let page = Resource::new(id, |(id, _)| lead_job(id));
    // While lines are being written, look again shortly (the browser only: no timer on the server).
    Effect::new(move |_| {
        let running = page
            .get()
            .and_then(Result::ok)
            .is_some_and(|p| p.job.status == JobStatus::Running);
        if running {
            set_timeout(
                move || tick.update(|t| *t += 1),
                std::time::Duration::from_millis(1_500),
            );
        }
    });
    view! {
        <PageHead
            title="Lead list"
            description="One first line per lead, each built on a fact from the lead's own columns."
        />
        <Transition fallback=|| view! { <p class="container loading">"Loading the lead list…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(loaded) => view! { <JobView loaded /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => view! {
                        <section class="container narrow">
                            <div class="alert alert--error" role="alert">{err.to_string()}</div>
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
    let job = loaded.job.clone();
    let status = job.status;
    view! {
        <section class="container leads">
            <header class="page-head">
                <p class="eyebrow">"Lead list · " {job.file_name.clone()}</p>
                <h1>"First lines for " {job.company.clone()} " → " {job.job_title.clone()}</h1>
                {job.offline.then(|| view! {
                    <p class="notice notice--offline">
                        "Composed offline: no Claude key is configured on this server, so each line "
                        "states the most specific sentence of the lead's own data."
                    </p>
                })}
                <p class="leads__back">
                    <a href=format!("/s/{}", job.sequence_id)>"← The sequence"</a>
                    " · "
                    <a href=format!("/s/{}/leads", job.sequence_id)>"All lead lists"</a>
                </p>
            </header>
            {match status {
                JobStatus::Mapping => view! { <MappingForm job=job.clone() /> }.into_any(),
                JobStatus::Running => view! { <Progress job=job.clone() /> }.into_any(),
                JobStatus::Done | JobStatus::Cancelled => view! {
                    <Summary job=job.clone() context=loaded.context.clone() />
                    <ExportPanel loaded=loaded.clone() />
                    <Review loaded=loaded.clone() />
                    <DeleteForm job=job.clone() />
                }
                .into_any(),
            }}
        </section>
    }
}

/// Which column holds what, and the columns that hold what the founder knows.
#[component]
fn MappingForm(job: LeadJob) -> impl IntoView {
    let query = use_query();
    let error = query.read_untracked().get("error");
    let problems = if error.as_deref() == Some("mapping") {
        job.mapping.check(&job.headers).err().unwrap_or_default()
    } else {
        Vec::new()
    };
    let allowance = (error.as_deref() == Some("allowance")).then(|| {
        let q = query.read_untracked();
        let n = |name: &str| q.get(name).unwrap_or_default();
        format!(
            "Your plan writes {} first lines in any 24 hours; {} are taken or waiting, and this list has {} usable leads. Untick rows in your file, wait, or choose a plan with more.",
            n("limit"),
            n("used"),
            n("wanted")
        )
    });
    let sample = |column: usize| {
        job.preview
            .iter()
            .filter_map(|row| row.cells.get(column))
            .find(|cell| !cell.trim().is_empty())
            .map(|cell| cell.chars().take(40).collect::<String>())
            .unwrap_or_default()
    };
    let problem_for = |name: &str| {
        problems
            .iter()
            .find(|p| p.field == name)
            .map(|p| p.message.clone())
    };
    let headers = job.headers.clone();
    view! {
        <form class="card leads__mapping" action=format!("/leads/{}/start", job.id) method="post">
            <h2>"Which column holds what?"</h2>
            <p class="field__hint">
                {format!("{} rows. ColdCopy guessed from the headers; check each one.", job.rows)}
            </p>
            {allowance.map(|message| view! {
                <p class="alert alert--error" role="alert">{message} " " <a href="/pricing">"See plans"</a></p>
            })}
            {(!problems.is_empty()).then(|| view! {
                <p class="alert alert--error" role="alert">"Please correct the highlighted choices."</p>
            })}
            <div class="leads__columns">
                {Field::ALL
                    .into_iter()
                    .map(|field| {
                        let name = format!("col_{}", field.key());
                        let chosen = job.mapping.column(field);
                        let problem = problem_for(&name);
                        let invalid = problem.is_some();
                        let id = format!("map-{}", field.key());
                        view! {
                            <div class="field" class:field--invalid=invalid>
                                <label for=id.clone()>
                                    {field.label()}
                                    {(field == Field::Email).then_some(" (needed)")}
                                </label>
                                <select id=id name=name>
                                    <option value="" selected=chosen.is_none()>"— none —"</option>
                                    {headers
                                        .iter()
                                        .enumerate()
                                        .map(|(i, header)| {
                                            let example = sample(i);
                                            let label = if example.is_empty() {
                                                header.clone()
                                            } else {
                                                format!("{header} (e.g. {example})")
                                            };
                                            view! {
                                                <option value=i.to_string() selected=chosen == Some(i)>{label}</option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                {problem.map(|message| view! { <p class="field__error">{message}</p> })}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <fieldset class="leads__facts">
                <legend>"What you know about each lead"</legend>
                <p class="field__hint">
                    "Lines are built only on these columns: notes, a company description, funding, "
                    "technologies, a recent post…"
                </p>
                {problem_for("facts").map(|message| view! { <p class="field__error">{message}</p> })}
                {headers
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        Field::ALL.into_iter().all(|f| job.mapping.column(f) != Some(*i))
                    })
                    .map(|(i, header)| {
                        let id = format!("fact-{i}");
                        view! {
                            <label class="leads__fact" for=id.clone()>
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    name="facts"
                                    value=i.to_string()
                                    checked=job.mapping.facts.contains(&i)
                                />
                                <span>{header.clone()}</span>
                                <span class="leads__example">{sample(i)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <Preview job=job.clone() />
            <button type="submit" class="button">"Write the first lines"</button>
        </form>
        <form class="leads__discard" action=format!("/leads/{}/delete", job.id) method="post">
            <button type="submit" class="button button--small button--ghost">"Discard this upload"</button>
        </form>
    }
}

/// The first rows, as uploaded.
#[component]
fn Preview(job: LeadJob) -> impl IntoView {
    view! {
        <details class="leads__preview">
            <summary>{format!("The first {} rows", job.preview.len())}</summary>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Line"</th>
                            {job.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {job.preview
                            .iter()
                            .map(|row| view! {
                                <tr>
                                    <td>{row.line}</td>
                                    {row.cells.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

/// The counts in words.
fn counts_line(counts: &JobCounts) -> String {
    let mut parts = vec![format!("{} of {} done", counts.done(), counts.total)];
    parts.push(format!("{} written", counts.written));
    parts.push(format!("{} no signal", counts.no_signal));
    if counts.failed > 0 {
        parts.push(format!("{} failed", counts.failed));
    }
    if counts.cancelled > 0 {
        parts.push(format!("{} not written", counts.cancelled));
    }
    parts.push(format!(
        "about ${:.2} so far",
        counts.cost_usd_micros as f64 / 1_000_000.0
    ));
    parts.join(" · ")
}

#[component]
fn Progress(job: LeadJob) -> impl IntoView {
    let counts = job.counts;
    view! {
        // Without JavaScript the page reloads itself (inside <noscript> only when scripting is
        // off; with it, the page asks the server every second and a half).
        <noscript><meta http-equiv="refresh" content="3" /></noscript>
        <div class="card leads__progress" role="status" aria-live="polite">
            <h2>"Writing the first lines"</h2>
            {job.batch.then(|| view! {
                <p class="notice">
                    "Queued at Anthropic: a list this big goes through Claude's Message Batches API, "
                    "at half the price. The lines arrive together when the batch ends, usually "
                    "within the hour."
                </p>
            })}
            <progress max=counts.total.max(1) value=counts.done()>{format!("{}%", counts.percent())}</progress>
            <p class="leads__counts">{counts_line(&counts)}</p>
            <p class="field__hint">
                "This keeps going if you close the tab, and after a restart. Come back to this page any time."
            </p>
            <form action=format!("/leads/{}/cancel", job.id) method="post">
                <button type="submit" class="button button--small button--danger">
                    "Cancel: stop writing (leads not yet written are not counted)"
                </button>
            </form>
        </div>
    }
}

#[component]
fn Summary(job: LeadJob, context: String) -> impl IntoView {
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
            <h2>{if cancelled { "Cancelled" } else { "Every lead has its line" }}</h2>
            <p class="leads__counts">{counts_line(&job.counts)}</p>
            {(!skipped.is_empty()).then(|| view! {
                <details class="leads__skipped">
                    <summary>{format!("{} rows were left out", skipped.len())}</summary>
                    <ul>
                        {skipped
                            .into_iter()
                            .map(|s| view! { <li>{format!("Line {}: {}", s.line, s.reason)}</li> })
                            .collect_view()}
                    </ul>
                </details>
            })}
            <form id="neutral" class="leads__neutral" action=format!("/leads/{}/neutral", job.id) method="post">
                <label for="neutral-line">"Neutral opener (for leads with no signal)"</label>
                <textarea id="neutral-line" name="neutral_line" rows="3">
                    {raw_text(draft.clone().unwrap_or(job.neutral_line.clone()))}
                </textarea>
                {draft.is_some().then(|| view! {
                    <div class="field__error" role="alert">
                        <p>"Neutral opener: the line was not saved. "
                        {problems.is_empty().then_some("It may name only what the form and the sequence say.")}</p>
                        <ProblemList problems=problems.clone() />
                    </div>
                })}
                <button type="submit" class="button button--small button--ghost">"Save the opener"</button>
            </form>
        </div>
    }
}

#[component]
fn DeleteForm(job: LeadJob) -> impl IntoView {
    view! {
        <form class="leads__delete" action=format!("/leads/{}/delete", job.id) method="post">
            <p class="field__hint">
                "The list is kept in this browser's session until you delete it."
            </p>
            <button type="submit" class="button button--small button--danger">"Delete this list and its leads"</button>
        </form>
    }
}
