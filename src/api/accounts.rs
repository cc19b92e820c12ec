//! Accounts: ask for a sign-in link, confirm it, see and end the browsers signed in, delete the
//! account. Every call works as a plain form post (JavaScript off): it answers with a redirect.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;

/// What the sign-in page needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInInfo {
    /// This server can send mail.
    pub enabled: bool,
    /// The address this browser is signed in as, if it is.
    pub signed_in_as: Option<String>,
    /// How long a link works.
    pub link_minutes: u64,
}

/// A sign-in link as its page finds it (nothing is changed by looking).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkView {
    Valid { email: String },
    Expired,
    Used,
    Unknown,
}

/// One browser signed in to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserView {
    pub id: String,
    /// "Firefox · Linux"; empty when not recognised.
    pub agent: String,
    pub signed_in: String,
    pub last_seen: String,
    /// The browser asking.
    pub current: bool,
}

/// The account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub email: String,
    pub browsers: Vec<BrowserView>,
    /// A Pro subscription runs: it must be cancelled before the account is deleted.
    pub subscribed: bool,
}

#[server(endpoint = "signin/status", input = GetUrl)]
pub async fn sign_in_status() -> Result<SignInInfo, AppError> {
    let ctx = super::context::RequestContext::current()?;
    let session = ctx.existing_session().await?;
    Ok(SignInInfo {
        enabled: ctx.state.relay.is_some(),
        signed_in_as: session.and_then(|s| s.account).map(|a| a.email),
        link_minutes: ctx.state.settings.mail.link_lifetime.as_secs() / 60,
    })
}

/// Mails a sign-in link. The same answer whether or not the address has an account.
#[server(endpoint = "signin/request")]
pub async fn request_sign_in(#[server(default)] email: String) -> Result<(), AppError> {
    let ctx = super::context::RequestContext::current()?;
    let result = crate::server::accounts::send_link(
        &ctx.state,
        &email,
        ctx.lang(),
        ctx.client_ip(),
        &ctx.public_base(),
    )
    .await;
    let typed = encode(email.trim());
    ctx.redirect_form_post(
        &result,
        |_| format!("/signin?sent={typed}"),
        |err| format!("/signin?error={}&email={typed}", err.tag()),
    );
    result
}

#[server(endpoint = "signin/link", input = GetUrl)]
pub async fn sign_in_link(token: String) -> Result<LinkView, AppError> {
    use crate::server::accounts::links::{self, LinkState};
    let ctx = super::context::RequestContext::current()?;
    let state = links::peek(&ctx.state.reader, &token)
        .await
        .map_err(crate::server::internal("reading a sign-in link"))?;
    Ok(match state {
        LinkState::Valid { email } => LinkView::Valid { email },
        LinkState::Expired => LinkView::Expired,
        LinkState::Used => LinkView::Used,
        LinkState::Unknown => LinkView::Unknown,
    })
}

/// Signs this browser in with the link's token (a POST: opening the link signs nobody in).
#[server(endpoint = "signin/confirm")]
pub async fn confirm_sign_in(#[server(default)] token: String) -> Result<(), AppError> {
    let ctx = super::context::RequestContext::current()?;
    let anonymous = ctx
        .existing_session()
        .await?
        .filter(|session| session.account.is_none())
        .map(|session| session.id);
    let login = crate::server::accounts::confirm(
        &ctx.state,
        token.trim(),
        anonymous.as_ref(),
        ctx.user_agent(),
    )
    .await?;
    let result = match login {
        Some(login) => {
            ctx.sign_in_browser(&login);
            Ok(())
        }
        None => Err(AppError::NotFound),
    };
    let back = format!("/signin/{}", encode(token.trim()));
    ctx.redirect_form_post(&result, |_| "/account?welcome=1".to_owned(), |_| back);
    result
}

