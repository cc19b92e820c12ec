//! The tests' fake Anthropic Messages API as a standalone server, for benchmarks, the browser
//! tests and manual runs:
//!
//! `cargo run --release --example fake_claude -- [ADDR] [TOKENS_PER_SEC]`
//!
//! answers every call with a valid sequence (wire format as in the integration tests: JSON, or
//! server-sent events when asked to stream), at once or at `TOKENS_PER_SEC` (e.g. 150).

#[path = "../tests/api/fake_claude.rs"]
mod fake_claude;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8787".into());
    let rate = match args.next().map(|raw| raw.parse::<f64>()) {
        None => None,
        Some(Ok(rate)) if rate > 0.0 => Some(rate),
        Some(_) => {
            eprintln!("usage: fake_claude [ADDR] [TOKENS_PER_SEC > 0]");
            return std::process::ExitCode::from(2);
        }
    };
    let fake = fake_claude::FakeClaude::start_at(&addr, [], rate).await;
    match rate {
        Some(rate) => println!(
            "fake Claude listening on {} ({rate} tokens/s)",
            fake.base_url
        ),
        None => println!("fake Claude listening on {} (instant)", fake.base_url),
    }
    std::future::pending::<std::process::ExitCode>().await
}
