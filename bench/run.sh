#!/usr/bin/env bash
# The production benchmark: builds the release server, starts it beside a fake Claude on loopback,
# drives it with wrk and ab (Debian's), and prints one table (also saved to target/bench/results.md):
#   1. server-rendered pages next to a bare axum handler serving the same bytes, in turn, three
#      rounds each (the median round's ratio):
#      the landing page as a visitor without a session gets it, and /generate, /s/{id} and
#      /history as a visitor with a saved sequence gets them (all kept in memory: a visitor's
#      pages while nothing is written), and /s/{id} rendered each time (with a query string);
#   2. generate overhead against a fake Claude that answers at once (median, p99, sequences/s);
#   3. 2,000 generations in flight at once against a fake Claude that takes 3 s (errors, peak RSS),
#      over HTTP/2 to Claude and over HTTP/1.1;
#   4. the bytes each page makes a browser download (HTML and every file it links), as served to
#      a browser that offers br and gzip;
#   5. Lighthouse 12 (npm lighthouse@12.2.3, mobile preset, Debian's chromium) on /, /generate,
#      /s/{id} and /pricing, LIGHTHOUSE_RUNS times each (default 5): the median run's four scores,
#      LCP and TBT, and every run's Performance (LIGHTHOUSE=0 skips it).
# Run by hand on a quiet machine; never in CI (timings depend on the machine). Knobs:
# DURATION (wrk runs, default 10s), PAIRS (part 1's rounds per page, default 3), IN_FLIGHT
# (default 2000), CLAUDE_TIME (default 3s).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
duration="${DURATION:-10s}"
pairs="${PAIRS:-3}"
in_flight="${IN_FLIGHT:-2000}"
claude_time="${CLAUDE_TIME:-3s}"

for tool in wrk:wrk ab:apache2-utils curl:curl; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    step "installing ${tool#*:} (Debian)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${tool#*:}"
  fi
done
# IN_FLIGHT client sockets, as many server sockets and as many upstream sockets, plus files.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((3 * in_flight + 1000)) ]; then
  echo "open-file limit $(ulimit -n) is too low for IN_FLIGHT=$in_flight" >&2; exit 1
fi

work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
out_dir="target/bench"; mkdir -p "$out_dir"

step "building the release server and the benchmark helpers"
cargo leptos build --release --precompress 2>&1 | tail -n 2
cargo build --release --example fake_claude --example bare_axum --quiet

server_pid=""
# start_server PORT [VAR=VALUE...]: a fresh database, generous abuse limits, logs at warn.
start_server() {
  local port="$1"; shift
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" DATABASE_URL="sqlite://$work/bench-$port.db" \
    LOG_LEVEL=warn ANTHROPIC_API_KEY="" RATE_LIMIT_IP=1000000 RATE_LIMIT_SESSION=100000 \
    IP_DAILY_SESSIONS=1000000 IP_DAILY_FREE_GENERATIONS=1000000 \
    DAILY_GENERATION_CEILING=10000000 "$@" ./target/release/coldcopy >"$work/server-$port.log" 2>&1 &
  server_pid=$!
  wait_for "http://127.0.0.1:$port/healthz"
}
wait_for() { for _ in $(seq 1 200); do curl -sf "$1" >/dev/null && return 0; sleep 0.05; done; echo "no answer from $1" >&2; exit 1; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
cpu_secs() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }

# wrk_run NAME URL [wrk args...]: saves wrk's report as $work/NAME.wrk.
wrk_run() {
  local name="$1" url="$2"; shift 2
  wrk --latency -d"$duration" "$@" "$url" >"$work/$name.wrk"
}
wrk_field() { # wrk_field NAME rps|p50|p99|non2xx|errors
  local f="$work/$1.wrk"
  case "$2" in
    rps) awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$f" ;;
    p50) awk '$1 == "50%" { print $2 }' "$f" ;;
    p99) awk '$1 == "99%" { print $2 }' "$f" ;;
    non2xx) awk '/Non-2xx/ { n = $NF } END { print n + 0 }' "$f" ;;
    errors) awk '/Socket errors/ { gsub(/,/, ""); n = $4 + $6 + $8 + $10 } END { print n + 0 }' "$f" ;;
  esac
}

