//! How fast the inbox classifies what arrives: every message of the fixture folder
//! (tests/fixtures/inbox/: bounce reports, out-of-office answers, replies, a malformed message)
//! classified again and again for a few seconds, reported as messages per second.
//!
//! `cargo run --release --example inbox_classify` (bench/inbox.sh runs it).

use std::time::{Duration, Instant};

use coldcopy::server::inbox::classify::classify;

fn main() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/inbox");
    let mut messages: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
        .expect("the fixture folder")
        .flatten()
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).expect("a fixture"))
        })
        .collect();
    messages.sort();
    let received = jiff::civil::date(2026, 12, 7);
    let bytes: usize = messages.iter().map(|(_, raw)| raw.len()).sum();
    // Warm up, then measure for three seconds.
    for (_, raw) in &messages {
        std::hint::black_box(classify(raw, "ana@ledgerly.test", received));
    }
    let started = Instant::now();
    let mut classified = 0u64;
    while started.elapsed() < Duration::from_secs(3) {
        for (_, raw) in &messages {
            std::hint::black_box(classify(raw, "ana@ledgerly.test", received));
            classified += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} fixtures ({bytes} bytes): {classified} classified in {seconds:.2} s = {:.0} messages/s ({:.1} µs each)",
        messages.len(),
        classified as f64 / seconds,
        seconds * 1e6 / classified as f64
    );
}
