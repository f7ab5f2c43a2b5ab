# Background exports across a crash and over time: a job a crash left
# running is queued again when the server starts and then written whole;
# the file of a job finished longer ago than export_keep_days is removed
# and the job says expired; the server still stops with status 0.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db exports)
# sql TEXT: runs TEXT on the test's database, prints the rows (|-separated).
sql() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -qAt -v ON_ERROR_STOP=1 "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}
"$SUNROAD" gen --year 2023 --seed 5 --count 3000 --out g >/dev/null
"$SUNROAD" init --db "$DB" >/dev/null
"$SUNROAD" units import --db "$DB" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$DB" g/sites.csv >/dev/null
"$SUNROAD" ingest --db "$DB" g/detections.csv >/dev/null 2>&1
now=$(date +%s)
cols="login, scope_all, scope_unit, kind, format, query, state, rows_done, file_name, file_name_ascii, created_at"
sql "INSERT INTO export_jobs ($cols, started_at) VALUES ('cli-test', 1, 'HQ', 'detections', 'csv', '{}', 'running', 500, 'a.csv', 'a.csv', $now, $now)"
sql "INSERT INTO export_jobs ($cols, finished_at) VALUES ('cli-test', 1, 'HQ', 'detections', 'csv', '{}', 'done', 3, 'b.csv', 'b.csv', $((now - 8 * 86400)), $((now - 8 * 86400)))"
crashed=$(sql "SELECT id FROM export_jobs WHERE state = 'running'")
old=$(sql "SELECT id FROM export_jobs WHERE state = 'done'")
mkdir -p exports
printf 'old\n' >"exports/$old.csv"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SUNROAD_EXPORT_DIR=exports SUNROAD_EXPORT_KEEP_DAYS=7 "$SUNROAD" serve --db "$DB" --port "$port" >access.log 2>serve.err &
server=$!
for _ in $(seq 100); do
	[ "$(sql "SELECT state FROM export_jobs WHERE id = $crashed")" = done ] && break
	sleep 0.1
done
check_eq "the job a crash left running is queued again and done" done "$(sql "SELECT state FROM export_jobs WHERE id = $crashed")"
total=$(sql "SELECT count(*) FROM detections")
check_eq "its rows are every detection, counted from the start again" "$total|$total" "$(sql "SELECT rows_done, rows_total FROM export_jobs WHERE id = $crashed")"
check_eq "its file holds the header and every row" $((total + 1)) "$(tr -cd '\n' <"exports/$crashed.csv" | wc -c)"
check "no partial file is left" test ! -e "exports/$crashed.csv.part"
check_eq "the job finished 8 days ago is expired" expired "$(sql "SELECT state FROM export_jobs WHERE id = $old")"
check "and its file removed" test ! -e "exports/$old.csv"
kill -TERM $server
wait $server
check_eq "the server exits 0 after SIGTERM" 0 $?
done_testing
