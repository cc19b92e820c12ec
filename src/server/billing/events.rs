//! Plans granted by Stripe events: purchases, subscriptions, the event log and restore links.
//!
//! Every event is applied in one transaction together with its row in `stripe_events`, so a
//! redelivered event changes nothing. The session's plan is derived by the `session_plans`
//! view from what the events established (see the billing migration), which is what makes the
//! order of events irrelevant: a Starter grant happens on a purchase's change to 'paid' (once),
//! a subscription's status only ever moves to a newer event's, 'canceled' is final, and a
//! paid period only grows.

use crate::server::billing::stripe::CheckoutSession;
use serde::Deserialize;

use super::grants::checkout_event;
use super::objects::{InvoiceObject, SubscriptionObject};
use super::subscriptions::{invoice_paid, subscription_event};
use crate::server::platform::db::{WritePool, WriteTx};

/// A Stripe event envelope, read after its signature was checked.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created: i64,
    pub data: EventData,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventData {
    pub object: serde_json::Value,
}

/// What applying an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// The event changed (or confirmed) state.
    Done,
    /// This event id was applied before; nothing changed.
    Duplicate,
    /// A type we do not handle, or about something that is not ours; recorded, nothing changed.
    Ignored,
}

/// Why an event could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// A signed event whose object is not what its type promises (answered 400).
    #[error("the event's object cannot be read: {0}")]
    Malformed(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub(super) fn object<T: serde::de::DeserializeOwned>(event: &Event) -> Result<T, ApplyError> {
    serde_json::from_value(event.data.object.clone())
        .map_err(|err| ApplyError::Malformed(format!("{} {}: {err}", event.kind, event.id)))
}

/// The event types `apply` acts on (the metrics name these and count the rest as `other`).
pub const HANDLED_EVENTS: [&str; 7] = [
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "invoice.paid",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
];

/// Applies a verified event once. `starter_sequences` is what a Starter purchase grants when
/// the purchase was not recorded by us first (a session created in another way).
pub async fn apply(
    pool: &WritePool,
    event: &Event,
    starter_sequences: u32,
) -> Result<Applied, ApplyError> {
    let mut tx = pool.begin().await?;
    let new = match &mut tx {
        WriteTx::Sqlite(tx, _) => sqlx::query!(
            "INSERT OR IGNORE INTO stripe_events (id, type, created) VALUES (?, ?, ?)",
            event.id,
            event.kind,
            event.created
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        WriteTx::Postgres(tx, _) => sqlx::query!(
            "INSERT INTO stripe_events (id, type, created) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            event.id,
            event.kind,
            event.created
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    if new == 0 {
        tx.rollback().await?;
        return Ok(Applied::Duplicate);
    }
    // These arms and HANDLED_EVENTS name the same types (a test delivers each listed type).
    let applied = match event.kind.as_str() {
        "checkout.session.completed"
        | "checkout.session.async_payment_succeeded"
        | "checkout.session.async_payment_failed" => {
            let checkout: CheckoutSession = object(event)?;
            checkout_event(&mut tx, &event.kind, &checkout, starter_sequences).await?
        }
        "invoice.paid" => {
            let invoice: InvoiceObject = object(event)?;
            invoice_paid(&mut tx, &invoice).await?
        }
        "customer.subscription.created"
        | "customer.subscription.updated"
        | "customer.subscription.deleted" => {
            let subscription: SubscriptionObject = object(event)?;
            subscription_event(&mut tx, event.created, &subscription).await?
        }
        _ => Applied::Ignored,
    };
    tx.commit().await?;
    Ok(applied)
}

/// The session id, if the database knows it (a foreign key must never point nowhere).
pub(super) async fn known_session(
    tx: &mut WriteTx,
    id: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    let Some(id) = id else { return Ok(None) };
    match tx {
        WriteTx::Sqlite(tx, _) => {
            sqlx::query_scalar!("SELECT id FROM sessions WHERE id = ?", id)
                .fetch_optional(&mut **tx)
                .await
        }
        WriteTx::Postgres(tx, _) => {
            sqlx::query_scalar!("SELECT id FROM sessions WHERE id = $1", id)
                .fetch_optional(&mut **tx)
                .await
        }
    }
}
