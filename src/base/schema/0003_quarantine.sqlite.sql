-- legacy: 1
-- The quarantine: every record any import could not accept (kind names
-- what it was: detection, unload, ...), with its source, line, text and
-- the reason; never dropped. Identity columns differ by dialect.
CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  line BIGINT NOT NULL,
  raw TEXT NOT NULL,
  raw_digest BIGINT NOT NULL,
  reason TEXT NOT NULL,
  site TEXT NOT NULL,
  seq BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (kind, source, line, raw_digest)
);