form="company=Ledgerly&job_title=Financial+Controller&problem=Month-end+close+takes+a+week+of+manual+work.&product=Matches+Stripe+payouts+to+invoices+automatically.&benefit=Close+the+books+in+two+days+instead+of+seven.&cta=Worth+a+15-minute+look%3F&tone=direct&emails=5&language=en"
printf '%s' "$form" >"$work/form.txt"
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "$form"
LUA

# new_sequence PORT JAR: writes a sequence as a new visitor (the cookie goes to JAR); prints its id.
new_sequence() {
  curl -sf -b "$2" -c "$2" -H 'accept: application/json' \
    --data-urlencode company=Ledgerly --data-urlencode 'job_title=Financial Controller' \
    --data-urlencode 'problem=Month-end close takes a week of matching payouts by hand.' \
    --data-urlencode 'product=Matches every Stripe payout to its invoices automatically.' \
    --data-urlencode 'benefit=Close the books in two days instead of seven.' \
    --data-urlencode 'cta=Worth a 15-minute look next week?' \
    -d tone=professional -d emails=5 -d language=en \
    "http://127.0.0.1:$1/api/generate" | tr -d '"'
}
session_cookie() { awk '$6 == "coldcopy_session" { print "coldcopy_session=" $7 }' "$1"; }

# 1. Server-rendered pages vs a bare axum handler serving the same bytes.
step "1/5 server-rendered pages vs bare axum ($pairs rounds of $duration each, 64 connections)"
start_server 3400
jar1="$work/cookies-1.txt"
seq1=$(new_sequence 3400 "$jar1")
cookie1=$(session_cookie "$jar1")
render_rows=""; page_n=0
# page_vs_bare LABEL PATH [COOKIE]: PAIRS rounds (default 3) of wrk on the page and then on bare
# axum serving its bytes, in turn. The row is the round with the median ratio, every round's ratio
# beside it: this machine's speed drifts by up to a fifth between runs, and the two runs of a
# round, back to back, see about the same drift.
page_vs_bare() {
  page_n=$((page_n + 1))
  local label="$1" path="$2" cookie="${3:-}" name="page$page_n"
  local with=(); [ -n "$cookie" ] && with=(-H "Cookie: $cookie")
  curl -sf "${with[@]}" "http://127.0.0.1:3400$path" -o "$work/$name.html"
  ./target/release/examples/bare_axum 127.0.0.1:3401 "$work/$name.html" >/dev/null &
  local bare_pid=$!
  wait_for http://127.0.0.1:3401/
  local round rounds=""
  for round in $(seq 1 "$pairs"); do
    wrk_run "ssr-$name-$round" "http://127.0.0.1:3400$path" -t2 -c64 "${with[@]}"
    wrk_run "bare-$name-$round" http://127.0.0.1:3401/ -t2 -c64
    rounds="$rounds$(awk -v a="$(wrk_field "ssr-$name-$round" rps)" -v b="$(wrk_field "bare-$name-$round" rps)" \
      -v r="$round" 'BEGIN { printf "%.4f %d", a / b, r }')
"
  done
  stop "$bare_pid"
  local mid ratios
  mid=$(printf '%s' "$rounds" | sort -n | awk -v n="$pairs" 'NR == int((n + 1) / 2) { print $2 }')
  ratios=$(printf '%s' "$rounds" | awk 'NF { printf "%s%.1f%%", (NR > 1 ? ", " : ""), 100 * $1 }')
  local ratio
  ratio=$(awk -v a="$(wrk_field "ssr-$name-$mid" rps)" -v b="$(wrk_field "bare-$name-$mid" rps)" 'BEGIN { printf "%.1f%%", 100 * a / b }')
  render_rows="${render_rows:+$render_rows
}| $label ($(wc -c <"$work/$name.html") B) | median round: page / bare axum, req/s (ratio); page p99; every round's ratio | $(wrk_field "ssr-$name-$mid" rps) / $(wrk_field "bare-$name-$mid" rps) ($ratio); $(wrk_field "ssr-$name-$mid" p99); $ratios |"
}
page_vs_bare "\`GET /\`, no session (kept in memory)" /
page_vs_bare "\`GET /generate\`, with a session (kept while nothing is written)" /generate "$cookie1"
page_vs_bare "\`GET /s/{id}\`, its owner (kept while nothing is written)" "/s/$seq1" "$cookie1"
page_vs_bare "\`GET /history\`, with a session (kept while nothing is written)" /history "$cookie1"
# What the first load after a write costs: a query string is never kept, so each is rendered.
page_vs_bare "\`GET /s/{id}?rendered\`, its owner (rendered each time)" "/s/$seq1?rendered" "$cookie1"
ssr_rss=$(peak_rss_mb "$server_pid")
stop "$server_pid"

