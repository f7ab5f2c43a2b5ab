# postgres only
# The move from SQLite to PostgreSQL: `sunroad copy` takes every table of
# a SQLite database with a year of detections, cases and tickets into an
# empty PostgreSQL database as stored (the reports byte-identical, the
# audit chain whole, each (site, seq) still once: ingesting the same file
# again on PostgreSQL adds nothing); new rows continue after the copied
# ids; it refuses a target with data; and the copy back to SQLite is the
# same again.
. "$TOP/tests/cli/lib.sh"
SRC=year.db
PG=$(fresh_db copied)

"$SUNROAD" gen --count 20000 --seed 11 --out g >/dev/null
"$SUNROAD" units import --db "$SRC" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$SRC" g/sites.csv >/dev/null
"$SUNROAD" ingest --db "$SRC" --photos g/photos g/detections.csv >/dev/null 2>&1
"$SUNROAD" gen cases --db "$SRC" >/dev/null 2>&1
"$SUNROAD" gen taxi --db "$SRC" >/dev/null 2>&1
"$SUNROAD" gen tickets --db "$SRC" >/dev/null 2>&1
cases=$(sqlite3 "$SRC" 'SELECT count(*) FROM cases')
tickets=$(sqlite3 "$SRC" 'SELECT count(*) FROM tickets')
check "the source has cases ($cases) and tickets ($tickets)" test "$cases" -gt 0 -a "$tickets" -gt 0

"$SUNROAD" copy --from "$SRC" --to "$PG" >copy.out 2>&1
check_eq "the copy exits 0" 0 $?
check_grep "it names each table" "^detections: [0-9]* rows" copy.out
check_grep "and ends with the chain walked" "audit chain intact on the target: [1-9][0-9]* entries" copy.out
report() { "$SUNROAD" report overlimit --db "$1" --from 2023-01-01 --to 2023-12-31 --format json; }
report "$SRC" >a.json
report "$PG" >b.json
check "the reports are byte-identical" cmp -s a.json b.json
check_eq "each month was loaded, then given its three indexes" "0 t" \
	"$(psql -Atq "$PG" -c "SELECT (SELECT count(*) FROM sunroad_unindexed()), (SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'detections_20%') = 3 * (SELECT count(*) FROM pg_inherits WHERE inhparent = 'detections'::regclass)" | tr '|' ' ')"
"$SUNROAD" ingest --db "$PG" --photos g/photos g/detections.csv >again.out 2>&1
check_eq "the same file again adds nothing on PostgreSQL" 0 "$(tail -n 1 again.out | json_field accepted)"
check_eq "each of its records a duplicate there" "$(tail -n 1 again.out | json_field read)" \
	"$(($(tail -n 1 again.out | json_field duplicates) + $(tail -n 1 again.out | json_field quarantined)))"
check "most of them" test "$(tail -n 1 again.out | json_field duplicates)" -gt 19000
max=$(psql -Atq "$PG" -c 'SELECT max(id) FROM audit_log' 2>/dev/null || echo 0)
"$SUNROAD" users add --db "$PG" --login after-copy --name 复制后 --role officer --unit HQ --password-stdin <<'PW' >/dev/null 2>&1
After-copy-2023-pass
PW
check_eq "a new user after the copy" 0 $?
check "new rows continue after the copied ids" test "$(psql -Atq "$PG" -c "SELECT count(*) FROM users WHERE login = 'after-copy'")" = 1
check "the audit chain goes on" "$SUNROAD" audit verify --db "$PG"

"$SUNROAD" copy --from "$SRC" --to "$PG" >twice.out 2>&1
check_eq "a copy into a target with data is refused" 1 $?
check_grep "saying why" "only into an empty database" twice.out

"$SUNROAD" copy --from "$PG" --to back.db >back.out 2>&1
check_eq "the copy back to SQLite exits 0" 0 $?
report back.db >c.json
check "and its reports are the same" cmp -s a.json c.json
done_testing