#[server(endpoint = "account", input = GetUrl)]
pub async fn account() -> Result<Option<AccountView>, AppError> {
    use crate::server::{accounts::logins, platform::time_zone};
    let ctx = super::context::RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Ok(None);
    };
    let Some(me) = session.account else {
        return Ok(None);
    };
    let zone = ctx.time_zone();
    let lang = ctx.lang();
    let browsers = logins::list(&ctx.state.reader, &me.account_id)
        .await
        .map_err(crate::server::internal("listing logins"))?
        .into_iter()
        .map(|login| BrowserView {
            current: login.id == me.login_id,
            signed_in: time_zone::label(login.created_at, zone.as_ref(), lang),
            last_seen: time_zone::label(login.last_seen_at, zone.as_ref(), lang),
            id: login.id,
            agent: login.agent,
        })
        .collect();
    Ok(Some(AccountView {
        email: me.email,
        browsers,
        subscribed: session.plan == crate::domain::session::Plan::Pro,
    }))
}

/// Signs this browser out; it goes on as an anonymous visitor.
#[server(endpoint = "signout")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::accounts::logins::{self, Which};
    let ctx = super::context::RequestContext::current()?;
    if let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) {
        logins::end(&ctx.state.writer, &me.account_id, Which::Only(&me.login_id))
            .await
            .map_err(crate::server::internal("signing out"))?;
    }
    ctx.sign_out_browser();
    ctx.redirect_form_post(
        &Ok::<(), AppError>(()),
        |_| "/signin?signed_out=1".to_owned(),
        |_| "/signin".to_owned(),
    );
    Ok(())
}

/// Signs out every browser of the account but this one (`login` empty), or the one named.
#[server(endpoint = "signout/others")]
pub async fn sign_out_others(#[server(default)] login: String) -> Result<u64, AppError> {
    use crate::server::accounts::logins::{self, Which};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        ctx.redirect_form_post(
            &Err::<(), _>(AppError::NotFound),
            |_| String::new(),
            |_| "/signin".to_owned(),
        );
        return Err(AppError::NotFound);
    };
    let which = if login.is_empty() || login == me.login_id {
        Which::AllBut(&me.login_id)
    } else {
        Which::Only(&login)
    };
    let ended = logins::end(&ctx.state.writer, &me.account_id, which)
        .await
        .map_err(crate::server::internal("signing out other browsers"))?;
    ctx.redirect_form_post(
        &Ok::<(), AppError>(()),
        |_| format!("/account?ended={ended}"),
        |_| "/account".to_owned(),
    );
    Ok(ended)
}

/// Deletes the account and everything in it, once confirmed (`confirm` is the account's
/// address, typed again). Refused while a Pro subscription runs: it must be cancelled first.
#[server(endpoint = "account/delete")]
pub async fn delete_account(#[server(default)] confirm: String) -> Result<(), AppError> {
    use crate::domain::error::FieldError;
    let ctx = super::context::RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    let Some(me) = session.account.clone() else {
        return Err(AppError::NotFound);
    };
    let result = if session.plan == crate::domain::session::Plan::Pro {
        Err("subscribed")
    } else if confirm.trim().to_lowercase() != me.email {
        Err("confirm")
    } else {
        Ok(())
    };
    if let Err(tag) = result {
        ctx.redirect_form_post(
            &Err::<(), _>(AppError::NotFound),
            |_| String::new(),
            |_| format!("/account?delete_error={tag}#delete"),
        );
        return Err(AppError::Invalid {
            fields: vec![FieldError {
                field: "confirm".into(),
                message: tag.into(),
            }],
        });
    }
    crate::server::accounts::store::delete(&ctx.state.writer, &session.id)
        .await
        .map_err(crate::server::internal("deleting an account"))?;
    tracing::info!("an account was deleted");
    ctx.sign_out_browser();
    ctx.redirect_form_post(
        &Ok::<(), AppError>(()),
        |_| "/signin?deleted=1".to_owned(),
        |_| "/signin".to_owned(),
    );
    Ok(())
}

/// Text made safe for a query string.
#[cfg(feature = "ssr")]
fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
