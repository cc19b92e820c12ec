//! `/inbox`: what came back from the account's campaigns, grouped by lead and campaign, newest
//! first; each message with what ColdCopy took it for, why, and a form to correct it (posted to
//! server/inbox/routes.rs). Filters as links (`?show=`). Server-rendered, no script; bodies are
//! text, escaped like everything Leptos renders. Words in `text`.

mod answer;
mod text;

pub use answer::InboxAnswerPage;

use leptos::prelude::*;

use crate::api::inbox::{InboxView, inbox};
use crate::components::{
    i18n::use_lang,
    page_head::PageHead,
    query::{Query, use_query},
};
use crate::domain::i18n::fill;
use crate::domain::inbox::{CORRECTABLE, FILTERS, InboxMessage, InboxThread, SUMMARIES};
use text::{Text, label, text};

#[component]
pub fn InboxPage() -> impl IntoView {
    let lang = use_lang();
    let (w, t) = (text(lang), lang.t());
    let query = use_query().get_untracked();
    let show = query
        .get("show")
        .filter(|s| FILTERS.contains(&s.as_str()))
        .unwrap_or_else(|| "all".to_owned());
    let wanted = show.clone();
    let view = Resource::new(move || wanted.clone(), inbox);
    view! {
        <PageHead title=w.title description=w.lead />
        <section class="container narrow account inbox">
            <header class="page-head">
                <h1>{w.title}</h1>
                <p class="lead">{w.lead}</p>
            </header>
            <Suspense fallback=|| ()>
                {move || {
                    let (query, show) = (query.clone(), show.clone());
                    Suspend::new(async move {
                        match view.await {
                            Ok(Some(found)) => view! { <Inbox found show query w /> }.into_any(),
                            Ok(None) => view! {
                                <p class="notice">{w.sign_in_first} " " <a href="/signin">{t.nav_sign_in}</a></p>
                            }.into_any(),
                            Err(err) => view! { <p class="alert alert--error" role="alert">{err.message(t)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn Inbox(found: InboxView, show: String, query: Query, w: &'static Text) -> impl IntoView {
    let total = found.counts.first().map_or(0, |(_, n)| *n);
    let empty = found.threads.is_empty();
    let corrected = query.get("corrected").is_some();
    let answered = query.get("answered").is_some();
    let problem = query.get("problem").is_some();
    let filters = FILTERS
        .iter()
        .zip(w.filters)
        .map(|(tag, name)| {
            let n = found
                .counts
                .iter()
                .find(|(k, _)| k == tag)
                .map_or(0, |(_, n)| *n);
            let current = *tag == show;
            view! {
                <li>
                    <a
                        class="inbox__filter"
                        href=format!("/inbox?show={tag}")
                        aria-current=current.then_some("page")
                    >
                        {name} " " <span class="inbox__count">{n}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        {corrected.then(|| view! { <p class="notice notice--ok" role="status">{w.corrected}</p> })}
        {answered.then(|| view! { <p class="notice notice--ok" role="status">{w.answered}</p> })}
        {problem.then(|| view! { <p class="alert alert--error" role="alert">{w.problem}</p> })}
        <nav class="inbox__filters" aria-label=w.filters_label>
            <ul>{filters}</ul>
        </nav>
        {empty.then(|| view! { <p class="notice">{if total == 0 { w.empty } else { w.empty_filter }}</p> })}
        {found.threads.into_iter().map(|thread| view! { <Thread thread w /> }).collect_view()}
    }
}

#[component]
fn Thread(thread: InboxThread, w: &'static Text) -> impl IntoView {
    let who = if thread.lead.is_empty() {
        w.no_lead.to_owned()
    } else {
        thread.lead.clone()
    };
    let campaign = thread.campaign_id.clone().zip(thread.campaign_name.clone());
    let answerable = thread.campaign_id.is_some();
    view! {
        <section class="inbox__thread">
            <h2 class="inbox__lead">
                {who}
                {campaign.map(|(id, name)| view! {
                    " " <a class="inbox__campaign" href=format!("/campaigns/{id}")>{name}</a>
                })}
            </h2>
            <ol class="inbox__messages">
                {thread.messages.into_iter().map(|m| view! { <Message m answerable w /> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn Message(m: InboxMessage, answerable: bool, w: &'static Text) -> impl IntoView {
    let sent = m.answer.as_deref() == Some("sent");
    let answer_link = (answerable && m.kind == "reply").then(|| format!("/inbox/{}/answer", m.id));
    let kind = label(&w.kinds, &m.kind);
    let reason = fill(label(&w.reasons, &m.rule), &[("detail", &m.detail)]);
    let was = (m.rule == "founder" && !m.detail.is_empty())
        .then(|| fill(w.was, &[("kind", &label(&w.kinds, &m.detail))]));
    let summary = m.summary.as_deref().map(|s| label(&w.summaries, s));
    let sender = if m.from_name.is_empty() {
        m.from.clone()
    } else {
        format!("{} <{}>", m.from_name, m.from)
    };
    let absence = (m.kind == "out_of_office").then(|| match &m.back_on {
        Some(date) => fill(w.back_on, &[("date", date)]),
        None => w.back_in_a_week.to_owned(),
    });
    let new_address = m
        .new_address
        .as_deref()
        .map(|a| fill(w.new_address, &[("address", &a)]));
    let body = if m.body.trim().is_empty() {
        w.empty_body.to_owned()
    } else {
        m.body.clone()
    };
    let (kind_id, summary_id) = (format!("kind-{}", m.id), format!("summary-{}", m.id));
    let current_summary = m.summary.clone().unwrap_or_default();
    let is_reply = m.kind == "reply";
    view! {
        <li class="inbox__message" id=format!("m{}", m.id)>
            <header class="inbox__head">
                <span class=format!("badge inbox-kind inbox-kind--{}", m.kind)>{kind}</span>
                {summary.map(|s| view! { <span class="badge inbox-summary">{s}</span> })}
                {sent.then(|| view! { <span class="badge inbox-kind--reply">{w.answer_sent}</span> })}
                <time class="inbox__when">{m.received.clone()}</time>
            </header>
            <p class="inbox__from">{sender}</p>
            <p class="inbox__subject">{m.subject.clone()}</p>
            <p class="inbox__why"><strong>{w.why}</strong> " " {reason}</p>
            {was.map(|was| view! { <p class="inbox__why">{was}</p> })}
            {absence.map(|a| view! { <p class="inbox__note">{a}</p> })}
            {new_address.map(|a| view! { <p class="inbox__note">{a}</p> })}
            <div class="inbox__body">{body}</div>
            {answer_link.map(|href| view! { <p class="inbox__answer-link"><a class="button button--small" href=href>{w.answer_link}</a></p> })}
            <details class="inbox__fix">
                <summary>{w.fix}</summary>
                <form class="inbox__correct" action=format!("/inbox/{}/correct", m.id) method="post">
                    <label for=kind_id.clone()>{w.correct_label}</label>
                    <select id=kind_id name="kind">
                        {CORRECTABLE.iter().map(|tag| view! {
                            <option value=*tag selected=*tag == m.kind>{label(&w.kinds, tag)}</option>
                        }).collect_view()}
                    </select>
                    {is_reply.then(|| view! {
                        <label for=summary_id.clone()>{w.summary_label}</label>
                        <select id=summary_id.clone() name="summary">
                            <option value="" selected=current_summary.is_empty()>{w.no_summary}</option>
                            {SUMMARIES.iter().map(|tag| view! {
                                <option value=*tag selected=*tag == current_summary>{label(&w.summaries, tag)}</option>
                            }).collect_view()}
                        </select>
                    })}
                    <button type="submit" class="button button--small button--ghost">{w.correct_button}</button>
                </form>
            </details>
        </li>
    }
}
