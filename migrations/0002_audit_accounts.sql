-- The audit chain and the accounts' units and users (issue 4's foundation).
-- Portable SQL: text keys, no identity columns, so one file serves both
-- backends.

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

-- The unit tree: the detachment (HQ) and the brigades, squads and posts under it.
CREATE TABLE units (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('detachment', 'brigade', 'squad', 'post')),
  parent_code TEXT REFERENCES units (code)
);

CREATE TABLE users (
  login TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  roles TEXT NOT NULL,               -- comma-separated: officer, legal, chief, inspector, admin
  unit_code TEXT NOT NULL REFERENCES units (code),
  badge_no TEXT NOT NULL,
  password_hash TEXT NOT NULL,       -- argon2id, libsodium's encoded string
  must_change_password SMALLINT NOT NULL,
  failed_logins INTEGER NOT NULL,
  disabled SMALLINT NOT NULL,
  created_at BIGINT NOT NULL
);

INSERT INTO units (code, name, kind, parent_code) VALUES ('HQ', '交通运输综合行政执法支队', 'detachment', NULL);
