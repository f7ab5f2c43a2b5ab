-- A new month no longer stops the other writers (issue 12). `CREATE TABLE
-- ... PARTITION OF` locks detections exclusively until the creating
-- transaction ends, so every writer's COPY of its batch waited for the one
-- that brought the month's first records, and that one for theirs: on the
-- demo year two writers spent a fifth of the ingest waiting. Now:
-- * a partition is made as a table of its own and then attached, which
--   takes a lock on detections that COPY and INSERT do not wait for;
-- * the month after the one asked for is made too, if no other writer is
--   making it (a lock tried, not waited for), so that records reaching a
--   new month find its partition already committed, and no writer waits.
CREATE FUNCTION sunroad_month_after(month INTEGER) RETURNS INTEGER LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN month % 100 = 12 THEN (month / 100 + 1) * 100 + 1 ELSE month + 1 END
$$;

CREATE FUNCTION sunroad_make_partition(month INTEGER, wait BOOLEAN) RETURNS VOID LANGUAGE plpgsql AS $$
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
  -- Under the lock, a query: to_regclass reads the catalog as this
  -- backend last cached it (0008).
  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = name AND relnamespace = current_schema()::regnamespace) THEN
    EXECUTE format('CREATE TABLE %I (LIKE detections INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format('ALTER TABLE detections ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)',
                   name, month * 100, sunroad_month_after(month) * 100);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION sunroad_ensure_partition(d INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  month INTEGER := d / 100;
BEGIN
  PERFORM sunroad_make_partition(month, true);
  PERFORM sunroad_make_partition(sunroad_month_after(month), false);
  RETURN month;
END $$;
