-- How many Claude calls a sequence took (retries included); 1 for the offline composer.
ALTER TABLE sequences ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1);
