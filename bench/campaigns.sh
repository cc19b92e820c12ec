#!/usr/bin/env bash
# Campaign sending, measured end to end on the release server: N leads (default 500) sent from
# one mailbox through the loopback postfix (authenticated submission, STARTTLS) into dovecot,
# with the gap switched off, from the campaign's start until the last message is in its lead's
# maildir; then postfix's own smtp-source sending the same number of messages into the same
# dovecot (plain SMTP on the inbound port, one session, no TLS or sign-in) for comparison.
# Prints messages per second for both. Run by hand:
#   bash bench/campaigns.sh          (NO_BUILD=1 skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/mail.sh
n="${N:-500}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; mail_stop; rm -rf "$work"' EXIT
[ -n "${NO_BUILD:-}" ] || cargo leptos build --release --precompress 2>&1 | tail -n 1
mail_start

/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:3631 -c aiosmtpd.handlers.Mailbox "$work/maildir" &
for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/3631) 2>/dev/null && break; sleep 0.05; done
env LEPTOS_SITE_ADDR=127.0.0.1:3630 LEPTOS_SITE_ROOT=target/site DATABASE_URL="sqlite://$work/c.db" \
  LOG_LEVEL=warn SMTP_URL=smtp://127.0.0.1:3631 MAIL_FROM='ColdCopy <hello@coldcopy.test>' \
  PUBLIC_URL=http://127.0.0.1:3630 MAIL_CA_FILE="$MAIL_CA" CAMPAIGN_ROUND_SECONDS=1 \
  CAMPAIGN_PLANS=free,starter,pro LEADS_FREE=100000 ./target/release/coldcopy >"$work/server.log" 2>&1 &
for _ in $(seq 1 200); do curl -sf http://127.0.0.1:3630/healthz >/dev/null && break; sleep 0.05; done
B=http://127.0.0.1:3630
c() { curl -s -b "$work/jar" -c "$work/jar" "$@"; }

# A founder signed in, with the loopback mailbox, a sequence and N written leads.
c -o /dev/null "$B/"
c -o /dev/null --data-urlencode "email=bench@ledgerly.test" "$B/api/signin/request"
token=$(grep -rhoE 'signin/[A-Za-z0-9_-]{43}' "$work/maildir/new" | head -n 1 | cut -d/ -f2)
c -o /dev/null --data-urlencode "token=$token" "$B/api/signin/confirm"
c -o /dev/null -H 'accept: text/html' --data "provider=other&address=bench%40ledgerly.test&name=Bench&password=secret&smtp_host=localhost&smtp_port=$MAIL_SUBMISSION_PORT&smtp_security=start_tls&imap_host=localhost&imap_port=$MAIL_IMAP_PORT&imap_security=start_tls" "$B/api/mailboxes/connect"
seq=$(c -H 'accept: application/json' --data "company=Ledgerly&job_title=Financial+Controller&problem=Month-end+close+takes+a+week.&product=Matches+payouts+to+invoices.&benefit=Close+in+two+days.&cta=Worth+a+look%3F&tone=friendly&emails=3&language=en" "$B/api/generate" | tr -d '"')
{ echo "email,first_name,company"; for i in $(seq 1 "$n"); do echo "bench-$i@acme.test,Lead$i,Company $i"; done; } >"$work/leads.csv"
loc=$(c -o /dev/null -w '%{redirect_url}' -F "file=@$work/leads.csv;type=text/csv" -F rows= "$B/s/$seq/leads/upload")
job=${loc##*/leads/}; job=${job%%\?*}
c -o /dev/null --data "col_email=0&col_first_name=1&col_company=2" "$B/leads/$job/start"
for _ in $(seq 1 600); do c "$B/api/leads/job?id=$job" | grep -q '"status":"running"' || break; sleep 0.2; done
mailbox=$(c "$B/api/mailboxes" | grep -oE '"id":"[^"]+"' | head -n 1 | cut -d'"' -f4)
days=$(printf '&day=%s' mon tue wed thu fri sat sun)
loc=$(c -o /dev/null -w '%{redirect_url}' --data "name=Bench&list=$job&mailbox=$mailbox&time_zone=UTC&window_start=00:00&window_end=23:59$days&daily_cap=500&gap_minutes=0&jitter_minutes=0&new_per_day=10000&fb_first_name=there" "$B/campaigns")
campaign=${loc##*/campaigns/}

delivered() { find "$MAIL_DIR/mail/acme.test" -path '*bench-*/Maildir/new/*' -type f 2>/dev/null | wc -l; }
start=$(date +%s%N)
c -o /dev/null --data "action=start" "$B/campaigns/$campaign/control"
while [ "$(delivered)" -lt "$n" ]; do
  [ $(( ($(date +%s%N) - start) / 1000000000 )) -lt 300 ] || { echo "only $(delivered) of $n arrived in 5 minutes" >&2; exit 1; }
  sleep 0.05
done
end=$(date +%s%N)
awk -v n="$n" -v ns=$((end - start)) 'BEGIN { printf "ColdCopy: %d emails from start to the last in its maildir in %.2f s: %.1f messages/s\n", n, ns / 1e9, n / (ns / 1e9) }'

# postfix's own load generator into the same dovecot, one recipient.
start=$(date +%s%N)
/usr/sbin/smtp-source -m "$n" -s 1 -l 1500 -f bench@ledgerly.test -t bench-source@acme.test "127.0.0.1:$MAIL_SMTP_PORT"
while [ "$(find "$MAIL_DIR/mail/acme.test/bench-source/Maildir/new" -type f 2>/dev/null | wc -l)" -lt "$n" ]; do sleep 0.05; done
end=$(date +%s%N)
awk -v n="$n" -v ns=$((end - start)) 'BEGIN { printf "smtp-source: %d messages into the same maildirs in %.2f s: %.1f messages/s\n", n, ns / 1e9, n / (ns / 1e9) }'
