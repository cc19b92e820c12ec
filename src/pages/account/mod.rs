//! The account's pages: `/signin` and a sign-in link's page (`sign_in`), and `/account`: the
//! browsers signed in, signing out, and deleting the account. All server-rendered forms, no
//! script; their words are beside them (`text`), not in the islands' catalogue.

mod sign_in;
mod text;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::account::{
    AccountView, BrowserView, DeleteAccount, SignOut, SignOutOthers, account,
};
use crate::components::{
    i18n::use_lang, page_head::PageHead, query::use_query, raw_text::raw_text,
};
use crate::domain::i18n::fill;
pub use sign_in::{SignInLinkPage, SignInPage};
use text::{Text, text};

/// `/account`.
#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    let w = text(lang);
    let t = lang.t();
    let data = Resource::new(|| (), |_| account());
    let query = use_query().get_untracked();
    let welcome = query.get("welcome").is_some();
    let ended = query.get("ended").and_then(|n| n.parse::<u64>().ok());
    let delete_error = query.get("delete_error");
    let address_note = match (
        query.get("address").as_deref(),
        query.get("address_error").as_deref(),
    ) {
        (_, Some("too_long")) => Some((w.address_too_long, true)),
        (_, Some(_)) => Some((w.address_lines, true)),
        (Some("saved"), None) => Some((w.address_saved, false)),
        _ => None,
    };
    view! {
        <PageHead title=w.account_title description=w.account_lead />
        <section class="container narrow account">
            <header class="page-head">
                <p class="eyebrow">{w.eyebrow}</p>
                <h1>{w.account_title}</h1>
                <p class="lead">{w.account_lead}</p>
            </header>
            <Suspense fallback=|| ()>
                {move || {
                    let delete_error = delete_error.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(view)) => view! {
                                <Account view welcome ended delete_error address_note w />
                            }.into_any(),
                            Ok(None) => view! {
                                <p class="notice">{w.not_signed_in} " " <a href="/signin">{t.nav_sign_in}</a></p>
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
fn Account(
    view: AccountView,
    welcome: bool,
    ended: Option<u64>,
    delete_error: Option<String>,
    /// What became of the address form: its words, and whether it was refused.
    address_note: Option<(&'static str, bool)>,
    w: &'static Text,
) -> impl IntoView {
    let others = view.browsers.iter().filter(|b| !b.current).count();
    let email = view.email.clone();
    view! {
        {welcome.then(|| view! {
            <div class="notice notice--ok" role="status">
                <p>{fill(w.welcome, &[("email", &email)])}</p>
                <p class="account__next">
                    <a class="button" href="/history">{w.your_sequences}</a>
                    <a class="button button--ghost" href="/generate">{w.write}</a>
                </p>
            </div>
        })}
        {ended.map(|n| view! { <p class="notice notice--ok" role="status">{fill(w.ended, &[("n", &n)])}</p> })}
        {(!welcome).then(|| view! {
            <p class="account__email">{fill(w.signed_in_as, &[("email", &view.email)])}</p>
        })}
        <p><a href="/mailboxes">{w.mailboxes_link}</a></p>
        <p><a href="/campaigns">{w.campaigns_link}</a></p>
        <section class="account__section" aria-labelledby="browsers">
            <h2 id="browsers">{w.browsers_title}</h2>
            <p class="account__hint">{w.browsers_lead}</p>
            <ul class="account__browsers">
                {view.browsers.into_iter().map(|b| view! { <Browser b w /> }).collect_view()}
            </ul>
            {(others > 0).then(|| view! {
                <form action=SignOutOthers::PATH method="post">
                    <button type="submit" class="button button--ghost">{w.sign_out_others}</button>
                </form>
            })}
        </section>
        <section class="account__section" id="address" aria-labelledby="address-title">
            <h2 id="address-title">{w.address_title}</h2>
            <p class="account__hint">{w.address_lead}</p>
            <form action="/account/address" method="post" class="account__form">
                <div class="field" class:field--invalid=address_note.is_some_and(|(_, bad)| bad)>
                    <label class="field__label" for="postal_address">{w.address_label}</label>
                    <textarea id="postal_address" name="postal_address" rows="3" maxlength="400"
                        aria-describedby="address-message"
                        aria-invalid=address_note.is_some_and(|(_, bad)| bad).then_some("true")>
                        {raw_text(view.postal_address.clone().unwrap_or_default())}
                    </textarea>
                    <p id="address-message" class="field__message" role=address_note.is_some_and(|(_, bad)| bad).then_some("alert")>
                        {address_note.filter(|(_, bad)| *bad).map(|(words, _)| words)}
                    </p>
                </div>
                {address_note.filter(|(_, bad)| !*bad).map(|(words, _)| view! { <p class="notice notice--ok" role="status">{words}</p> })}
                <button type="submit" class="button button--ghost">{w.address_save}</button>
            </form>
        </section>
        <section class="account__section account__danger" id="delete" aria-labelledby="delete-title">
            <h2 id="delete-title">{w.delete_title}</h2>
            <p>{w.delete_text}</p>
            {if view.subscribed {
                let t = use_lang().t();
                view! { <p class="notice">{w.delete_subscribed} " " <a href="/pricing">{t.nav_pricing}</a></p> }.into_any()
            } else {
                let mismatch = delete_error.as_deref() == Some("confirm");
                view! {
                    <form action=DeleteAccount::PATH method="post" class="account__form">
                        <div class="field" class:field--invalid=mismatch>
                            <label class="field__label" for="confirm">{w.delete_confirm_label}</label>
                            <input id="confirm" name="confirm" type="email" autocomplete="off" required
                                aria-describedby="confirm-message"
                                aria-invalid=mismatch.then_some("true") />
                            <p id="confirm-message" class="field__message" role="alert">
                                {mismatch.then_some(w.delete_mismatch)}
                            </p>
                        </div>
                        <button type="submit" class="button button--danger">{w.delete_button}</button>
                    </form>
                }.into_any()
            }}
        </section>
    }
}

/// One signed-in browser, with its own sign-out.
#[component]
fn Browser(b: BrowserView, w: &'static Text) -> impl IntoView {
    let name = if b.agent.is_empty() {
        w.unknown_browser.to_owned()
    } else {
        b.agent.clone()
    };
    let action = if b.current {
        SignOut::PATH
    } else {
        SignOutOthers::PATH
    };
    view! {
        <li class="account__browser">
            <div>
                <strong>{name}</strong>
                {b.current.then(|| view! { " " <span class="badge">{w.this_browser}</span> })}
                <p class="account__when">
                    {fill(w.browser_signed_in, &[("when", &b.signed_in)])} " · "
                    {fill(w.browser_seen, &[("when", &b.last_seen)])}
                </p>
            </div>
            <form action=action method="post">
                {(!b.current).then(|| view! { <input type="hidden" name="login" value=b.id.clone() /> })}
                <button type="submit" class="button button--small button--ghost">
                    {w.sign_out}
                </button>
            </form>
        </li>
    }
}

/// What the privacy page says about accounts, sign-in and share links (rendered there).
#[component]
pub fn PrivacyAccounts() -> impl IntoView {
    let w = text(use_lang());
    view! {
        <h2>{w.privacy_title}</h2>
        <p>{w.privacy_email}</p>
        <p>{w.privacy_browsers}</p>
        <p>{w.privacy_shares}</p>
        <p>{w.privacy_delete}</p>
    }
}
