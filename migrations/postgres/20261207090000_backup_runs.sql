-- Scheduled backups: one row a slot (its UTC start, '2026-12-07T03'), claimed by the one server
-- that takes it (a lease, so a server that died mid-backup is replaced when it runs out),
-- finished 'ok' with the file's name and size, or 'failed' with why (tried again later, up to
-- three attempts). A slot with an 'ok' row is never taken twice.
CREATE TABLE backup_runs (
    slot        TEXT    PRIMARY KEY NOT NULL,
    owner       TEXT    NOT NULL,
    lease_until BIGINT  NOT NULL,
    started_at  BIGINT  NOT NULL,
    finished_at BIGINT,
    status      TEXT    NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    file        TEXT,
    size_bytes  BIGINT,
    error       TEXT
);
CREATE INDEX backup_runs_by_status ON backup_runs (status, finished_at);
