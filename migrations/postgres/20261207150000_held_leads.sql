-- The same change as migrations/sqlite/20261207150000_held_leads.sql: a lead over the plan's
-- daily first-line allowance is kept as `held` (waiting for the allowance).
ALTER TABLE leads DROP CONSTRAINT leads_status_check;
ALTER TABLE leads ADD CONSTRAINT leads_status_check
    CHECK (status IN ('pending', 'written', 'no_signal', 'failed', 'cancelled', 'held'));
