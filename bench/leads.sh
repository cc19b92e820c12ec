#!/usr/bin/env bash
# The lead-list benchmark (issue 18): a 2,000-lead job against a fake Claude that takes 0.8 s per
# call, the outbound limiter at 20 requests per second. Prints and saves (target/bench/leads.md):
# wall time, peak RSS, the highest request rate the fake saw, a visitor's single-sequence
# latency while the job runs, and the job's estimated cost (and what the Message Batches API's
# half price would make it). Run by hand on a quiet machine; never in CI. Knobs: LEADS (2000),
# RPS (20), CLAUDE_TIME (800ms), WORKERS (32), VISITORS (10 sequences during the job),
# BATCH_THRESHOLD (unset: every lead through the Messages API, so the limiter is what is
# measured; BATCH_THRESHOLD=200 sends the list through the Message Batches API instead).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
leads="${LEADS:-2000}"; rps="${RPS:-20}"; claude_time="${CLAUDE_TIME:-800ms}"
workers="${WORKERS:-32}"; visitors="${VISITORS:-10}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
out="target/bench"; mkdir -p "$out"

step "building the release server and the fake Claude"
cargo leptos build --release --precompress 2>&1 | tail -n 2
cargo build --release --example fake_claude --quiet

fake_port=3411; port=3410
./target/release/examples/fake_claude "127.0.0.1:$fake_port" "$claude_time" >"$work/fake.log" 2>&1 &
env LEPTOS_SITE_ADDR="127.0.0.1:$port" DATABASE_URL="sqlite://$work/leads.db" LOG_LEVEL=warn \
  ANTHROPIC_API_KEY=sk-ant-bench ANTHROPIC_BASE_URL="http://127.0.0.1:$fake_port" \
  CLAUDE_REQUESTS_PER_MINUTE=$((rps * 60)) CLAUDE_TOKENS_PER_MINUTE=100000000 \
  LEAD_WORKERS="$workers" LEAD_BATCH_THRESHOLD="${BATCH_THRESHOLD:-1000000}" LEADS_FREE=1000000 RATE_LIMIT_IP=1000000 RATE_LIMIT_SESSION=100000 \
  IP_DAILY_SESSIONS=1000000 IP_DAILY_FREE_GENERATIONS=1000000 STRIPE_SECRET_KEY= \
  ./target/release/coldcopy >"$work/server.log" 2>&1 &
server=$!
for url in "http://127.0.0.1:$fake_port/healthz" "http://127.0.0.1:$port/healthz"; do
  for _ in $(seq 1 200); do curl -sf "$url" >/dev/null && break; sleep 0.05; done
done
base="http://127.0.0.1:$port"
form=(--data-urlencode company=Ledgerly --data-urlencode "job_title=Financial Controller"
  --data-urlencode "problem=Month-end close takes a full week of matching payouts to invoices by hand."
  --data-urlencode "product=Matches every payout to its invoices automatically and flags exceptions."
  --data-urlencode "benefit=Close the books in two days instead of seven."
  --data-urlencode "cta=Worth a 15-minute look next week?" -d tone=direct -d emails=4 -d language=en)

step "a sequence, then a $leads-lead list"
sequence=$(curl -sf -c "$work/owner" -b "$work/owner" "${form[@]}" "$base/api/generate" | tr -d '"')
{
  echo "email,first_name,company,notes"
  for i in $(seq 1 "$leads"); do
    echo "lead$i@company$i.io,Ana,Company$i,Company$i opened an office in Lisbon in 2025 with $i people."
  done
} >"$work/leads.csv"
location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$work/owner" -b "$work/owner" \
  -F "file=@$work/leads.csv;type=text/csv" -F rows= "$base/s/$sequence/leads/upload")
job="${location##*/}"
rss_before=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
started=$(date +%s.%N)
curl -sf -o /dev/null -b "$work/owner" -d col_email=0 -d col_first_name=1 -d col_company=2 -d facts=3 \
  "$base/leads/$job/start"

step "visitors write sequences while the job runs"
: >"$work/visitors.txt"
sleep 5
for i in $(seq 1 "$visitors"); do
  curl -s -o /dev/null -w '%{time_total}\n' -c "$work/v$i" -b "$work/v$i" "${form[@]}" \
    "$base/api/generate" >>"$work/visitors.txt"
  sleep 2
done

while :; do
  status=$(curl -sf -b "$work/owner" "$base/api/leads/job?id=$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["job"]["status"])')
  [ "$status" != running ] && break
  sleep 0.5
done
ended=$(date +%s.%N)
curl -sf -b "$work/owner" "$base/api/leads/job?id=$job" >"$work/page.json"
curl -sf "http://127.0.0.1:$fake_port/stats" >"$work/stats.json"
peak=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
python3 - "$work/page.json" "$work/stats.json" "$started" "$ended" "$rss_before" "$peak" "$work/visitors.txt" "$leads" "$rps" "$claude_time" <<'PY' | tee "$out/leads.md"
import json, statistics, sys
page, stats = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
started, ended, rss_before, peak = float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
visits = sorted(float(l) for l in open(sys.argv[7]) if l.strip())
leads, rps, claude_time = sys.argv[8], sys.argv[9], sys.argv[10]
c = page["job"]["counts"]
cost = c["cost_usd_micros"] / 1e6
print(f"| {leads}-lead job, fake Claude {claude_time} per call, limiter {rps} req/s | measured |")
print("|---|---|")
print(f"| wall time | {ended - started:.1f} s (at {rps} req/s the floor is {int(leads) / int(rps):.0f} s) |")
print(f"| leads written / no signal / failed | {c['written']} / {c['no_signal']} / {c['failed']} |")
print(f"| first-line calls the fake saw | {stats['first_line_calls']} |")
print(f"| highest first-line calls in any one second | {stats['first_line_max_per_second']} (limit {rps}) |")
print(f"| server RSS before the job / peak | {rss_before} MB / {peak} MB |")
if visits:
    print(f"| visitor's sequence during the job (fake takes {claude_time}) | median {statistics.median(visits)*1000:.0f} ms, max {max(visits)*1000:.0f} ms over {len(visits)} |")
print(f"| estimated cost of the job (Messages API) | ${cost:.2f} |")
print(f"| the same tokens through the Message Batches API (half price; lists of LEAD_BATCH_THRESHOLD leads or more) | ${cost / 2:.2f} |")
PY
