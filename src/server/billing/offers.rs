//! The plans on sale, from settings.

use crate::domain::session::Plan;

/// The plans on sale, from settings: what the pricing page shows and enforcement uses.
pub(crate) fn offers(
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
            first_lines_per_day: settings.leads.free_per_day,
        },
        Offer {
            plan: Plan::Starter,
            name: plans.starter_name.clone(),
            price_cents: plans.starter_price_cents,
            billing: Billing::Once,
            sequences: Some(plans.starter_sequences),
            daily_limit: None,
            first_lines_per_day: settings.leads.starter_per_day,
        },
        Offer {
            plan: Plan::Pro,
            name: plans.pro_name.clone(),
            price_cents: plans.pro_price_cents,
            billing: Billing::Monthly,
            sequences: None,
            daily_limit: Some(plans.pro_daily_limit),
            first_lines_per_day: settings.leads.pro_per_day,
        },
    ]
}
