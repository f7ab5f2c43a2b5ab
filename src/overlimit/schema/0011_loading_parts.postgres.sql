-- The months the sessions `loaders` are loading (they hold the months'
-- loading locks, 0010), before `before` and still without their indexes,
-- earliest first: what an ingest's own builder connection indexes while
-- its writers load the months after (month_builder.c).
CREATE FUNCTION sunroad_loading_parts(loaders INTEGER[], before INTEGER) RETURNS SETOF TEXT LANGUAGE sql STABLE AS $$
  SELECT u.part FROM sunroad_unindexed() u
  WHERE u.month < before AND EXISTS (
    SELECT 1 FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid = 1397902404
      AND l.objid::BIGINT = u.month AND l.pid = ANY(loaders))
  ORDER BY u.month
$$;

-- Indexes one of those months that no other session is building (each
-- builder claims its month for its transaction), so that the writers,
-- once done, build beside the builder; false when none is left to take.
CREATE FUNCTION sunroad_build_loading_month(loaders INTEGER[], before INTEGER) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  part TEXT;
BEGIN
  FOR part IN SELECT * FROM sunroad_loading_parts(loaders, before) LOOP
    IF pg_try_advisory_xact_lock(hashtext('sunroad.building'), substr(part, 12)::INTEGER) THEN
      PERFORM sunroad_index_partition(part);
      RETURN true;
    END IF;
  END LOOP;
  RETURN false;
END $$;
