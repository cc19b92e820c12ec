//! `/s/{id}` before the sequence is saved: what is written so far, followed live (an island that
//! asks every second; without JavaScript the page refreshes itself), or why writing failed.

use leptos::prelude::*;

use crate::components::{hydrated::use_hydrated, i18n::use_t, page_head::PageHead};
use crate::domain::{i18n::fill, progress::Writing as Stored, sequence::Email};
use crate::pages::generate::writing::{Writing, WritingPanel};

/// The sequence's page while it is written, or once writing failed.
#[component]
pub(super) fn WritingView(id: String, writing: Stored) -> impl IntoView {
    let t = use_t();
    let title = fill(t.sequence_title, &[("company", &writing.company)]);
    let heading = view! {
        <p class="eyebrow">{t.sequence_eyebrow}</p>
        <h1>{writing.company.clone()} " → " {writing.job_title.clone()}</h1>
    };
    let body = match writing.failed {
        Some(error) => view! {
            <header class="page-head results__head">{heading}</header>
            <div class="alert alert--error" role="alert" id="writing-failed">
                <p><strong>{t.writing_failed}</strong> " " {error.message(t)}</p>
                <p>{t.writing_failed_given_back}</p>
                <a class="button button--small" href=format!("/generate?from={id}")>{t.try_again}</a>
            </div>
        }
        .into_any(),
        None => view! {
            // Without JavaScript the page looks again every two seconds until it is saved.
            <noscript><meta http-equiv="refresh" content="2" /></noscript>
            <header class="page-head results__head">
                {heading}
                <p class="results__meta">{t.writing_page_note}</p>
            </header>
            <FollowWriting id total=writing.total emails=writing.emails />
        }
        .into_any(),
    };
    view! {
        <PageHead title=title description=t.sequence_description />
        <section class="container results" data-writing="">{body}</section>
    }
}

/// The progress and the emails written so far, asked again every second; once the sequence is
/// saved (or writing failed) the page loads again and shows it.
#[island]
fn FollowWriting(id: String, total: u8, emails: Vec<Email>) -> impl IntoView {
    let hydrated = use_hydrated();
    let writing = RwSignal::new(Some(Writing::following(total, emails)));
    #[cfg(feature = "hydrate")]
    {
        fn ask(id: String, writing: RwSignal<Option<Writing>>) {
            set_timeout(
                move || {
                    leptos::task::spawn_local(async move {
                        match crate::api::writing::writing_progress(id.clone()).await {
                            Ok(now) if now.failed.is_none() => {
                                // The emails themselves: after a restart the count can match
                                // while the emails are new.
                                let same = writing.with_untracked(|w| {
                                    w.as_ref()
                                        .is_some_and(|w| w.emails() == now.emails.as_slice())
                                });
                                if !same {
                                    writing.set(Some(Writing::following(now.total, now.emails)));
                                }
                                ask(id, writing);
                            }
                            // Saved (no writing any more) or failed: the page says which.
                            Ok(_) | Err(crate::domain::error::AppError::NotFound) => {
                                let _ = window().location().reload();
                            }
                            // A moment without the server: ask again.
                            Err(_) => ask(id, writing),
                        }
                    });
                },
                std::time::Duration::from_secs(1),
            );
        }
        ask(id, writing);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
    view! { <WritingPanel writing hydrated /> }
}
