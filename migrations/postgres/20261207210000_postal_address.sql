-- The postal address an account's campaign emails end with (CAN-SPAM and its like ask for one),
-- as the founder typed it; none until set.
ALTER TABLE accounts ADD COLUMN postal_address TEXT;
