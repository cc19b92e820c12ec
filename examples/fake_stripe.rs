//! The tests' fake Stripe as a standalone server, for the browser tests and manual runs:
//!
//! `cargo run --example fake_stripe -- [ADDR]`
//!
//! creates and retrieves Checkout Sessions and billing-portal sessions (Stripe's form-encoded
//! wire format and error envelope), and serves a checkout page whose Pay button completes the
//! session and sends the browser to its `success_url`. Webhooks are not sent: the browser tests
//! sign and deliver them, as Stripe would.

#[path = "../tests/api/fakes/stripe.rs"]
mod fake_stripe;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:12111".into());
    let fake = fake_stripe::FakeStripe::start_at(&addr).await;
    println!("fake Stripe listening on {}", fake.base_url);
    std::future::pending::<()>().await
}
