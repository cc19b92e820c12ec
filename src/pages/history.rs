//! `/history`: the session's sequences, newest first, each opening its page; delete with a
//! confirmation (a second step, so it works without JavaScript too).

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};
use leptos_meta::Title;

use crate::api::history::{DeleteSequence, delete_sequence, history};
use crate::components::query::use_query;
use crate::domain::{
    error::AppError,
    sequence::{SequenceSummary, utc_label},
};

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| history());
    let query = use_query();
    // The row asking "delete for good?" (`?confirm={id}` without JavaScript).
    let confirming = RwSignal::new(query.read_untracked().get("confirm"));
    let deleted = RwSignal::new(query.read_untracked().get("deleted").is_some());
    let error = RwSignal::new(
        query
            .read_untracked()
            .get("payment_error")
            .and_then(|tag| AppError::from_tag(&tag)),
    );

    view! {
        <Title text="Your sequences" />
        <section class="container history">
            <header class="page-head">
                <p class="eyebrow">"History"</p>
                <h1>"Your sequences"</h1>
                <p class="lead">"Everything written in this browser, newest first."</p>
            </header>
            {move || deleted.get().then(|| view! {
                <p class="notice notice--ok" role="status">"The sequence was deleted."</p>
            })}
            {move || error.get().map(|_| view! {
                <p class="alert alert--error" role="alert">
                    "That sequence was already gone, or belongs to another browser."
                </p>
            })}
            <Transition fallback=|| view! { <p class="loading">"Loading your sequences…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyHistory /> }.into_any(),
                        Ok(items) => view! {
                            <ul class="history__list">
                                {items
                                    .into_iter()
                                    .map(|item| view! { <HistoryRow item confirming deleted error list /> })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="alert alert--error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn EmptyHistory() -> impl IntoView {
    view! {
        <div class="history__empty">
            <h2>"No sequences yet"</h2>
            <p>"Answer six short questions and your first sequence is written in under a minute."</p>
            <a class="button" href="/generate">"Write your first sequence"</a>
        </div>
    }
}

#[component]
fn HistoryRow(
    item: SequenceSummary,
    confirming: RwSignal<Option<String>>,
    deleted: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    list: Resource<Result<Vec<SequenceSummary>, AppError>>,
) -> impl IntoView {
    let id = item.id.to_string();
    let asking = {
        let id = id.clone();
        move || confirming.get().as_deref() == Some(id.as_str())
    };
    let ask = {
        let id = id.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            confirming.set(Some(id.clone()));
        }
    };
    let cancel = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        confirming.set(None);
    };
    let confirm = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let result = delete_sequence(id).await;
                confirming.set(None);
                match result {
                    Ok(()) => {
                        deleted.set(true);
                        error.set(None);
                    }
                    Err(err) => error.set(Some(err)),
                }
                list.refetch();
            });
        }
    };
    let title = format!("{} → {}", item.company, item.job_title);
    view! {
        <li class="history__item">
            <div class="history__main">
                <a class="history__title" href=format!("/s/{id}")>{title.clone()}</a>
                <p class="history__meta">
                    {format!("{} emails · {}", item.emails, utc_label(item.created_at))}
                </p>
            </div>
            <Show
                when=asking.clone()
                fallback=move || view! {
                    <a
                        class="button button--small button--ghost"
                        href=format!("/history?confirm={}", item.id)
                        aria-label=format!("Delete {}", title)
                        on:click=ask.clone()
                    >
                        "Delete"
                    </a>
                }
            >
                <form
                    class="history__confirm"
                    action=DeleteSequence::PATH
                    method="post"
                    on:submit=confirm.clone()
                >
                    <input type="hidden" name="id" value=id.clone() />
                    <span>"Delete for good?"</span>
                    <button type="submit" class="button button--small button--danger">"Delete"</button>
                    <a class="button button--small button--ghost" href="/history" on:click=cancel>"Cancel"</a>
                </form>
            </Show>
        </li>
    }
}
