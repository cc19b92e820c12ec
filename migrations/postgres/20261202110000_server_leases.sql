-- Crash recovery with many servers. Each running server has a row here under an id it makes
-- at start, and renews its lease every few seconds; a reservation names the server that wrote
-- it. Any server gives back the reservations of a server whose lease ran out (it was killed,
-- or lost the database), so a SIGKILLed server costs no visitor their allowance while its
-- neighbours keep serving.
CREATE TABLE servers (
    id          TEXT   PRIMARY KEY NOT NULL,          -- UUID v4, made at start
    started_at  BIGINT NOT NULL DEFAULT unixepoch(),
    lease_until BIGINT NOT NULL
);

ALTER TABLE reservations ADD COLUMN server_id TEXT;   -- NULL: written before leases
CREATE INDEX reservations_by_server ON reservations (server_id);
