-- Anonymous sessions (one per browser cookie) and the sequences they generated.
-- Times are Unix seconds (UTC).

CREATE TABLE sessions (
    id               TEXT    PRIMARY KEY NOT NULL,               -- UUID v4, the cookie value
    plan             TEXT    NOT NULL DEFAULT 'free'
                             CHECK (plan IN ('free', 'starter', 'pro')),
    generations_used INTEGER NOT NULL DEFAULT 0 CHECK (generations_used >= 0),
    max_generations  INTEGER NOT NULL CHECK (max_generations >= 0),
    created_at       INTEGER NOT NULL DEFAULT (unixepoch()),
    updated_at       INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE TABLE sequences (
    id            TEXT    PRIMARY KEY NOT NULL,                  -- UUID v4
    session_id    TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    input_json    TEXT    NOT NULL,                              -- the parsed form
    output_json   TEXT    NOT NULL,                              -- the emails
    model         TEXT,                                          -- NULL when composed offline
    source        TEXT    NOT NULL CHECK (source IN ('claude', 'offline')),
    input_tokens  INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    duration_ms   INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- A session's history, newest first; ownership checks by (id, session_id) use the primary key.
CREATE INDEX sequences_by_session ON sequences (session_id, created_at DESC);
