-- The client address of the web request that made an audited change. NULL
-- in the entries written before this column: their hash covers the fields
-- they had (src/base/audit.c); every later entry's hash covers the address
-- too, '' for the command line.
ALTER TABLE audit_log ADD COLUMN client TEXT;

-- The audit page filters by person, object and period, newest first.
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_object ON audit_log (object, seq);
CREATE INDEX audit_log_at ON audit_log (at);
