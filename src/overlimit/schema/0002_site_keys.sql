-- legacy: 3
-- Per-site API keys for the device feed: only a SHA-256 of the key is kept;
-- a site has at most one live key (issuing a new one revokes the old).
CREATE TABLE site_keys (
  site_code TEXT PRIMARY KEY,
  key_hash TEXT NOT NULL UNIQUE,
  issued_at BIGINT NOT NULL
);