# 2. Generate overhead: every request a new visitor (session, limits, reservation, the Claude
# call over HTTP with its SSE parse, the save transaction) against an instant fake.
step "2/5 generate overhead, instant fake Claude ($duration at 1 and at 8 connections)"
./target/release/examples/fake_claude 127.0.0.1:8790 >/dev/null &
fake_pid=$!
wait_for http://127.0.0.1:8790/healthz
start_server 3402 ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=http://127.0.0.1:8790
wrk_run gen1 http://127.0.0.1:3402/api/generate -t1 -c1 -s "$work/post.lua"
wrk_run gen8 http://127.0.0.1:3402/api/generate -t2 -c8 -s "$work/post.lua"
gen_rss=$(peak_rss_mb "$server_pid")
stop "$server_pid"; stop "$fake_pid"

# 3. Many generations in flight at once against a slow fake, over HTTP/2 to Claude (as toward
# https://api.anthropic.com when it offers HTTP/2; here h2c, ANTHROPIC_H2C) and over HTTP/1.1.
step "3/5 $in_flight generations in flight, fake Claude taking $claude_time (HTTP/2, then HTTP/1.1)"
flight_rows=""
# in_flight_run LABEL PORT [VAR=VALUE...]: one run against a fresh fake and server; adds rows.
in_flight_run() {
  local label="$1" port="$2"; shift 2
  ./target/release/examples/fake_claude 127.0.0.1:8791 "$claude_time" >/dev/null &
  fake_pid=$!
  wait_for http://127.0.0.1:8791/healthz
  start_server "$port" ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=http://127.0.0.1:8791 "$@"
  local idle_rss server_cpu0 fake_cpu0 flight_rss server_cpu fake_cpu complete failed non2xx wall p50 p100
  local saved pending connections
  idle_rss=$(rss_mb "$server_pid")
  server_cpu0=$(cpu_secs "$server_pid"); fake_cpu0=$(cpu_secs "$fake_pid")
  ab -q -n "$in_flight" -c "$in_flight" -s 120 -p "$work/form.txt" \
    -T application/x-www-form-urlencoded "http://127.0.0.1:$port/api/generate" >"$work/flight-$port.ab" 2>&1 || true
  flight_rss=$(peak_rss_mb "$server_pid")
  server_cpu=$(awk -v a="$server_cpu0" -v b="$(cpu_secs "$server_pid")" 'BEGIN { printf "%.1f", b - a }')
  fake_cpu=$(awk -v a="$fake_cpu0" -v b="$(cpu_secs "$fake_pid")" 'BEGIN { printf "%.1f", b - a }')
  # Connections the fake accepted, less the two of this script's own (healthz and stats).
  connections=$(curl -sf http://127.0.0.1:8791/stats | sed -n 's/.*"connections":\([0-9]*\).*/\1/p')
  connections=$(( ${connections:-2} - 2 ))
  complete=$(awk '/^Complete requests/ { print $3 }' "$work/flight-$port.ab")
  # Failures that are not about length (every answer names its own sequence id).
  failed=$(awk '/^Failed requests/ { f = $3 } /\(Connect:/ { gsub(/,/, ""); f = $3 + $5 + $9 } END { print f + 0 }' "$work/flight-$port.ab")
  non2xx=$(awk '/^Non-2xx responses/ { n = $3 } END { print n + 0 }' "$work/flight-$port.ab")
  wall=$(awk '/^Time taken for tests/ { printf "%.1f s", $5 }' "$work/flight-$port.ab")
  p50=$(awk '$1 == "50%" { print $2 }' "$work/flight-$port.ab")
  p100=$(awk '$1 == "100%" { print $2 }' "$work/flight-$port.ab")
  stop "$server_pid"
  # What the database holds afterwards: sequences saved, and any reservation still pending.
  read -r saved pending < <(DATABASE_URL="sqlite://$work/bench-$port.db" ./target/release/coldcopy stats |
    sed -n 's/^sequences *\([0-9]*\) .*, \([0-9]*\) in progress.*/\1 \2/p')
  stop "$fake_pid"
  flight_rows="${flight_rows:+$flight_rows
}| $in_flight generations in flight, fake Claude $claude_time, $label | completed / errors / non-2xx / saved / left pending | ${complete:-0} / $failed / $non2xx / ${saved:-?} / ${pending:-?} |
| $in_flight in flight, $label | wall time / median / slowest | $wall / ${p50:-?} ms / ${p100:-?} ms |
| $in_flight in flight, $label | RSS idle → peak; connections to Claude | $idle_rss MB → $flight_rss MB; $connections |
| $in_flight in flight, $label | CPU seconds: server / fake Claude (2 cores shared with ab) | $server_cpu s / $fake_cpu s |"
}
in_flight_run "HTTP/2 to Claude" 3403 ANTHROPIC_H2C=true
in_flight_run "HTTP/1.1 to Claude" 3406

