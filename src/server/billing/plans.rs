//! Plans granted by Stripe events: purchases, subscriptions, the event log and restore links.
//!
//! Every event is applied in one transaction together with its row in `stripe_events`, so a
//! redelivered event changes nothing. The session's plan is derived by the `session_plans`
//! view from what the events established (see the billing migration), which is what makes the
//! order of events irrelevant: a Starter grant happens on a purchase's change to 'paid' (once),
//! a subscription's status only ever moves to a newer event's, 'canceled' is final, and a
//! paid period only grows.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, SqlitePool, Transaction};
use uuid::Uuid;

use crate::domain::session::Plan;
use crate::server::billing::stripe::{CheckoutSession, id_or_object};

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

/// A subscription object (`customer.subscription.*`). The period end moved from the
/// subscription to its items in 2025 API versions; both places are read.
#[derive(Debug, Deserialize)]
struct SubscriptionObject {
    id: String,
    status: String,
    #[serde(default, deserialize_with = "id_or_object")]
    customer: Option<String>,
    #[serde(default)]
    cancel_at_period_end: bool,
    #[serde(default)]
    current_period_end: Option<i64>,
    #[serde(default)]
    items: Option<List<PeriodHolder>>,
    #[serde(default)]
    metadata: std::collections::HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
struct List<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
}

#[derive(Debug, Deserialize)]
struct PeriodHolder {
    #[serde(default)]
    current_period_end: Option<i64>,
    #[serde(default)]
    period: Option<Period>,
}

#[derive(Debug, Deserialize)]
struct Period {
    end: i64,
}

/// An invoice object (`invoice.paid`). Its subscription is at the top level in older API
/// versions and under `parent.subscription_details` in newer ones.
#[derive(Debug, Deserialize)]
struct InvoiceObject {
    #[serde(default, deserialize_with = "id_or_object")]
    customer: Option<String>,
    #[serde(default, deserialize_with = "id_or_object")]
    subscription: Option<String>,
    #[serde(default)]
    parent: Option<InvoiceParent>,
    #[serde(default)]
    lines: Option<List<PeriodHolder>>,
}

#[derive(Debug, Deserialize)]
struct InvoiceParent {
    #[serde(default)]
    subscription_details: Option<SubscriptionDetails>,
}

#[derive(Debug, Deserialize)]
struct SubscriptionDetails {
    #[serde(default, deserialize_with = "id_or_object")]
    subscription: Option<String>,
}

impl SubscriptionObject {
    fn period_end(&self) -> Option<i64> {
        let from_items = self
            .items
            .iter()
            .flat_map(|l| &l.data)
            .filter_map(|i| i.current_period_end);
        self.current_period_end.into_iter().chain(from_items).max()
    }
}

impl InvoiceObject {
    fn subscription(&self) -> Option<&str> {
        self.subscription.as_deref().or_else(|| {
            self.parent
                .as_ref()?
                .subscription_details
                .as_ref()?
                .subscription
                .as_deref()
        })
    }

