-- Each (site, seq) once across the partitions of detections, without a
-- key table claimed row by row (issue 12: the claim cost as much as the
-- records' own COPY). The bulk path (src/overlimit/ingest.c) holds a lock
-- per site (pg_advisory_xact_lock) from reading its mark to the commit;
-- a record above its site's mark is new; one at or below it is looked up
-- by its key. The mark is the largest seq stored for the site, moved on
-- in the transaction that stores the records.
CREATE TABLE detection_marks (
  site_id BIGINT PRIMARY KEY,
  max_seq BIGINT NOT NULL
);
INSERT INTO detection_marks (site_id, max_seq) SELECT site_id, max(seq) FROM detections GROUP BY site_id;

-- The key is looked up, no longer enforced by an index: a plain index on
-- id serves the lookups (a unique one cost 3 us a record in the COPY).
ALTER TABLE unloads DROP CONSTRAINT unloads_detection_id_fkey;
DROP TABLE detection_keys;
ALTER TABLE detections DROP CONSTRAINT detections_pkey;
CREATE INDEX detections_id ON detections (id);
