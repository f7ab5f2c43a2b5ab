-- legacy: 2
-- The unit tree and the accounts. Portable SQL: text keys, no identity
-- columns, so one file serves both backends.

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
