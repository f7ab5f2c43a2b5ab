-- legacy: 1
-- The over-limit module on SQLite: sites, detections with their verdicts,
-- unloading records, and the quarantine of records that could not be
-- accepted. 0001_overlimit.postgres.sql is its PostgreSQL twin.
-- Units: kg, mm, fen, Unix seconds; `day` is the local (UTC+08:00) date as
-- the integer YYYYMMDD, so months group as day / 100 on every backend.

CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('remote', 'station')),
  road TEXT NOT NULL,
  km DOUBLE PRECISION NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  accuracy_class TEXT NOT NULL,
  cert_no TEXT NOT NULL,
  cert_valid_from TEXT NOT NULL,
  cert_valid_to TEXT NOT NULL
);

-- A detection's key is (site, seq); `id` packs it into one integer,
-- site_id * 2^40 + seq (see detection_key()), so the table is one b-tree.
CREATE TABLE detections (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites (id),
  seq BIGINT NOT NULL,
  passed_at BIGINT NOT NULL,
  day INTEGER NOT NULL,
  plate TEXT NOT NULL,
  plate_color TEXT NOT NULL,
  kind TEXT NOT NULL,
  axles SMALLINT NOT NULL,
  gross_kg INTEGER NOT NULL,
  axle_kg TEXT NOT NULL,
  single_drive SMALLINT NOT NULL,
  single_tire_axles SMALLINT NOT NULL,
  length_mm INTEGER NOT NULL,
  width_mm INTEGER NOT NULL,
  height_mm INTEGER NOT NULL,
  speed_kmh DOUBLE PRECISION,
  lane SMALLINT NOT NULL,
  photos TEXT NOT NULL,
  digest BIGINT NOT NULL,
  limit_kg INTEGER NOT NULL,
  judged_kg INTEGER NOT NULL,
  over_kg INTEGER NOT NULL,
  over_size SMALLINT NOT NULL,
  ton100 SMALLINT NOT NULL,
  overlimit SMALLINT NOT NULL,
  penalty TEXT NOT NULL,
  fine_fen INTEGER NOT NULL,
  admissible SMALLINT NOT NULL,
  inadmissible SMALLINT NOT NULL
);

CREATE TABLE unloads (
  detection_id INTEGER PRIMARY KEY REFERENCES detections (id),
  site_id INTEGER NOT NULL,
  seq BIGINT NOT NULL,
  unloaded_kg INTEGER NOT NULL,
  unloaded_at BIGINT NOT NULL,
  badge TEXT NOT NULL,
  digest BIGINT NOT NULL
);
