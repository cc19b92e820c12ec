-- A founder's own mailbox, connected to send from (SMTP submission) and to read replies in
-- (IMAP). The password is sealed (XChaCha20-Poly1305 under the server's mailbox key, bound to
-- the row's id): never stored, logged or shown in clear.
CREATE TABLE mailboxes (
    id              TEXT    PRIMARY KEY NOT NULL,
    account_id      TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    address         TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    signature       TEXT    NOT NULL DEFAULT '',
    provider        TEXT    NOT NULL,
    smtp_host       TEXT    NOT NULL,
    smtp_port       INTEGER NOT NULL,
    smtp_security   TEXT    NOT NULL CHECK (smtp_security IN ('tls', 'start_tls')),
    imap_host       TEXT    NOT NULL,
    imap_port       INTEGER NOT NULL,
    imap_security   TEXT    NOT NULL CHECK (imap_security IN ('tls', 'start_tls')),
    username        TEXT    NOT NULL,
    password_sealed TEXT    NOT NULL,
    -- The last "test connection": its report (JSON) and when.
    sent_folder     TEXT,
    checked_at      INTEGER,
    check_json      TEXT,
    created_at      INTEGER NOT NULL DEFAULT (unixepoch()),
    UNIQUE (account_id, address)
) STRICT;
