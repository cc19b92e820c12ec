-- The outbound limiter toward Claude, shared by every server (server/generation/claude/limiter/):
-- Anthropic limits the account, so the servers book their requests from one schedule. One row
-- per account: the request and token schedules' next free slots and when the requests of the
-- last second went out, in seconds since the epoch on the database's clock. Read and written
-- under the row's lock; SQLite (one server) keeps the same schedule in memory instead.
CREATE TABLE claude_schedule (
    account      TEXT             PRIMARY KEY NOT NULL,
    next_request DOUBLE PRECISION NOT NULL DEFAULT 0,
    next_tokens  DOUBLE PRECISION NOT NULL DEFAULT 0,
    sent         DOUBLE PRECISION[] NOT NULL DEFAULT '{}'
);
