-- legacy: 4
-- The server's needs: sites' units and liveness, the screening decisions,
-- the indexes the browser's lists need, and the module's data version.

-- The unit a site belongs to (whose users see it), when its devices were
-- last heard from, and how long a silence is normal for it.
ALTER TABLE sites ADD COLUMN unit_code TEXT NOT NULL DEFAULT 'HQ';
ALTER TABLE sites ADD COLUMN last_seen_at BIGINT;
ALTER TABLE sites ADD COLUMN silent_after_s INTEGER NOT NULL DEFAULT 3600;

-- 人工审核: one decision per detection, by a person, with a reason when
-- dismissed. A detection without a row here is still in the queue (if it
-- is over the limit and admissible).
CREATE TABLE screening (
  detection_id BIGINT PRIMARY KEY,
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
  reason TEXT NOT NULL,
  note TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_at BIGINT NOT NULL
);

-- One index for periods, as few as the browser needs: every index costs
-- the bulk ingest about a third of its speed (bench/RESULTS.md). Lists walk
-- it newest first; reports read (day, site, counts) from it alone.
CREATE INDEX detections_day ON detections (day, passed_at, site_id, overlimit, ton100);
-- The screening queue: the few over-limit detections, oldest first.
CREATE INDEX detections_overlimit ON detections (passed_at) WHERE overlimit = 1;

INSERT INTO data_versions (name, version) VALUES ('overlimit', 0);
