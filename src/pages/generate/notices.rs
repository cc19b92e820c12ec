//! What the form page says besides its fields: the server's messages, problems that stop the
//! writing, who will write, and the paywall when the allowance is used.

use leptos::prelude::*;

use crate::components::i18n::use_t;
use crate::components::{
    plans::{banner::UpgradeBanner, paywall::Paywall},
    session::use_session,
};
use crate::domain::{
    error::AppError, form::TextRule, i18n::fill, plans::Pricing, sequence::Source,
};

/// Moves focus to the error message, so it is seen and read out.
pub(super) fn focus_error() {
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

/// Moves focus to the first field with a message. When that field is near the top of the form,
/// the summary above it is brought into view with it (below the sticky header); otherwise the
/// field is (focus scrolls it, its label with it: `scroll-margin-top`).
pub(super) fn focus_first_invalid() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        // Runs after the messages render.
        request_animation_frame(|| {
            let Some(field) = document()
                .query_selector("[aria-invalid=\"true\"]")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                return;
            };
            let summary = document().get_element_by_id("form-summary");
            let fits = summary.as_ref().is_some_and(|summary| {
                let room = window()
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                let span = field.get_bounding_client_rect().bottom()
                    - summary.get_bounding_client_rect().top();
                // The header (4.5rem) and a margin.
                span < room - 96.0
            });
            match summary {
                Some(summary) if fits => {
                    summary.scroll_into_view();
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    let _ = field.focus_with_options(&options);
                }
                _ => {
                    let _ = field.focus();
                }
            }
        });
    }
}

/// The server's message for a field that has no live check (a choice).
#[component]
pub(super) fn FieldMessage(field: &'static str, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <p class="field__message">
            {move || error.get().and_then(|e| e.field_message(field).map(str::to_owned))}
        </p>
    }
}

/// Once a submit was refused: how many answers need attention, each a link to its field (the
/// same with JavaScript, from the live checks, and without, from the values sent back).
#[component]
pub(super) fn ErrorSummary(
    values: Vec<(TextRule, RwSignal<String>)>,
    submitted: Signal<bool>,
) -> impl IntoView {
    let t = use_t();
    move || {
        if !submitted.get() {
            return None;
        }
        let wrong: Vec<TextRule> = values
            .iter()
            .filter(|(rule, value)| rule.check(&value.get(), t).is_err())
            .map(|(rule, _)| *rule)
            .collect();
        if wrong.is_empty() {
            return None;
        }
        let heading = if wrong.len() == 1 {
            t.summary_fix_one.to_owned()
        } else {
            fill(t.summary_fix_many, &[("n", &wrong.len())])
        };
        Some(view! {
            <div class="alert alert--error form-summary" role="alert" id="form-summary">
                <p><strong>{heading}</strong></p>
                <ul class="form-summary__list">
                    {wrong
                        .into_iter()
                        .map(|rule| view! {
                            <li><a href=format!("#field-{}", rule.name)>{rule.label(t)}</a></li>
                        })
                        .collect_view()}
                </ul>
            </div>
        })
    }
}

/// Problems that are not about one field: rate limits, the writing service, our side.
#[component]
pub(super) fn ErrorAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    let t = use_t();
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
                            <strong>{t.generate_failed}</strong>
                            {e.message(t)}
                        </p>
                        {can_retry.then(|| view! {
                            <button type="submit" class="button button--small">{t.try_again}</button>
                        })}
                    </div>
                }
            })
    }
}

/// Says who will write: Claude, or the offline composer; or that writing is paused.
#[component]
pub(super) fn WriterNote() -> impl IntoView {
    let session = use_session();
    let t = use_t();
    view! {
        <Transition fallback=|| ()>
            {move || {
                session.current().map(|info| {
                    if info.paused {
                        view! {
                            <p class="alert alert--error" role="status" id="generation-paused">
                                {AppError::GenerationPaused.message(t)}
                            </p>
                        }
                            .into_any()
                    } else if info.writer == Source::Offline {
                        view! {
                            <p class="notice notice--offline">
                                <span class="badge badge--offline">{t.offline_badge}</span>
                                {t.offline_note}
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
pub(super) fn PlanPrompt(
    error: Signal<Option<AppError>>,
    closed_initially: bool,
    banner_closed_initially: bool,
    pricing: Option<Pricing>,
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
        <Paywall wanted dismissed close_href="/generate?paywall=closed" pricing=pricing />
        <UpgradeBanner
            dismissed=banner_dismissed
            close_href="/generate?paywall=closed&upgrade=closed".to_owned()
            paywall_dismissed=dismissed
        />
    }
}
