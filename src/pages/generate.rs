//! `/generate`: the one short form. Without JavaScript it posts to `/api/generate` and the
//! server redirects to the result. With it, the same rules run live, and the form goes to
//! `/api/generate/stream`: each email card appears as soon as it is written ("Writing email 2
//! of 5…"), and the saved sequence opens when the last one is checked and stored.

use leptos::{ev::SubmitEvent, form::FromFormData, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::generate::{Generate, generate_stream};
use crate::components::email_card::EmailCard;
use crate::components::{
    field::TextField,
    hydrated::use_hydrated,
    plans::{Paywall, UpgradeBanner},
    query::use_query,
    session::use_session,
};
use crate::domain::{
    error::AppError,
    form::{
        BENEFIT, COMPANY, CTA, GenerateForm, JOB_TITLE, PROBLEM, PRODUCT, TEXT_RULES, TextRule,
    },
    options::{EmailCount, Language, Tone},
    progress::{EventLines, GenerationEvent},
    sequence::{Email, Source},
};

/// A generation in progress, as the page shows it.
#[derive(Debug, Clone, Default, PartialEq)]
struct Writing {
    /// Emails asked for (0 until the server has started).
    total: u8,
    /// The emails written so far, in order.
    emails: Vec<Email>,
    /// The writer's answer broke off once and it started again.
    restarted: bool,
}

impl Writing {
    /// "Writing email 2 of 5…", and so on.
    fn status(&self) -> String {
        let done = self.emails.len();
        match self.total {
            0 => "Starting…".to_owned(),
            total if done < usize::from(total) => format!("Writing email {} of {total}…", done + 1),
            _ => "Checking and saving your sequence…".to_owned(),
        }
    }
}

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
                </div> }.into_any()}
                <ErrorAlert error />
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
            </form>
            {view! { <WritingPanel writing hydrated /> }.into_any()}
        </section>
    }
}

/// Sends the form to the streaming endpoint and follows the events into `writing`; answers the
/// saved sequence's id, or the error that ended it.
async fn stream_generation(
    form: GenerateForm,
    writing: RwSignal<Option<Writing>>,
) -> Result<String, AppError> {
    use futures_util::StreamExt;

    let mut chunks = generate_stream(form).await?.into_inner();
    let mut lines = EventLines::default();
    while let Some(chunk) = chunks.next().await {
        for event in lines.push(&chunk?) {
            match event {
                GenerationEvent::Started { total, .. } => writing.update(|w| {
                    if let Some(w) = w {
                        w.total = total;
                    }
                }),
                GenerationEvent::Email { email } => {
                    let first = email.step == 1;
                    writing.update(|w| {
                        if let Some(w) = w {
                            w.emails.push(email);
                        }
                    });
                    if first {
                        // Once there is a card to see (before, the page is too short to scroll).
                        scroll_to_writing();
                    }
                }
                GenerationEvent::Restarted => writing.update(|w| {
                    if let Some(w) = w {
                        w.emails.clear();
                        w.restarted = true;
                    }
                }),
                GenerationEvent::Saved { id } => return Ok(id),
                GenerationEvent::Failed { error } => return Err(error),
            }
        }
    }
    // The server always ends with `saved` or `failed`: the connection broke first.
    Err(AppError::ConnectionLost)
}

