-- The same tables as migrations/sqlite/20261203090000_lead_lists.sql, for PostgreSQL.
-- Lead lists (server/leads/): one job per uploaded list, one row per usable lead. A job starts in
-- `mapping` with the uploaded rows kept in `rows_json` until the founder confirms which column
-- holds what; then its leads are inserted (`rows_json` is emptied) and it runs. A lead is
-- claimed by one server under a lease (`lease_owner`, `lease_until`) and written once: the
-- update that stores its line requires it to be still pending and still leased by that server.
-- `charged_at` marks a lead counted against its session's daily allowance (written or no
-- signal); a cancelled or failed lead is never charged.
CREATE TABLE lead_jobs (
    id           TEXT    PRIMARY KEY NOT NULL,        -- UUID v4
    session_id   TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    sequence_id  TEXT    NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL DEFAULT 'mapping'
                         CHECK (status IN ('mapping', 'running', 'done', 'cancelled')),
    file_name    TEXT    NOT NULL,
    headers_json TEXT    NOT NULL,
    rows_json    TEXT    NOT NULL,
    row_count    BIGINT  NOT NULL CHECK (row_count >= 0),
    mapping_json TEXT,
    skipped_json TEXT    NOT NULL DEFAULT '[]',
    neutral_line TEXT    NOT NULL,
    -- The founder's last refused change of the neutral line, kept to show with its problems.
    neutral_draft TEXT,
    offline      BOOLEAN NOT NULL DEFAULT FALSE,
    -- Written through Anthropic's Message Batches API (a big list): the batch's id once it is
    -- created, and the server polling it under a lease (`batch_owner`, `batch_until`).
    batch        BOOLEAN NOT NULL DEFAULT FALSE,
    batch_id     TEXT,
    batch_owner  TEXT,
    batch_until  BIGINT,
    created_at   BIGINT  NOT NULL DEFAULT unixepoch(),
    updated_at   BIGINT  NOT NULL DEFAULT unixepoch()
);
CREATE INDEX lead_jobs_by_session ON lead_jobs (session_id, created_at DESC);
CREATE INDEX lead_jobs_by_sequence ON lead_jobs (sequence_id);

CREATE TABLE leads (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id          TEXT    NOT NULL REFERENCES lead_jobs (id) ON DELETE CASCADE,
    session_id      TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    line_no         BIGINT  NOT NULL,
    data_json       TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'written', 'no_signal', 'failed', 'cancelled')),
    line            TEXT,
    fact            TEXT,
    note            TEXT,
    -- The founder's last refused edit of the line, kept to show with its problems.
    draft           TEXT,
    edited          BOOLEAN NOT NULL DEFAULT FALSE,
    attempts        BIGINT  NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    lease_owner     TEXT,
    lease_until     INTEGER,
    input_tokens    BIGINT  NOT NULL DEFAULT 0,
    output_tokens   BIGINT  NOT NULL DEFAULT 0,
    cost_usd_micros BIGINT  NOT NULL DEFAULT 0 CHECK (cost_usd_micros >= 0),
    charged_at      INTEGER,
    updated_at      BIGINT  NOT NULL DEFAULT unixepoch()
);
CREATE INDEX leads_by_job ON leads (job_id, id);
CREATE INDEX leads_pending ON leads (status, lease_until) WHERE status = 'pending';
CREATE INDEX leads_charged ON leads (session_id, charged_at);
