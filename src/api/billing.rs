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

/// Every plan, the caller's own, and whether this server can sell them.
#[server(endpoint = "pricing", input = GetUrl)]
pub async fn load_pricing() -> Result<Pricing, AppError> {
    use super::context::RequestContext;
    use crate::domain::session::Plan;
    use crate::server::billing::plans;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let state = &ctx.state;
    let session = ctx.existing_session().await?;
    let (current, can_manage, restore_link_live) = match &session {
        Some(session) => (
            session.plan,
            plans::customer(&state.pool, &session.id)
                .await
                .map_err(internal("finding a Stripe customer"))?
                .is_some(),
            plans::restore_links(&state.pool, &session.id)
                .await
                .map_err(internal("finding restore links"))?
                .live,
        ),
        None => (Plan::Free, false, false),
    };
    Ok(Pricing {
        offers: plans::offers(&state.settings),
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
    use crate::domain::{error::FieldError, session::Plan};
    use crate::server::billing::plans;
    use crate::server::billing::stripe::{CheckoutMode, NewCheckout};
    use crate::server::internal;
    use crate::server::quota::session_for;

    let ctx = RequestContext::current()?;
    let result = async {
        let state = &ctx.state;
        let plan = match Plan::parse(plan.trim()) {
            Some(plan @ (Plan::Starter | Plan::Pro)) => plan,
            _ => {
                return Err(AppError::Invalid {
                    fields: vec![FieldError {
                        field: "plan".into(),
                        message: "Plan must be starter or pro.".into(),
                    }],
                });
            }
        };
        let Some(stripe) = &state.stripe else {
            return Err(AppError::PaymentsDisabled);
        };
        let (session, created) = session_for(state, &ctx.parts.headers, ctx.client_ip()).await?;
        if created {
            ctx.set_session_cookie(&session.id);
        }
        let plans = &state.settings.plans;
        let (mode, price_id, sequences) = match plan {
            Plan::Pro => (CheckoutMode::Subscription, &plans.pro_price_id, 0),
            _ => (
                CheckoutMode::Payment,
                &plans.starter_price_id,
                plans.starter_sequences,
            ),
        };
        let price_id = price_id.as_deref().ok_or(AppError::PaymentsDisabled)?;
        let base = ctx.public_base();
        let success_url = format!("{base}/billing/success?session_id={{CHECKOUT_SESSION_ID}}");
        let cancel_url = format!("{base}/billing/cancel");
        let idempotency_key = uuid::Uuid::new_v4().to_string();
        let created = stripe
            .create_checkout(&NewCheckout {
                mode,
                price_id,
                plan,
                session_id: &session.id,
                success_url: &success_url,
                cancel_url: &cancel_url,
                idempotency_key: &idempotency_key,
            })
            .await
            .map_err(|err| {
                tracing::error!(error = %err, "could not create a Stripe Checkout Session");
                AppError::PaymentFailed
            })?;
        let Some(url) = created.url.clone() else {
            tracing::error!(checkout = %created.id, "Stripe created a Checkout Session without a URL");
            return Err(AppError::PaymentFailed);
        };
        plans::record_checkout(&state.pool, &created.id, &session.id, plan, sequences)
            .await
            .map_err(internal("recording a checkout"))?;
        tracing::info!(plan = plan.as_str(), "checkout started");
        Ok(url)
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
    use crate::domain::{plans::PaymentState, session::Plan};
    use crate::server::billing::plans;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let state = &ctx.state;
    let checkout_id = session_id.trim();
    let Some(session) = ctx.existing_session().await? else {
        return Err(AppError::NotFound);
    };
    if checkout_id.is_empty() || checkout_id.len() > 255 {
        return Err(AppError::NotFound);
    }
    let recorded = plans::purchase(&state.pool, checkout_id)
        .await
        .map_err(internal("finding a purchase"))?;
    let (plan, status) = match recorded {
        Some(purchase) if purchase.session_id == session.id => (purchase.plan, purchase.status),
        Some(_) => return Err(AppError::NotFound),
        None => (Plan::Starter, "open".to_owned()),
    };
    let payment = match status.as_str() {
        "paid" => PaymentState::Paid,
        "failed" => PaymentState::Failed,
        _ => PaymentState::Confirming,
    };
    let plan = if payment == PaymentState::Paid {
        plan
    } else {
        // Not granted yet: ask Stripe whether this Checkout exists and is this browser's.
        let Some(stripe) = &state.stripe else {
            return Err(AppError::PaymentsDisabled);
        };
        let found = stripe.retrieve_checkout(checkout_id).await.map_err(|err| {
            if err.is_not_found() {
                AppError::NotFound
            } else {
                tracing::error!(error = %err, "could not look up a Checkout Session");
                AppError::PaymentFailed
            }
        })?;
        if found.client_reference_id.as_deref() != Some(session.id.as_str()) {
            return Err(AppError::NotFound);
        }
        found.plan().unwrap_or(plan)
    };
    let restore_url = if payment == PaymentState::Paid
        && !plans::restore_links(&state.pool, &session.id)
            .await
            .map_err(internal("finding restore links"))?
            .ever
    {
        let token = plans::new_restore_token(&state.pool, &session.id)
            .await
            .map_err(internal("making a restore link"))?;
        Some(format!("{}/restore/{token}", ctx.public_base()))
    } else {
        None
    };
    let name = plans::offers(&state.settings)
        .into_iter()
        .find(|o| o.plan == plan)
        .map(|o| o.name)
        .unwrap_or_else(|| plan.label().to_owned());
    Ok(CheckoutStatus {
        plan,
        name,
        state: payment,
        restore_url,
    })
}

/// The Stripe billing portal for the caller's customer (manage or cancel Pro).
#[server(endpoint = "billing/portal")]
pub async fn billing_portal() -> Result<String, AppError> {
    use super::context::RequestContext;
    use crate::server::billing::plans;
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
        let customer = plans::customer(&state.pool, &session.id)
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
    use crate::server::billing::plans;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let session = ctx
        .existing_session()
        .await?
        .filter(|s| s.plan != Plan::Free)
        .ok_or(AppError::NotFound)?;
    let token = plans::new_restore_token(&ctx.state.pool, &session.id)
        .await
        .map_err(internal("making a restore link"))?;
    Ok(format!("{}/restore/{token}", ctx.public_base()))
}

/// Revokes the caller's restore links; answers how many still worked.
#[server(endpoint = "restore/revoke")]
pub async fn revoke_restore_links() -> Result<u64, AppError> {
    use super::context::RequestContext;
    use crate::server::billing::plans;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let Some(session) = ctx.existing_session().await? else {
        return Ok(0);
    };
    let revoked = plans::revoke_restore_tokens(&ctx.state.pool, &session.id)
        .await
        .map_err(internal("revoking restore links"))?;
    if ctx.is_form_post() {
        leptos_axum::redirect("/pricing?restore=revoked");
    }
    Ok(revoked)
}

/// Attaches the paid plan behind a restore link to this browser: its cookie now names the
/// paid session, and any sequences this browser wrote move there too.
#[server(endpoint = "restore")]
pub async fn restore(#[server(default)] token: String) -> Result<(), AppError> {
    use super::context::RequestContext;
    use crate::server::billing::plans;
    use crate::server::internal;

    let ctx = RequestContext::current()?;
    let result = async {
        let token = token.trim();
        if token.is_empty() || token.len() > 128 {
            return Err(AppError::NotFound);
        }
        let target = plans::restore_target(&ctx.state.pool, token)
            .await
            .map_err(internal("reading a restore link"))?
            .ok_or(AppError::NotFound)?;
        let own = ctx.existing_session().await?;
        let moved = plans::merge_into(
            &ctx.state.pool,
            own.as_ref().map(|s| s.id.as_str()),
            &target,
            ctx.state.settings.limits.free_sequences,
        )
        .await
        .map_err(internal("moving sequences to a restored session"))?;
        ctx.set_session_cookie(&target);
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
    if ctx.is_form_post() {
        match &result {
            Ok(url) => leptos_axum::redirect(url),
            Err(err) => {
                let back = ctx
                    .parts
                    .headers
                    .get(axum::http::header::REFERER)
                    .and_then(|r| r.to_str().ok())
                    .and_then(|r| reqwest::Url::parse(r).ok())
                    .map(|url| url.path().to_owned())
                    .filter(|path| path.starts_with('/') && !path.starts_with("//"))
                    .unwrap_or_else(|| "/pricing".to_owned());
                leptos_axum::redirect(&format!("{back}?payment_error={}", err.tag()));
            }
        }
    }
    result
}
