//! Paid plans through Stripe. `stripe`: the typed client. `signature`: the webhook signature
//! check. `webhook`: the route that verifies a delivery and hands it to `events`, which applies it once
//! (with `grants` for what a paid Checkout grants and `subscriptions` for Pro's invoices and
//! subscription changes, from the objects in `objects`).
//! `purchases`: the Checkouts we recorded. `checkout`: starting a Checkout and the success
//! page's payment status. `restore`: restore links. `offers`: the plans on sale.

pub(crate) mod checkout;
pub mod events;
mod grants;
mod objects;
pub(crate) mod offers;
pub(crate) mod purchases;
pub(crate) mod restore;
pub mod signature;
pub(crate) mod stripe;
mod subscriptions;
pub(crate) mod webhook;
