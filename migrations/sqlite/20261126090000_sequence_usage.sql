-- Usage per sequence, for the operator's summary: when the first email was ready (streaming) and
-- the estimated cost from the price table in settings. NULL when not known: cost for the offline
-- composer or a model without a price; first email for rows written before streaming.
ALTER TABLE sequences ADD COLUMN first_email_ms INTEGER CHECK (first_email_ms >= 0);
ALTER TABLE sequences ADD COLUMN cost_usd_micros INTEGER CHECK (cost_usd_micros >= 0);

-- The summary reads by day.
CREATE INDEX sequences_by_day ON sequences (created_at);
