//! `/s/{id}`: a saved sequence, as cards with copy buttons. Only its session may see it.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::sequence::{RevertEmail, SaveEmail, revert_email, save_email, sequence};
use crate::components::{
    copy::CopyButton,
    email_card::EmailCard,
    hydrated::{keep_typed, use_hydrated},
    lint::{LintPanel, QualitySummary},
    plans::{Paywall, UpgradeBanner},
    query::use_query,
    raw_text::raw_text,
    rewrite::{PaywallCall, RewriteControls, RewriteState},
};
use crate::domain::{
    error::AppError,
    export::ExportFormat,
    lint::lint_email,
    sequence::{Email, MAX_BODY_CHARS, MAX_SUBJECT_CHARS, SavedSequence, Source},
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
                                sequence_id=saved.id.clone()
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

/// One saved email that the founder can edit in place (saved server-side) and revert.
#[component]
fn EditableEmail(
    sequence_id: String,
    /// The email as it reads now (the sequence's summary reads it too).
    current: RwSignal<Email>,
    edited: bool,
    /// Open in its edit form (`?edit={step}` without JavaScript).
    open: bool,
    error: Option<AppError>,
    hydrated: ReadSignal<bool>,
    rewrite: RewriteState,
    paywall: PaywallCall,
) -> impl IntoView {
    let (step, day) = current.with_untracked(|e| (e.step, e.day));
    let edited = RwSignal::new(edited);
    let editing = RwSignal::new(open);
    let error = RwSignal::new(error);
    let pending = RwSignal::new(false);
    let subject_a = RwSignal::new(String::new());
    let subject_b = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let load_fields = move || {
        current.with_untracked(|e| {
            subject_a.set(e.subject_a.clone());
            subject_b.set(e.subject_b.clone());
            body.set(e.body.clone());
        })
    };
    load_fields();
    let id = StoredValue::new(sequence_id);

    let start = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        load_fields();
        error.set(None);
        editing.set(true);
    };
    let cancel = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        editing.set(false);
    };
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let (a, b, text) = (
            subject_a.get_untracked(),
            subject_b.get_untracked(),
            body.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            let result = save_email(id.get_value(), step.to_string(), a, b, text).await;
            pending.set(false);
            match result {
                Ok(email) => {
                    current.set(email);
                    edited.set(true);
                    editing.set(false);
                    error.set(None);
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let revert = move |ev: SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            if let Ok(email) = revert_email(id.get_value(), step.to_string()).await {
                current.set(email);
                edited.set(false);
            }
        });
    };
    let message = move |field: &'static str| {
        move || {
            error.with(|e| {
                e.as_ref()
                    .and_then(|e| e.field_message(field).map(str::to_owned))
            })
        }
    };
    let other_error = move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| !matches!(e, AppError::Invalid { .. }))
                .map(|e| e.to_string())
        })
    };

    // A subject's label, input and message.
    let subject_field = move |label: &'static str, name: &'static str, value: RwSignal<String>| {
        let input_id = format!("{}-{step}", name.replace('_', "-"));
        let input_ref = NodeRef::<leptos::html::Input>::new();
        keep_typed(value, move || input_ref.get().map(|el| el.value()));
        view! {
            <label class="field__label" for=input_id.clone()>{label}</label>
            <input
                id=input_id
                name=name
                required=true
                maxlength=MAX_SUBJECT_CHARS.to_string()
                value=value.get_untracked()
                node_ref=input_ref
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <p class="field__message">{message(name)}</p>
        }
    };

    // The checks re-run on every keystroke while the form is open.
    let draft_lint = Signal::derive(move || {
        lint_email(&Email {
            step,
            day,
            subject_a: subject_a.get(),
            subject_b: subject_b.get(),
            body: body.get(),
        })
    });
    let saved_lint = Signal::derive(move || current.with(lint_email));

    move || {
        if editing.get() {
            let edit_id = format!("edit-{step}");
            // `?edit={step}` renders this form on the server: what is typed into it before
            // hydration is what Save sends.
            let body_ref = NodeRef::<leptos::html::Textarea>::new();
            keep_typed(body, move || body_ref.get().map(|el| el.value()));
            let labelled_by = edit_id.clone();
            view! {
                <li class="email-card email-card--editing" aria-labelledby=labelled_by>
                    <form action=SaveEmail::PATH method="post" on:submit=save>
                        <header class="email-card__head">
                            <h2 id=edit_id class="email-card__title">{format!("Editing email {step}")}</h2>
                        </header>
                        <input type="hidden" name="id" value=id.get_value() />
                        <input type="hidden" name="step" value=step.to_string() />
                        {subject_field("Subject A", "subject_a", subject_a)}
                        {subject_field("Subject B", "subject_b", subject_b)}
                        <label class="field__label" for=format!("body-{step}")>"Body"</label>
                        <textarea
                            id=format!("body-{step}")
                            name="body"
                            rows="12"
                            required=true
                            maxlength=MAX_BODY_CHARS.to_string()
                            node_ref=body_ref
                            on:input=move |ev| body.set(event_target_value(&ev))
                        >
                            {raw_text(body.get_untracked())}
                        </textarea>
                        <p class="field__message">{message("body")}</p>
                        <LintPanel lint=draft_lint />
                        {move || other_error().map(|text| view! { <p class="alert alert--error" role="alert">{text}</p> })}
                        <div class="email-card__actions">
                            <button type="submit" class="button button--small" disabled=move || pending.get()>
                                "Save"
                            </button>
                            <a class="button button--small button--ghost" href=format!("/s/{}", id.get_value()) on:click=cancel>
                                "Cancel"
                            </a>
                        </div>
                    </form>
                </li>
            }
            .into_any()
        } else {
            let footer = ViewFn::from(move || {
                view! {
                    <LintPanel lint=saved_lint />
                    <div class="email-card__edit">
                        <a
                            class="button button--small button--ghost"
                            href=format!("/s/{}?edit={step}#email-{step}", id.get_value())
                            on:click=start
                        >
                            "Edit"
                        </a>
                        {move || edited.get().then(|| view! {
                            <span class="chip chip--edited">"Edited"</span>
                            <form action=RevertEmail::PATH method="post" on:submit=revert>
                                <input type="hidden" name="id" value=id.get_value() />
                                <input type="hidden" name="step" value=step.to_string() />
                                <button type="submit" class="button button--small button--ghost">
                                    "Revert to the original"
                                </button>
                            </form>
                        })}
                        <RewriteControls sequence_id=id step current edited state=rewrite paywall />
                    </div>
                }
            });
            view! { <EmailCard email=current.get() hydrated footer /> }.into_any()
        }
    }
}
