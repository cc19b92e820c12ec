-- A founder's edits to a saved sequence, one row per edited email. `sequences.output_json` stays
-- what was written, so "revert to the original" deletes the row.
CREATE TABLE email_edits (
    sequence_id TEXT    NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    step        INTEGER NOT NULL CHECK (step >= 1),
    subject_a   TEXT    NOT NULL,
    subject_b   TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL DEFAULT (unixepoch()),
    PRIMARY KEY (sequence_id, step)
) STRICT;
