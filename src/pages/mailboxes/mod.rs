//! `/mailboxes`: the account's connected mailboxes (servers, Sent folder, the last check, test
//! again, remove) and the form that connects one (a provider's preset, or servers typed in).
//! Server-rendered forms, no script; the words are beside the page (`text`).

mod text;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::mailboxes::{CheckMailbox, ConnectMailbox, MailboxView, RemoveMailbox, mailboxes};
use crate::components::{
    i18n::use_lang,
    page_head::PageHead,
    query::{Query, use_query},
    raw_text::raw_text,
};
use crate::domain::{i18n::fill, mailbox::PRESETS};
use text::{Text, text};

#[component]
pub fn MailboxesPage() -> impl IntoView {
    let lang = use_lang();
    let w = text(lang);
    let t = lang.t();
    let list = Resource::new(|| (), |_| mailboxes());
    let query = use_query().get_untracked();
    view! {
        <PageHead title=w.title description=w.lead />
        <section class="container narrow account mailboxes">
            <header class="page-head">
                <p class="eyebrow">{w.eyebrow}</p>
                <h1>{w.title}</h1>
                <p class="lead">{w.lead}</p>
            </header>
            <Suspense fallback=|| ()>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        match list.await {
                            Ok(Some(list)) => view! { <Mailboxes list query w /> }.into_any(),
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
fn Mailboxes(list: Vec<MailboxView>, query: Query, w: &'static Text) -> impl IntoView {
    let notice = if query.get("connected").is_some() {
        Some(w.connected)
    } else if query.get("removed").is_some() {
        Some(w.removed)
    } else {
        None
    };
    let empty = list.is_empty();
    view! {
        {notice.map(|n| view! { <p class="notice notice--ok" role="status">{n}</p> })}
        {empty.then(|| view! { <p class="notice">{w.none_yet}</p> })}
        <ul class="account__browsers mailboxes__list">
            {list.into_iter().map(|m| view! { <MailboxRow m w /> }).collect_view()}
        </ul>
        <ConnectForm query w />
    }
}

#[component]
fn MailboxRow(m: MailboxView, w: &'static Text) -> impl IntoView {
    let working = m.smtp_problem.is_none() && m.imap_problem.is_none();
    let checked = m.checked.clone().map(|when| {
        fill(
            if working {
                w.checked_ok
            } else {
                w.checked_failed
            },
            &[("when", &when)],
        )
    });
    let problems = [
        (w.smtp, m.smtp_problem.clone()),
        (w.imap, m.imap_problem.clone()),
    ]
    .into_iter()
    .filter_map(|(server, tag)| tag.map(|tag| format!("{server}{}{}", w.colon, w.problem(&tag))))
    .collect::<Vec<_>>();
    let id = m.id.clone();
    view! {
        <li class="account__browser mailbox" id=format!("mailbox-{}", m.id)>
            <div>
                <strong>{m.name.clone()}</strong>
                <p class="mailbox__address">{m.address.clone()}</p>
                <p class="account__when">{format!("{}{}{} · {}", w.servers, w.colon, m.smtp, m.imap)}</p>
                <p class="account__when">
                    {format!(
                        "{}{}{}",
                        w.sent_folder,
                        w.colon,
                        m.sent_folder.clone().unwrap_or_else(|| w.no_sent_folder.to_owned()),
                    )}
                </p>
                {checked.map(|c| view! { <p class="account__when" class:mailbox--bad=!working>{c}</p> })}
                <ul class="mailbox__problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </div>
            <div class="mailbox__actions">
                <form action=CheckMailbox::PATH method="post">
                    <input type="hidden" name="id" value=id.clone() />
                    <button type="submit" class="button button--small button--ghost">{w.test_again}</button>
                </form>
                <form action=RemoveMailbox::PATH method="post">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button button--small button--ghost">{w.remove}</button>
                </form>
            </div>
        </li>
    }
}

/// The connect form; after a refused post (JavaScript off) it comes back with what was typed
/// (never the password) and what went wrong.
#[component]
fn ConnectForm(query: Query, w: &'static Text) -> impl IntoView {
    let kept = |name: &str| query.get(name).unwrap_or_default();
    let bad: Vec<String> = kept("bad")
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let bad = std::sync::Arc::new(bad);
    let is_bad = {
        let bad = bad.clone();
        move |field: &str| bad.iter().any(|b| b == field)
    };
    let provider_bad = is_bad("provider");
    let failed = [(w.smtp, query.get("smtp")), (w.imap, query.get("imap"))]
        .into_iter()
        .filter_map(|(server, tag)| {
            tag.filter(|t| t != "ok")
                .map(|tag| format!("{server}{}{}", w.colon, w.problem(&tag)))
        })
        .collect::<Vec<_>>();
    let invalid = query.get("error").is_some();
    let provider = kept("provider");
    let text_field = move |name: &'static str,
                           label: &'static str,
                           hint: Option<&'static str>,
                           kind: &'static str,
                           value: String| {
        let bad = is_bad(name);
        view! {
            <div class="field" class:field--invalid=bad>
                <label class="field__label" for=name>{label}</label>
                <input id=name name=name type=kind value=value aria-invalid=bad.then_some("true") />
                {hint.map(|h| view! { <p class="field__hint">{h}</p> })}
            </div>
        }
    };
    let security = move |name: &'static str, chosen: String| {
        view! {
            <div class="field">
                <label class="field__label" for=name>{w.security}</label>
                <select id=name name=name>
                    <option value="start_tls" selected=chosen != "tls">{w.starttls}</option>
                    <option value="tls" selected=chosen == "tls">{w.tls}</option>
                </select>
            </div>
        }
    };
    view! {
        <section class="account__section" id="connect" aria-labelledby="connect-title">
            <h2 id="connect-title">{w.connect_title}</h2>
            <p class="account__hint">{w.connect_lead}</p>
            {(!failed.is_empty()).then(|| view! {
                <div class="alert alert--error" role="alert">
                    <p>{w.failed}</p>
                    <ul>{failed.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}</ul>
                </div>
            })}
            {invalid.then(|| view! { <p class="alert alert--error" role="alert">{w.invalid}</p> })}
            <form class="account__form" action=ConnectMailbox::PATH method="post">
                <div class="field" class:field--invalid=provider_bad>
                    <label class="field__label" for="provider">{w.provider}</label>
                    <select id="provider" name="provider">
                        {PRESETS.iter().map(|p| {
                            let label = if p.slug == "other" { w.other } else { p.name };
                            view! { <option value=p.slug selected=provider == p.slug>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field__hint">{w.microsoft}</p>
                </div>
                {text_field("address", w.address, None, "email", kept("address"))}
                {text_field("name", w.name, Some(w.name_hint), "text", kept("name"))}
                {text_field("password", w.password, Some(w.password_hint), "password", String::new())}
                <details class="mailboxes__advanced" open=provider == "other">
                    <summary>{w.advanced}</summary>
                    {text_field("username", w.username, Some(w.username_hint), "text", kept("username"))}
                    {text_field("smtp_host", w.smtp_host, None, "text", kept("smtp_host"))}
                    {text_field("smtp_port", w.port, None, "text", kept("smtp_port"))}
                    {security("smtp_security", kept("smtp_security"))}
                    {text_field("imap_host", w.imap_host, None, "text", kept("imap_host"))}
                    {text_field("imap_port", w.port, None, "text", kept("imap_port"))}
                    {security("imap_security", kept("imap_security"))}
                </details>
                <div class="field">
                    <label class="field__label" for="signature">{w.signature}</label>
                    <textarea id="signature" name="signature" rows="3">{raw_text(kept("signature"))}</textarea>
                    <p class="field__hint">{w.signature_hint}</p>
                </div>
                <button type="submit" class="button button--large">{w.submit}</button>
            </form>
        </section>
    }
}
