#!/usr/bin/env bash
# The backups benchmark (issue 42): the scheduled backup (copy, check, checksum, manifest) of a
# database holding ROWS sequences and LEADS lead rows, on SQLite and on PostgreSQL 15: how long
# it takes, how big the copy is, how long the restore drill takes, and what a backup running
# does to a visitor's generation latency (wrk against an instant fake Claude, without a backup
# and while the server takes one). Sending does not exist yet, so lead rows (an address, a
# name, notes and a written line each) stand in for the sent emails the issue names.
# Knobs: ROWS (default 100000), LEADS (default 1000000), DURATION (each wrk run, default 8s),
# CONNECTIONS (default 4), ENGINES (default "sqlite postgres"). NO_BUILD=1 skips the release build. Prints one table (also saved to
# target/bench/backups.md). Run by hand on a quiet machine; never in CI.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/postgres.sh
rows="${ROWS:-100000}"
leads="${LEADS:-1000000}"
duration="${DURATION:-8s}"
connections="${CONNECTIONS:-4}"
command -v wrk >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk
command -v sqlite3 >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y sqlite3

work="$(mktemp -d)"
chmod 755 "$work"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; pg_stop; rm -rf "$work"' EXIT
out_dir="target/bench"; mkdir -p "$out_dir"

if [ -z "${NO_BUILD:-}" ]; then
  step "building the release server and the fake Claude"
  cargo leptos build --release --precompress 2>&1 | tail -n 2
  cargo build --release --example fake_claude --quiet
fi
bin=./target/release/coldcopy

wait_for() { for _ in $(seq 1 400); do curl -sf "$1" >/dev/null && return 0; sleep 0.05; done; echo "no answer from $1" >&2; exit 1; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
now() { date +%s.%N; }
# start_server PORT DATABASE_URL BACKUP_ENABLED: prints the pid. With backups on, the slot that
# began this hour is due, so the server takes it at once.
start_server() {
  env LEPTOS_SITE_ADDR="127.0.0.1:$1" DATABASE_URL="$2" LOG_LEVEL=warn MAILBOX_KEY="BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=" \
    BACKUP_ENABLED="$3" BACKUP_DIR="$work/backups-$1" BACKUP_HOUR_UTC="$(date -u +%-H)" \
    ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=http://127.0.0.1:8796 \
    RATE_LIMIT_IP=1000000 RATE_LIMIT_SESSION=100000 IP_DAILY_SESSIONS=1000000 \
    IP_DAILY_FREE_GENERATIONS=1000000 DAILY_GENERATION_CEILING=10000000 \
    "$bin" >"$work/server-$1.log" 2>&1 &
  echo $!
}
form="company=Ledgerly&job_title=Financial+Controller&problem=Month-end+close+takes+a+week+of+manual+work.&product=Matches+Stripe+payouts+to+invoices+automatically.&benefit=Close+the+books+in+two+days+instead+of+seven.&cta=Worth+a+15-minute+look%3F&tone=direct&emails=5&language=en"
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "$form"
LUA
latency() { # NAME URL: "median / p99 (N/s)"
  wrk --latency -d"$duration" -t2 -c"$connections" -s "$work/post.lua" "$2" >"$work/$1.wrk"
  awk '$1 == "50%" { m = $2 } $1 == "99%" { p = $2 } /^Requests\/sec/ { r = $2 } END { printf "%s / %s (%.0f/s)", m, p, r }' "$work/$1.wrk"
}

./target/release/examples/fake_claude 127.0.0.1:8796 >/dev/null &
sleep 0.5

# fill ENGINE URL: ROWS sequences (copies of one real one, each with text of its own, so the
# copy does not compress to nothing, one a minute back from now: about 69 days of history, as a
# site that writes within its daily ceiling has) and LEADS written leads in one list.
fill() {
  local engine="$1" url="$2"
  curl -sf -o /dev/null -d "$form" "http://127.0.0.1:$3/api/generate"
  if [ "$engine" = sqlite ]; then
    sqlite3 "${url#sqlite://}" "
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
      INSERT INTO sequences (id, session_id, input_json, output_json, model, source, created_at)
      SELECT 'bench-' || i, s.session_id, s.input_json,
             replace(s.output_json, ' the ', ' the ' || hex(randomblob(12)) || ' '),
             s.model, s.source, s.created_at - 60 * i
      FROM n, (SELECT * FROM sequences LIMIT 1) s;
      INSERT INTO lead_jobs (id, session_id, sequence_id, status, file_name, headers_json,
                             rows_json, row_count, neutral_line)
      SELECT 'bench-job', session_id, id, 'done', 'bench.csv', '[]', '[]', $leads, 'A line.'
      FROM sequences WHERE id NOT LIKE 'bench-%' LIMIT 1;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $leads)
      INSERT INTO leads (job_id, session_id, line_no, data_json, status, line, fact)
      SELECT 'bench-job', (SELECT session_id FROM lead_jobs WHERE id = 'bench-job'), i + 1,
             '{\"line\":' || (i + 1) || ',\"email\":\"lead' || i || '@company' || (i % 9973) ||
             '.com\",\"first_name\":\"N' || hex(randomblob(3)) || '\",\"company\":\"Company ' ||
             (i % 9973) || '\",\"facts\":[[\"Notes\",\"' || hex(randomblob(24)) || '\"]]}',
             'written', 'One thing stood out: ' || hex(randomblob(16)) || '.', hex(randomblob(12))
      FROM n;"
  else
    psql -q "$url" -c "
      INSERT INTO sequences (id, session_id, input_json, output_json, model, source, created_at)
      SELECT 'bench-' || i, s.session_id, s.input_json,
             replace(s.output_json, ' the ', ' the ' || md5(random()::text) || ' '),
             s.model, s.source, s.created_at - 60 * i
      FROM generate_series(1, $rows) i, (SELECT * FROM sequences LIMIT 1) s;
      INSERT INTO lead_jobs (id, session_id, sequence_id, status, file_name, headers_json,
                             rows_json, row_count, neutral_line)
      SELECT 'bench-job', session_id, id, 'done', 'bench.csv', '[]', '[]', $leads, 'A line.'
      FROM sequences WHERE id NOT LIKE 'bench-%' LIMIT 1;
      INSERT INTO leads (job_id, session_id, line_no, data_json, status, line, fact)
      SELECT 'bench-job', j.session_id, i + 1,
             '{\"line\":' || (i + 1) || ',\"email\":\"lead' || i || '@company' || (i % 9973) ||
             '.com\",\"first_name\":\"N' || substr(md5(random()::text), 1, 6) ||
             '\",\"company\":\"Company ' || (i % 9973) || '\",\"facts\":[[\"Notes\",\"' ||
             md5(random()::text) || md5(random()::text) || '\"]]}',
             'written', 'One thing stood out: ' || md5(random()::text) || '.',
             substr(md5(random()::text), 1, 24)
      FROM generate_series(1, $leads) i, (SELECT session_id FROM lead_jobs WHERE id = 'bench-job') j;"
    psql -q "$url" -c "VACUUM ANALYZE"
  fi
}

