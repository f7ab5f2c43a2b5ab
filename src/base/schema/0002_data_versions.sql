-- legacy: 4
-- One counter per module that every write of its data bumps in the same
-- transaction: cached figures stay valid while it stands still, across
-- processes (src/base/stats_cache.c). A module inserts its own row.
CREATE TABLE data_versions (
  name TEXT PRIMARY KEY,
  version BIGINT NOT NULL
);
