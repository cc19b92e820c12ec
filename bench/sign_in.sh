#!/usr/bin/env bash
# Sign-in by email, measured end to end on the release server: how long from asking for a link
# (POST /api/signin/request, as the form does) until the message is in the test mailbox (Debian's
# aiosmtpd on loopback, storing it in a maildir before it answers), N times (default 50, each
# to its own address, so the per-address limit never applies); then what a prefetching GET of a
# link does (it must sign nobody in). Prints the median, p95 and max. Run by hand:
#   bash bench/sign_in.sh            (NO_BUILD=1 skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
n="${N:-50}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
[ -n "${NO_BUILD:-}" ] || cargo leptos build --release --precompress 2>&1 | tail -n 1

/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:3611 -c aiosmtpd.handlers.Mailbox "$work/maildir" &
for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/3611) 2>/dev/null && break; sleep 0.05; done
env LEPTOS_SITE_ADDR=127.0.0.1:3610 LEPTOS_SITE_ROOT=target/site DATABASE_URL="sqlite://$work/c.db" \
  LOG_LEVEL=warn SMTP_URL=smtp://127.0.0.1:3611 MAIL_FROM='ColdCopy <hello@coldcopy.test>' \
  PUBLIC_URL=http://127.0.0.1:3610 SIGN_IN_PER_IP=100000 ./target/release/coldcopy >"$work/server.log" 2>&1 &
for _ in $(seq 1 200); do curl -sf http://127.0.0.1:3610/healthz >/dev/null && break; sleep 0.05; done

times="$work/times"
for i in $(seq 1 "$n"); do
  before=$(ls "$work/maildir/new" 2>/dev/null | wc -l)
  start=$(date +%s%N)
  curl -sf -o /dev/null --data-urlencode "email=bench$i@ledgerly.test" http://127.0.0.1:3610/api/signin/request
  # The relay answers only once the message is stored: it is there when the request returns.
  after=$(ls "$work/maildir/new" | wc -l)
  end=$(date +%s%N)
  [ "$after" -eq $((before + 1)) ] || { echo "message $i was not in the mailbox when the request returned" >&2; exit 1; }
  echo $(( (end - start) / 1000 )) >>"$times"
done
sort -n "$times" | awk -v n="$n" '{ t[NR] = $1 } END {
  printf "request to message in the mailbox, %d links: median %.1f ms, p95 %.1f ms, max %.1f ms\n",
    n, t[int((n + 1) / 2)] / 1000, t[int(n * 0.95 + 0.5)] / 1000, t[n] / 1000 }'

# A mail scanner opening the newest link (GET, no cookies, three times): nobody is signed in, and
# the link still works for the person.
link=$(grep -rhoE 'http://127\.0\.0\.1:3610/signin/[A-Za-z0-9_-]{43}' "$work/maildir/new" | tail -n 1)
for _ in 1 2 3; do
  if curl -s -D - -o /dev/null "$link" | grep -qi '^set-cookie: coldcopy_login='; then
    echo "a GET of the link signed a browser in" >&2; exit 1
  fi
done
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'accept: application/json' \
  --data-urlencode "token=${link##*/}" http://127.0.0.1:3610/api/signin/confirm)
echo "a prefetching GET (3 times) signed nobody in; the link then signed in once: HTTP $code"
