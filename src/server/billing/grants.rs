//! What each handled event grants: a paid Checkout, a paid invoice, a subscription's change.
//! Each runs inside the transaction `events::apply` opened.

use crate::server::platform::db::WriteTx;

use crate::domain::session::Plan;
use crate::server::billing::stripe::CheckoutSession;

use super::events::{Applied, known_session};

pub(super) async fn checkout_event(
    tx: &mut WriteTx,
    kind: &str,
    checkout: &CheckoutSession,
    starter_sequences: u32,
) -> Result<Applied, sqlx::Error> {
    let recorded = match tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "SELECT session_id, plan FROM purchases WHERE checkout_id = ?",
            checkout.id
        )
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| (row.session_id, row.plan)),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "SELECT session_id, plan FROM purchases WHERE checkout_id = $1",
            checkout.id
        )
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| (row.session_id, row.plan)),
    };
    let (session_id, plan) = match recorded {
        Some((session_id, plan)) => (session_id, Plan::parse(&plan).unwrap_or(Plan::Starter)),
        None => {
            // Not created by this server's checkout (or its row is gone): accept it only when
            // it names a session we know and a plan we sell.
            let session = known_session(tx, checkout.client_reference_id.as_deref()).await?;
            let (Some(session_id), Some(plan @ (Plan::Starter | Plan::Pro))) =
                (session, checkout.plan())
            else {
                tracing::warn!(checkout = %checkout.id, "a checkout event for no session of ours");
                return Ok(Applied::Ignored);
            };
            let sequences = if plan == Plan::Starter {
                starter_sequences
            } else {
                0
            };
            match tx {
                WriteTx::Sqlite(tx, _) => sqlx::query!(
                    "INSERT INTO purchases (checkout_id, session_id, plan, sequences) VALUES (?, ?, ?, ?)",
                    checkout.id,
                    session_id,
                    plan.as_str(),
                    sequences
                )
                .execute(&mut **tx)
                .await?
                .rows_affected(),
                WriteTx::Postgres(tx, _) => sqlx::query!(
                    "INSERT INTO purchases (checkout_id, session_id, plan, sequences) VALUES ($1, $2, $3, $4)",
                    checkout.id,
                    session_id,
                    plan.as_str(),
                    i64::from(sequences)
                )
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            };
            (session_id, plan)
        }
    };

    match tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "UPDATE purchases SET customer_id = coalesce(?, customer_id),
                 subscription_id = coalesce(?, subscription_id), updated_at = unixepoch()
             WHERE checkout_id = ?",
            checkout.customer,
            checkout.subscription,
            checkout.id
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "UPDATE purchases SET customer_id = coalesce($1, customer_id),
                 subscription_id = coalesce($2, subscription_id), updated_at = unixepoch()
             WHERE checkout_id = $3",
            checkout.customer,
            checkout.subscription,
            checkout.id
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    if let Some(customer) = &checkout.customer {
        match tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "UPDATE sessions SET stripe_customer_id = ?, updated_at = unixepoch() WHERE id = ?",
                customer,
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "UPDATE sessions SET stripe_customer_id = $1, updated_at = unixepoch() WHERE id = $2",
                customer,
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
    }

    let paid = match kind {
        "checkout.session.async_payment_failed" => {
            match tx {
                WriteTx::Sqlite(tx, _) => sqlx::query!(
                    "UPDATE purchases SET status = 'failed', updated_at = unixepoch()
                     WHERE checkout_id = ? AND status = 'open'",
                    checkout.id
                )
                .execute(&mut **tx)
                .await?
                .rows_affected(),
                WriteTx::Postgres(tx, _) => sqlx::query!(
                    "UPDATE purchases SET status = 'failed', updated_at = unixepoch()
                     WHERE checkout_id = $1 AND status = 'open'",
                    checkout.id
                )
                .execute(&mut **tx)
                .await?
                .rows_affected(),
            };
            false
        }
        "checkout.session.async_payment_succeeded" => true,
        // Completed: paid now, or (a bank debit) later, with its own event.
        _ => checkout.is_paid(),
    };
    if paid {
        grant(tx, &session_id, plan, checkout).await?;
    }
    Ok(Applied::Done)
}

/// Marks the checkout's purchase paid; the first time only, a Starter purchase adds its
/// sequences to `session_id`. A Pro purchase links its subscription to the session (its status
/// comes from subscription events).
async fn grant(
    tx: &mut WriteTx,
    session_id: &str,
    plan: Plan,
    checkout: &CheckoutSession,
) -> Result<(), sqlx::Error> {
    let checkout_id = &checkout.id;
    let newly_paid = match tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "UPDATE purchases SET status = 'paid', updated_at = unixepoch()
             WHERE checkout_id = ? AND status != 'paid'",
            checkout_id
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "UPDATE purchases SET status = 'paid', updated_at = unixepoch()
             WHERE checkout_id = $1 AND status != 'paid'",
            checkout_id
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    } == 1;
    if newly_paid && plan == Plan::Starter {
        match tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "UPDATE sessions SET max_generations = max_generations +
                     (SELECT sequences FROM purchases WHERE checkout_id = ?1), updated_at = unixepoch()
                 WHERE id = ?2",
                checkout_id,
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "UPDATE sessions SET max_generations = max_generations +
                     (SELECT sequences FROM purchases WHERE checkout_id = $1), updated_at = unixepoch()
                 WHERE id = $2",
                checkout_id,
                session_id
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
        tracing::info!(plan = "starter", "plan granted");
    }
    if plan == Plan::Pro
        && let Some(subscription) = &checkout.subscription
    {
        // Active as of the purchase, unless a subscription event (newer by definition:
        // status_at 0 here) already said otherwise.
        match tx {
            WriteTx::Sqlite(tx, _) => sqlx::query!(
                "INSERT INTO subscriptions (id, session_id, customer_id, status, status_at)
                 VALUES (?, ?, ?, 'active', 0)
                 ON CONFLICT (id) DO UPDATE SET
                     session_id = coalesce(subscriptions.session_id, excluded.session_id),
                     customer_id = coalesce(subscriptions.customer_id, excluded.customer_id),
                     updated_at = unixepoch()",
                subscription,
                session_id,
                checkout.customer
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
            WriteTx::Postgres(tx, _) => sqlx::query!(
                "INSERT INTO subscriptions (id, session_id, customer_id, status, status_at)
                 VALUES ($1, $2, $3, 'active', 0)
                 ON CONFLICT (id) DO UPDATE SET
                     session_id = coalesce(subscriptions.session_id, excluded.session_id),
                     customer_id = coalesce(subscriptions.customer_id, excluded.customer_id),
                     updated_at = unixepoch()",
                subscription,
                session_id,
                checkout.customer
            )
            .execute(&mut **tx)
            .await?
            .rows_affected(),
        };
        if newly_paid {
            tracing::info!(plan = "pro", "plan granted");
        }
    }
    Ok(())
}
