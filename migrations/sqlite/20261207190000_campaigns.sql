-- Campaigns (server/campaigns/): a saved sequence sent to one of its lead lists from one or more
-- of the account's mailboxes, on a schedule and under limits. Every row below changes by one
-- conditional write; a send's Message-ID is stored before its SMTP transaction begins.
CREATE TABLE campaigns (
    id             TEXT    PRIMARY KEY NOT NULL,
    account_id     TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sequence_id    TEXT    NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    job_id         TEXT    NOT NULL REFERENCES lead_jobs (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'draft'
                           CHECK (status IN ('draft', 'running', 'paused', 'stopped', 'done')),
    -- The schedule: an IANA zone, the window in minutes after local midnight, the weekdays
    -- as bits (1 = Monday … 64 = Sunday).
    time_zone      TEXT    NOT NULL,
    window_start   INTEGER NOT NULL,
    window_end     INTEGER NOT NULL,
    weekdays       INTEGER NOT NULL,
    -- The limits: per mailbox a day (ramp-up from ramp_start, +ramp_step a day; 0 = none), the
    -- gap between two sends of one mailbox plus up to jitter, new leads a day for the campaign.
    daily_cap      INTEGER NOT NULL,
    ramp_start     INTEGER NOT NULL DEFAULT 0,
    ramp_step      INTEGER NOT NULL DEFAULT 0,
    gap_seconds    INTEGER NOT NULL,
    jitter_seconds INTEGER NOT NULL,
    new_per_day    INTEGER NOT NULL,
    -- The short opt-out line at the foot of every email (1) or none (0).
    opt_out_line   INTEGER NOT NULL DEFAULT 1,
    -- What an empty merge tag is sent as ({"first_name": "there"}).
    fallbacks_json TEXT    NOT NULL DEFAULT '{}',
    created_at     INTEGER NOT NULL,
    started_at     INTEGER,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX campaigns_by_account ON campaigns (account_id, created_at DESC);

CREATE TABLE campaign_mailboxes (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    mailbox_id  TEXT NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, mailbox_id)
) STRICT;
CREATE INDEX campaign_mailboxes_by_mailbox ON campaign_mailboxes (mailbox_id);

-- A lead in a campaign: the step it is at, when that step may go, the mailbox its thread is in.
CREATE TABLE campaign_leads (
    id            INTEGER PRIMARY KEY,
    campaign_id   TEXT    NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    lead_id       INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    email         TEXT    NOT NULL,
    variant       TEXT    NOT NULL CHECK (variant IN ('a', 'b')),
    status        TEXT    NOT NULL DEFAULT 'active'
                          CHECK (status IN ('active', 'done', 'replied', 'bounced',
                                            'unsubscribed', 'failed', 'stopped', 'unconfirmed')),
    next_step     INTEGER NOT NULL DEFAULT 1,
    next_at       INTEGER NOT NULL DEFAULT 0,
    mailbox_id    TEXT    REFERENCES mailboxes (id) ON DELETE SET NULL,
    first_sent_at INTEGER,
    -- Temporary refusals of the step due, and the server's last words.
    attempts      INTEGER NOT NULL DEFAULT 0,
    note          TEXT,
    updated_at    INTEGER NOT NULL,
    UNIQUE (campaign_id, lead_id)
) STRICT;
CREATE INDEX campaign_leads_due ON campaign_leads (campaign_id, status, next_at);

-- One email of a step to a lead: made once (UNIQUE), its Message-ID stored before the SMTP
-- transaction. `sending` → sent | bounced | deferred | unconfirmed; only a deferred one (the
-- server said "not now") is tried again.
CREATE TABLE sends (
    id               INTEGER PRIMARY KEY,
    campaign_lead_id INTEGER NOT NULL REFERENCES campaign_leads (id) ON DELETE CASCADE,
    campaign_id      TEXT    NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    mailbox_id       TEXT    NOT NULL,
    step             INTEGER NOT NULL,
    variant          TEXT    NOT NULL,
    message_id       TEXT    NOT NULL UNIQUE,
    subject          TEXT    NOT NULL,
    state            TEXT    NOT NULL
                             CHECK (state IN ('sending', 'sent', 'bounced', 'deferred', 'unconfirmed')),
    owner            TEXT    NOT NULL,
    error            TEXT,
    claimed_at       INTEGER NOT NULL,
    sent_at          INTEGER,
    UNIQUE (campaign_lead_id, step)
) STRICT;
CREATE INDEX sends_by_mailbox ON sends (mailbox_id, claimed_at);
CREATE INDEX sends_by_campaign ON sends (campaign_id, claimed_at);
CREATE INDEX sends_in_flight ON sends (state, claimed_at) WHERE state = 'sending';

-- Addresses an account never mails again: opted out, bounced, added by hand.
CREATE TABLE suppressions (
    account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email      TEXT    NOT NULL,
    reason     TEXT    NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'manual')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, email)
) STRICT;

-- A mailbox's sending: paused (with the server's words), the server sending from it under a
-- lease, the earliest next send (the gap and its jitter), the first send (the ramp-up's day 0).
ALTER TABLE mailboxes ADD COLUMN paused_reason TEXT;
ALTER TABLE mailboxes ADD COLUMN send_owner TEXT;
ALTER TABLE mailboxes ADD COLUMN send_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailboxes ADD COLUMN next_send_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailboxes ADD COLUMN first_send_at INTEGER;
