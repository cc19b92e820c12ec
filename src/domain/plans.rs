//! The plans on sale, as the pricing page, the paywall and the server's enforcement all read
//! them (built from settings on the server, sent to the browser as is).

use serde::{Deserialize, Serialize};

use super::i18n::{Messages, fill};
use super::session::Plan;

/// How a plan is paid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    Free,
    Once,
    Monthly,
}

/// One plan as offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub plan: Plan,
    /// Display name ("Starter").
    pub name: String,
    /// Price in US cents (0 for the free plan).
    pub price_cents: u32,
    pub billing: Billing,
    /// Sequences the plan adds (Free: per browser; Starter: bought once); `None` for Pro.
    pub sequences: Option<u32>,
    /// Pro's fair-use limit: sequences per 24 hours.
    pub daily_limit: Option<u32>,
    /// First lines for a lead list the plan writes in any 24 hours.
    pub first_lines_per_day: u32,
}

impl Offer {
    /// "$29", "$49.50".
    pub fn price(&self) -> String {
        let (dollars, cents) = (self.price_cents / 100, self.price_cents % 100);
        if cents == 0 {
            format!("${dollars}")
        } else {
            format!("${dollars}.{cents:02}")
        }
    }

    /// The plan's name as shown: the free plan's in the interface language, a paid plan's as
    /// the settings name it.
    pub fn display_name(&self, t: &Messages) -> String {
        match self.plan {
            Plan::Free => t.plan_free.to_owned(),
            _ => self.name.clone(),
        }
    }

    /// "once", "a month", "free".
    pub fn per(&self, t: &Messages) -> &'static str {
        match self.billing {
            Billing::Free => t.per_free,
            Billing::Once => t.per_once,
            Billing::Monthly => t.per_month,
        }
    }

    /// What the plan includes, one line each.
    pub fn includes(&self, t: &Messages) -> Vec<String> {
        let mut lines = Vec::new();
        match (self.plan, self.sequences, self.daily_limit) {
            (Plan::Free, Some(1), _) => lines.push(t.includes_free_one.to_owned()),
            (Plan::Free, Some(n), _) => lines.push(fill(t.includes_free_many, &[("n", &n)])),
            (_, Some(n), _) => lines.push(fill(t.includes_batch, &[("n", &n)])),
            (_, None, Some(limit)) => lines.push(fill(t.includes_fair_use, &[("limit", &limit)])),
            _ => lines.push(t.remaining_unlimited.to_owned()),
        }
        lines.push(t.includes_ab.to_owned());
        lines.push(fill(
            t.includes_first_lines,
            &[("n", &grouped(self.first_lines_per_day))],
        ));
        lines.push(t.includes_export.to_owned());
        if self.plan != Plan::Free {
            lines.push(t.includes_rewrite.to_owned());
        }
        if self.billing == Billing::Monthly {
            lines.push(t.includes_cancel.to_owned());
        }
        lines
    }
}

/// `2000` as "2,000": thousands grouped, as both interface languages write them.
pub fn grouped(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The pricing page's data: every plan, the visitor's own, and whether payments work here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pricing {
    pub offers: Vec<Offer>,
    /// False when the server has no Stripe keys: the plans are shown, not sold.
    pub payments_enabled: bool,
    /// The visitor's plan now.
    pub current: Plan,
    /// A Stripe customer exists for this visitor (Pro: the portal can be offered); only asked
    /// for by the pricing page (`load_pricing(account)`), false otherwise.
    pub can_manage: bool,
    /// The visitor has a restore link that still works; only asked for by the pricing page.
    pub restore_link_live: bool,
}

impl Pricing {
    pub fn offer(&self, plan: Plan) -> Option<&Offer> {
        self.offers.iter().find(|o| o.plan == plan)
    }

    /// The offers a visitor can buy (the paywall shows these).
    pub fn paid(&self) -> impl Iterator<Item = &Offer> {
        self.offers.iter().filter(|o| o.plan != Plan::Free)
    }
}

/// Where a Checkout ended, as `/billing/success` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutStatus {
    pub plan: Plan,
    /// The plan's display name.
    pub name: String,
    pub state: PaymentState,
    /// The restore link, shown once: present only on the first look after the plan was granted.
    pub restore_url: Option<String>,
}

/// A Checkout's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Stripe has not told us yet (the webhook is on its way, or a bank payment is pending).
    Confirming,
    /// Granted.
    Paid,
    /// The payment failed; nothing was charged.
    Failed,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(plan: Plan, price_cents: u32, billing: Billing) -> Offer {
        Offer {
            plan,
            name: plan.label().to_owned(),
            price_cents,
            billing,
            sequences: (plan == Plan::Starter).then_some(25),
            daily_limit: (plan == Plan::Pro).then_some(50),
            first_lines_per_day: if plan == Plan::Free { 10 } else { 500 },
        }
    }

    #[test]
    fn prices_read_as_dollars() {
        assert_eq!(offer(Plan::Starter, 2900, Billing::Once).price(), "$29");
        assert_eq!(offer(Plan::Pro, 4950, Billing::Monthly).price(), "$49.50");
        assert_eq!(offer(Plan::Pro, 4905, Billing::Monthly).price(), "$49.05");
        assert_eq!(offer(Plan::Free, 0, Billing::Free).price(), "$0");
    }

    #[test]
    fn includes_name_the_allowance_from_settings() {
        let starter =
            offer(Plan::Starter, 2900, Billing::Once).includes(crate::domain::i18n::Lang::En.t());
        assert_eq!(starter[0], "25 more sequences, no expiry");
        assert!(starter.iter().any(|l| l == "Rewrite a single email"));
        assert!(
            starter
                .iter()
                .any(|l| l == "First lines for 500 leads a day")
        );
        let free = offer(Plan::Free, 0, Billing::Free).includes(crate::domain::i18n::Lang::En.t());
        assert!(free.iter().any(|l| l == "First lines for 10 leads a day"));
        assert_eq!(grouped(2000), "2,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(7), "7");
        let pro =
            offer(Plan::Pro, 4900, Billing::Monthly).includes(crate::domain::i18n::Lang::En.t());
        assert_eq!(pro[0], "Unlimited sequences (fair use: 50 a day)");
        assert!(pro.iter().any(|l| l.starts_with("Cancel any time")));
    }
}
