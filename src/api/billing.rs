//! Plans and payments: the pricing data, Stripe Checkout, the success page's status, the
//! billing portal and restore links. A plan is never granted here: only the verified webhook
//! grants (see `server::webhook`).
//!
//! The POST functions answer JSON to the hydrated page and, for a plain HTML form post
//! (JavaScript off), redirect: to Stripe, or back with `?payment_error=<tag>`.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::domain::{
    error::AppError,
    plans::{CheckoutStatus, Pricing},
};

/// Every plan, the caller's own, and whether this server can sell them; with `account`, also
/// whether the caller has a Stripe customer and a live restore link (the pricing page's own
/// card: the paywall shows only the plans and spares those two queries).
#[server(endpoint = "pricing", input = GetUrl)]
pub async fn load_pricing(#[server(default)] account: bool) -> Result<Pricing, AppError> {
    use super::context::RequestContext;
    use crate::domain::session::Plan;
    use crate::server::billing::{offers, purchases, restore};
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let state = &ctx.state;
    let session = ctx.existing_session().await?;
    let (current, can_manage, restore_link_live) = match &session {
        Some(session) if !account => (session.plan, false, false),
        Some(session) => (
            session.plan,
            purchases::customer(&state.reader, &session.id)
                .await
                .map_err(internal("finding a Stripe customer"))?
                .is_some(),
            restore::restore_links(&state.reader, &session.id)
                .await
                .map_err(internal("finding restore links"))?
                .live,
        ),
        None => (Plan::Free, false, false),
    };
    Ok(Pricing {
        offers: offers::offers(&state.settings),
        payments_enabled: state.stripe.is_some(),
        current,
        can_manage: can_manage && state.stripe.is_some(),
        restore_link_live,
    })
}

/// Starts a Stripe Checkout for `plan` (`starter` or `pro`); answers the address to pay at.
#[server(endpoint = "checkout")]
pub async fn checkout(#[server(default)] plan: String) -> Result<String, AppError> {
    use super::context::RequestContext;
    use crate::server::billing::checkout;
    use crate::server::quota::session_for;

    let ctx = RequestContext::current()?;
    let result = async {
        let plan = checkout::parse_plan(&plan)?;
        if ctx.state.stripe.is_none() {
            return Err(AppError::PaymentsDisabled);
        }
        let (session, created) =
            session_for(&ctx.state, &ctx.parts.headers, ctx.client_ip()).await?;
        if created {
            ctx.set_session_cookie(&session.id);
        }
        checkout::start(&ctx.state, &session, plan, &ctx.public_base()).await
    }
    .await;
    finish(&ctx, result)
}

/// Where the Checkout `session_id` stands, for the caller's session only. Looks the session up
/// at Stripe (it must be ours and this browser's) until the webhook has granted the plan; the
/// first look after the grant also makes the restore link, shown this once.
#[server(endpoint = "checkout/status", input = GetUrl)]
pub async fn payment_status(session_id: String) -> Result<CheckoutStatus, AppError> {
    use super::context::RequestContext;
    use crate::server::billing::checkout;

    let ctx = RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    checkout::status(&ctx.state, &session, &session_id, &ctx.public_base()).await
}

/// The Stripe billing portal for the caller's customer (manage or cancel Pro).
#[server(endpoint = "billing/portal")]
pub async fn billing_portal() -> Result<String, AppError> {
    use super::context::RequestContext;
    use crate::server::billing::purchases;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let result = async {
        let state = &ctx.state;
        let Some(stripe) = &state.stripe else {
            return Err(AppError::PaymentsDisabled);
        };
        let Some(session) = ctx.existing_session().await? else {
            return Err(AppError::NotFound);
        };
        let customer = purchases::customer(&state.reader, &session.id)
            .await
            .map_err(internal("finding a Stripe customer"))?
            .ok_or(AppError::NotFound)?;
        let return_url = format!("{}/pricing", ctx.public_base());
        stripe
            .create_portal(&customer, &return_url)
            .await
            .map_err(|err| {
                tracing::error!(error = %err, "could not open the billing portal");
                AppError::PaymentFailed
            })
    }
    .await;
    finish(&ctx, result)
}

/// A new restore link for the caller's paid plan (any earlier one stops working); shown once.
#[server(endpoint = "restore/new")]
pub async fn new_restore_link() -> Result<String, AppError> {
    use super::context::RequestContext;
    use crate::domain::session::Plan;
    use crate::server::billing::restore;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let session = ctx
        .existing_session()
        .await?
        .filter(|s| s.plan != Plan::Free)
        .ok_or(AppError::NotFound)?;
    let token = restore::new_restore_token(&ctx.state.writer, &session.id)
        .await
        .map_err(internal("making a restore link"))?;
    Ok(format!("{}/restore/{token}", ctx.public_base()))
}

/// Revokes the caller's restore links; answers how many still worked.
#[server(endpoint = "restore/revoke")]
pub async fn revoke_restore_links() -> Result<u64, AppError> {
    use super::context::RequestContext;
    use crate::server::billing::restore;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Ok(0);
    };
    let revoked = restore::revoke_restore_tokens(&ctx.state.writer, &session.id)
        .await
        .map_err(internal("revoking restore links"))?;
    ctx.redirect_form_post_to("/pricing?restore=revoked");
    Ok(revoked)
}

/// Attaches the paid plan behind a restore link to this browser: its cookie now names the
/// paid session, and any sequences this browser wrote move there too.
#[server(endpoint = "restore")]
pub async fn restore(#[server(default)] token: String) -> Result<(), AppError> {
    use super::context::RequestContext;
    use crate::server::billing::restore;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let result = async {
        let token = token.trim();
        if token.is_empty() || token.len() > 128 {
            return Err(AppError::NotFound);
        }
        let target = restore::restore_target(&ctx.state.reader, token)
            .await
            .map_err(internal("reading a restore link"))?
            .ok_or(AppError::NotFound)?;
        let own = ctx.existing_session().await?;
        let moved = restore::merge_into(
            &ctx.state.writer,
            own.as_ref().map(|s| &s.id),
            &target,
            ctx.state.settings.limits.free_sequences,
        )
        .await
        .map_err(internal("moving sequences to a restored session"))?;
        // A plan that has since moved into an account: the link signs this browser in to it.
        match crate::server::accounts::login_for_session(&ctx.state, &target, ctx.user_agent())
            .await?
        {
            Some(login) => ctx.sign_in_browser(&login),
            None => ctx.set_session_cookie(&target),
        }
        tracing::info!(moved, "a paid plan was restored to a browser");
        Ok("/pricing?restore=done".to_owned())
    }
    .await;
    finish(&ctx, result).map(|_| ())
}

/// Sends a form post (JavaScript off) on its way: to `Ok`'s address, or back to the page it
/// came from with the error's tag. Answers the result unchanged for the hydrated page.
#[cfg(feature = "ssr")]
fn finish(
    ctx: &super::context::RequestContext,
    result: Result<String, AppError>,
) -> Result<String, AppError> {
    ctx.redirect_form_post(&result, String::clone, |err| {
        let back = ctx
            .referring_path()
            .unwrap_or_else(|| "/pricing".to_owned());
        format!("{back}?payment_error={}", err.tag())
    });
    result
}
