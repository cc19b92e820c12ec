//! `/s/{id}`: a saved sequence, as cards with copy buttons. Only its session may see it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::sequence::sequence;
use crate::components::{copy::CopyButton, hydrated::use_hydrated, plans::UpgradeBanner};
use crate::domain::{
    error::AppError,
    export::ExportFormat,
    sequence::{Email, SavedSequence, Source},
};
use crate::pages::not_found::NotFoundPage;

/// The results page.
#[component]
pub fn SequencePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let saved = Resource::new(id, sequence);

    view! {
        <Suspense fallback=|| view! { <p class="container loading">"Loading your sequence…"</p> }>
            {move || Suspend::new(async move {
                match saved.await {
                    Ok(saved) => view! { <SequenceView saved /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => {
                        view! {
                            <section class="container narrow">
                                <div class="alert alert--error" role="alert">{err.to_string()}</div>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A loaded sequence.
#[component]
fn SequenceView(saved: SavedSequence) -> impl IntoView {
    let hydrated = use_hydrated();
    let n = saved.sequence.emails.len();
    let all_text = saved.sequence.to_text();
    let offline = saved.source == Source::Offline;
    let offline_in_english = offline && saved.language != "English";
    let title = format!("Sequence for {}", saved.company);
    let upgrade_closed = RwSignal::new(
        use_query_map().with_untracked(|q| q.get("upgrade").as_deref() == Some("closed")),
    );
    let close_href = format!("/s/{}?upgrade=closed", saved.id);

    view! {
        <Title text=title />
        <section class="container results">
            <header class="page-head results__head">
                <p class="eyebrow">"Your sequence"</p>
                <h1>{saved.company.clone()} " → " {saved.job_title.clone()}</h1>
                <p class="results__meta">
                    {format!("{n} emails · {} tone · {}", saved.tone, saved.language)}
                    {if offline {
                        view! { <span class="badge badge--offline">"Composed offline"</span> }.into_any()
                    } else {
                        view! { <span class="badge badge--claude">"Written by Claude"</span> }.into_any()
                    }}
                </p>
                {offline.then(|| view! {
                    <p class="notice notice--offline">
                        "This sequence was composed offline from your answers with templates, "
                        "because no Claude key is configured on this server."
                        {offline_in_english.then_some(" The offline composer writes in English.")}
                    </p>
                })}
                <div class="results__actions">
                    <Show when=move || hydrated.get()>
                        <CopyButton text=all_text.clone() label="Copy whole sequence".to_owned() primary=true />
                    </Show>
                    <a class="button button--small button--ghost" href="/generate">"Write another"</a>
                    <a class="button button--small button--ghost" href="/history">"All your sequences"</a>
                </div>
                <Exports id=saved.id.clone() />
            </header>
            <UpgradeBanner dismissed=upgrade_closed close_href />
            <ol class="email-list">
                {saved
                    .sequence
                    .emails
                    .into_iter()
                    .map(|email| view! { <EmailCard email hydrated /> })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// Downloads: Markdown and CSV files, generic and shaped for each sending tool.
#[component]
fn Exports(id: String) -> impl IntoView {
    view! {
        <section class="exports" aria-labelledby="exports-title">
            <h2 id="exports-title" class="exports__title">"Export"</h2>
            <ul class="exports__links">
                {ExportFormat::ALL
                    .into_iter()
                    .map(|format| {
                        view! {
                            <li>
                                <a
                                    class="button button--small button--ghost"
                                    href=format!("/s/{id}/export/{}", format.slug())
                                    download=""
                                    data-format=format.slug()
                                >
                                    {format.label()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="exports__note">
                "Each tool's file spells the merge tags its way: lemlist and Instantly "
                <code>"{{firstName}}"</code> ", Apollo and Smartlead " <code>"{{first_name}}"</code> "."
            </p>
        </section>
    }
}

/// One email: step, send day, both subjects and the body, each with a copy button.
#[component]
pub fn EmailCard(email: Email, hydrated: ReadSignal<bool>) -> impl IntoView {
    let heading_id = format!("email-{}", email.step);
    let labelled_by = heading_id.clone();
    let whole = email.to_text();
    let Email {
        step,
        day,
        subject_a,
        subject_b,
        body,
    } = email;
    let day_label = if day == 0 {
        "Day 0 · first email".to_owned()
    } else {
        format!("Day {day}")
    };
    let subject = move |variant: &'static str, text: String| {
        let copy_text = text.clone();
        view! {
            <div class="subject">
                <span class="subject__variant">{variant}</span>
                <span class="subject__text">{text}</span>
                <Show when=move || hydrated.get()>
                    <CopyButton text=copy_text.clone() label=format!("Copy subject {variant}") />
                </Show>
            </div>
        }
    };
    let body_copy = body.clone();

    view! {
        <li class="email-card" aria-labelledby=labelled_by>
            <header class="email-card__head">
                <h2 id=heading_id class="email-card__title">{format!("Email {step}")}</h2>
                <span class="chip">{day_label}</span>
            </header>
            <div class="email-card__subjects">
                {subject("A", subject_a)}
                {subject("B", subject_b)}
            </div>
            <div class="email-card__body">{body}</div>
            <Show when=move || hydrated.get()>
                <div class="email-card__actions">
                    <CopyButton text=body_copy.clone() label="Copy body".to_owned() />
                    <CopyButton text=whole.clone() label="Copy email".to_owned() />
                </div>
            </Show>
        </li>
    }
}
