//! Accounts: sign in by email with a one-time link, so a founder's plan and work follow them to
//! any browser. Anonymous use is unchanged: nobody signs up before they have seen what ColdCopy
//! writes, and signing in moves the browser's anonymous work into the account.
//!
//! - `links`: the one-time links (hashed, single use, short-lived); `email`: the message.
//! - `logins`: the browsers signed in, each with a token of its own.
//! - `store`: the accounts, made or joined at sign-in; deleted with all they hold.
//! - `tokens`: the 256-bit secrets and their hashes; `agent`: a browser's coarse name.
//!
//! The typed address is made canonical by `domain::address`, which the page shares.

pub mod agent;
pub mod email;
pub mod links;
pub mod logins;
pub mod store;
pub mod tokens;

use std::net::IpAddr;

use crate::domain::address;
use crate::domain::error::{AppError, FieldError};
use crate::domain::i18n::Lang;
use crate::domain::ids::SessionId;
use crate::server::internal;
use crate::server::platform::state::AppState;
use crate::server::quota::limits::{Decision, RateLimiter};

/// The sign-in links' own limits: per address (so nobody's inbox is flooded) and per client IP.
#[derive(Clone)]
pub struct SignInLimits {
    pub per_address: RateLimiter,
    pub per_ip: RateLimiter,
}

/// Mails a sign-in link to the address typed into the form. The answer is the same whether or
/// not an account exists for it (none is looked up here), so the form tells nobody who has one.
pub async fn send_link(
    state: &AppState,
    typed: &str,
    lang: Lang,
    ip: IpAddr,
    base: &str,
) -> Result<(), AppError> {
    let Some(relay) = &state.relay else {
        return Err(AppError::SignInDisabled);
    };
    let email = address::canonical(typed).map_err(|refusal| AppError::Invalid {
        fields: vec![FieldError {
            field: "email".into(),
            message: refusal.message(lang).into(),
        }],
    })?;
    for (limiter, key) in [
        (&state.sign_in.per_ip, ip.to_string()),
        (&state.sign_in.per_address, email.clone()),
    ] {
        if let Decision::Limited { retry_after } = limiter.hit(&key).await {
            return Err(AppError::RateLimited {
                retry_after: retry_after.as_secs().max(1),
            });
        }
    }
    let mail = &state.settings.mail;
    let token = links::create(&state.writer, &email, mail.link_lifetime)
        .await
        .map_err(internal("storing a sign-in link"))?;
    let link = format!("{base}/signin/{token}");
    let message = email::sign_in(&email, &link, mail.link_lifetime.as_secs() / 60, lang);
    match relay.send(message).await {
        Ok(_) => {
            state.metrics.mail("sign_in", "sent");
            tracing::info!("a sign-in link was sent");
            Ok(())
        }
        Err(err) => {
            state.metrics.mail("sign_in", "failed");
            tracing::error!(error = %err, "a sign-in link could not be sent");
            Err(AppError::MailFailed)
        }
    }
}

/// Signs this browser in with a link's token: uses the link (once, on any server), joins or
/// makes the account with the browser's anonymous work, and answers the new login's token for
/// the cookie. `None` when the link is unknown, expired or used.
pub async fn confirm(
    state: &AppState,
    token: &str,
    anonymous: Option<&SessionId>,
    user_agent: &str,
) -> Result<Option<String>, AppError> {
    let Some(email) = links::consume(&state.writer, token)
        .await
        .map_err(internal("using a sign-in link"))?
    else {
        return Ok(None);
    };
    let signed_in = store::sign_in(
        &state.reader,
        &state.writer,
        &email,
        anonymous,
        state.settings.limits.free_sequences,
    )
    .await
    .map_err(internal("signing in to an account"))?;
    let login = logins::create(
        &state.writer,
        &signed_in.account.id,
        &agent::coarse(user_agent),
    )
    .await
    .map_err(internal("recording a login"))?;
    tracing::info!(
        new_account = signed_in.new,
        moved = signed_in.moved,
        "a browser signed in"
    );
    Ok(Some(login))
}

/// A login to the account whose work lives on `session` (a restore link's session that has
/// since moved into an account: the link was already as good as a sign-in); `None` when the
/// session is anonymous.
pub async fn login_for_session(
    state: &AppState,
    session: &SessionId,
    user_agent: &str,
) -> Result<Option<String>, AppError> {
    let Some(account) = store::of_session(&state.reader, session)
        .await
        .map_err(internal("reading a restored session's account"))?
    else {
        return Ok(None);
    };
    let login = logins::create(&state.writer, &account, &agent::coarse(user_agent))
        .await
        .map_err(internal("signing in with a restore link"))?;
    Ok(Some(login))
}
