//! `/generate`: the one short form. Without JavaScript it posts to `/api/generate` and the
//! server redirects to the result. With it, the same rules run live, and the form goes to
//! `/api/generate/stream`: each email card appears as soon as it is written ("Writing email 2
//! of 5…"), and the saved sequence opens when the last one is checked and stored.
//!
//! `writing`: the streamed generation and its panel. `notices`: what the page says besides the
//! fields (errors, who writes, the paywall). `address`: the sequence's address in the history
//! while it is written.

mod address;
mod notices;
pub(crate) mod writing;

use leptos::{ev::SubmitEvent, form::FromFormData, prelude::*, server_fn::ServerFn};

use crate::api::{
    billing::load_pricing,
    generate::{Generate, last_brief},
};
use crate::components::{
    field::TextField,
    hydrated::use_hydrated,
    i18n::{use_lang, use_t},
    page_head::PageHead,
    query::{Query, use_query},
    session::{SessionState, use_session},
};
use crate::domain::{
    error::AppError,
    form::{
        BENEFIT, COMPANY, CTA, GenerateForm, JOB_TITLE, PROBLEM, PRODUCT, TEXT_RULES, TextRule,
    },
    i18n::fill,
    ids::SequenceId,
    options::{EmailCount, Language, Tone},
    plans::Pricing,
    session::SessionInfo,
};
use address::{address_the_writing, back_to_the_form, open_saved};
use notices::{
    ErrorAlert, ErrorSummary, FieldMessage, PlanPrompt, WriterNote, focus_error,
    focus_first_invalid,
};
use writing::{Writing, WritingPanel, stream_generation};

