# postgres only
# PostgreSQL: clear connection errors, the same report bytes as SQLite,
# monthly partitions, parallel writers, and a connection dropped mid-ingest.
. "$TOP/tests/cli/lib.sh"
server=${SUNROAD_TEST_PG%/*}

"$SUNROAD" init --db "postgres://postgres@127.0.0.1:1/x" >/dev/null 2>err
check_eq "a closed port exits 1" 1 $?
check_grep "and says where and what to check" "cannot connect to PostgreSQL 127.0.0.1:1/x: .*is PostgreSQL running there" err
"$SUNROAD" init --db "$server/no_such_db" >/dev/null 2>err
check_grep "a missing database says to create it" "does not exist; create the database" err
"$SUNROAD" init --db "${server%%@*}" >/dev/null 2>&1 # a URL without a host part still fails cleanly
"$SUNROAD" init --db "postgres://nobody@${server#*@}/postgres" >/dev/null 2>err
check_grep "an unknown role is named" 'role "nobody" does not exist' err

# Several processes starting at once on a new database migrate it once.
NEW=$(fresh_db racing)
for i in 1 2 3 4; do "$SUNROAD" init --db "$NEW" >init.$i 2>&1 & done
wait
check_eq "four simultaneous first starts all succeed" 4 "$(grep -c 'schema base [0-9]*, people [0-9]*, overlimit [0-9]*' init.1 init.2 init.3 init.4 | awk -F: '{ s += $2 } END { print s }')"
check_eq "and each migration was applied once" t "$(psql -Atq "$NEW" -c "SELECT bool_and(n = top) FROM (SELECT count(*) AS n, max(version) AS top FROM schema_version GROUP BY module) AS m")"

"$SUNROAD" gen --count 30000 --seed 3 --out g >/dev/null
PG=$(fresh_db same)
for db in same.db "$PG"; do
	"$SUNROAD" units import --db "$db" g/units.csv >/dev/null
	"$SUNROAD" sites import --db "$db" g/sites.csv >/dev/null
	"$SUNROAD" ingest --db "$db" --photos g/photos g/detections.csv >/dev/null
	"$SUNROAD" unloads import --db "$db" g/unloads.csv >/dev/null
done
for format in json text csv; do
	"$SUNROAD" report overlimit --db same.db --from 2023-01-01 --to 2023-12-31 --format $format >sqlite.$format
	"$SUNROAD" report overlimit --db "$PG" --from 2023-01-01 --to 2023-12-31 --format $format >postgres.$format
	if cmp -s sqlite.$format postgres.$format; then pass "report $format: identical bytes on both backends"; else fail "report $format differs"; fi
done
check_eq "one partition per month, and the next month's made ahead" 13 "$(psql -Atq "$PG" -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'detections'::regclass")"
check_eq "the month ahead is empty" 0 "$(psql -Atq "$PG" -c "SELECT count(*) FROM detections_202401")"
check_eq "a partition holds its month only" 0 "$(psql -Atq "$PG" -c "SELECT count(*) FROM detections_202303 WHERE day / 100 <> 202303")"
check_eq "the ingest loaded each month first, then gave it its three indexes" "13 39" \
	"$(psql -Atq "$PG" -c "SELECT count(DISTINCT tablename), count(*) FROM pg_indexes WHERE tablename LIKE 'detections_20%'" | tr '|' ' ')"
check_eq "the index on a record's id is used to find it" "detections_202305_id" \
	"$(psql -Atq "$PG" -c "EXPLAIN (FORMAT json) SELECT * FROM detections WHERE id = 4398046511105 AND day = 20230510" | grep -o 'detections_202305_id' | head -n 1)"

# Two writers, overlapping files, at the same time.
head -n 20001 g/detections.csv >a.csv
{ head -n 1 g/detections.csv; sed -n '10002,30001p' g/detections.csv; } >b.csv
PAR=$(fresh_db parallel)
"$SUNROAD" units import --db "$PAR" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$PAR" g/sites.csv >/dev/null
SUNROAD_BATCH=500 "$SUNROAD" ingest --db "$PAR" --photos g/photos a.csv >a.out 2>a.err &
SUNROAD_BATCH=500 "$SUNROAD" ingest --db "$PAR" --photos g/photos b.csv >b.out 2>b.err &
wait
check_eq "both parallel writers succeed" "" "$(cat a.err b.err)"
check_eq "between them they store each record once" 30000 \
	"$(($(tail -n 1 a.out | json_field accepted) + $(tail -n 1 b.out | json_field accepted)))"
check_eq "and see the overlap as duplicates" 10000 \
	"$(($(tail -n 1 a.out | json_field duplicates) + $(tail -n 1 b.out | json_field duplicates)))"
check_eq "the table holds each once" 30000 "$(psql -Atq "$PAR" -c "SELECT count(*) FROM detections")"

# A writer that waited for another's new partition uses it: here the
# other is psql, holding January's partition, made but not committed, for
# two seconds. The waiting ingest once failed on "relation already
# exists" (its catalog cache still said there was none).
MONTHS=$(fresh_db months)
"$SUNROAD" units import --db "$MONTHS" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$MONTHS" g/sites.csv >/dev/null
psql -Atq "$MONTHS" -c "BEGIN" -c "SELECT sunroad_ensure_partition(20230101)" -c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
sleep 0.5
"$SUNROAD" ingest --db "$MONTHS" a.csv >months.out 2>months.err
check_eq "an ingest waiting for a partition being made uses it" 0 $?
wait
check_eq "and stores its file" 20000 "$(psql -Atq "$MONTHS" -c "SELECT count(*) FROM detections")"

# A month being made holds up no writer: its partition is made as a table
# and attached, which takes no lock on detections that a writer's COPY
# waits for (CREATE TABLE ... PARTITION OF did, to the end of the making
# transaction, and two writers entering a month took turns for a batch).
psql -Atq "$MONTHS" -c "BEGIN" -c "SELECT sunroad_ensure_partition(20250101)" -c "SELECT pg_sleep(30)" -c "COMMIT" >/dev/null 2>&1 &
making=$!
for _ in $(seq 100); do
	[ "$(psql -Atq "$MONTHS" -c "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'")" = 1 ] && break
	sleep 0.1
done
check_eq "while a month is being made, a writer's lock on detections is granted at once" "" \
	"$(psql -Atq "$MONTHS" -c "BEGIN" -c "LOCK TABLE detections IN ROW EXCLUSIVE MODE NOWAIT" -c "ROLLBACK" 2>&1)"
psql -Atq "$MONTHS" -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'" >/dev/null
wait $making
check_eq "a month made in a transaction rolled back is gone with it" "" \
	"$(psql -Atq "$MONTHS" -c "SELECT relname FROM pg_class WHERE relname IN ('detections_202501', 'detections_202502')")"

# A month being loaded (schema 0010): psql loads 2026-01 (and 2026-02,
# made ahead) for 30 seconds. An ingest leaves them to their loader, but a
# lookup by key (records sent again) indexes them first. A loader that
# dies leaves its months to the next ingest, or to the server's start.
LOAD=$(fresh_db loading)
"$SUNROAD" units import --db "$LOAD" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$LOAD" g/sites.csv >/dev/null
unindexed() { psql -Atq "$1" -c "SELECT string_agg(month::TEXT, ' ') FROM sunroad_unindexed()"; }
psql -Atq "$LOAD" -c "SELECT sunroad_ensure_partition(20260101, true)" -c "SELECT pg_sleep(30)" >/dev/null 2>&1 &
loader=$!
for _ in $(seq 100); do
	[ "$(psql -Atq "$LOAD" -c "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'")" = 1 ] && break
	sleep 0.1
done
check_eq "a month made for loading has no indexes yet" "202601 202602" "$(unindexed "$LOAD")"
head -n 5001 g/detections.csv >first.csv
"$SUNROAD" ingest --db "$LOAD" first.csv >/dev/null 2>load.err
check_eq "an ingest of new records succeeds beside the loader" "" "$(cat load.err)"
check_eq "it indexes its own months, and leaves the loader's" "202601 202602" "$(unindexed "$LOAD")"
"$SUNROAD" ingest --db "$LOAD" first.csv >again.out 2>load.err
check_eq "the same records again are found as duplicates" 5000 "$(tail -n 1 again.out | json_field duplicates)"
check_eq "looking them up by key indexed every month first" "" "$(unindexed "$LOAD")"
psql -Atq "$LOAD" -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'" >/dev/null
wait $loader
psql -Atq "$LOAD" -c "SELECT sunroad_ensure_partition(20270101, true)" >/dev/null
check_eq "a loader gone (its session ended) leaves its months unindexed" "202701 202702" "$(unindexed "$LOAD")"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SUNROAD" serve --db "$LOAD" --port "$port" >serve.log 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
check "the server answers" curl -fs "http://127.0.0.1:$port/healthz"
check_eq "its start indexed them before it answered" "" "$(unindexed "$LOAD")"
check_grep "and it says so in its log" 'indexed the months an interrupted ingest left.*months=2' serve.log
kill "$server_pid"
wait "$server_pid"
psql -Atq "$LOAD" -c "SELECT sunroad_ensure_partition(20280101, true)" >/dev/null
{ head -n 1 g/detections.csv; sed -n '5002,6001p' g/detections.csv; } >second.csv
"$SUNROAD" ingest --db "$LOAD" second.csv >/dev/null 2>load.err
check_eq "so does the next ingest's" "" "$(unindexed "$LOAD")"

# A role allowed one connection: the ingest's second writer cannot
# connect, so it ingests with one, and says so.
LIM=$(fresh_db limited)
role="t_lim_$$"
psql -q "$SUNROAD_TEST_PG" -c "DROP ROLE IF EXISTS $role" -c "CREATE ROLE $role LOGIN CONNECTION LIMIT 1" \
	-c "ALTER DATABASE ${LIM##*/} OWNER TO $role" >/dev/null
