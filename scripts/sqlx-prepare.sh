#!/usr/bin/env bash
# Regenerates .sqlx/ (the query data the sqlx macros check against offline) after a query or a
# migration changes, for both engines. Needs the sqlite3 command-line tool and PostgreSQL 15
# (Debian's postgresql-15; a throwaway cluster is started on a free port and removed). No
# sqlx-cli install required: the macros write their data to SQLX_OFFLINE_DIR when they run
# against a live database. Each engine's queries are checked against that engine's schema:
# the SQLite pass writes the SQLite queries' data (the PostgreSQL queries fail to compile in
# it), then the PostgreSQL pass, then a last offline check proves every query has data for its
# own engine. A SQLite statement that is also valid PostgreSQL (no parameters, standard SQL)
# would get the PostgreSQL data under the same name and fail that check: make it name
# something only SQLite has (see db::is_healthy).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed: apt-get install -y sqlite3" >&2; exit 1; }
tmp=$(mktemp -d)
. scripts/postgres.sh
trap 'pg_stop; rm -rf "$tmp"' EXIT
for migration in migrations/sqlite/*.sql; do sqlite3 "$tmp/prepare.db" < "$migration"; done
pg_start
psql -q -v ON_ERROR_STOP=1 "$PG_URL" -f <(cat migrations/postgres/*.sql)
rm -rf .sqlx && mkdir -p .sqlx
for url in "sqlite://$tmp/prepare.db" "$PG_URL"; do
  touch src/lib.rs   # make the macros run again
  SQLX_OFFLINE=false DATABASE_URL="$url" SQLX_OFFLINE_DIR="$PWD/.sqlx" \
    cargo check --all-targets --features ssr --quiet >/dev/null 2>&1 || true
done
touch src/lib.rs
SQLX_OFFLINE=true cargo check --all-targets --features ssr --quiet
echo "wrote $(grep -l '"db_name": "SQLite"' .sqlx/*.json | wc -l) SQLite and $(grep -l '"db_name": "PostgreSQL"' .sqlx/*.json | wc -l) PostgreSQL query files to .sqlx/"
