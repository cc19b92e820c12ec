//! The Stripe objects the webhook reads: subscriptions and invoices, in the shapes of both
//! older and 2025 API versions.

use serde::Deserialize;

use crate::server::billing::stripe::id_or_object;

/// A subscription object (`customer.subscription.*`). The period end moved from the
/// subscription to its items in 2025 API versions; both places are read.
#[derive(Debug, Deserialize)]
pub(super) struct SubscriptionObject {
    pub(super) id: String,
    pub(super) status: String,
    #[serde(default, deserialize_with = "id_or_object")]
    pub(super) customer: Option<String>,
    #[serde(default)]
    pub(super) cancel_at_period_end: bool,
    #[serde(default)]
    pub(super) current_period_end: Option<i64>,
    #[serde(default)]
    pub(super) items: Option<List<PeriodHolder>>,
    #[serde(default)]
    pub(super) metadata: std::collections::HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct List<T> {
    #[serde(default = "Vec::new")]
    pub(super) data: Vec<T>,
}

#[derive(Debug, Deserialize)]
pub(super) struct PeriodHolder {
    #[serde(default)]
    pub(super) current_period_end: Option<i64>,
    #[serde(default)]
    pub(super) period: Option<Period>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Period {
    pub(super) end: i64,
}

/// An invoice object (`invoice.paid`). Its subscription is at the top level in older API
/// versions and under `parent.subscription_details` in newer ones.
#[derive(Debug, Deserialize)]
pub(super) struct InvoiceObject {
    #[serde(default, deserialize_with = "id_or_object")]
    pub(super) customer: Option<String>,
    #[serde(default, deserialize_with = "id_or_object")]
    pub(super) subscription: Option<String>,
    #[serde(default)]
    pub(super) parent: Option<InvoiceParent>,
    #[serde(default)]
    pub(super) lines: Option<List<PeriodHolder>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct InvoiceParent {
    #[serde(default)]
    pub(super) subscription_details: Option<SubscriptionDetails>,
}

#[derive(Debug, Deserialize)]
pub(super) struct SubscriptionDetails {
    #[serde(default, deserialize_with = "id_or_object")]
    pub(super) subscription: Option<String>,
}

impl SubscriptionObject {
    pub(super) fn period_end(&self) -> Option<i64> {
        let from_items = self
            .items
            .iter()
            .flat_map(|l| &l.data)
            .filter_map(|i| i.current_period_end);
        self.current_period_end.into_iter().chain(from_items).max()
    }
}

impl InvoiceObject {
    pub(super) fn subscription(&self) -> Option<&str> {
        self.subscription.as_deref().or_else(|| {
            self.parent
                .as_ref()?
                .subscription_details
                .as_ref()?
                .subscription
                .as_deref()
        })
    }

    pub(super) fn period_end(&self) -> Option<i64> {
        self.lines
            .iter()
            .flat_map(|l| &l.data)
            .filter_map(|line| line.period.as_ref().map(|p| p.end))
            .max()
    }
}
