//! `/inbox/{id}/answer`: the lead's message, and the answer to edit (the draft kept, or the
//! suggestion) with "Send the answer" and "Save the draft"; both post to server/inbox/routes.rs.
//! Once sent, the answer is shown as it went. No script.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::text::{Text, label, text};
use crate::api::inbox::inbox_answer;
use crate::components::{
    i18n::use_lang, page_head::PageHead, query::use_query, raw_text::raw_text,
};
use crate::domain::i18n::fill;
use crate::domain::inbox::AnswerView;

#[component]
pub fn InboxAnswerPage() -> impl IntoView {
    let lang = use_lang();
    let (w, t) = (text(lang), lang.t());
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap_or(0);
    let query = use_query().get_untracked();
    let problem = query
        .get("problem")
        .map(|p| label(&w.answer_problems, &p))
        .filter(|p| !p.is_empty());
    let saved = query.get("saved").is_some();
    let rewritten = query.get("rewritten").is_some();
    let view = Resource::new(move || id, inbox_answer);
    view! {
        <section class="container narrow account inbox">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match view.await {
                        Ok(Some(found)) => view! { <Answer found problem saved rewritten w /> }.into_any(),
                        Ok(None) => view! {
                            <PageHead title=w.title description=w.lead />
                            <p class="notice">{w.sign_in_first} " " <a href="/signin">{t.nav_sign_in}</a></p>
                        }.into_any(),
                        Err(err) => view! {
                            <PageHead title=w.title description=w.lead />
                            <p class="alert alert--error" role="alert">{err.message(t)}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Answer(
    found: AnswerView,
    problem: Option<&'static str>,
    saved: bool,
    rewritten: bool,
    w: &'static Text,
) -> impl IntoView {
    let name = if found.from_name.is_empty() {
        found.from.clone()
    } else {
        found.from_name.clone()
    };
    let title = fill(w.answer_title, &[("name", &name)]);
    let sender = if found.from_name.is_empty() {
        found.from.clone()
    } else {
        format!("{} <{}>", found.from_name, found.from)
    };
    let gone = matches!(
        found.state.as_deref(),
        Some("sent" | "sending" | "unconfirmed")
    );
    let id = found.id;
    view! {
        <PageHead title=title.clone() description=w.answer_lead />
        <header class="page-head">
            <p class="eyebrow"><a href="/inbox">{w.back}</a></p>
            <h1>{title}</h1>
            <p class="lead">{w.answer_lead}</p>
        </header>
        {problem.map(|p| view! { <p class="alert alert--error" role="alert">{p}</p> })}
        {saved.then(|| view! { <p class="notice notice--ok" role="status">{w.saved}</p> })}
        {rewritten.then(|| view! { <p class="notice notice--ok" role="status">{w.rewritten}</p> })}
        <section class="inbox__message" aria-label=w.their_message>
            <h2 class="inbox__lead">{w.their_message}</h2>
            <p class="inbox__from">{sender}</p>
            <p class="inbox__subject">{found.subject.clone()}</p>
            <div class="inbox__body">{found.body.clone()}</div>
        </section>
        {if gone {
            view! {
                <p class="notice notice--ok" role="status">{w.sent_already}</p>
                <div class="inbox__body">{found.draft.clone()}</div>
            }.into_any()
        } else {
            view! {
                <form class="account__form inbox__answer" action=format!("/inbox/{id}/answer") method="post">
                    <div class="field">
                        <label class="field__label" for="body">{w.your_answer}</label>
                        <textarea id="body" name="body" rows="10" maxlength="5000">{raw_text(found.draft.clone())}</textarea>
                        <p class="field__hint">{w.answer_hint}</p>
                        {(!found.claude).then(|| view! { <p class="field__hint">{w.offline_note}</p> })}
                    </div>
                    {found.claude.then(|| view! {
                        <div class="field">
                            <label class="field__label" for="instruction">{w.instruction}</label>
                            <div class="inbox__rewrite">
                                <input id="instruction" name="instruction" type="text" maxlength="200" />
                                <button type="submit" class="button button--ghost" name="action" value="rewrite">{w.rewrite}</button>
                            </div>
                            <p class="field__hint">{w.instruction_hint}</p>
                        </div>
                    })}
                    <div class="inbox__actions">
                        {found.can_send.then(|| view! {
                            <button type="submit" class="button" name="action" value="send">{w.send}</button>
                        })}
                        <button type="submit" class="button button--ghost" name="action" value="save">{w.save}</button>
                    </div>
                </form>
            }.into_any()
        }}
    }
}
