#!/bin/sh
# The lists of the demo year (1 235 735 detections, its cases): what an
# officer's clicks cost, through the server (session, scope, JSON), against
# the sqlite3 CLI running the same query on the same file in the same run.
#
# Each case is timed as the median of RUNS requests with curl, one at a
# time (an officer waits for one page): the first page with its total, a
# column sort over the whole year, page 100 by number, the next page by
# cursor, a plate search, and one month's list.
#
# Usage: bench/lists.sh path/to/sunroad [DEMO_DIR]
#   DEMO_DIR   a demo built by scripts/demo.sh (default demo/; built when
#              missing, several minutes)
#   RUNS       requests per case (default 7)
#   BENCH_DIR  the copy of the database and the server log
set -eu
sunroad=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
demo=${2:-$root/demo}
runs=${RUNS:-7}
work=${BENCH_DIR:-/tmp/sunroad-bench-lists}
command -v sqlite3 >/dev/null || { echo "bench/lists.sh: sqlite3 is needed (apt-get install sqlite3)" >&2; exit 1; }
[ -f "$demo/sunroad.db" ] || sh "$root/scripts/demo.sh" "$sunroad" "$demo"
rm -rf "$work"
mkdir -p "$work"
cp "$demo/sunroad.db" "$work/bench.db"
db="$work/bench.db"
cd "$work"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "database: $(sqlite3 "$db" 'SELECT count(*) FROM detections') detections, $(du -m "$db" | cut -f1) MB; $runs requests per case, the median"

echo 'Bench12345first' | "$sunroad" users add --db "$db" --login benchlists --name 基准 --role admin --unit HQ --password-stdin >/dev/null
port=$(free_port)
"$sunroad" serve --db "$db" --port "$port" >access.log 2>serve.err &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
csrf=$(curl -fs -c cookies -X POST "$url/api/v1/session" -d '{"login":"benchlists","password":"Bench12345first"}' |
	sed 's/.*"csrf":"\([^"]*\)".*/\1/')
curl -fs -b cookies -X POST -H "X-CSRF-Token: $csrf" "$url/api/v1/session/password" \
	-d '{"old":"Bench12345first","new":"Bench12345second"}' >/dev/null

# The milliseconds of one GET.
get_ms() { curl -fs -o /dev/null -b cookies -w '%{time_total}\n' "$url$1" | awk '{ printf "%.1f\n", $1 * 1000 }'; }
# The milliseconds of one sqlite3 run of a query (the process's own start
# included, as a clerk's query would be).
sql_ms() {
	s=$(date +%s%N)
	sqlite3 "$db" "$1" >/dev/null
	e=$(date +%s%N)
	awk -v a="$s" -v b="$e" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'
}

# The same rows the list reads: its filter, its order, a page of 51.
cols="d.id, s.code, d.passed_at, d.plate, d.gross_kg, d.over_kg, sc.decision, s.name"
from="FROM detections d JOIN sites s ON s.id = d.site_id LEFT JOIN screening sc ON sc.detection_id = d.id"
next=$(curl -fs -b cookies "$url/api/v1/detections?limit=50&sort=-gross_kg&page=99" | sed 's/.*"next":"\([^"]*\)".*/\1/')

printf '%-44s %10s %10s %7s\n' "case" "sunroad ms" "sqlite3 ms" "ratio"
bench() {
	name=$1 path=$2 sql=$3
	a=$(for _ in $(seq "$runs"); do get_ms "$path"; done | median)
	b=$(for _ in $(seq "$runs"); do sql_ms "$sql"; done | median)
	printf '%-44s %10s %10s %6sx\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
}
bench "first page, newest first, with the total" "/api/v1/detections?limit=50" \
	"SELECT count(*) $from; SELECT $cols $from ORDER BY d.day DESC, d.passed_at DESC, d.id DESC LIMIT 51"
bench "sorted by gross mass, whole year, total" "/api/v1/detections?limit=50&sort=-gross_kg" \
	"SELECT count(*) $from; SELECT $cols $from ORDER BY d.gross_kg DESC, d.id DESC LIMIT 51"
bench "page 100 by number (gross mass)" "/api/v1/detections?limit=50&sort=-gross_kg&page=100" \
	"SELECT count(*) $from; SELECT $cols $from ORDER BY d.gross_kg DESC, d.id DESC LIMIT 51 OFFSET 4950"
bench "page 100 by cursor (after page 99)" "/api/v1/detections?limit=50&sort=-gross_kg&after=$next" \
	"SELECT $cols $from ORDER BY d.gross_kg DESC, d.id DESC LIMIT 51 OFFSET 4950"
bench "plate search 蒙K1, with the total" "/api/v1/detections?limit=50&plate=%E8%92%99K1" \
	"SELECT count(*) $from WHERE d.plate LIKE '%蒙K1%'; SELECT $cols $from WHERE d.plate LIKE '%蒙K1%' ORDER BY d.day DESC, d.passed_at DESC, d.id DESC LIMIT 51"
bench "one month (2023-06), with the total" "/api/v1/detections?limit=50&from=2023-06-01&to=2023-06-30" \
	"SELECT count(*) $from WHERE d.day BETWEEN 20230601 AND 20230630; SELECT $cols $from WHERE d.day BETWEEN 20230601 AND 20230630 ORDER BY d.day DESC, d.passed_at DESC, d.id DESC LIMIT 51"

# The cases of the demo year (`gen cases`): the desk of cases in hand by
# their next deadline, a case's page, the repeat offenders of the year and
# the file review's grades; the sqlite3 side reads the same rows (what the
# server computes from them, it does in C: the fold of the events, the
# deadlines, the tallies).
case_id=$(sqlite3 "$db" "SELECT case_id FROM case_events GROUP BY case_id ORDER BY count(*) DESC, case_id LIMIT 1")
ccols="c.id, c.number, c.unit_code, c.party, c.vehicle, c.state, c.next_due, c.opened_on"
bench "cases in hand, by next deadline, total" "/api/v1/cases?limit=50&state=open&sort=next_due" \
	"SELECT count(*) FROM cases c WHERE c.state <> 'closed'; SELECT $ccols FROM cases c WHERE c.state <> 'closed' ORDER BY coalesce(c.next_due, 99999999), c.id LIMIT 51"
bench "a case's page (its acts folded, deadlines)" "/api/v1/cases/$case_id" \
	"SELECT * FROM cases WHERE id = $case_id; SELECT * FROM case_events WHERE case_id = $case_id ORDER BY seq; SELECT * FROM case_documents WHERE case_id = $case_id"
bench "repeat offenders of 2023" "/api/v1/repeat-offenders?on=2023-12-31" \
	"SELECT number, vehicle, occurred_at, id FROM cases WHERE violation IN ('overlimit_mass', 'overlimit_size') AND state IN ('decided', 'served', 'paid', 'demanded', 'enforced', 'closed') AND occurred_at >= 1672502400 - 28800 AND occurred_at < 1704038400 - 28800 ORDER BY occurred_at, id"
bench "file review grades by unit and officer" "/api/v1/reviews/summary" \
	"SELECT unit_code, count(*), avg(score) FROM reviews r JOIN cases c ON c.id = r.case_id WHERE r.state = 'finished' GROUP BY unit_code; SELECT c.officers, r.score, r.grade FROM reviews r JOIN cases c ON c.id = r.case_id WHERE r.state = 'finished'"
