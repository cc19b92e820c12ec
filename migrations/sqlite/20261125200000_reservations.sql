-- A generation in progress holds one reservation: it was counted in sessions.generations_used
-- before Claude was called. Finishing deletes the row in the same transaction that saves the
-- sequence; failing deletes it and gives the generation back. Rows left behind by a crash are
-- released once older than RESERVATION_TIMEOUT_SECS.
CREATE TABLE reservations (
    id         TEXT    PRIMARY KEY NOT NULL,                    -- UUID v4
    session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE INDEX reservations_by_age ON reservations (created_at);
CREATE INDEX reservations_by_session ON reservations (session_id);
