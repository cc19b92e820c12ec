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

step "cargo test (unit + integration)"
cargo test

step "Playwright through cargo leptos end-to-end (release build: proves wasm-opt too)"
# The fake Claude the "claude" Playwright project streams from (cargo test built it already).
cargo build --example fake_claude
e2e_dir="target/e2e"
rm -rf "$e2e_dir" && mkdir -p "$e2e_dir"
# A fresh database; no Claude key, so the offline composer answers (no network in tests). The
# Playwright config starts a second server from the same build against the fake Claude.
export DATABASE_URL="sqlite://$e2e_dir/coldcopy.db"
export ANTHROPIC_API_KEY=""
export LEPTOS_SITE_ADDR="${E2E_ADDR:-127.0.0.1:3100}"
export BASE_URL="http://$LEPTOS_SITE_ADDR"
cargo leptos end-to-end --release

step "all checks passed"