# measure ENGINE URL PORT: prints "backup s | copy MB | drill s | latency without | latency during"
measure() {
  local engine="$1" url="$2" port="$3" pid t0 manifest
  DATABASE_URL="$url" "$bin" migrate >/dev/null
  pid=$(start_server "$port" "$url" false); wait_for "http://127.0.0.1:$port/readyz"
  fill "$engine" "$url" "$port"
  local quiet; quiet=$(latency "$engine-quiet" "http://127.0.0.1:$port/api/generate")
  stop "$pid"
  # The same database, the same load, and a scheduled backup running from the start.
  t0=$(now)
  pid=$(start_server "$port" "$url" true); wait_for "http://127.0.0.1:$port/readyz"
  latency "$engine-during" "http://127.0.0.1:$port/api/generate" >"$work/$engine-during.txt" &
  local wrk_pid=$!
  manifest=""
  while [ -z "$manifest" ]; do
    manifest=$(ls "$work/backups-$port"/coldcopy-*.json 2>/dev/null | head -n 1 || true)
    [ -n "$manifest" ] || sleep 0.05
  done
  local took; took=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  wait "$wrk_pid"
  stop "$pid"
  local copy size drill_t0 drilled
  copy="${manifest%.json}.pgdump"; [ "$engine" = sqlite ] && copy="${manifest%.json}.sqlite"
  size=$(stat -c %s "$copy")
  drill_t0=$(now)
  DATABASE_URL="$url" BACKUP_DIR="$work/backups-$port" "$bin" restore --check "$(basename "$copy")" >"$work/$engine-drill.txt"
  drilled=$(awk -v a="$drill_t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  local counted; counted=$(python3 -c 'import json, sys; r = dict(json.load(open(sys.argv[1]))["rows"]); print("{:,} sequences, {:,} leads".format(r["sequences"], r["leads"]))' "$manifest")
  printf '%s s | %s MB | %s s | %s | %s | %s' "$took" "$(awk -v s="$size" 'BEGIN { printf "%.0f", s / 1048576 }')" "$drilled" \
    "$quiet" "$(cat "$work/$engine-during.txt")" "$counted"
}

engines="${ENGINES:-sqlite postgres}"
sqlite_row="not run"; pg_row="not run"
if [[ " $engines " == *" sqlite "* ]]; then
  step "SQLite: $rows sequences, $leads leads"
  sqlite_row=$(measure sqlite "sqlite://$work/bench.db" 3601)
fi
if [[ " $engines " == *" postgres "* ]]; then
  step "PostgreSQL 15: $rows sequences, $leads leads"
  pg_start
  psql -q "$PG_URL" -c "CREATE DATABASE bench"
  pg_row=$(measure postgres "${PG_URL%/postgres}/bench" 3602)
fi

table() {
  cat <<TABLE
| engine | scheduled backup (copy, check, checksum, manifest) | copy | restore drill | generate without a backup: median / p99 (rate) | during the backup | rows in the manifest |
|---|---|---|---|---|---|---|
| SQLite | $sqlite_row |
| PostgreSQL 15 | $pg_row |
TABLE
}
table | tee "$out_dir/backups.md"
