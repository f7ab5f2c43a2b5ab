-- legacy: 4
-- Browser sessions and the lock-out after failed logins.

-- A browser session: only the SHA-256 of its token is kept, so a stolen
-- copy of the database opens no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  login TEXT NOT NULL REFERENCES users (login),
  csrf TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_login ON sessions (login);

ALTER TABLE users ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
