//! `/s/{id}`: a saved sequence, as cards with copy buttons. Only its session may see it.
//! `editable`: one email, edited in place, reverted or rewritten.

mod editable;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::sequence::sequence;
use crate::components::{
    copy::CopyButton,
    hydrated::use_hydrated,
    lint::QualitySummary,
    page_head::PageHead,
    plans::{banner::UpgradeBanner, paywall::Paywall},
    query::use_query,
    rewrite::{PaywallCall, RewriteState},
};
use crate::domain::{
    error::AppError,
    export::ExportFormat,
    sequence::{Email, SavedSequence, Source},
};
use crate::pages::not_found::NotFoundPage;
use editable::EditableEmail;

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
        use_query().with_untracked(|q| q.get("upgrade").as_deref() == Some("closed")),
    );
    let close_href = format!("/s/{}?upgrade=closed", saved.id);
    // Without JavaScript, `?edit={step}` and `?rewrite={step}` open that email's forms (and
    // bring back their error); a rewrite refused on the free plan comes back as the paywall.
    let (editing_step, rewrite_step, error) = use_query().with_untracked(|q| {
        let step = |name| q.get(name).and_then(|s| s.parse::<u8>().ok());
        (
            step("edit"),
            step("rewrite"),
            q.get("payment_error").and_then(|t| AppError::from_tag(&t)),
        )
    });
    let paywall = PaywallCall {
        wanted: RwSignal::new(error == Some(AppError::PaidPlanRequired)),
        dismissed: RwSignal::new(false),
    };
    let emails: Vec<RwSignal<Email>> = saved
        .sequence
        .emails
        .iter()
        .cloned()
        .map(RwSignal::new)
        .collect();

    view! {
        <PageHead
            title=title
            description="A cold-email sequence written by ColdCopy: edit it, check its quality and export it for lemlist, Instantly, Apollo or Smartlead."
        />
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
                    <a class="button button--small button--ghost" href=format!("/s/{}/leads", saved.id)>
                        "First lines for a lead list"
                    </a>
                </div>
                <Exports id=saved.id.to_string() />
                <QualitySummary emails=emails.clone() />
            </header>
            <Paywall
                wanted=paywall.wanted.into()
                dismissed=paywall.dismissed
                close_href=format!("/s/{}", saved.id)
                reason=(
                    "Rewriting is part of the paid plans",
                    "\"Rewrite this email\" and \"Fix with Claude\" come with Starter and Pro. Your sequence and your edits stay as they are.",
                )
            />
            <UpgradeBanner dismissed=upgrade_closed close_href />
            <ol class="email-list">
                {emails
                    .into_iter()
                    .map(|current| {
                        let step = current.with_untracked(|e| e.step);
                        let edited = saved.edited.contains(&step);
                        let open = editing_step == Some(step);
                        let rewriting = rewrite_step == Some(step);
                        let rewrite = RewriteState::new(
                            rewriting,
                            rewriting.then(|| error.clone()).flatten(),
                        );
                        view! {
                            <EditableEmail
                                sequence_id=saved.id.to_string()
                                current
                                edited
                                open
                                error=open.then(|| error.clone()).flatten()
                                hydrated
                                rewrite
                                paywall
                            />
                        }
                    })
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
