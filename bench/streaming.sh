#!/usr/bin/env bash
# Streaming, as a user sees it: the release server against the fake Claude streaming at
# TOKENS_PER_SEC (default 150), driven by Chromium through end2end/scripts/measure-streaming.mjs. Prints the time
# from submit to the first email card and to the whole sequence, streaming (JavaScript on) and
# the plain form post (JavaScript off), median of RUNS (default 10). Run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
rate="${TOKENS_PER_SEC:-150}"
work="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

cargo leptos build --release --precompress >/dev/null 2>&1
# The fake paces itself, so its debug build (the one `cargo test` makes) is fast enough.
cargo build --example fake_claude --quiet
./target/debug/examples/fake_claude 127.0.0.1:8788 "$rate" >/dev/null &
LEPTOS_SITE_ADDR=127.0.0.1:3310 DATABASE_URL="sqlite://$work/bench.db" LOG_LEVEL=warn \
  ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=http://127.0.0.1:8788 \
  RATE_LIMIT_IP=1000000 IP_DAILY_SESSIONS=1000000 IP_DAILY_FREE_GENERATIONS=1000000 ./target/release/coldcopy &
until curl -sf http://127.0.0.1:3310/healthz >/dev/null; do sleep 0.1; done
echo "fake Claude at $rate tokens/s; ${EMAILS:-5} emails per sequence"
node end2end/scripts/measure-streaming.mjs http://127.0.0.1:3310
