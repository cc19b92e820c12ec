#!/usr/bin/env bash
# README command 2: set everything up, then run every check: formatting, clippy (server and
# browser code), unit + integration tests, and the Playwright suite against a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (server, all targets)"
cargo clippy --all-targets -- -D warnings

step "cargo clippy (browser code, wasm32)"
cargo clippy --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "starting the mail system on loopback (Debian's postfix and dovecot)"
# The mailbox tests sign in to a real submission server and IMAP server (scripts/mail.sh).
. scripts/mail.sh
. scripts/postgres.sh
trap 'pg_stop; mail_stop' EXIT
mail_start

step "cargo test (unit + integration, on SQLite)"
cargo test


step "Playwright through cargo leptos end-to-end (release build: proves wasm-opt too)"
# The fakes the Playwright config starts: Claude for the "claude" project, Stripe for payments.
cargo build --example fake_claude --example fake_stripe
e2e_dir="target/e2e"
rm -rf "$e2e_dir" && mkdir -p "$e2e_dir"
# A fresh database; no Claude key, so the offline composer answers (no network in tests). The
# Playwright config starts a second server from the same build against the fake Claude.
export DATABASE_URL="sqlite://$e2e_dir/coldcopy.db"
export ANTHROPIC_API_KEY=""
export LEPTOS_SITE_ADDR="${E2E_ADDR:-127.0.0.1:3100}"
export BASE_URL="http://$LEPTOS_SITE_ADDR"
# Payments through the fake Stripe (loopback); the tests sign webhooks with the same secret.
export FAKE_STRIPE_ADDR="${FAKE_STRIPE_ADDR:-127.0.0.1:3202}"
export STRIPE_API_BASE="http://$FAKE_STRIPE_ADDR"
export STRIPE_SECRET_KEY="sk_test_e2e"
export STRIPE_WEBHOOK_SECRET="whsec_e2e_coldcopy"
export STARTER_PRICE_ID="price_starter_e2e"
export PRO_PRICE_ID="price_pro_e2e"
# Sign-in links by mail through the SMTP server the Playwright config starts on loopback (aiosmtpd,
# storing what it accepts in a maildir the tests read); the links point at this server.
export E2E_SMTP_PORT="${E2E_SMTP_PORT:-3203}"
export SMTP_URL="smtp://127.0.0.1:$E2E_SMTP_PORT"
export MAIL_FROM="ColdCopy <hello@coldcopy.test>"
export PUBLIC_URL="$BASE_URL"
export MAILDIR="$PWD/$e2e_dir/maildir"
# Every browser test comes from 127.0.0.1 with a fresh session: the per-IP limits (tested in the
# integration tests) would stop the suite partway.
export RATE_LIMIT_IP=100000 IP_DAILY_SESSIONS=100000 IP_DAILY_FREE_GENERATIONS=100000
# Campaigns through the loopback postfix and dovecot (mail_start exported their ports): their
# certificate trusted through the setting, every plan may send, a round and an INBOX read every
# two seconds (the journey waits on the page, not on a clock).
export MAIL_CA_FILE="$MAIL_CA" CAMPAIGN_PLANS="free,starter,pro"
export CAMPAIGN_ROUND_SECONDS=2 CAMPAIGN_INBOX_SECONDS=2
cargo leptos end-to-end --release --precompress

step "cargo test (integration, on PostgreSQL; three release servers behind nginx)"
# The same integration suite, each test on a database of its own on a throwaway PostgreSQL 15;
# scale_out.rs runs the release server just built, three times, behind Debian's nginx. A
# PostgreSQL that cannot start fails the run (setup.sh installed it).
pg_start
TEST_POSTGRES_URL="$PG_URL" COLDCOPY_SERVER_BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/coldcopy" cargo test --test api
pg_stop
mail_stop

step "all checks passed"