/// The generator page: its head on the server, the form an island.
#[component]
pub fn GeneratePage() -> impl IntoView {
    // Only the source of the error a JavaScript-off round trip brings back in the URL.
    let action = ServerAction::<Generate>::new();
    let t = use_t();
    let query = use_query().get_untracked();
    let error = action.value().get_untracked().and_then(Result::err);
    let session = use_session();
    // The form opens with the last brief (or `?from={id}`'s), unless a round trip brought its
    // own values back or the founder asked for a blank form.
    let wants_brief = query.get("blank").is_none()
        && TEXT_RULES.iter().all(|rule| query.get(rule.name).is_none());
    let from = query.get("from").unwrap_or_default();
    let brief = Resource::new(
        || (),
        move |_| {
            let from = from.clone();
            async move {
                if wants_brief {
                    last_brief(from).await.ok().flatten()
                } else {
                    None
                }
            }
        },
    );
    view! {
        <PageHead title=t.generate_title description=t.generate_description />
        <section class="container generate">
            <header class="page-head">
                <h1>{t.generate_heading}</h1>
                <p class="lead">{t.generate_lead}</p>
                <WriterNote />
            </header>
            <Suspense fallback=|| ()>
                {move || {
                    let (query, error) = (query.clone(), error.clone());
                    Suspend::new(async move {
                        let brief = brief.await;
                        let filled = brief.is_some();
                        let query = match &brief {
                            Some(form) => query.with_pairs(form.pairs()),
                            None => query,
                        };
                        let session = session.loaded().await;
                        // The paywall is open on arrival when the allowance is used.
                        let pricing = match &session {
                            Some(info) if info.needs_plan() => load_pricing(false).await.ok(),
                            _ => None,
                        };
                        view! {
                            {filled.then(|| view! {
                                <p class="notice notice--brief" id="brief-note">
                                    {t.brief_filled}
                                    " "
                                    <a href="/generate?blank=1">{t.brief_blank}</a>
                                </p>
                            })}
                            <GenerateForm query error session pricing />
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The form, live: the same rules as the server checked on every keystroke, the writing
/// streamed into cards, the paywall when the allowance is used. `query` is the page's (a
/// JavaScript-off round trip brings the values back in it), `error` the server's answer to that
/// round trip, `session` the visitor's as the page loaded it.
#[island]
fn GenerateForm(
    query: Query,
    error: Option<AppError>,
    session: Option<SessionInfo>,
    /// The plans, loaded with the page when its paywall is open on arrival.
    pricing: Option<Pricing>,
) -> impl IntoView {
    SessionState::provide_given(session);
    let lang = use_lang();
    let t = lang.t();
    let hydrated = use_hydrated();
    let initial = move |name: &str| query.get(name).unwrap_or_default();

    // The values survive a JavaScript-off round trip: the server sends them back in the URL.
    let values: Vec<(TextRule, RwSignal<String>)> = TEXT_RULES
        .iter()
        .map(|rule| (*rule, RwSignal::new(initial(rule.name))))
        .collect();
    let value_of = {
        let values = values.clone();
        move |rule: TextRule| {
            values
                .iter()
                .find(|(r, _)| *r == rule)
                .map(|(_, v)| *v)
                .expect("every rule has a value")
        }
    };
    let tone = Tone::parse(&initial("tone")).unwrap_or_default();
    let emails = EmailCount::parse(&initial("emails")).unwrap_or_default();
    // A new form writes in the interface's language; a round trip keeps the one chosen.
    let language = Language::parse(&initial("language")).unwrap_or(lang.email_language());

    let paywall_closed = initial("paywall") == "closed";
    let banner_closed = initial("upgrade") == "closed";
    let stream_error = RwSignal::new(error);
    let error = Signal::derive(move || stream_error.get());
    let writing = RwSignal::new(None::<Writing>);
    // After a server answer with field errors, every field shows its message.
    let tried = RwSignal::new(false);
    let submitted = Signal::derive(move || {
        tried.get() || matches!(error.get(), Some(AppError::Invalid { .. }))
    });
    let server_message = move |field: &'static str| {
        Signal::derive(move || {
            error
                .get()
                .and_then(|e| e.field_message(field).map(str::to_owned))
        })
    };
    let pending = Signal::derive(move || writing.with(Option::is_some));
    // Back from the saved sequence, the browser may show this page as it was left (its cache):
    // the form, filled in and ready, not the finished writing.
    address::on_restored_from_cache(move || writing.set(None));

    // With JavaScript: check the form here (an invalid form is not sent), then stream.
    let on_submit = {
        let values = values.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if writing.with_untracked(Option::is_some) {
                return;
            }
            let invalid = values
                .iter()
                .any(|(rule, value)| rule.check(&value.get_untracked(), t).is_err());
            if invalid {
                tried.set(true);
                focus_first_invalid();
                return;
            }
            let Ok(form) = GenerateForm::from_event(&ev) else {
                stream_error.set(Some(AppError::Internal));
                return;
            };
            stream_error.set(None);
            writing.set(Some(Writing::default()));
            // The sequence's id once writing has started (its page can follow it from there).
            let started = StoredValue::new(None::<SequenceId>);
            let remember = move |id: &SequenceId| {
                started.set_value(Some(id.clone()));
                address_the_writing(id);
            };
            leptos::task::spawn_local(async move {
                match stream_generation(form, writing, remember).await {
                    Ok(id) => open_saved(&id),
                    // The connection broke while the server writes on: its page follows the
                    // writing (a "try again" here would write and count a second sequence).
                    Err(AppError::ConnectionLost) if started.get_value().is_some() => {
                        if let Some(id) = started.get_value() {
                            open_saved(&id);
                        }
                    }
                    Err(err) => {
                        // Nothing half-written stays on the page.
                        back_to_the_form();
                        writing.set(None);
                        stream_error.set(Some(err));
                        focus_error();
                    }
                }
            });
        }
    };

    let field =
        move |rule: TextRule, multiline: bool, hint: &'static str, placeholder: &'static str| {
            view! {
                <TextField
                    rule
                    value=value_of(rule)
                    submitted
                    server_message=server_message(rule.name)
                    multiline
                    hint
                    placeholder
                />
            }
        };

    view! {
            <PlanPrompt
                error
                closed_initially=paywall_closed
                banner_closed_initially=banner_closed
                pricing
            />

            // `data-hydrated` tells the browser tests the fields are live (typing earlier can be
            // overwritten when hydration sets each field's value).
            <form
                action=Generate::PATH
                method="post"
                on:submit=on_submit
                data-hydrated=move || hydrated.get().then_some("true")
            >
                <ErrorSummary values=values.clone() submitted />
                {view! { <div class="form-grid">
                    <fieldset class="form-card">
                        <legend>{t.generate_legend_buyer}</legend>
                        {field(COMPANY, false, t.hint_company, t.placeholder_company)}
                        {field(JOB_TITLE, false, t.hint_job_title, t.placeholder_job_title)}
                        {field(PROBLEM, true, t.hint_problem, t.placeholder_problem)}
                    </fieldset>
                    <fieldset class="form-card">
                        <legend>{t.generate_legend_offer}</legend>
                        {field(PRODUCT, true, t.hint_product, t.placeholder_product)}
                        {field(BENEFIT, true, t.hint_benefit, t.placeholder_benefit)}
                        {field(CTA, false, t.hint_cta, t.placeholder_cta)}
                    </fieldset>
                    <OptionsFieldset tone emails language error />
                </div> }.into_any()}
                <ErrorAlert error />
                <SubmitRow pending hydrated />
            </form>
            {view! { <WritingPanel writing hydrated /> }.into_any()}
    }
}

/// The choices: tone, number of emails and the emails' language, each with the server's
/// message when a round trip brought one back.
#[component]
fn OptionsFieldset(
    tone: Tone,
    emails: EmailCount,
    language: Language,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let t = use_t();
    view! {
        <fieldset class="form-card form-card--options">
            <legend>{t.generate_legend_options}</legend>
            <div class="field">
                <span class="field__label" id="tone-label">{t.label_tone}</span>
                <div class="segmented" role="radiogroup" aria-labelledby="tone-label">
                    {Tone::ALL
                        .into_iter()
                        .map(|option| {
                            view! {
                                <label class="segmented__option">
                                    <input
                                        type="radio"
                                        name="tone"
                                        value=option.value()
                                        checked=option == tone
                                    />
                                    <span>{option.name(t)}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <FieldMessage field="tone" error />
            </div>
            <div class="field-row">
                <div class="field">
                    <label class="field__label" for="field-emails">{t.label_emails}</label>
                    <select id="field-emails" name="emails">
                        {(EmailCount::MIN..=EmailCount::MAX)
                            .map(|n| {
                                view! {
                                    <option value=n.to_string() selected=n == emails.get()>
                                        {fill(t.emails_option, &[("n", &n)])}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <FieldMessage field="emails" error />
                </div>
                <div class="field">
                    <label class="field__label" for="field-language">{t.label_language}</label>
                    <select id="field-language" name="language">
                        {Language::ALL
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option value=l.value() selected=l == language>
                                        {l.name(t)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <FieldMessage field="language" error />
                </div>
            </div>
        </fieldset>
    }
}

/// The submit button (busy while writing) and the note under it.
#[component]
fn SubmitRow(pending: Signal<bool>, hydrated: ReadSignal<bool>) -> impl IntoView {
    let t = use_t();
    view! {
        <div class="form-submit">
            <button
                type="submit"
                class="button button--large"
                aria-busy=move || pending.get().to_string()
                disabled=move || pending.get()
            >
                <span class="spinner" class:spinner--on=move || pending.get() aria-hidden="true"></span>
                {move || if pending.get() { t.submit_writing } else { t.submit_write }}
            </button>
            <p class="form-submit__note">
                {move || if hydrated.get() && pending.get() {
                    t.submit_note_streaming
                } else {
                    t.submit_note
                }}
            </p>
        </div>
    }
}
