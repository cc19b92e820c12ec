//! One email as a card: step, send day, both subjects and the body, with copy buttons once the
//! page is interactive. The results page and the live stream on the generator both show it.

use leptos::prelude::*;

use crate::components::copy::CopyButton;
use crate::domain::{i18n::fill, sequence::Email};

/// One email: step, send day, both subjects and the body, each with a copy button.
#[component]
pub fn EmailCard(
    email: Email,
    hydrated: ReadSignal<bool>,
    /// More controls under the card (editing, on the results page).
    #[prop(optional)]
    footer: Option<ViewFn>,
) -> impl IntoView {
    let t = crate::components::i18n::use_t();
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
        t.email_day_first.to_owned()
    } else {
        fill(t.email_day, &[("day", &day)])
    };
    let subject = move |variant: &'static str, text: String| {
        let copy_text = text.clone();
        view! {
            <div class="subject">
                <span class="subject__variant">{variant}</span>
                <span class="subject__text">{text}</span>
                <span class="copy-slot" class:copy-slot--pending=move || !hydrated.get()>
                    <CopyButton text=copy_text.clone() label=fill(t.copy_subject, &[("variant", &variant)]) />
                </span>
            </div>
        }
    };
    let body_copy = body.clone();

    view! {
        <li class="email-card" aria-labelledby=labelled_by>
            <header class="email-card__head">
                <h2 id=heading_id class="email-card__title">{fill(t.email_title, &[("step", &step)])}</h2>
                <span class="chip">{day_label}</span>
            </header>
            <div class="email-card__subjects">
                {subject("A", subject_a)}
                {subject("B", subject_b)}
            </div>
            <div class="email-card__body">{body}</div>
            // Rendered with the page but hidden until it can copy (its place kept, so nothing
            // moves when the buttons appear); gone when scripting is off (style/main.css).
            <div class="email-card__actions copy-slot" class:copy-slot--pending=move || !hydrated.get()>
                <CopyButton text=body_copy.clone() label=t.copy_body.to_owned() />
                <CopyButton text=whole.clone() label=t.copy_email.to_owned() />
            </div>
            {footer.map(|footer| footer.run())}
        </li>
    }
}