    fn period_end(&self) -> Option<i64> {
        self.lines
            .iter()
            .flat_map(|l| &l.data)
            .filter_map(|line| line.period.as_ref().map(|p| p.end))
            .max()
    }
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

fn object<T: serde::de::DeserializeOwned>(event: &Event) -> Result<T, ApplyError> {
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
    pool: &SqlitePool,
    event: &Event,
    starter_sequences: u32,
) -> Result<Applied, ApplyError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let new = sqlx::query!(
        "INSERT OR IGNORE INTO stripe_events (id, type, created) VALUES (?, ?, ?)",
        event.id,
        event.kind,
        event.created
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
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
async fn known_session(
    tx: &mut Transaction<'_, Sqlite>,
    id: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    let Some(id) = id else { return Ok(None) };
    sqlx::query_scalar!("SELECT id FROM sessions WHERE id = ?", id)
        .fetch_optional(&mut **tx)
        .await
}

async fn checkout_event(
    tx: &mut Transaction<'_, Sqlite>,
    kind: &str,
    checkout: &CheckoutSession,
    starter_sequences: u32,
) -> Result<Applied, sqlx::Error> {
    let recorded = sqlx::query!(
        "SELECT session_id, plan FROM purchases WHERE checkout_id = ?",
        checkout.id
    )
    .fetch_optional(&mut **tx)
    .await?;
    let (session_id, plan) = match recorded {
        Some(row) => (
            row.session_id,
            Plan::parse(&row.plan).unwrap_or(Plan::Starter),
        ),
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
            sqlx::query!(
                "INSERT INTO purchases (checkout_id, session_id, plan, sequences) VALUES (?, ?, ?, ?)",
                checkout.id,
                session_id,
                plan.as_str(),
                sequences
            )
            .execute(&mut **tx)
            .await?;
            (session_id, plan)
        }
    };

    sqlx::query!(
        "UPDATE purchases SET customer_id = coalesce(?, customer_id),
             subscription_id = coalesce(?, subscription_id), updated_at = unixepoch()
         WHERE checkout_id = ?",
        checkout.customer,
        checkout.subscription,
        checkout.id
    )
    .execute(&mut **tx)
    .await?;
    if let Some(customer) = &checkout.customer {
        sqlx::query!(
            "UPDATE sessions SET stripe_customer_id = ?, updated_at = unixepoch() WHERE id = ?",
            customer,
            session_id
        )
        .execute(&mut **tx)
        .await?;
    }

    let paid = match kind {
        "checkout.session.async_payment_failed" => {
            sqlx::query!(
                "UPDATE purchases SET status = 'failed', updated_at = unixepoch()
                 WHERE checkout_id = ? AND status = 'open'",
                checkout.id
            )
            .execute(&mut **tx)
            .await?;
            false
        }
        "checkout.session.async_payment_succeeded" => true,
        // Completed: paid now, or (a bank debit) later, with its own event.
        _ => checkout.is_paid(),
    };
    if paid {
        grant(tx, &checkout.id, &session_id, plan, checkout).await?;
    }
    Ok(Applied::Done)
}

/// Marks the purchase paid; the first time only, a Starter purchase adds its sequences. A Pro
/// purchase links its subscription to the session (its status comes from subscription events).
async fn grant(
    tx: &mut Transaction<'_, Sqlite>,
    checkout_id: &str,
    session_id: &str,
    plan: Plan,
    checkout: &CheckoutSession,
) -> Result<(), sqlx::Error> {
    let newly_paid = sqlx::query!(
        "UPDATE purchases SET status = 'paid', updated_at = unixepoch()
         WHERE checkout_id = ? AND status != 'paid'",
        checkout_id
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if newly_paid && plan == Plan::Starter {
        sqlx::query!(
            "UPDATE sessions SET max_generations = max_generations +
                 (SELECT sequences FROM purchases WHERE checkout_id = ?1), updated_at = unixepoch()
             WHERE id = ?2",
            checkout_id,
            session_id
        )
        .execute(&mut **tx)
        .await?;
        tracing::info!(plan = "starter", "plan granted");
    }
    if plan == Plan::Pro
        && let Some(subscription) = &checkout.subscription
    {
        // Active as of the purchase, unless a subscription event (newer by definition:
        // status_at 0 here) already said otherwise.
        sqlx::query!(
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
        .await?;
        if newly_paid {
            tracing::info!(plan = "pro", "plan granted");
        }
    }
    Ok(())
}

async fn invoice_paid(
    tx: &mut Transaction<'_, Sqlite>,
    invoice: &InvoiceObject,
) -> Result<Applied, sqlx::Error> {
    let Some(subscription) = invoice.subscription() else {
        return Ok(Applied::Ignored);
    };
    let session = sqlx::query_scalar!(
        "SELECT session_id FROM purchases WHERE subscription_id = ? LIMIT 1",
        subscription
    )
    .fetch_optional(&mut **tx)
    .await?;
    let period_end = invoice.period_end();
    sqlx::query!(
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
    .await?;
    Ok(Applied::Done)
}

async fn subscription_event(
    tx: &mut Transaction<'_, Sqlite>,
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
        None => {
            sqlx::query_scalar!(
                "SELECT session_id FROM purchases WHERE subscription_id = ? LIMIT 1",
                subscription.id
            )
            .fetch_optional(&mut **tx)
            .await?
        }
    };
    let period_end = subscription.period_end();
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
    Ok(Applied::Done)
}

/// Records a Checkout Session we created, before the visitor goes to pay.
pub async fn record_checkout(
    pool: &SqlitePool,
    checkout_id: &str,
    session_id: &str,
    plan: Plan,
    sequences: u32,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT OR IGNORE INTO purchases (checkout_id, session_id, plan, sequences) VALUES (?, ?, ?, ?)",
        checkout_id,
        session_id,
        plan.as_str(),
        sequences
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A purchase as recorded: its session, plan and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub session_id: String,
    pub plan: Plan,
    pub status: String,
}

pub async fn purchase(
    pool: &SqlitePool,
    checkout_id: &str,
) -> Result<Option<Purchase>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT session_id, plan, status FROM purchases WHERE checkout_id = ?",
        checkout_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Purchase {
        session_id: r.session_id,
        plan: Plan::parse(&r.plan).unwrap_or(Plan::Starter),
        status: r.status,
    }))
}

/// The Stripe customer of a session, for the billing portal.
pub async fn customer(pool: &SqlitePool, session_id: &str) -> Result<Option<String>, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "SELECT stripe_customer_id FROM sessions WHERE id = ?",
        session_id
    )
    .fetch_optional(pool)
    .await?
    .flatten())
}

