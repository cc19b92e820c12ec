-- A sequence being written (see the SQLite migration of the same name for the whole story).
CREATE TABLE writings (
    id             TEXT   PRIMARY KEY NOT NULL,
    session_id     TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    reservation_id TEXT   NOT NULL,
    input_json     TEXT   NOT NULL,
    total          BIGINT NOT NULL DEFAULT 0,
    emails_json    TEXT   NOT NULL DEFAULT '[]',
    failed         TEXT,
    created_at     BIGINT NOT NULL DEFAULT unixepoch()
);

CREATE INDEX writings_by_session ON writings (session_id);
