//! What a Pro subscription's events grant: a paid invoice extends the period, a subscription
//! event moves its status (never back to an older event's, never out of 'canceled'). Each runs
//! inside the transaction `events::apply` opened.

use crate::server::platform::db::WriteTx;

use super::events::{Applied, known_session};
use super::objects::{InvoiceObject, SubscriptionObject};

pub(super) async fn invoice_paid(
    tx: &mut WriteTx,
    invoice: &InvoiceObject,
) -> Result<Applied, sqlx::Error> {
    let Some(subscription) = invoice.subscription() else {
        return Ok(Applied::Ignored);
    };
    let session = subscription_session(tx, subscription).await?;
    let period_end = invoice.period_end();
    match tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "INSERT INTO subscriptions (id, session_id, customer_id, status, current_period_end, status_at)
             VALUES (?, ?, ?, 'active', ?, 0)
             ON CONFLICT (id) DO UPDATE SET
                 session_id = coalesce(subscriptions.session_id, excluded.session_id),
                 customer_id = coalesce(subscriptions.customer_id, excluded.customer_id),
                 current_period_end = max(coalesce(subscriptions.current_period_end, 0),
                                          coalesce(excluded.current_period_end, 0)),
                 updated_at = unixepoch()",
            subscription,
            session,
            invoice.customer,
            period_end
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "INSERT INTO subscriptions (id, session_id, customer_id, status, current_period_end, status_at)
             VALUES ($1, $2, $3, 'active', $4, 0)
             ON CONFLICT (id) DO UPDATE SET
                 session_id = coalesce(subscriptions.session_id, excluded.session_id),
                 customer_id = coalesce(subscriptions.customer_id, excluded.customer_id),
                 current_period_end = greatest(coalesce(subscriptions.current_period_end, 0),
                                               coalesce(excluded.current_period_end, 0)),
                 updated_at = unixepoch()",
            subscription,
            session,
            invoice.customer,
            period_end
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    Ok(Applied::Done)
}

pub(super) async fn subscription_event(
    tx: &mut WriteTx,
    created: i64,
    subscription: &SubscriptionObject,
) -> Result<Applied, sqlx::Error> {
    let from_metadata = known_session(
        tx,
        subscription
            .metadata
            .get("coldcopy_session")
            .map(String::as_str),
    )
    .await?;
    let session = match from_metadata {
        Some(id) => Some(id),
        None => subscription_session(tx, &subscription.id).await?,
    };
    let period_end = subscription.period_end();
    match tx {
        WriteTx::Sqlite(tx, _) => {
            let cancel_at_period_end = i64::from(subscription.cancel_at_period_end);
            sqlx::query!(
        "INSERT INTO subscriptions
             (id, session_id, customer_id, status, current_period_end, cancel_at_period_end, status_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET
             session_id = coalesce(subscriptions.session_id, excluded.session_id),
             customer_id = coalesce(excluded.customer_id, subscriptions.customer_id),
             status = CASE
                 WHEN subscriptions.status = 'canceled' THEN 'canceled'
                 WHEN excluded.status_at >= subscriptions.status_at THEN excluded.status
                 ELSE subscriptions.status END,
             cancel_at_period_end = CASE
                 WHEN subscriptions.status != 'canceled' AND excluded.status_at >= subscriptions.status_at
                 THEN excluded.cancel_at_period_end
                 ELSE subscriptions.cancel_at_period_end END,
             status_at = max(subscriptions.status_at, excluded.status_at),
             current_period_end = CASE
                 WHEN excluded.current_period_end IS NULL THEN subscriptions.current_period_end
                 ELSE max(coalesce(subscriptions.current_period_end, 0), excluded.current_period_end) END,
             updated_at = unixepoch()",
        subscription.id,
        session,
        subscription.customer,
        subscription.status,
        period_end,
        cancel_at_period_end,
        created
    )
    .execute(&mut **tx)
    .await?;
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query!(
                "INSERT INTO subscriptions
                     (id, session_id, customer_id, status, current_period_end, cancel_at_period_end, status_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (id) DO UPDATE SET
                     session_id = coalesce(subscriptions.session_id, excluded.session_id),
                     customer_id = coalesce(excluded.customer_id, subscriptions.customer_id),
                     status = CASE
                         WHEN subscriptions.status = 'canceled' THEN 'canceled'
                         WHEN excluded.status_at >= subscriptions.status_at THEN excluded.status
                         ELSE subscriptions.status END,
                     cancel_at_period_end = CASE
                         WHEN subscriptions.status != 'canceled' AND excluded.status_at >= subscriptions.status_at
                         THEN excluded.cancel_at_period_end
                         ELSE subscriptions.cancel_at_period_end END,
                     status_at = greatest(subscriptions.status_at, excluded.status_at),
                     current_period_end = CASE
                         WHEN excluded.current_period_end IS NULL THEN subscriptions.current_period_end
                         ELSE greatest(coalesce(subscriptions.current_period_end, 0), excluded.current_period_end) END,
                     updated_at = unixepoch()",
                subscription.id,
                session,
                subscription.customer,
                subscription.status,
                period_end,
                subscription.cancel_at_period_end,
                created
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(Applied::Done)
}

/// The session that bought the subscription, from the purchase that started it.
async fn subscription_session(
    tx: &mut WriteTx,
    subscription: &str,
) -> Result<Option<String>, sqlx::Error> {
    match tx {
        WriteTx::Sqlite(tx, _) => {
            sqlx::query_scalar!(
                "SELECT session_id FROM purchases WHERE subscription_id = ? LIMIT 1",
                subscription
            )
            .fetch_optional(&mut **tx)
            .await
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query_scalar!(
                "SELECT session_id FROM purchases WHERE subscription_id = $1 LIMIT 1",
                subscription
            )
            .fetch_optional(&mut **tx)
            .await
        }
    }
}
