//! The generation in progress: the streamed events followed into what the page shows, and the
//! panel that shows each email as soon as it is written.

use leptos::prelude::*;

use crate::api::generate::generate_stream;
use crate::components::email_card::EmailCard;
use crate::domain::i18n::{Messages, fill};
use crate::domain::{
    error::AppError,
    form::GenerateForm,
    ids::SequenceId,
    progress::{EventLines, GenerationEvent},
    sequence::Email,
};

/// A generation in progress, as the page shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Writing {
    /// Emails asked for (0 until the server has started).
    total: u8,
    /// The emails written so far, in order.
    emails: Vec<Email>,
    /// The writer's answer broke off once and it started again.
    restarted: bool,
}

impl Writing {
    /// A writing followed from its page: `total` asked for, `emails` written so far.
    pub(crate) fn following(total: u8, emails: Vec<Email>) -> Self {
        Self {
            total,
            emails,
            restarted: false,
        }
    }

    /// The emails written so far.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(crate) fn emails(&self) -> &[Email] {
        &self.emails
    }

    /// "Writing email 2 of 5…", and so on.
    fn status(&self, t: &Messages) -> String {
        let done = self.emails.len();
        match self.total {
            0 => t.writing_starting.to_owned(),
            total if done < usize::from(total) => {
                fill(t.writing_email, &[("n", &(done + 1)), ("total", &total)])
            }
            _ => t.writing_saving.to_owned(),
        }
    }
}

/// Sends the form to the streaming endpoint and follows the events into `writing`; answers the
/// saved sequence's id, or the error that ended it.
///
/// `started` is told the sequence's id as soon as it has one (its page follows the writing from
/// then on).
pub(super) async fn stream_generation(
    form: GenerateForm,
    writing: RwSignal<Option<Writing>>,
    started: impl Fn(&SequenceId),
) -> Result<SequenceId, AppError> {
    use futures_util::StreamExt;

    let mut chunks = generate_stream(form).await?.into_inner();
    let mut lines = EventLines::default();
    while let Some(chunk) = chunks.next().await {
        // A chunk that breaks off is the connection, not the writing (the server goes on).
        let chunk = chunk.map_err(|_| AppError::ConnectionLost)?;
        for event in lines.push(&chunk) {
            match event {
                GenerationEvent::Started { id, total, .. } => {
                    started(&id);
                    writing.update(|w| {
                        if let Some(w) = w {
                            w.total = total;
                        }
                    })
                }
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
pub(crate) fn WritingPanel(
    writing: RwSignal<Option<Writing>>,
    hydrated: ReadSignal<bool>,
) -> impl IntoView {
    let t = crate::components::i18n::use_t();
    view! {
        <Show when=move || writing.with(Option::is_some)>
            <section class="writing" id="writing" aria-labelledby="writing-status">
                <div class="writing__head">
                    <p class="writing__status" id="writing-status" role="status" aria-live="polite">
                        <span class="spinner spinner--on spinner--dark" aria-hidden="true"></span>
                        {move || writing.with(|w| w.as_ref().map(|w| w.status(t)))}
                    </p>
                    {move || {
                        writing
                            .with(|w| w.as_ref().is_some_and(|w| w.restarted))
                            .then(|| view! {
                                <p class="writing__note">
                                    {t.writing_restarted}
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
