#!/usr/bin/env bash
# Regenerates .sqlx/ (the query data the sqlx macros check against offline) after a query or a
# migration changes. Needs the sqlite3 command-line tool; no sqlx-cli install required: the
# macros write their data to SQLX_OFFLINE_DIR when they run against a live database.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed: apt-get install -y sqlite3" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for migration in migrations/*.sql; do sqlite3 "$tmp/prepare.db" < "$migration"; done
rm -rf .sqlx && mkdir -p .sqlx
touch src/lib.rs   # make the macros run again
SQLX_OFFLINE=false DATABASE_URL="sqlite://$tmp/prepare.db" SQLX_OFFLINE_DIR="$PWD/.sqlx" \
  cargo check --all-targets --features ssr --quiet
echo "wrote $(ls .sqlx | wc -l) query files to .sqlx/"