# 4. What each page makes a browser download, everything it links, as served to a browser that
# offers `Accept-Encoding: br, gzip` (bytes on the wire, after compression).
step "4/5 bytes each page makes the browser download"
start_server 3404
jar="$work/cookies.txt"
fetch_bytes() { # fetch_bytes PATH OUT: bytes on the wire; the body (decoded) to OUT
  curl -sf -b "$jar" -c "$jar" -H 'Accept-Encoding: br, gzip' -o "$2.enc" -D "$2.head" \
    -w '%{size_download}' "http://127.0.0.1:3404$1"
  curl -sf -b "$jar" -c "$jar" -o "$2" "http://127.0.0.1:3404$1"
}
# page_bytes PATH LABEL [BUDGET]: one row, the page and every file it links, against issue 36's
# goal: BUDGET bytes (KB of 1,024), or, without one, no JS and no wasm at all.
page_bytes() {
  html_bytes=$(fetch_bytes "$1" "$work/page.html")
  total=$html_bytes; parts="HTML $html_bytes"; scripts=0
  for asset in $(grep -oE '(/pkg/[A-Za-z0-9_.-]+\.(js|wasm|css)|/favicon\.svg)' "$work/page.html" | sort -u); do
    n=$(fetch_bytes "$asset" "$work/asset")
    total=$((total + n)); parts="$parts, ${asset##*/} $n"
    case "$asset" in *.js|*.wasm) scripts=$((scripts + n)) ;; esac
  done
  local goal
  if [ -n "${3:-}" ]; then
    if [ "$total" -le "$3" ]; then goal="≤ $(($3 / 1024)) KB: met"; else goal="≤ $(($3 / 1024)) KB: not met, $((total - $3)) B over"; fi
  elif [ "$scripts" -eq 0 ]; then goal="no JS, no wasm: met"
  else goal="no JS, no wasm: not met ($scripts B of script)"; fi
  bytes_rows="${bytes_rows:+$bytes_rows
}| \`$2\` downloads (br, gzip offered) | bytes on the wire; goal | $total B ($parts); $goal |"
}
# A saved sequence for /s/{id}, in the same browser.
seq_id=$(new_sequence 3404 "$jar")
bytes_rows=""
for path in / "/s/$seq_id/leads" /pricing /history /privacy /signin; do
  page_bytes "$path" "${path//$seq_id/\{id\}}"
done
page_bytes /generate /generate $((230 * 1024))
page_bytes "/s/$seq_id" "/s/{id}" $((230 * 1024))
stop "$server_pid"
# A paid plan's /pricing has an island (its restore links): the operator's grant gives this
# browser's session Pro, and the page is counted again.
session_id=$(session_cookie "$jar")
DATABASE_URL="sqlite://$work/bench-3404.db" ./target/release/coldcopy grant "${session_id#coldcopy_session=}" pro >/dev/null
start_server 3404
page_bytes /pricing "/pricing, a paid plan" $((110 * 1024))
stop "$server_pid"

# 5. Lighthouse, mobile preset (simulated slow 4G and a 4x slower CPU), on a fresh server.
lighthouse_rows=""
if [ "${LIGHTHOUSE:-1}" != 0 ]; then
  step "5/5 Lighthouse 12, mobile preset"
  lh="$out_dir/lighthouse-cli"
  if [ ! -x "$lh/node_modules/.bin/lighthouse" ]; then
    npm install --prefix "$lh" --no-audit --no-fund --silent lighthouse@12.2.3
  fi
  start_server 3405
  jar5="$work/cookies-5.txt"
  seq5=$(new_sequence 3405 "$jar5")
  cookie5=$(session_cookie "$jar5")
  # Each page LIGHTHOUSE_RUNS times (default 5); the row is the median run as Lighthouse's own
  # computeMedianRun picks it (the run nearest the median FCP and TTI), as its variability guide
  # advises, with every run's Performance and TBT beside it.
  runs="${LIGHTHOUSE_RUNS:-5}"
  for path in / /generate "/s/$seq5" /pricing; do
    label="$path"; headers='{}'
    if [ "$path" = "/s/$seq5" ]; then label="/s/{id}"; headers="{\"Cookie\": \"$cookie5\"}"; fi
    rm -f "$work"/lh-*.json
    for run in $(seq 1 "$runs"); do
      CHROME_PATH=/usr/bin/chromium "$lh/node_modules/.bin/lighthouse" "http://127.0.0.1:3405$path" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking" \
        --extra-headers="$headers" --output=json --output-path="$work/lh-$run.json" --quiet || true
    done
    row=$(cd "$lh" && node --input-type=module -e '
      import { readFileSync, readdirSync } from "node:fs";
      import { computeMedianRun, filterToValidRuns } from "lighthouse/core/lib/median-run.js";
      const dir = process.argv[1];
      const runs = filterToValidRuns(readdirSync(dir).filter((f) => /^lh-\d+\.json$/.test(f))
        .map((f) => JSON.parse(readFileSync(`${dir}/${f}`, "utf8"))));
      const m = computeMedianRun(runs);
      const s = (r, c) => Math.round(r.categories[c].score * 100);
      const a = (k) => m.audits[k].displayValue;
      const all = runs.map((r) => `${s(r, "performance")} (${Math.round(r.audits["total-blocking-time"].numericValue)} ms)`);
      console.log(`${s(m, "performance")} / ${s(m, "accessibility")} / ${s(m, "best-practices")} / ${s(m, "seo")}; LCP ${a("largest-contentful-paint")}, TBT ${a("total-blocking-time")}; ${runs.length} runs, Performance (TBT): ${all.join(", ")}`);
    ' "$work" 2>/dev/null || echo "no report")
    lighthouse_rows="${lighthouse_rows:+$lighthouse_rows
}| Lighthouse mobile \`$label\` | median run: Performance / Accessibility / Best Practices / SEO; LCP, TBT; every run | $row |"
  done
  stop "$server_pid"
fi

table() {
  cat <<TABLE
| benchmark | measure | value |
|---|---|---|
${render_rows}
| server-rendered pages | peak RSS | $ssr_rss MB |
| generate, instant fake Claude, 1 at a time | median / p99 / sequences/s | $(wrk_field gen1 p50) / $(wrk_field gen1 p99) / $(wrk_field gen1 rps) |
| generate, instant fake Claude, 8 at a time | median / p99 / sequences/s | $(wrk_field gen8 p50) / $(wrk_field gen8 p99) / $(wrk_field gen8 rps) |
| generate runs | errors (non-2xx + socket) / peak RSS | $(( $(wrk_field gen1 non2xx) + $(wrk_field gen1 errors) + $(wrk_field gen8 non2xx) + $(wrk_field gen8 errors) )) / $gen_rss MB |
${flight_rows}
${bytes_rows}
${lighthouse_rows}
TABLE
}
table | tee "$out_dir/results.md"
echo "(wrk and ab reports: rerun with KEEP=1 to keep $work)"
if [ -n "${KEEP:-}" ]; then trap - EXIT; echo "kept $work"; fi
