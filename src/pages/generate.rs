//! `/generate`: the one short form. Works as a plain HTML form without JavaScript; with it, the
//! same rules run live and the button shows progress while the sequence is written.

use leptos::{form::ActionForm, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::generate::Generate;
use crate::components::{field::TextField, hydrated::use_hydrated, session::use_session};
use crate::domain::{
    error::AppError,
    form::{BENEFIT, COMPANY, CTA, JOB_TITLE, PROBLEM, PRODUCT, TEXT_RULES, TextRule},
    options::{EmailCount, Language, Tone},
    sequence::Source,
};

/// The generator form.
#[component]
pub fn GeneratePage() -> impl IntoView {
    let action = ServerAction::<Generate>::new();
    let hydrated = use_hydrated();
    let query = use_query_map();
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

    let error = Signal::derive(move || action.value().get().and_then(Result::err));
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
    let pending = action.pending();

    // Client-side check before posting: an invalid form is not sent.
    let check_before_submit = {
        let values = values.clone();
        move |ev: leptos::ev::MouseEvent| {
            let invalid = values
                .iter()
                .any(|(rule, value)| rule.check(&value.get_untracked()).is_err());
            if invalid {
                ev.prevent_default();
                tried.set(true);
                focus_first_invalid();
            }
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
        <Title text="Write a sequence" />
        <section class="container generate">
            <header class="page-head">
                <h1>"Write your sequence"</h1>
                <p class="lead">
                    "Six short answers about your product and your buyer. The more specific "
                    "they are, the more specific your emails will be."
                </p>
                <WriterNote />
            </header>

            <QuotaPanel error dismissed_initially=initial("panel") == "closed" />

            <ActionForm action>
                <div class="form-grid">
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
                </div>
                <ErrorAlert error />
                <div class="form-submit">
                    <button
                        type="submit"
                        class="button button--large"
                        aria-busy=move || pending.get().to_string()
                        disabled=move || pending.get()
                        on:click=check_before_submit
                    >
                        <span class="spinner" class:spinner--on=move || pending.get() aria-hidden="true"></span>
                        {move || if pending.get() { "Writing your sequence…" } else { "Write my sequence" }}
                    </button>
                    <p class="form-submit__note">
                        {move || if hydrated.get() && pending.get() {
                            "This usually takes 10 to 30 seconds. Please keep this tab open."
                        } else {
                            "Your answers and the sequence are saved to this browser's session."
                        }}
                    </p>
                </div>
            </ActionForm>
        </section>
    }
}

/// Moves focus to the first field with a message.
fn focus_first_invalid() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        // Runs after the messages render.
        request_animation_frame(|| {
            if let Some(el) = document()
                .query_selector("[aria-invalid=\"true\"]")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    }
}

/// The server's message for a field that has no live check (a choice).
#[component]
fn FieldMessage(field: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <p class="field__message">
            {move || error.get().and_then(|e| e.field_message(field).map(str::to_owned))}
        </p>
    }
}

/// Problems that are not about one field: rate limits, the writing service, our side.
#[component]
fn ErrorAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error
            .get()
            .filter(|e| !matches!(e, AppError::Invalid { .. } | AppError::QuotaExceeded))
            .map(|e| {
                view! {
                    <div class="alert alert--error" role="alert">
                        <strong>"Your sequence was not written. "</strong>
                        {e.to_string()}
                    </div>
                }
            })
    }
}

/// Says who will write: Claude, or the offline composer.
#[component]
fn WriterNote() -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| ()>
            {move || {
                session
                    .current()
                    .filter(|info| info.writer == Source::Offline)
                    .map(|_| {
                        view! {
                            <p class="notice notice--offline">
                                <span class="badge badge--offline">"Offline composer"</span>
                                "No Claude key is configured on this server, so sequences are "
                                "composed offline from your answers with templates (in English)."
                            </p>
                        }
                    })
            }}
        </Transition>
    }
}

/// Shown when the free sequence is used (on load, or after a 402); the visitor can close it.
/// Closing is a link, so it works without JavaScript too.
#[component]
fn QuotaPanel(error: Signal<Option<AppError>>, dismissed_initially: bool) -> impl IntoView {
    let session = use_session();
    let dismissed = RwSignal::new(dismissed_initially);
    let quota_hit = Signal::derive(move || matches!(error.get(), Some(AppError::QuotaExceeded)));
    // A fresh 402 opens the panel again.
    Effect::new(move |_| {
        if quota_hit.get() {
            dismissed.set(false);
        }
    });
    let used_up =
        move || quota_hit.get() || session.current().is_some_and(|info| info.remaining() == 0);
    let close = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        dismissed.set(true);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            dismissed.set(true);
        }
    };

    view! {
        <Transition fallback=|| ()>
            <Show when=move || used_up() && !dismissed.get()>
                <section
                    class="quota-panel"
                    role="region"
                    aria-labelledby="quota-title"
                    on:keydown=on_key
                >
                    <div class="quota-panel__text">
                        <h2 id="quota-title">"You've used your free sequence"</h2>
                        <p>
                            "Each browser gets one free sequence, and yours is saved here. "
                            "Paid plans with more sequences are coming soon."
                        </p>
                        {move || {
                            session
                                .current()
                                .and_then(|info| info.latest)
                                .map(|id| {
                                    view! {
                                        <a class="button button--small" href=format!("/s/{id}")>
                                            "Open your sequence"
                                        </a>
                                    }
                                })
                        }}
                    </div>
                    <a
                        class="quota-panel__close"
                        href="/generate?panel=closed"
                        aria-label="Close this message"
                        on:click=close
                    >
                        "×"
                    </a>
                </section>
            </Show>
        </Transition>
    }
}
