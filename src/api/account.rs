//! The account page: the browsers signed in, signing out (this one, another, every other) and
//! deleting the account. Every call works as a plain form post (JavaScript off).

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;

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
    /// The postal address the account's campaign emails end with.
    pub postal_address: Option<String>,
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
    let postal_address = crate::server::campaigns::address::load(&ctx.state.reader, &me.account_id)
        .await
        .map_err(crate::server::internal("loading the postal address"))?;
    Ok(Some(AccountView {
        postal_address,
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
    ctx.redirect_form_post_to("/signin?signed_out=1");
    Ok(())
}

/// Signs out every browser of the account but this one (`login` empty), or the one named.
#[server(endpoint = "signout/others")]
pub async fn sign_out_others(#[server(default)] login: String) -> Result<u64, AppError> {
    use crate::server::accounts::logins::{self, Which};
    let ctx = super::context::RequestContext::current()?;
    let Some(me) = ctx.existing_session().await?.and_then(|s| s.account) else {
        ctx.redirect_form_post_to("/signin");
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
    ctx.redirect_form_post_to(&format!("/account?ended={ended}"));
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
        ctx.redirect_form_post_to(&format!("/account?delete_error={tag}#delete"));
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
    ctx.redirect_form_post_to("/signin?deleted=1");
    Ok(())
}
