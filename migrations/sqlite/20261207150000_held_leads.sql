-- A lead over the plan's daily first-line allowance is kept as `held` (waiting for the
-- allowance) instead of refusing the whole list: the first leads the plan allows are written,
-- the rest wait until the founder asks for them again. SQLite cannot change a CHECK in place,
-- so the table is built again with the same columns and indexes.
CREATE TABLE leads_new (
    id              INTEGER PRIMARY KEY,
    job_id          TEXT    NOT NULL REFERENCES lead_jobs (id) ON DELETE CASCADE,
    session_id      TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    line_no         INTEGER NOT NULL,
    data_json       TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'written', 'no_signal', 'failed', 'cancelled', 'held')),
    line            TEXT,
    fact            TEXT,
    note            TEXT,
    -- The founder's last refused edit of the line, kept to show with its problems.
    draft           TEXT,
    edited          INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    lease_owner     TEXT,
    lease_until     INTEGER,
    input_tokens    INTEGER NOT NULL DEFAULT 0,
    output_tokens   INTEGER NOT NULL DEFAULT 0,
    cost_usd_micros INTEGER NOT NULL DEFAULT 0 CHECK (cost_usd_micros >= 0),
    charged_at      INTEGER,
    updated_at      INTEGER NOT NULL DEFAULT (unixepoch()),
    refused_json    TEXT
) STRICT;
INSERT INTO leads_new (id, job_id, session_id, line_no, data_json, status, line, fact, note, draft,
                       edited, attempts, lease_owner, lease_until, input_tokens, output_tokens,
                       cost_usd_micros, charged_at, updated_at, refused_json)
    SELECT id, job_id, session_id, line_no, data_json, status, line, fact, note, draft,
           edited, attempts, lease_owner, lease_until, input_tokens, output_tokens,
           cost_usd_micros, charged_at, updated_at, refused_json
    FROM leads;
DROP TABLE leads;
ALTER TABLE leads_new RENAME TO leads;
CREATE INDEX leads_by_job ON leads (job_id, id);
CREATE INDEX leads_pending ON leads (status, lease_until) WHERE status = 'pending';
CREATE INDEX leads_charged ON leads (session_id, charged_at);
