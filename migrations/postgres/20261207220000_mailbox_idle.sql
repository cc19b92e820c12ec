-- A mailbox with nothing to send rests until its next email could be due (its window opening,
-- a lead's next step, the next day after a cap): the rounds then pass it by. Reset when a
-- campaign on it starts or resumes, or a send is to go again.
ALTER TABLE mailboxes ADD COLUMN idle_until BIGINT NOT NULL DEFAULT 0;
