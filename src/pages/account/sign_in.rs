//! `/signin`: ask for a sign-in link; `/signin/{token}`: the link's page, which signs in only
//! when its button is pressed (a POST), so a mail scanner that opens the link signs nobody in.
//! Both are server-rendered forms: no script.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

use super::text::text;
use crate::api::accounts::{ConfirmSignIn, LinkView, RequestSignIn, sign_in_link, sign_in_status};
use crate::components::{i18n::use_lang, page_head::PageHead, query::use_query};
use crate::domain::{address, error::AppError, i18n::fill};

/// The sign-in form, with what happened last (a link sent, an error, signed out).
#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let w = text(lang);
    let t = lang.t();
    let status = Resource::new(|| (), |_| sign_in_status());
    let query = use_query().get_untracked();
    let sent = query.get("sent");
    let typed = query
        .get("email")
        .or_else(|| sent.clone())
        .unwrap_or_default();
    let error = query.get("error").map(|tag| match tag.as_str() {
        // The field's own words, as the server refused it.
        "invalid" => address::canonical(&typed)
            .err()
            .map_or(t.error_invalid, |refusal| refusal.message(lang))
            .to_owned(),
        "rate_limited" => AppError::RateLimited { retry_after: 3_600 }.message(t),
        tag => AppError::from_tag(tag)
            .unwrap_or(AppError::Internal)
            .message(t),
    });
    let invalid = query.get("error").as_deref() == Some("invalid");
    let notice = if query.get("signed_out").is_some() {
        Some(w.signed_out)
    } else if query.get("deleted").is_some() {
        Some(w.deleted)
    } else {
        None
    };
    view! {
        <PageHead title=w.sign_in_title description=w.sign_in_lead />
        <section class="container narrow account">
            <header class="page-head">
                <p class="eyebrow">{w.eyebrow}</p>
                <h1>{w.sign_in_title}</h1>
                <p class="lead">{w.sign_in_lead}</p>
            </header>
            {notice.map(|n| view! { <p class="notice notice--ok" role="status">{n}</p> })}
            <Suspense fallback=|| ()>
                {move || {
                    let (sent, typed, error) = (sent.clone(), typed.clone(), error.clone());
                    Suspend::new(async move {
                    match status.await {
                        Ok(status) if !status.enabled => view! {
                            <p class="alert alert--error" role="alert">{AppError::SignInDisabled.message(t)}</p>
                        }.into_any(),
                        Ok(status) => {
                            let minutes = status.link_minutes;
                            let sent = sent.map(|email| view! {
                                <div class="notice notice--ok account__sent" role="status">
                                    <h2>{w.sent_title}</h2>
                                    <p>{fill(w.sent_text, &[("email", &email), ("minutes", &minutes)])}</p>
                                </div>
                            });
                            let signed_in = status.signed_in_as.map(|email| view! {
                                <p class="notice">
                                    {fill(w.signed_in_as, &[("email", &email)])} " "
                                    <a href="/account">{w.open_account}</a>
                                </p>
                            });
                            view! {
                                {sent}
                                {signed_in}
                                <SignInForm typed error invalid />
                            }.into_any()
                        }
                        Err(err) => view! { <p class="alert alert--error" role="alert">{err.message(t)}</p> }.into_any(),
                    }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The address and the button; a refused address is named on its field.
#[component]
fn SignInForm(typed: String, error: Option<String>, invalid: bool) -> impl IntoView {
    let w = text(use_lang());
    let (field_error, page_error) = if invalid {
        (error, None)
    } else {
        (None, error)
    };
    view! {
        {page_error.map(|e| view! { <p class="alert alert--error" role="alert">{e}</p> })}
        <form class="account__form" action=RequestSignIn::PATH method="post">
            <div class="field" class:field--invalid=invalid>
                <div class="field__top">
                    <label class="field__label" for="email">{w.email_label}</label>
                </div>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="email"
                    inputmode="email"
                    required
                    maxlength="254"
                    value=typed
                    aria-describedby="email-hint email-message"
                    aria-invalid=invalid.then_some("true")
                />
                <p id="email-hint" class="field__hint">{w.email_hint}</p>
                <p id="email-message" class="field__message" role="alert">{field_error}</p>
            </div>
            <button type="submit" class="button button--large">{w.send_button}</button>
        </form>
    }
}

/// A sign-in link's page: what the link can do, and the button that does it.
#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let w = text(use_lang());
    let t = use_lang().t();
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let link = Resource::new(move || (), {
        let token = token.clone();
        move |_| sign_in_link(token.clone())
    });
    view! {
        <PageHead title=w.confirm_title description=w.sign_in_lead />
        <section class="container narrow account">
            <Suspense fallback=|| ()>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(LinkView::Valid { email }) => view! {
                                <header class="page-head">
                                    <p class="eyebrow">{w.eyebrow}</p>
                                    <h1>{fill(w.confirm_heading, &[("email", &email)])}</h1>
                                    <p class="lead">{w.confirm_text}</p>
                                </header>
                                <form action=ConfirmSignIn::PATH method="post">
                                    <input type="hidden" name="token" value=token />
                                    <button type="submit" class="button button--large">{w.confirm_button}</button>
                                </form>
                            }.into_any(),
                            Ok(other) => {
                                let (heading, body) = match other {
                                    LinkView::Expired => (w.expired_heading, w.expired_text),
                                    LinkView::Used => (w.used_heading, w.used_text),
                                    _ => (w.unknown_heading, w.unknown_text),
                                };
                                view! {
                                    <header class="page-head">
                                        <p class="eyebrow">{w.eyebrow}</p>
                                        <h1>{heading}</h1>
                                        <p class="lead">{body}</p>
                                    </header>
                                    <a class="button button--large" href="/signin">{w.ask_again}</a>
                                }.into_any()
                            }
                            Err(err) => view! { <p class="alert alert--error" role="alert">{err.message(t)}</p> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
