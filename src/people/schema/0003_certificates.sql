-- The enforcement certificate (行政执法证) of an account: its number is the
-- badge number (badge_no), and these are its validity, first and last day,
-- as every table stores a calendar date (the integer YYYYMMDD,
-- base/datetime.h date_key); 0: not on record.
ALTER TABLE users ADD COLUMN cert_valid_from INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN cert_valid_to INTEGER NOT NULL DEFAULT 0;
