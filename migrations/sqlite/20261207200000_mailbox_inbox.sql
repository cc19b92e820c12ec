-- What the sender has read of a mailbox's INBOX (server/campaigns/replies.rs): the UIDVALIDITY
-- and the highest UID seen, so each read asks only for what is new, and when it last read.
ALTER TABLE mailboxes ADD COLUMN imap_validity INTEGER;
ALTER TABLE mailboxes ADD COLUMN imap_last_uid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mailboxes ADD COLUMN imap_read_at INTEGER NOT NULL DEFAULT 0;
