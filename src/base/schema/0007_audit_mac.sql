-- Each entry's MAC: HMAC-SHA-512-256 of its hash by a key kept outside
-- the database (the audit_key_file setting; src/base/audit.c), so that a
-- rewrite that recomputes every hash without the key shows. NULL in the
-- entries written before the key: they keep the hash they were written
-- with, and only come before the first entry that has a MAC.
ALTER TABLE audit_log ADD COLUMN mac TEXT;
