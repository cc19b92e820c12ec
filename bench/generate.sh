#!/usr/bin/env bash
# Generate overhead: the release server against a fake Claude that answers at once.
# Every request is a new visitor (no cookie): session creation, rate limit, quota reservation,
# the Claude call over HTTP, the save transaction. Prints wrk's latency table (loopback, so
# client time ≈ server time). Run by hand; needs wrk (apt-get install wrk).
# CONNECTIONS=1 measures one generation at a time; the default 8 measures throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
duration="${DURATION:-20s}"; connections="${CONNECTIONS:-8}"
work="$(mktemp -d)"; trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

cargo leptos build --release >/dev/null 2>&1
cargo build --release --example fake_claude --quiet
./target/release/examples/fake_claude 127.0.0.1:8787 >/dev/null &
LEPTOS_SITE_ADDR=127.0.0.1:3300 DATABASE_URL="sqlite://$work/bench.db" LOG_LEVEL=warn \
  ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=http://127.0.0.1:8787 \
  RATE_LIMIT_IP=1000000 IP_DAILY_SESSIONS=1000000 IP_DAILY_FREE_GENERATIONS=1000000 ./target/release/coldcopy &
until curl -sf http://127.0.0.1:3300/healthz >/dev/null; do sleep 0.1; done

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "company=Ledgerly&job_title=Financial+Controller&problem=Month-end+close+takes+a+week+of+manual+work.&product=Matches+Stripe+payouts+to+invoices+automatically.&benefit=Close+the+books+in+two+days+instead+of+seven.&cta=Worth+a+15-minute+look%3F&tone=direct&emails=5&language=en"
LUA
threads=$(( connections < 2 ? 1 : 2 ))
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/post.lua" http://127.0.0.1:3300/api/generate
