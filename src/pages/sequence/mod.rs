//! `/s/{id}`: a saved sequence, as cards with copy buttons. Only its session may see it.
//! `editable`: one email, edited in place, reverted or rewritten; `draft`: its unsaved edit,
//! kept in the browser.

mod draft;
mod editable;
mod share;
mod writing;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{billing::load_pricing, sequence::sequence, writing::writing_progress};
use crate::components::{
    copy::CopyButtonIsland,
    hydrated::use_hydrated,
    i18n::use_t,
    lint::{QualitySummary, email_lint},
    page_head::PageHead,
    plans::{banner::UpgradeBanner, paywall::Paywall},
    query::use_query,
    rewrite::{PaywallCall, RewriteState},
    session::{SessionState, use_session},
};
use crate::domain::{
    error::AppError,
    export::ExportFormat,
    i18n::fill,
    options::{Language, Tone},
    plans::Pricing,
    sequence::{Email, SavedSequence, Source},
    session::SessionInfo,
};
use crate::pages::not_found::NotFoundPage;
use editable::EditableEmail;
pub use share::{SharePage, SharedPage};
use writing::WritingView;

/// The results page.
#[component]
pub fn SequencePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // Saved, or still being written (its address exists from the moment writing starts). A
    // saved sequence is one question. The save deletes the writing in the transaction that
    // inserts the sequence, so when neither is found the sequence is asked for once more: a save
    // landing between the first two questions read as neither (a 404 for a moment).
    let saved = Resource::new(id, |id| async move {
        match sequence(id.clone()).await {
            Err(AppError::NotFound) => match writing_progress(id.clone()).await {
                Err(AppError::NotFound) => sequence(id).await.map(Shown::Saved),
                other => other.map(Shown::Writing),
            },
            other => other.map(Shown::Saved),
        }
    });
    let session = use_session();
    let t = use_t();

    view! {
        <Suspense fallback=move || view! { <p class="container loading">{t.loading_sequence}</p> }>
            {move || Suspend::new(async move {
                match saved.await {
                    Ok(Shown::Writing(writing)) => {
                        view! { <WritingView id=id() writing /> }.into_any()
                    }
                    Ok(Shown::Saved(saved)) => {
                        let session = session.loaded().await;
                        // A rewrite refused on the free plan comes back with the paywall open.
                        let refused = use_query().with_untracked(|q| {
                            q.get("payment_error").as_deref() == Some(AppError::PaidPlanRequired.tag())
                        });
                        let pricing = if refused { load_pricing(false).await.ok() } else { None };
                        view! { <SequenceView saved session pricing /> }.into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                    Err(err) => {
                        view! {
                            <section class="container narrow">
                                <div class="alert alert--error" role="alert">{err.message(t)}</div>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A loaded sequence: its head on the server, inside the island that edits its emails.
#[component]
fn SequenceView(
    saved: SavedSequence,
    session: Option<SessionInfo>,
    pricing: Option<Pricing>,
) -> impl IntoView {
    let t = use_t();
    let language = Language::from_english_name(&saved.language);
    let tone = Tone::parse(&saved.tone)
        .map_or_else(|_| saved.tone.clone(), |tone| tone.name(t).to_owned());
    let n = saved.sequence.emails.len();
    let all_text = saved.sequence.to_text();
    let offline = saved.source == Source::Offline;
    let offline_in_english = offline && saved.language != "English";
    let title = fill(t.sequence_title, &[("company", &saved.company)]);
    // Without JavaScript, `?edit={step}` and `?rewrite={step}` open that email's forms (and
    // bring back their error); a rewrite refused on the free plan comes back as the paywall.
    let opened = use_query().with_untracked(|q| {
        let step = |name| q.get(name).and_then(|s| s.parse::<u8>().ok());
        Opened {
            edit: step("edit"),
            rewrite: step("rewrite"),
            error: q.get("payment_error").and_then(|t| AppError::from_tag(&t)),
            upgrade_closed: q.get("upgrade").as_deref() == Some("closed"),
        }
    });
    let id = saved.id.clone();

    view! {
        <PageHead title=title description=t.sequence_description />
        <section class="container results">
            <SequenceEditor saved=saved.clone() opened session pricing>
                <p class="eyebrow">{t.sequence_eyebrow}</p>
                <h1>{saved.company.clone()} " → " {saved.job_title.clone()}</h1>
                <p class="results__meta">
                    {fill(
                        t.sequence_meta,
                        &[("n", &n), ("tone", &tone), ("language", &language.name(t))],
                    )}
                    {if offline {
                        view! { <span class="badge badge--offline">{t.sequence_offline_badge}</span> }.into_any()
                    } else {
                        view! { <span class="badge badge--claude">{t.sequence_claude_badge}</span> }.into_any()
                    }}
                    <a class="results__edit-brief" href=format!("/generate?from={id}")>{t.edit_brief}</a>
                    <a class="results__edit-brief" href=format!("/s/{id}/share")>{t.share_link}</a>
                </p>
                {offline.then(|| view! {
                    <p class="notice notice--offline">
                        {t.sequence_offline_note}
                        {offline_in_english.then_some(t.sequence_offline_english)}
                    </p>
                })}
                // One row: the next steps, and the files in a menu ("Your sequences" is in the
                // header; "Edit the brief" beside the tone above).
                <div class="results__actions">
                    <CopyButtonIsland text=all_text.clone() label=t.copy_sequence.to_owned() primary=true />
                    <Exports id=id.to_string() />
                    <a class="button button--small button--ghost" href=format!("/s/{id}/leads")>
                        <span class="narrow-only">{t.lead_lines_short}</span>
                        <span class="wide-only">{t.lead_lines_link}</span>
                    </a>
                    <a class="button button--small button--ghost" href=format!("/generate?from={id}")>
                        {t.write_another}
                    </a>
                </div>
            </SequenceEditor>
        </section>
    }
}

/// What `/s/{id}` shows.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
enum Shown {
    Saved(SavedSequence),
    Writing(crate::domain::progress::Writing),
}

/// What the address opened on the page without JavaScript.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Opened {
    /// `?edit={step}`: that email's edit form.
    edit: Option<u8>,
    /// `?rewrite={step}`: that email's rewrite form.
    rewrite: Option<u8>,
    /// The error the last post brought back.
    error: Option<AppError>,
    /// `?upgrade=closed`: the upgrade note was dismissed.
    upgrade_closed: bool,
}

/// The emails, live: each one's editor with its checks, the rewrite, the paywall a rewrite on
/// the free plan opens, and the count of passing emails that closes the page's head (`children`,
/// rendered on the server only).
#[island]
fn SequenceEditor(
    saved: SavedSequence,
    opened: Opened,
    session: Option<SessionInfo>,
    /// The plans, loaded with the page when its paywall is open on arrival.
    pricing: Option<Pricing>,
    children: Children,
) -> impl IntoView {
    SessionState::provide_given(session);
    let t = use_t();
    let hydrated = use_hydrated();
    // Every email's checks follow the language it is written in (components::lint).
    provide_context(Language::from_english_name(&saved.language));
    let Opened {
        edit: editing_step,
        rewrite: rewrite_step,
        error,
        upgrade_closed,
    } = opened;
    let upgrade_closed = RwSignal::new(upgrade_closed);
    let close_href = format!("/s/{}?upgrade=closed", saved.id);
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
    let lints: Vec<_> = emails.iter().copied().map(email_lint).collect();

    view! {
        <header class="page-head results__head">
            {children()}
            <QualitySummary lints=lints.clone() />
        </header>
        <Paywall
            wanted=paywall.wanted.into()
            dismissed=paywall.dismissed
            close_href=format!("/s/{}", saved.id)
            reason=(t.rewrite_paywall_heading, t.rewrite_paywall_lead)
            pricing=pricing
        />
        <UpgradeBanner dismissed=upgrade_closed close_href />
        <ol class="email-list">
            {emails
                .into_iter()
                .zip(lints)
                .map(|(current, lint)| {
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
                            lint
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
    }
}

/// Downloads, as one menu (a `<details>`: it opens without JavaScript): the sequence as a file
/// to read or keep, and its steps shaped for each sending tool, each named for what it is, with
/// the way to the tools' step-by-step (`/tools`).
#[component]
fn Exports(id: String) -> impl IntoView {
    let t = use_t();
    let entry = move |format: ExportFormat| {
        let label = match format {
            ExportFormat::Markdown => t.export_markdown.to_owned(),
            ExportFormat::Csv => t.export_csv.to_owned(),
            tool => fill(
                t.export_tool_steps,
                &[("tool", &crate::domain::leads::export::tool_name(tool, t))],
            ),
        };
        view! {
            <li>
                <a
                    class="menu__item"
                    href=format!("/s/{id}/export/{}", format.slug())
                    download=""
                    data-format=format.slug()
                >
                    {label}
                </a>
            </li>
        }
    };
    let (files, tools): (Vec<ExportFormat>, Vec<ExportFormat>) = ExportFormat::ALL
        .into_iter()
        .partition(|f| matches!(f, ExportFormat::Markdown | ExportFormat::Csv));
    view! {
        <details class="menu exports" id="exports">
            <summary class="button button--small button--ghost menu__toggle">{t.export_title}</summary>
            <section class="menu__panel" aria-label=t.export_title>
                <p class="menu__group">{t.export_group_files}</p>
                <ul class="menu__list">{files.into_iter().map(entry.clone()).collect_view()}</ul>
                <p class="menu__group">{t.export_group_tools}</p>
                <p class="menu__note menu__note--group">{t.export_tools_note}</p>
                <ul class="menu__list">{tools.into_iter().map(entry).collect_view()}</ul>
                <p class="menu__note">
                    {t.export_note_before} <code>"{{firstName}}"</code> {t.export_note_middle}
                    <code>"{{first_name}}"</code> {t.export_note_after}
                </p>
                <a class="menu__more" href="/tools">{t.export_how}</a>
            </section>
        </details>
    }
}
