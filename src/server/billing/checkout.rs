//! Starting a Stripe Checkout for a plan, and where a Checkout stands for the success page.
//! A plan is never granted here: only the verified webhook grants (`events`).

use crate::domain::{
    error::{AppError, FieldError},
    plans::{CheckoutStatus, PaymentState},
    session::Plan,
};
use crate::server::billing::{
    offers::offers,
    purchases::{self, PurchaseStatus},
    restore,
    stripe::{CheckoutMode, NewCheckout},
};
use crate::server::internal;
use crate::server::platform::state::AppState;
use crate::server::sessions::Session;

/// The plan a visitor asked to buy: Starter or Pro.
pub(crate) fn parse_plan(raw: &str) -> Result<Plan, AppError> {
    match Plan::parse(raw.trim()) {
        Some(plan @ (Plan::Starter | Plan::Pro)) => Ok(plan),
        _ => Err(AppError::Invalid {
            fields: vec![FieldError {
                field: "plan".into(),
                message: "Plan must be starter or pro.".into(),
            }],
        }),
    }
}

/// Creates a Checkout Session for `plan` at Stripe and records it; answers the address to pay
/// at. `base` is the public address Stripe sends the visitor back to.
pub(crate) async fn start(
    state: &AppState,
    session: &Session,
    plan: Plan,
    base: &str,
) -> Result<String, AppError> {
    let Some(stripe) = &state.stripe else {
        return Err(AppError::PaymentsDisabled);
    };
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
            customer_email: session.account.as_ref().map(|a| a.email.as_str()),
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
    purchases::record_checkout(&state.writer, &created.id, &session.id, plan, sequences)
        .await
        .map_err(internal("recording a checkout"))?;
    tracing::info!(plan = plan.as_str(), "checkout started");
    Ok(url)
}

/// Where Checkout `checkout_id` stands, for `session` only. Looks the Checkout up at Stripe
/// (it must be ours and this browser's) until the webhook has granted the plan; the first look
/// after the grant also makes the restore link, shown this once.
pub(crate) async fn status(
    state: &AppState,
    session: &Session,
    checkout_id: &str,
    base: &str,
) -> Result<CheckoutStatus, AppError> {
    let checkout_id = checkout_id.trim();
    if checkout_id.is_empty() || checkout_id.len() > 255 {
        return Err(AppError::NotFound);
    }
    let recorded = purchases::purchase(&state.reader, checkout_id)
        .await
        .map_err(internal("finding a purchase"))?;
    let (plan, status) = match recorded {
        Some(purchase) if purchase.session_id == session.id => (purchase.plan, purchase.status),
        Some(_) => return Err(AppError::NotFound),
        None => (Plan::Starter, PurchaseStatus::Open),
    };
    let payment = match status {
        PurchaseStatus::Paid => PaymentState::Paid,
        PurchaseStatus::Failed => PaymentState::Failed,
        PurchaseStatus::Open => PaymentState::Confirming,
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
        && !restore::restore_links(&state.reader, &session.id)
            .await
            .map_err(internal("finding restore links"))?
            .ever
    {
        let token = restore::new_restore_token(&state.writer, &session.id)
            .await
            .map_err(internal("making a restore link"))?;
        Some(format!("{base}/restore/{token}"))
    } else {
        None
    };
    let name = offers(&state.settings)
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
