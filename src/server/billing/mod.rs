//! Paid plans through Stripe: the typed Stripe client and the webhook signature (`stripe`),
//! the webhook route (`webhook`), and what a payment grants (`plans`).

pub mod plans;
pub mod stripe;
pub mod webhook;
