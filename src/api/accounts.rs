//! Signing in: ask for a sign-in link and confirm it (`account` has the rest). Every call works
//! as a plain form post (JavaScript off): it answers with a redirect.

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
    let current = ctx.existing_session().await?;
    let previous = current.as_ref().and_then(|s| s.account.clone());
    let anonymous = current
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
            // Signed in as someone else before: that login ends (its cookie is replaced).
            if let Some(before) = previous {
                use crate::server::accounts::logins::{self, Which};
                logins::end(
                    &ctx.state.writer,
                    &before.account_id,
                    Which::Only(&before.login_id),
                )
                .await
                .map_err(crate::server::internal("ending the previous login"))?;
            }
            ctx.sign_in_browser(&login);
            Ok(())
        }
        None => Err(AppError::NotFound),
    };
    let back = format!("/signin/{}", encode(token.trim()));
    ctx.redirect_form_post(&result, |_| "/account?welcome=1".to_owned(), |_| back);
    result
}

/// Text made safe for a query string.
#[cfg(feature = "ssr")]
fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
