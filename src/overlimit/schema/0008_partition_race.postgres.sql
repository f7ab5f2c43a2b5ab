-- Two writers bringing the first records of a new month at once: the
-- second, once the first committed and released the month's lock, still
-- saw no partition (to_regclass reads the catalog as its backend last
-- cached it, and an advisory lock does not refresh that cache) and failed
-- on "relation already exists" (found by two `sunroad ingest` of one year
-- in parallel, issue 12). Under the lock, the check is now a query, which
-- reads the catalog as committed.
CREATE OR REPLACE FUNCTION sunroad_ensure_partition(d INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  month INTEGER := d / 100;
  name TEXT := 'detections_' || (d / 100)::TEXT;
  next_month INTEGER := CASE WHEN month % 100 = 12 THEN (month / 100 + 1) * 100 + 1 ELSE month + 1 END;
BEGIN
  IF to_regclass(name) IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('sunroad.detections'), month);
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = name AND relnamespace = current_schema()::regnamespace) THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF detections FOR VALUES FROM (%s) TO (%s)',
                     name, month * 100, next_month * 100);
    END IF;
  END IF;
  RETURN month;
END $$;
