-- Payments. A plan is only ever granted by a verified Stripe event (server/billing.rs); a
-- session's plan is derived from the facts below by the `session_plans` view, so events that
-- arrive twice or out of order end in the same state.

-- One row per Stripe Checkout Session we created. A paid Starter purchase adds its `sequences`
-- to the session's allowance, once: the grant is the row's change from another status to 'paid'.
CREATE TABLE purchases (
    checkout_id     TEXT    PRIMARY KEY NOT NULL,                -- cs_…
    session_id      TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    plan            TEXT    NOT NULL CHECK (plan IN ('starter', 'pro')),
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'failed')),
    sequences       INTEGER NOT NULL DEFAULT 0 CHECK (sequences >= 0), -- what the plan gave when bought
    customer_id     TEXT,                                        -- cus_…
    subscription_id TEXT,                                        -- sub_… (Pro)
    created_at      INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at      INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;
CREATE INDEX purchases_by_session ON purchases (session_id);

-- Pro subscriptions as Stripe last described them. `status_at` is the `created` time of the
-- event the status came from: an older event never overwrites a newer one, and 'canceled' is
-- final. `current_period_end` only grows.
CREATE TABLE subscriptions (
    id                   TEXT    PRIMARY KEY NOT NULL,           -- sub_…
    session_id           TEXT    REFERENCES sessions (id) ON DELETE SET NULL,
    customer_id          TEXT,
    status               TEXT    NOT NULL,                       -- Stripe's: active, past_due, canceled, …
    current_period_end   INTEGER,                                -- NULL until an event says
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
    status_at            INTEGER NOT NULL DEFAULT 0,
    updated_at           INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;
CREATE INDEX subscriptions_by_session ON subscriptions (session_id);

-- Every Stripe event applied, by id: a redelivered event is recognised and ignored. Written in
-- the same transaction as the change the event made.
CREATE TABLE stripe_events (
    id          TEXT    PRIMARY KEY NOT NULL,                    -- evt_…
    type        TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    received_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- Restore links: only a SHA-256 of the token is kept; the token itself is shown once.
CREATE TABLE restore_tokens (
    token_sha256 TEXT    PRIMARY KEY NOT NULL,
    session_id   TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL DEFAULT (unixepoch()),
    revoked_at   INTEGER
) STRICT;
CREATE INDEX restore_tokens_by_session ON restore_tokens (session_id);

-- The Stripe customer a session paid as (for the billing portal).
ALTER TABLE sessions ADD COLUMN stripe_customer_id TEXT;

-- A Pro generation does not spend the allowance: its reservation is not counted.
ALTER TABLE reservations ADD COLUMN counted INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1));

-- The plan each session has now. Pro: a subscription Stripe calls active (or trialing, or
-- past due while it retries the card) whose paid period has not ended; a renewal's invoice may
-- come up to a day late, a subscription cancelled at period end stops exactly there.
-- Starter: a paid Starter purchase. Otherwise free.
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
                   OR (sub.cancel_at_period_end = 0 AND sub.current_period_end + 86400 > unixepoch()))
        ) THEN 'pro'
        WHEN EXISTS (
            SELECT 1 FROM purchases p
            WHERE p.session_id = s.id AND p.plan = 'starter' AND p.status = 'paid'
        ) THEN 'starter'
        ELSE 'free'
    END AS plan
FROM sessions s;

-- The plan is derived (above), never stored: the old column was only ever 'free'.
ALTER TABLE sessions DROP COLUMN plan;