/// SHA-256 of a restore token, as stored.
fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Makes a new restore link token for a session and revokes any earlier one. The token (two
/// random UUIDs: 244 random bits) is returned once and only its hash is kept.
pub async fn new_restore_token(pool: &SqlitePool, session_id: &str) -> Result<String, sqlx::Error> {
    let token = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let hash = token_hash(&token);
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query!(
        "UPDATE restore_tokens SET revoked_at = unixepoch() WHERE session_id = ? AND revoked_at IS NULL",
        session_id
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "INSERT INTO restore_tokens (token_sha256, session_id) VALUES (?, ?)",
        hash,
        session_id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The session's restore links: whether one was ever made (the success page shows the first
/// one only) and whether one still works.
pub async fn restore_links(
    pool: &SqlitePool,
    session_id: &str,
) -> Result<RestoreLinks, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT count(*) AS "ever!: i64",
                  count(*) FILTER (WHERE revoked_at IS NULL) AS "live!: i64"
           FROM restore_tokens WHERE session_id = ?"#,
        session_id
    )
    .fetch_one(pool)
    .await?;
    Ok(RestoreLinks {
        ever: row.ever > 0,
        live: row.live > 0,
    })
}

/// See `restore_links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestoreLinks {
    pub ever: bool,
    pub live: bool,
}

/// Revokes every restore link of the session; answers how many were live.
pub async fn revoke_restore_tokens(
    pool: &SqlitePool,
    session_id: &str,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE restore_tokens SET revoked_at = unixepoch() WHERE session_id = ? AND revoked_at IS NULL",
        session_id
    )
    .execute(pool)
    .await?
    .rows_affected())
}

/// The paid session a live restore token belongs to.
pub async fn restore_target(pool: &SqlitePool, token: &str) -> Result<Option<String>, sqlx::Error> {
    let hash = token_hash(token);
    sqlx::query_scalar!(
        "SELECT session_id FROM restore_tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
        hash
    )
    .fetch_optional(pool)
    .await
}

/// Joins the browser's own session (if any) to the paid one, in one transaction, so nothing
/// this browser wrote or paid for is lost: its sequences, purchases and subscriptions move over,
/// and the paid sequences it had not used yet are added to the paid session's allowance (its
/// unused free ones are not: the free allowance is per browser). Answers the sequences moved.
pub async fn merge_into(
    pool: &SqlitePool,
    from_session: Option<&str>,
    into_session: &str,
    free_sequences: u32,
) -> Result<u64, sqlx::Error> {
    let Some(from) = from_session.filter(|from| *from != into_session) else {
        return Ok(0);
    };
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let moved = sqlx::query!(
        "UPDATE sequences SET session_id = ? WHERE session_id = ?",
        into_session,
        from
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query!(
        "UPDATE sessions SET
             max_generations = max_generations + coalesce((
                 SELECT max(0, o.max_generations - max(o.generations_used, ?1))
                 FROM sessions o WHERE o.id = ?2), 0),
             stripe_customer_id = coalesce(stripe_customer_id,
                 (SELECT o.stripe_customer_id FROM sessions o WHERE o.id = ?2)),
             updated_at = unixepoch()
         WHERE id = ?3",
        free_sequences,
        from,
        into_session
    )
    .execute(&mut *tx)
    .await?;
    // Spent: the old session keeps no paid sequences to spend twice.
    sqlx::query!(
        "UPDATE sessions SET max_generations = min(max_generations, max(generations_used, ?1))
         WHERE id = ?2",
        free_sequences,
        from
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE purchases SET session_id = ? WHERE session_id = ?",
        into_session,
        from
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE subscriptions SET session_id = ? WHERE session_id = ?",
        into_session,
        from
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(moved)
}

/// The plans on sale, from settings: what the pricing page shows and enforcement uses.
pub fn offers(
    settings: &crate::server::platform::config::Settings,
) -> Vec<crate::domain::plans::Offer> {
    use crate::domain::plans::{Billing, Offer};
    let plans = &settings.plans;
    vec![
        Offer {
            plan: Plan::Free,
            name: "Free".to_owned(),
            price_cents: 0,
            billing: Billing::Free,
            sequences: Some(settings.limits.free_sequences),
            daily_limit: None,
        },
        Offer {
            plan: Plan::Starter,
            name: plans.starter_name.clone(),
            price_cents: plans.starter_price_cents,
            billing: Billing::Once,
            sequences: Some(plans.starter_sequences),
            daily_limit: None,
        },
        Offer {
            plan: Plan::Pro,
            name: plans.pro_name.clone(),
            price_cents: plans.pro_price_cents,
            billing: Billing::Monthly,
            sequences: None,
            daily_limit: Some(plans.pro_daily_limit),
        },
    ]
}
