-- Failed logins that users.failed_logins cannot count (session.c).

-- A login name that is no account: it counts failures and locks like an
-- account does, so that trying a name does not tell whether it exists.
-- name is the name as typed, cut to 64 bytes. A row untouched for 30 days
-- is forgotten.
CREATE TABLE login_unknown (
  name TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until BIGINT NOT NULL,
  last_at BIGINT NOT NULL
);
CREATE INDEX login_unknown_last ON login_unknown (last_at);

-- The per-address throttle: the failed logins from one client address in
-- the window that ends at window_until (Unix seconds). A row whose window
-- has ended counts nothing and is deleted.
CREATE TABLE login_addresses (
  address TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_until BIGINT NOT NULL
);
CREATE INDEX login_addresses_until ON login_addresses (window_until);
