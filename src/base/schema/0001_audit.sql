-- legacy: 2
-- The audit chain. Portable SQL: one file serves both backends.

-- Append-only, hash-chained: hash = SHA-256 of the previous entry's hash and
-- this entry's fields (src/base/audit.c). seq is assigned by the appender;
-- two appenders racing for one seq collide on the key and one retries.
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
