-- A month an ingest creates is loaded first and indexed after (issue 12).
-- Building a month's indexes from its rows costs about a third less than
-- keeping them up to date row by row, which was half of what the
-- database did in an ingest (PostgreSQL's own advice for bulk loads). So
-- each partition now has indexes of its own, made by
-- sunroad_index_partition, instead of being part of indexes on
-- detections (which every attached partition must have from the start).
--
-- Who loads a month holds the advisory lock sunroad_loading_key(month)
-- for its session, from creating the month to the end of its load
-- (sunroad_loaded). A month without its indexes is still fully there for
-- every query, which reads all of it meanwhile. A loader that dies
-- leaves its months to sunroad_index_months (every ingest and the
-- server's start call it); a writer about to look records up by key
-- indexes every month still loading first (the same), so a lookup never
-- reads a month whole.
DROP INDEX detections_day;
DROP INDEX detections_overlimit;
DROP INDEX detections_id;

-- One bigint key per month (a space apart from the two-key locks).
CREATE FUNCTION sunroad_loading_key(month INTEGER) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
  SELECT (1397902404::BIGINT << 32) + month
$$;

-- The partitions without all their indexes, with their months.
CREATE FUNCTION sunroad_unindexed() RETURNS TABLE (part TEXT, month INTEGER) LANGUAGE sql STABLE AS $$
  SELECT c.relname::TEXT, substr(c.relname, 12)::INTEGER
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  WHERE i.inhparent = 'detections'::regclass AND (SELECT count(*) FROM pg_index x WHERE x.indrelid = c.oid) < 3
  ORDER BY 2
$$;

-- Makes what part misses of its three indexes. The lock waits for the
-- writers in it and keeps out the next ones and any other builder.
CREATE FUNCTION sunroad_index_partition(part TEXT) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  index_of CONSTANT TEXT[] := ARRAY['id', '(id)',
                                    'day', '(day, passed_at, site_id, overlimit, ton100)',
                                    'overlimit', '(passed_at) WHERE overlimit = 1'];
BEGIN
  EXECUTE format('LOCK TABLE %I IN SHARE ROW EXCLUSIVE MODE', part);
  FOR k IN 1 .. array_length(index_of, 1) BY 2 LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = part || '_' || index_of[k]
                   AND relnamespace = current_schema()::regnamespace) THEN
      EXECUTE format('CREATE INDEX %I ON %I ', part || '_' || index_of[k], part) || index_of[k + 1];
    END IF;
  END LOOP;
END $$;

SELECT sunroad_index_partition(part) FROM sunroad_unindexed();

DROP FUNCTION sunroad_ensure_partition(INTEGER);
DROP FUNCTION sunroad_make_partition(INTEGER, BOOLEAN);

-- As 0009, and: a month made for loading (loading) is left without
-- indexes, its loading lock taken for this session; any other is
-- indexed before it is attached (while it is empty).
CREATE FUNCTION sunroad_make_partition(month INTEGER, wait BOOLEAN, loading BOOLEAN) RETURNS VOID LANGUAGE plpgsql AS $$
DECLARE
  name TEXT := 'detections_' || month::TEXT;
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN;
  END IF;
  IF wait THEN
    PERFORM pg_advisory_xact_lock(hashtext('sunroad.detections'), month);
  ELSIF NOT pg_try_advisory_xact_lock(hashtext('sunroad.detections'), month) THEN
    RETURN; -- another writer is making it
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = name AND relnamespace = current_schema()::regnamespace) THEN
    EXECUTE format('CREATE TABLE %I (LIKE detections INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    IF NOT loading THEN
      PERFORM sunroad_index_partition(name);
    ELSIF NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
                      AND objsubid = 1 AND classid = 1397902404 AND objid = month) THEN
      -- Taken once (a retried batch makes the month again): one unlock frees it.
      PERFORM pg_advisory_lock(sunroad_loading_key(month));
    END IF;
    EXECUTE format('ALTER TABLE detections ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)',
                   name, month * 100, sunroad_month_after(month) * 100);
  END IF;
END $$;

CREATE FUNCTION sunroad_ensure_partition(d INTEGER, loading BOOLEAN DEFAULT false) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  month INTEGER := d / 100;
BEGIN
  PERFORM sunroad_make_partition(month, true, loading);
  PERFORM sunroad_make_partition(sunroad_month_after(month), false, loading);
  RETURN month;
END $$;

-- The end of this session's load of the months before `before`: their
-- loading locks are let go and their indexes made. Returns how many
-- months it indexed.
CREATE FUNCTION sunroad_loaded(before INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  m INTEGER;
  n INTEGER := 0;
BEGIN
  FOR m IN SELECT objid::BIGINT FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
           AND objsubid = 1 AND classid = 1397902404 AND objid::BIGINT < before ORDER BY 1 LOOP
    PERFORM pg_advisory_unlock(sunroad_loading_key(m));
    IF EXISTS (SELECT 1 FROM sunroad_unindexed() u WHERE u.month = m) THEN
      PERFORM sunroad_index_partition('detections_' || m::TEXT);
      n := n + 1;
    END IF;
  END LOOP;
  RETURN n;
END $$;

-- Indexes the months without their indexes: those nobody is loading any
-- more (orphans_only: their loader died), or every one (before a lookup
-- by key, which must not read a month whole).
CREATE FUNCTION sunroad_index_months(orphans_only BOOLEAN) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  u RECORD;
  n INTEGER := 0;
BEGIN
  FOR u IN SELECT * FROM sunroad_unindexed() LOOP
    IF NOT orphans_only OR pg_try_advisory_xact_lock(sunroad_loading_key(u.month)) THEN
      PERFORM sunroad_index_partition(u.part);
      n := n + 1;
    END IF;
  END LOOP;
  RETURN n;
END $$;
