//! `/history`: the session's sequences, newest first, each opening its page; delete with a
//! confirmation. Loaded on its own, the page ships no wasm (`app::hydration`): the confirmation
//! is then a second step (`?confirm={id}`, which scrolls back to its row). Reached through the
//! router from a hydrated page, it asks in place.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};

use crate::api::history::{DeleteSequence, delete_sequence, history};
use crate::components::{i18n::use_t, page_head::PageHead, query::use_query};
use crate::domain::{error::AppError, i18n::fill, options::Tone, sequence::SequenceSummary};

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

    let t = use_t();
    view! {
        <PageHead title=t.history_title description=t.history_lead />
        <section class="container history">
            <header class="page-head">
                <p class="eyebrow">{t.history_eyebrow}</p>
                <h1>{t.history_title}</h1>
                <p class="lead">{t.history_lead}</p>
            </header>
            {move || deleted.get().then(|| view! {
                <p class="notice notice--ok" role="status">{t.history_deleted}</p>
            })}
            {move || error.get().map(|_| view! {
                <p class="alert alert--error" role="alert">
                    {t.history_gone}
                </p>
            })}
            <Transition fallback=move || view! { <p class="loading">{t.loading_sequences}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <EmptyHistory /> }.into_any(),
                        Ok(items) => {
                            let numbers = same_title_numbers(&items);
                            view! {
                                <ul class="history__list">
                                    {items
                                        .into_iter()
                                        .zip(numbers)
                                        .map(|(item, number)| view! { <HistoryRow item number confirming deleted error list /> })
                                        .collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                        Err(err) => view! { <p class="alert alert--error" role="alert">{err.message(t)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// For each sequence (newest first), its number among the sequences with the same title, oldest
/// first ("(2)"), when there are several; `None` for a title that occurs once.
fn same_title_numbers(items: &[SequenceSummary]) -> Vec<Option<usize>> {
    let key = |item: &SequenceSummary| (item.company.clone(), item.job_title.clone());
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let same = |other: &&SequenceSummary| key(other) == key(item);
            let total = items.iter().filter(same).count();
            let older = items[i + 1..].iter().filter(same).count();
            (total > 1).then_some(older + 1)
        })
        .collect()
}

#[component]
fn EmptyHistory() -> impl IntoView {
    let t = use_t();
    view! {
        <div class="history__empty">
            <h2>{t.history_empty_title}</h2>
            <p>{t.history_empty_text}</p>
            <a class="button" href="/generate">{t.history_first}</a>
        </div>
    }
}

#[component]
fn HistoryRow(
    item: SequenceSummary,
    /// Its number among sequences with the same title, when there are several.
    number: Option<usize>,
    confirming: RwSignal<Option<String>>,
    deleted: RwSignal<bool>,
    error: RwSignal<Option<AppError>>,
    list: Resource<Result<Vec<SequenceSummary>, AppError>>,
) -> impl IntoView {
    let t = use_t();
    let id = item.id.to_string();
    let anchor = format!("seq-{id}");
    let back = format!("/history#{anchor}");
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
    let title = match number {
        Some(n) => format!("{} → {} ({n})", item.company, item.job_title),
        None => format!("{} → {}", item.company, item.job_title),
    };
    view! {
        <li class="history__item" id=anchor>
            <div class="history__main">
                <a class="history__title" href=format!("/s/{id}")>{title.clone()}</a>
                <p class="history__subject">{item.subject.clone()}</p>
                <p class="history__meta">
                    {fill(
                        t.history_meta,
                        &[
                            ("n", &item.emails),
                            ("tone", &Tone::parse(&item.tone).map_or(item.tone.as_str(), |tone| tone.name(t))),
                            ("when", &item.when),
                        ],
                    )}
                </p>
            </div>
            <Show
                when=asking.clone()
                fallback=move || view! {
                    <a
                        class="button button--small button--ghost"
                        href=format!("/history?confirm={id}#seq-{id}", id = item.id)
                        aria-label=fill(t.delete_named, &[("name", &title)])
                        on:click=ask.clone()
                    >
                        {t.delete}
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
                    <span>{t.delete_for_good}</span>
                    <button type="submit" class="button button--small button--danger">{t.delete}</button>
                    <a class="button button--small button--ghost" href=back.clone() on:click=cancel>{t.cancel}</a>
                </form>
            </Show>
        </li>
    }
}
