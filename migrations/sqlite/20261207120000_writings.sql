-- A sequence being written: its address (`/s/{id}`) exists from the moment writing starts, so a
-- reload, the back button or a second tab finds it. The row holds the brief and the emails written
-- so far; saving the sequence deletes it in the same transaction that inserts the sequence (saved
-- whole or not at all). A failure marks it failed with the error's tag; a row still "writing"
-- whose reservation is gone (released by the sweeper after a crash) was interrupted.
CREATE TABLE writings (
    id             TEXT    PRIMARY KEY NOT NULL,   -- the sequence id it will be saved under
    session_id     TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    reservation_id TEXT    NOT NULL,
    input_json     TEXT    NOT NULL,
    total          INTEGER NOT NULL DEFAULT 0,
    emails_json    TEXT    NOT NULL DEFAULT '[]',
    failed         TEXT,                           -- the error's tag, once it failed
    created_at     INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX writings_by_session ON writings (session_id);
