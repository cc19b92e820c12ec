//! `/generate`: the one short form. Without JavaScript it posts to `/api/generate` and the
//! server redirects to the result. With it, the same rules run live, and the form goes to
//! `/api/generate/stream`: each email card appears as soon as it is written ("Writing email 2
//! of 5…"), and the saved sequence opens when the last one is checked and stored.
//!
//! `writing`: the streamed generation and its panel. `notices`: what the page says besides the
//! fields (errors, who writes, the paywall).

mod notices;
mod writing;

use leptos::{ev::SubmitEvent, form::FromFormData, prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_navigate;

use crate::api::generate::Generate;
use crate::components::{
    field::TextField, hydrated::use_hydrated, page_head::PageHead, query::use_query,
};
use crate::domain::{
    error::AppError,
    form::{
        BENEFIT, COMPANY, CTA, GenerateForm, JOB_TITLE, PROBLEM, PRODUCT, TEXT_RULES, TextRule,
    },
    options::{EmailCount, Language, Tone},
};
use notices::{ErrorAlert, FieldMessage, PlanPrompt, WriterNote, focus_error, focus_first_invalid};
use writing::{Writing, WritingPanel, stream_generation};

/// The generator form.
#[component]
pub fn GeneratePage() -> impl IntoView {
    // Only the source of the error a JavaScript-off round trip brings back in the URL.
    let action = ServerAction::<Generate>::new();
    let hydrated = use_hydrated();
    let navigate = use_navigate();
    let query = use_query();
    let initial = move |name: &str| query.with_untracked(|q| q.get(name).unwrap_or_default());

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
    let language = Language::parse(&initial("language")).unwrap_or_default();

    let stream_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        stream_error
            .get()
            .or_else(|| action.value().get().and_then(Result::err))
    });
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
                .any(|(rule, value)| rule.check(&value.get_untracked()).is_err());
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
            action.value().set(None);
            writing.set(Some(Writing::default()));
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                match stream_generation(form, writing).await {
                    Ok(id) => navigate(&format!("/s/{id}"), Default::default()),
                    Err(err) => {
                        // Nothing half-written stays on the page.
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
        <PageHead
            title="Write a sequence"
            description="Six short answers about your SaaS and your buyer; ColdCopy writes the cold-email sequence, email by email, with A/B subject lines, send days and merge tags."
        />
        <section class="container generate">
            <header class="page-head">
                <h1>"Write your sequence"</h1>
                <p class="lead">
                    "Six short answers about your product and your buyer. The more specific "
                    "they are, the more specific your emails will be."
                </p>
                <WriterNote />
            </header>

            <PlanPrompt
                error
                closed_initially=initial("paywall") == "closed"
                banner_closed_initially=initial("upgrade") == "closed"
            />

            // `data-hydrated` tells the browser tests the fields are live (typing earlier can be
            // overwritten when hydration sets each field's value).
            <form
                action=Generate::PATH
                method="post"
                on:submit=on_submit
                data-hydrated=move || hydrated.get().then_some("true")
            >
                {view! { <div class="form-grid">
                    <fieldset class="form-card">
                        <legend>"You and your buyer"</legend>
                        {field(COMPANY, false, "Your company or product, as prospects know it.", "e.g. Ledgerly")}
                        {field(JOB_TITLE, false, "The role you are writing to; one or a few titles.", "e.g. Financial Controller, Head of Finance")}
                        {field(PROBLEM, true, "In their words: what costs them time, money or sleep?", "e.g. Month-end close takes a full week of matching Stripe payouts to invoices by hand.")}
                    </fieldset>
                    <fieldset class="form-card">
                        <legend>"What you offer"</legend>
                        {field(PRODUCT, true, "What it does, concretely. Skip adjectives.", "e.g. Matches every Stripe payout to its invoices automatically and flags the exceptions.")}
                        {field(BENEFIT, true, "The one result they care about, with a number if you have one.", "e.g. Close the books in two days instead of seven.")}
                        {field(CTA, false, "One small, easy next step.", "e.g. Worth a 15-minute look next week?")}
                    </fieldset>
                    <OptionsFieldset tone emails language error />
                </div> }.into_any()}
                <ErrorAlert error />
                <SubmitRow pending hydrated />
            </form>
            {view! { <WritingPanel writing hydrated /> }.into_any()}
        </section>
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
    view! {
        <fieldset class="form-card form-card--options">
            <legend>"How it should read"</legend>
            <div class="field">
                <span class="field__label" id="tone-label">"Tone"</span>
                <div class="segmented" role="radiogroup" aria-labelledby="tone-label">
                    {Tone::ALL
                        .into_iter()
                        .map(|t| {
                            view! {
                                <label class="segmented__option">
                                    <input
                                        type="radio"
                                        name="tone"
                                        value=t.value()
                                        checked=t == tone
                                    />
                                    <span>{t.label()}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <FieldMessage field="tone" error />
            </div>
            <div class="field-row">
                <div class="field">
                    <label class="field__label" for="field-emails">"Number of emails"</label>
                    <select id="field-emails" name="emails">
                        {(EmailCount::MIN..=EmailCount::MAX)
                            .map(|n| {
                                view! {
                                    <option value=n.to_string() selected=n == emails.get()>
                                        {format!("{n} emails")}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <FieldMessage field="emails" error />
                </div>
                <div class="field">
                    <label class="field__label" for="field-language">"Language"</label>
                    <select id="field-language" name="language">
                        {Language::ALL
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option value=l.value() selected=l == language>
                                        {l.label()}
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
    view! {
        <div class="form-submit">
            <button
                type="submit"
                class="button button--large"
                aria-busy=move || pending.get().to_string()
                disabled=move || pending.get()
            >
                <span class="spinner" class:spinner--on=move || pending.get() aria-hidden="true"></span>
                {move || if pending.get() { "Writing your sequence…" } else { "Write my sequence" }}
            </button>
            <p class="form-submit__note">
                {move || if hydrated.get() && pending.get() {
                    "Each email appears below as soon as it is written."
                } else {
                    "Your answers and the sequence are saved to this browser's session."
                }}
            </p>
        </div>
    }
}
