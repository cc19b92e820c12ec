#!/usr/bin/env bash
# The campaign scheduler's cost per round with 1,000 mailboxes and 100,000 scheduled sends, on
# SQLite and on PostgreSQL, and one server's memory while it reads those 1,000 mailboxes'
# INBOXes over IMAP (the loopback dovecot; each mailbox its own user). The figures come from an
# ignored test (tests/api/campaigns/tick.rs) that fills the database and drives the rounds with
# its own clock; nothing is asserted about them. Run by hand:  bash bench/scheduler.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/mail.sh
. scripts/postgres.sh
trap 'pg_stop; mail_stop' EXIT
mail_start >/dev/null
pg_start >/dev/null
run() {
  cargo test --release --features ssr --test api -- --ignored --nocapture \
    campaigns::tick 2>&1 | grep -E "^(filled|round)" | sed "s/^/  /"
}
echo "SQLite:"
run
echo "PostgreSQL:"
TEST_POSTGRES_URL="$PG_URL" run
