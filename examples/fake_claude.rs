//! The tests' fake Anthropic Messages API as a standalone server, for benchmarks and manual runs:
//! `cargo run --release --example fake_claude -- 127.0.0.1:8787` answers every call at once with
//! a valid sequence (wire format as in the integration tests).

#[path = "../tests/api/fake_claude.rs"]
mod fake_claude;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8787".into());
    let fake = fake_claude::FakeClaude::start_at(&addr, []).await;
    println!("fake Claude listening on {}", fake.base_url);
    std::future::pending::<()>().await;
}
