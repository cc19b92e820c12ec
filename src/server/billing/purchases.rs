//! Purchases as we record them: a Checkout we created, its status, the session's customer.

use crate::server::platform::db::{Db, ReadPool, WritePool};

use crate::domain::ids::SessionId;
use crate::domain::session::Plan;

/// Records a Checkout Session we created, before the visitor goes to pay.
pub(crate) async fn record_checkout(
    pool: &WritePool,
    checkout_id: &str,
    session_id: &SessionId,
    plan: Plan,
    sequences: u32,
) -> Result<(), sqlx::Error> {
    let session_id = session_id.as_str();
    match *pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "INSERT OR IGNORE INTO purchases (checkout_id, session_id, plan, sequences) VALUES (?, ?, ?, ?)",
            checkout_id,
            session_id,
            plan.as_str(),
            sequences
        )
        .execute(pool)
        .await?
        .rows_affected(),
        Db::Postgres(pool) => sqlx::query!(
            "INSERT INTO purchases (checkout_id, session_id, plan, sequences) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            checkout_id,
            session_id,
            plan.as_str(),
            i64::from(sequences)
        )
        .execute(pool)
        .await?
        .rows_affected(),
    };
    Ok(())
}

/// A purchase's status, as the `purchases.status` column holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PurchaseStatus {
    /// Created here; not paid yet.
    Open,
    Paid,
    Failed,
}

impl PurchaseStatus {
    /// The column's value (`open`, `paid`, `failed`); anything else reads as open.
    pub(crate) fn parse(raw: &str) -> Self {
        match raw {
            "paid" => Self::Paid,
            "failed" => Self::Failed,
            _ => Self::Open,
        }
    }
}

/// A purchase as recorded: its session, plan and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Purchase {
    pub session_id: SessionId,
    pub plan: Plan,
    pub status: PurchaseStatus,
}

/// The purchase recorded for a Checkout Session, if we created it.
pub(crate) async fn purchase(
    pool: &ReadPool,
    checkout_id: &str,
) -> Result<Option<Purchase>, sqlx::Error> {
    let row = match pool.db() {
        Db::Sqlite(pool) => sqlx::query!(
            "SELECT session_id, plan, status FROM purchases WHERE checkout_id = ?",
            checkout_id
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.session_id, r.plan, r.status)),
        Db::Postgres(pool) => sqlx::query!(
            "SELECT session_id, plan, status FROM purchases WHERE checkout_id = $1",
            checkout_id
        )
        .fetch_optional(pool)
        .await?
        .map(|r| (r.session_id, r.plan, r.status)),
    };
    Ok(row.map(|(session_id, plan, status)| Purchase {
        session_id: SessionId::from_stored(session_id),
        plan: Plan::parse(&plan).unwrap_or(Plan::Starter),
        status: PurchaseStatus::parse(&status),
    }))
}

/// The Stripe customer of a session, for the billing portal.
pub(crate) async fn customer(
    pool: &ReadPool,
    session_id: &SessionId,
) -> Result<Option<String>, sqlx::Error> {
    let session_id = session_id.as_str();
    let customer = match pool.db() {
        Db::Sqlite(pool) => {
            sqlx::query_scalar!(
                "SELECT stripe_customer_id FROM sessions WHERE id = ?",
                session_id
            )
            .fetch_optional(pool)
            .await?
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar!(
                "SELECT stripe_customer_id FROM sessions WHERE id = $1",
                session_id
            )
            .fetch_optional(pool)
            .await?
        }
    };
    Ok(customer.flatten())
}
