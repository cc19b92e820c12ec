-- ColdCopy on PostgreSQL: the same tables, view and rules as migrations/sqlite/ (up to
-- 20261127120000_email_edits), written for PostgreSQL. Times are Unix seconds (UTC), as in SQLite,
-- so both engines store the same values. A later change to the schema adds a migration to each
-- folder.

-- SQLite's unixepoch() and its start of the UTC day, so each engine's queries read alike.
CREATE FUNCTION unixepoch() RETURNS BIGINT
    LANGUAGE sql STABLE AS $$ SELECT floor(extract(epoch FROM now()))::BIGINT $$;
CREATE FUNCTION start_of_day_utc() RETURNS BIGINT
    LANGUAGE sql STABLE AS $$ SELECT extract(epoch FROM date_trunc('day', now() AT TIME ZONE 'UTC'))::BIGINT $$;

CREATE TABLE sessions (
    id                 TEXT   PRIMARY KEY NOT NULL,             -- UUID v4, the cookie value
    generations_used   BIGINT NOT NULL DEFAULT 0 CHECK (generations_used >= 0),
    max_generations    BIGINT NOT NULL CHECK (max_generations >= 0),
    stripe_customer_id TEXT,                                    -- for the billing portal
    created_at         BIGINT NOT NULL DEFAULT unixepoch(),
    updated_at         BIGINT NOT NULL DEFAULT unixepoch()
);

CREATE TABLE sequences (
    id              TEXT   PRIMARY KEY NOT NULL,                -- UUID v4
    -- Insertion order, for sequences saved in the same second (SQLite's rowid).
    position        BIGINT GENERATED ALWAYS AS IDENTITY,
    session_id      TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    input_json      TEXT   NOT NULL,
    output_json     TEXT   NOT NULL,
    model           TEXT,
    source          TEXT   NOT NULL CHECK (source IN ('claude', 'offline')),
    input_tokens    BIGINT NOT NULL DEFAULT 0,
    output_tokens   BIGINT NOT NULL DEFAULT 0,
    duration_ms     BIGINT NOT NULL DEFAULT 0,
    attempts        BIGINT NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    first_email_ms  BIGINT CHECK (first_email_ms >= 0),
    cost_usd_micros BIGINT CHECK (cost_usd_micros >= 0),
    created_at      BIGINT NOT NULL DEFAULT unixepoch()
);
CREATE INDEX sequences_by_session ON sequences (session_id, created_at DESC, position DESC);
CREATE INDEX sequences_by_day ON sequences (created_at);

-- A generation in progress (see the SQLite migration of the same name).
CREATE TABLE reservations (
    id         TEXT    PRIMARY KEY NOT NULL,
    session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    counted    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT  NOT NULL DEFAULT unixepoch()
);
CREATE INDEX reservations_by_age ON reservations (created_at);
CREATE INDEX reservations_by_session ON reservations (session_id);

CREATE TABLE purchases (
    checkout_id     TEXT   PRIMARY KEY NOT NULL,
    session_id      TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    plan            TEXT   NOT NULL CHECK (plan IN ('starter', 'pro')),
    status          TEXT   NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'failed')),
    sequences       BIGINT NOT NULL DEFAULT 0 CHECK (sequences >= 0),
    customer_id     TEXT,
    subscription_id TEXT,
    created_at      BIGINT NOT NULL DEFAULT unixepoch(),
    updated_at      BIGINT NOT NULL DEFAULT unixepoch()
);
CREATE INDEX purchases_by_session ON purchases (session_id);
CREATE INDEX purchases_by_subscription ON purchases (subscription_id);

CREATE TABLE subscriptions (
    id                   TEXT    PRIMARY KEY NOT NULL,
    session_id           TEXT    REFERENCES sessions (id) ON DELETE SET NULL,
    customer_id          TEXT,
    status               TEXT    NOT NULL,
    current_period_end   BIGINT,
    cancel_at_period_end BOOLEAN NOT NULL DEFAULT FALSE,
    status_at            BIGINT  NOT NULL DEFAULT 0,
    updated_at           BIGINT  NOT NULL DEFAULT unixepoch()
);
CREATE INDEX subscriptions_by_session ON subscriptions (session_id);

CREATE TABLE stripe_events (
    id          TEXT   PRIMARY KEY NOT NULL,
    type        TEXT   NOT NULL,
    created     BIGINT NOT NULL,
    received_at BIGINT NOT NULL DEFAULT unixepoch()
);

CREATE TABLE restore_tokens (
    token_sha256 TEXT   PRIMARY KEY NOT NULL,
    session_id   TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL DEFAULT unixepoch(),
    revoked_at   BIGINT
);
CREATE INDEX restore_tokens_by_session ON restore_tokens (session_id);

CREATE TABLE email_edits (
    sequence_id TEXT   NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    step        BIGINT NOT NULL CHECK (step >= 1),
    subject_a   TEXT   NOT NULL,
    subject_b   TEXT   NOT NULL,
    body        TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL DEFAULT unixepoch(),
    PRIMARY KEY (sequence_id, step)
);

-- The plan each session has now (the same rules as SQLite's view).
CREATE VIEW session_plans AS
SELECT
    s.id AS session_id,
    CASE
        WHEN EXISTS (
            SELECT 1 FROM subscriptions sub
            WHERE sub.session_id = s.id
              AND sub.status IN ('active', 'trialing', 'past_due')
              AND (sub.current_period_end IS NULL
                   OR sub.current_period_end > unixepoch()
                   OR (NOT sub.cancel_at_period_end AND sub.current_period_end + 86400 > unixepoch()))
        ) THEN 'pro'
        WHEN EXISTS (
            SELECT 1 FROM purchases p
            WHERE p.session_id = s.id AND p.plan = 'starter' AND p.status = 'paid'
        ) THEN 'starter'
        ELSE 'free'
    END AS plan
FROM sessions s;
