-- The burst limits and per-IP daily caps, counted for every server at once (PostgreSQL only:
-- a SQLite database has one server, whose in-memory counts are the whole truth). One fixed
-- window per (limiter, key); a hit past `max` in the window is refused by the conditional
-- upsert in server/quota/counters.rs. UNLOGGED: no write-ahead log for counters that are
-- rewritten on every request; they survive a restart of any or every ColdCopy server (a crash
-- of PostgreSQL itself empties them, which only resets the windows).
CREATE UNLOGGED TABLE rate_counters (
    limiter     TEXT   NOT NULL,                  -- session, client_ip, rewrite, ip_daily_…
    key         TEXT   NOT NULL,                  -- a session id or a client IP
    count       BIGINT NOT NULL CHECK (count >= 1),
    window_ends BIGINT NOT NULL,                  -- Unix seconds
    PRIMARY KEY (limiter, key)
);
CREATE INDEX rate_counters_by_end ON rate_counters (window_ends);