/// The generation in progress: what is being written, and each email as soon as it is ready.
#[component]
fn WritingPanel(writing: RwSignal<Option<Writing>>, hydrated: ReadSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || writing.with(Option::is_some)>
            <section class="writing" id="writing" aria-labelledby="writing-status">
                <div class="writing__head">
                    <p class="writing__status" id="writing-status" role="status" aria-live="polite">
                        <span class="spinner spinner--on spinner--dark" aria-hidden="true"></span>
                        {move || writing.with(|w| w.as_ref().map(Writing::status))}
                    </p>
                    {move || {
                        writing
                            .with(|w| w.as_ref().is_some_and(|w| w.restarted))
                            .then(|| view! {
                                <p class="writing__note">
                                    "The connection to the writer dropped, so it started again."
                                </p>
                            })
                    }}
                    <div class="writing__bar" aria-hidden="true">
                        // A CSSOM property, not a style attribute: the CSP allows no inline styles.
                        <span style:width=move || {
                            let percent = writing.with(|w| {
                                w.as_ref()
                                    .filter(|w| w.total > 0)
                                    .map_or(0, |w| w.emails.len() * 100 / usize::from(w.total))
                            });
                            format!("{percent}%")
                        }></span>
                    </div>
                </div>
                <ol class="email-list">
                    <For
                        each=move || writing.with(|w| w.as_ref().map(|w| w.emails.clone()).unwrap_or_default())
                        key=|email| (email.step, email.body.len())
                        children=move |email| view! { <EmailCard email hydrated /> }
                    />
                </ol>
            </section>
        </Show>
    }
    .into_any()
}

/// Brings the writing panel into view (on a phone it starts below the fold).
fn scroll_to_writing() {
    #[cfg(feature = "hydrate")]
    request_animation_frame(|| {
        if let Some(el) = document().get_element_by_id("writing") {
            el.scroll_into_view();
        }
    });
}

/// Moves focus to the error message, so it is seen and read out.
fn focus_error() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        request_animation_frame(|| {
            if let Some(el) = document()
                .get_element_by_id("generate-error")
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
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
                let can_retry = !matches!(
                    e,
                    AppError::RateLimited { .. } | AppError::FairUseReached { .. }
                );
                view! {
                    <div class="alert alert--error" role="alert" id="generate-error" tabindex="-1">
                        <p>
                            <strong>"Your sequence was not written. "</strong>
                            {e.to_string()}
                        </p>
                        {can_retry.then(|| view! {
                            <button type="submit" class="button button--small">"Try again"</button>
                        })}
                    </div>
                }
            })
    }
}

/// Says who will write: Claude, or the offline composer; or that writing is paused.
#[component]
fn WriterNote() -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| ()>
            {move || {
                session.current().map(|info| {
                    if info.paused {
                        view! {
                            <p class="alert alert--error" role="status" id="generation-paused">
                                {AppError::GenerationPaused.to_string()}
                            </p>
                        }
                            .into_any()
                    } else if info.writer == Source::Offline {
                        view! {
                            <p class="notice notice--offline">
                                <span class="badge badge--offline">"Offline composer"</span>
                                "No Claude key is configured on this server, so sequences are "
                                "composed offline from your answers with templates (in English)."
                            </p>
                        }
                            .into_any()
                    } else {
                        ().into_any()
                    }
                })
            }}
        </Transition>
    }
}

/// When the allowance is used (on load, or after a 402): the paywall, and once it is closed,
/// a banner that opens it again.
#[component]
fn PlanPrompt(
    error: Signal<Option<AppError>>,
    closed_initially: bool,
    banner_closed_initially: bool,
) -> impl IntoView {
    let session = use_session();
    let dismissed = RwSignal::new(closed_initially);
    let banner_dismissed = RwSignal::new(banner_closed_initially);
    let quota_hit = Signal::derive(move || matches!(error.get(), Some(AppError::QuotaExceeded)));
    // A fresh 402 opens the paywall again.
    Effect::new(move |_| {
        if quota_hit.get() {
            dismissed.set(false);
        }
    });
    let wanted = Signal::derive(move || {
        quota_hit.get() || session.current().is_some_and(|info| info.needs_plan())
    });
    view! {
        <Paywall wanted dismissed close_href="/generate?paywall=closed" />
        <UpgradeBanner
            dismissed=banner_dismissed
            close_href="/generate?paywall=closed&upgrade=closed".to_owned()
            paywall_dismissed=dismissed
        />
    }
}
