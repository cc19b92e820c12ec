//! The tests' fake Anthropic Messages API as a standalone server, for benchmarks, the browser
//! tests and manual runs:
//!
//! `cargo run --release --example fake_claude -- [ADDR] [PACE]`
//!
//! answers every call with a valid sequence (wire format as in the integration tests: JSON, or
//! server-sent events when asked to stream): at once, at PACE tokens per second (e.g. `150`),
//! or spread over a fixed time (e.g. `3s` or `2500ms`, for the benchmarks).

#[path = "../tests/api/fakes/claude.rs"]
mod fake_claude;

use fake_claude::Pace;

/// `150` (tokens per second), `3s` or `2500ms` (the whole answer).
fn parse_pace(raw: &str) -> Option<Pace> {
    let positive = |n: f64| (n > 0.0 && n.is_finite()).then_some(n);
    if let Some(ms) = raw.strip_suffix("ms") {
        let ms = positive(ms.parse().ok()?)?;
        Some(Pace::Total(std::time::Duration::from_secs_f64(
            ms / 1_000.0,
        )))
    } else if let Some(secs) = raw.strip_suffix('s') {
        let secs = positive(secs.parse().ok()?)?;
        Some(Pace::Total(std::time::Duration::from_secs_f64(secs)))
    } else {
        Some(Pace::TokensPerSec(positive(raw.parse().ok()?)?))
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8787".into());
    let pace = match args.next().as_deref().map(parse_pace) {
        None => Pace::Instant,
        Some(Some(pace)) => pace,
        Some(None) => {
            eprintln!("usage: fake_claude [ADDR] [TOKENS_PER_SEC > 0 | SECONDSs | MILLISms]");
            return std::process::ExitCode::from(2);
        }
    };
    let fake = fake_claude::FakeClaude::start_at(&addr, [], pace).await;
    println!("fake Claude listening on {} ({pace:?})", fake.base_url);
    std::future::pending::<std::process::ExitCode>().await
}
