-- Why a lead's line from a batch was refused by the grounding check (a JSON array of the
-- problems), kept while the lead waits for the per-lead worker: it asks Claude once more with
-- these reasons, as it would after refusing its own first answer. Cleared when the lead is
-- written.
ALTER TABLE leads ADD COLUMN refused_json TEXT;
