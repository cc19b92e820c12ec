#!/usr/bin/env bash
# Source it: pg_start starts a throwaway PostgreSQL 15 cluster (Debian's postgresql-15) on a
# free loopback port and exports PG_URL; pg_stop stops it and removes its files. PostgreSQL
# refuses to run as root, so as root the cluster runs as the `postgres` user. fsync is off:
# the cluster only ever holds test data.
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR=""

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL 15 is needed: apt-get install -y postgresql-15" >&2; return 1; }
  PG_DIR=$(mktemp -d /tmp/coldcopy-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # A random high port; another try on another port if it is taken.
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 30000))
    if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" \
      start >/dev/null; then
      export PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  echo "PostgreSQL did not start; its log:" >&2
  cat "$PG_DIR/log" >&2
  return 1
}

pg_stop() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}