LIMURL=$(echo "$LIM" | sed "s#//[^@]*@#//$role@#")
"$SUNROAD" units import --db "$LIMURL" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$LIMURL" g/sites.csv >/dev/null
"$SUNROAD" ingest --db "$LIMURL" a.csv >lim.out 2>lim.err
check_eq "one connection allowed: the ingest still succeeds" 0 $?
check_grep "with one writer, and says so" "ingest: 1 writer instead of 2" lim.err
check_eq "and stores its file" 20000 "$(psql -Atq "$LIM" -c "SELECT count(*) FROM detections")"
check_grep "no connection for the months' builder either, said" "the writers will index the months themselves" lim.err
check_eq "so the writer indexed its months itself" "" "$(unindexed "$LIM")"
psql -q "$SUNROAD_TEST_PG" -c "DROP DATABASE ${LIM##*/}" -c "DROP ROLE $role" >/dev/null

# The server drops the connection mid-file: that batch fails cleanly, and
# the same command again completes the file.
DROP=$(fresh_db dropped)
"$SUNROAD" units import --db "$DROP" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$DROP" g/sites.csv >/dev/null
SUNROAD_BATCH=200 "$SUNROAD" ingest --db "$DROP" --photos g/photos g/detections.csv >drop.out 2>drop.err &
pid=$!
dbname=${DROP##*/}
for i in $(seq 100); do
	n=$(psql -Atq "$DROP" -c "SELECT count(*) FROM detections" 2>/dev/null || echo 0)
	[ "${n:-0}" -gt 1000 ] && break
	sleep 0.1
done
psql -Atq "$SUNROAD_TEST_PG" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$dbname' AND pid <> pg_backend_pid()" >/dev/null
wait "$pid"
check_eq "the dropped connection fails the command" 1 $?
check_grep "with a message that says so" "connection" drop.err
"$SUNROAD" ingest --db "$DROP" --photos g/photos g/detections.csv >again.out 2>again.err
check_eq "the re-run succeeds" 0 $?
check_eq "and the file is complete" 30000 "$(psql -Atq "$DROP" -c "SELECT count(*) FROM detections")"
check_eq "with every month indexed, the dropped run's included" "" \
	"$(psql -Atq "$DROP" -c "SELECT string_agg(month::TEXT, ' ') FROM sunroad_unindexed()")"
done_testing
