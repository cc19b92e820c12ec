-- The inbox (server/inbox/): every message read from a connected mailbox's INBOX, classified,
-- with the reason, kept once: a mailbox's UIDVALIDITY changing (every UID new again) finds the
-- same fingerprint (its Message-ID, or a hash of the message without one) and adds nothing.
CREATE TABLE inbox_messages (
    id               INTEGER PRIMARY KEY,
    account_id       TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mailbox_id       TEXT    NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    fingerprint      TEXT    NOT NULL,
    uid              INTEGER NOT NULL,
    -- The lead it concerns, when it was matched (a reply's thread, a report's returned email,
    -- else the address).
    campaign_lead_id INTEGER REFERENCES campaign_leads (id) ON DELETE SET NULL,
    lead_email       TEXT,
    message_id       TEXT,
    from_address     TEXT    NOT NULL,
    from_name        TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    -- Its own words (quoted history cut), as text; an unparsed message's bytes as text.
    body             TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('reply', 'opt_out', 'out_of_office',
                             'left_company', 'auto_reply', 'bounce', 'delay', 'unparsed')),
    rule             TEXT    NOT NULL,
    detail           TEXT    NOT NULL,
    summary          TEXT,
    back_on          TEXT,
    new_address      TEXT,
    received_at      INTEGER NOT NULL,
    corrected_at     INTEGER,
    UNIQUE (mailbox_id, fingerprint)
) STRICT;
CREATE INDEX inbox_by_account ON inbox_messages (account_id, received_at DESC);
CREATE INDEX inbox_by_lead ON inbox_messages (campaign_lead_id);

-- A campaign setting: a human reply from one lead stops every lead at the same company (the
-- same address domain, not a shared mail provider's).
ALTER TABLE campaigns ADD COLUMN stop_company INTEGER NOT NULL DEFAULT 0;

-- The founder's answer to a message, written from a suggestion and sent from the same mailbox in
-- the same thread: draft → sending (its Message-ID stored before SMTP, one conditional write) →
-- sent; a send that could not be handed over goes back to draft with the server's words.
CREATE TABLE inbox_answers (
    inbox_message_id INTEGER PRIMARY KEY REFERENCES inbox_messages (id) ON DELETE CASCADE,
    account_id       TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'draft'
                             CHECK (state IN ('draft', 'sending', 'sent', 'unconfirmed')),
    message_id       TEXT,
    error            TEXT,
    updated_at       INTEGER NOT NULL,
    sent_at          INTEGER
) STRICT;
