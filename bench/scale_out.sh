#!/usr/bin/env bash
# The scale-out benchmark (issue 16's figures): generations per second and p99 against a fake
# Claude that answers at once, on SQLite (one server), on PostgreSQL with one server, and on
# PostgreSQL with two servers behind nginx (docs/deploy/); each server's peak RSS; and how long
# `coldcopy backup` takes for a database of 100,000 sequences on each engine. Prints one table
# (also saved to target/bench/scale_out.md). Run by hand on a quiet machine; never in CI.
# Knobs: DURATION (each wrk run, default 10s), CONNECTIONS (default 8), ROWS (default 100000).
# Skip the build with NO_BUILD=1 when target/release/coldcopy is current.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/postgres.sh
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-8}"
rows="${ROWS:-100000}"
command -v wrk >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk

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
peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# start_server PORT DATABASE_URL: prints the pid.
start_server() {
  env LEPTOS_SITE_ADDR="127.0.0.1:$1" DATABASE_URL="$2" LOG_LEVEL=warn MAILBOX_KEY="BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=" \
    ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=http://127.0.0.1:8795 TRUSTED_PROXY=true \
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
# run NAME URL: wrk's report in $work/NAME.wrk
run() { wrk --latency -d"$duration" -t2 -c"$connections" -s "$work/post.lua" "$2" >"$work/$1.wrk"; }
field() {
  case "$2" in
    rps) awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$work/$1.wrk" ;;
    p50) awk '$1 == "50%" { print $2 }' "$work/$1.wrk" ;;
    p99) awk '$1 == "99%" { print $2 }' "$work/$1.wrk" ;;
    bad) awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$work/$1.wrk" ;;
  esac
}

./target/release/examples/fake_claude 127.0.0.1:8795 >/dev/null &
fake_pid=$!
wait_for http://127.0.0.1:8795/healthz
pg_start

step "1/4 SQLite, one server ($duration, $connections connections)"
sqlite_url="sqlite://$work/bench.db"
pid=$(start_server 3501 "$sqlite_url"); wait_for http://127.0.0.1:3501/readyz
run sqlite http://127.0.0.1:3501/api/generate
sqlite_rss=$(peak_rss_mb "$pid"); stop "$pid"

step "2/4 PostgreSQL, one server"
psql -q "$PG_URL" -c "CREATE DATABASE bench_one" -c "CREATE DATABASE bench_two"
pg_one="${PG_URL%/postgres}/bench_one"
pid=$(start_server 3502 "$pg_one"); wait_for http://127.0.0.1:3502/readyz
run pg1 http://127.0.0.1:3502/api/generate
pg1_rss=$(peak_rss_mb "$pid"); stop "$pid"

step "3/4 PostgreSQL, two servers behind nginx"
pg_two="${PG_URL%/postgres}/bench_two"
pid_a=$(start_server 3503 "$pg_two"); pid_b=$(start_server 3504 "$pg_two")
wait_for http://127.0.0.1:3503/readyz; wait_for http://127.0.0.1:3504/readyz
user_line=""; [ "$(id -u)" = 0 ] && user_line="user root;"
{
  echo "$user_line worker_processes 1; pid $work/nginx.pid; error_log $work/nginx.err;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off; client_body_temp_path $work/b; proxy_temp_path $work/p;"
  echo " fastcgi_temp_path $work/f; uwsgi_temp_path $work/u; scgi_temp_path $work/s;"
  sed -e '/server 127.0.0.1:3003/d' -e 's/3001/3503/; s/3002/3504/' docs/deploy/nginx-upstream.conf
  echo " server { listen 127.0.0.1:3505;"
  cat docs/deploy/nginx-locations.conf
  echo " } }"
} >"$work/nginx.conf"
/usr/sbin/nginx -e stderr -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
wait_for http://127.0.0.1:3505/readyz
run pg2 http://127.0.0.1:3505/api/generate
pg2_rss="$(peak_rss_mb "$pid_a") MB + $(peak_rss_mb "$pid_b")"
stop "$nginx_pid"; stop "$pid_a"; stop "$pid_b"

step "4/4 backup of $rows sequences on each engine"
# Copies of one real saved sequence, under new ids, in one session.
sqlite3 "$work/bench.db" "
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
  INSERT INTO sequences (id, session_id, input_json, output_json, model, source, created_at)
  SELECT 'bench-' || i, s.session_id, s.input_json, s.output_json, s.model, s.source, s.created_at
  FROM n, (SELECT * FROM sequences LIMIT 1) s;"
psql -q "$pg_one" -c "
  INSERT INTO sequences (id, session_id, input_json, output_json, model, source, created_at)
  SELECT 'bench-' || i, s.session_id, s.input_json, s.output_json, s.model, s.source, s.created_at
  FROM generate_series(1, $rows) i, (SELECT * FROM sequences LIMIT 1) s;"
time_backup() { # URL FILE: seconds and size
  local t0 t1; t0=$(date +%s.%N)
  DATABASE_URL="$1" "$bin" backup "$2" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v s="$(stat -c %s "$2")" 'BEGIN { printf "%.1f s (%.0f MB)", b - a, s / 1048576 }'
}
sqlite_count=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM sequences")
pg_count=$(psql -Atq "$pg_one" -c "SELECT count(*) FROM sequences")
sqlite_backup=$(time_backup "$sqlite_url" "$work/backup.db")
pg_backup=$(time_backup "$pg_one" "$work/backup.dump")
stop "$fake_pid"

table() {
  cat <<TABLE
| engine | generate, instant fake Claude, $connections at a time: sequences/s / median / p99 | errors | peak RSS per server |
|---|---|---|---|
| SQLite, one server | $(field sqlite rps) / $(field sqlite p50) / $(field sqlite p99) | $(field sqlite bad) | $sqlite_rss MB |
| PostgreSQL 15, one server | $(field pg1 rps) / $(field pg1 p50) / $(field pg1 p99) | $(field pg1 bad) | $pg1_rss MB |
| PostgreSQL 15, two servers behind nginx | $(field pg2 rps) / $(field pg2 p50) / $(field pg2 p99) | $(field pg2 bad) | $pg2_rss MB |

| engine | \`coldcopy backup\` of $sqlite_count / $pg_count sequences |
|---|---|
| SQLite (\`VACUUM INTO\`) | $sqlite_backup |
| PostgreSQL 15 (\`pg_dump --format=custom\`) | $pg_backup |
TABLE
}
table | tee "$out_dir/scale_out.md"
