-- The same change as migrations/sqlite/20261207160000_vouched_lines.sql.
ALTER TABLE leads ADD COLUMN vouched BOOLEAN NOT NULL DEFAULT FALSE;
