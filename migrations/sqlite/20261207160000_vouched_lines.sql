-- A founder may keep a line the grounding check doubts, after confirming it is true: the line is
-- then sent as written and shown as kept by the founder, not as checked.
ALTER TABLE leads ADD COLUMN vouched INTEGER NOT NULL DEFAULT 0 CHECK (vouched IN (0, 1));
