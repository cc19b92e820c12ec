-- Accounts: an email address that signs in with a one-time link. An account's work (its plan,
-- sequences and lead lists) lives on one session row, as an anonymous visitor's does; that row
-- is reached only through a signed-in browser (`logins`), never by the anonymous cookie.
CREATE TABLE accounts (
    id         TEXT    PRIMARY KEY NOT NULL,
    -- Lower-cased, as typed otherwise.
    email      TEXT    NOT NULL UNIQUE,
    session_id TEXT    NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL DEFAULT unixepoch()
);

-- A sign-in link asked for: only the SHA-256 of its token is kept. Used once (`used_at`, set by
-- one conditional UPDATE), until `expires_at`.
CREATE TABLE sign_in_links (
    token_sha256 TEXT    PRIMARY KEY NOT NULL,
    email        TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL DEFAULT unixepoch(),
    expires_at   BIGINT  NOT NULL,
    used_at      BIGINT
);
CREATE INDEX sign_in_links_by_expiry ON sign_in_links (expires_at);

-- A browser signed in to an account: its cookie's token, kept as a SHA-256; `id` names it on
-- the account page (never the token).
CREATE TABLE logins (
    token_sha256 TEXT    PRIMARY KEY NOT NULL,
    id           TEXT    NOT NULL UNIQUE,
    account_id   TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Coarse: "Firefox on Linux".
    agent        TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL DEFAULT unixepoch(),
    last_seen_at BIGINT  NOT NULL DEFAULT unixepoch()
);
CREATE INDEX logins_by_account ON logins (account_id);

-- A read-only link to one sequence, kept as a SHA-256 of its token; revoked, never deleted.
CREATE TABLE share_links (
    token_sha256 TEXT    PRIMARY KEY NOT NULL,
    sequence_id  TEXT    NOT NULL REFERENCES sequences (id) ON DELETE CASCADE,
    created_at   BIGINT  NOT NULL DEFAULT unixepoch(),
    revoked_at   BIGINT
);
CREATE INDEX share_links_by_sequence ON share_links (sequence_id);
