-- One date encoding in storage: a calendar date is the integer YYYYMMDD
-- in every table (as detections.day always was; base/datetime.h date_key),
-- never text. The certificate's dates were 'YYYY-MM-DD' text.
ALTER TABLE sites ADD COLUMN cert_from_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sites ADD COLUMN cert_to_key INTEGER NOT NULL DEFAULT 0;
UPDATE sites SET cert_from_key = CAST(replace(cert_valid_from, '-', '') AS INTEGER),
                 cert_to_key = CAST(replace(cert_valid_to, '-', '') AS INTEGER);
ALTER TABLE sites DROP COLUMN cert_valid_from;
ALTER TABLE sites DROP COLUMN cert_valid_to;
ALTER TABLE sites RENAME COLUMN cert_from_key TO cert_valid_from;
ALTER TABLE sites RENAME COLUMN cert_to_key TO cert_valid_to;
