#!/bin/sh
# PostgreSQL ingest benchmark: sunroad ingest of the default generated year
# into a fresh database vs psql's \copy of the same CSV into a table of the
# same columns (no validation, no verdicts, no key), in the same run, on a
# throw-away cluster (scripts/pg-cluster.sh) or the server in SUNROAD_BENCH_PG.
# The ingest uses the ingest_writers setting (SUNROAD_INGEST_WRITERS, 2).
# Usage: bench/pg.sh path/to/sunroad
set -eu
sunroad=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/sunroad-bench}
mkdir -p "$work"
cd "$work"
[ -f year/detections.csv ] || "$sunroad" gen --out year >/dev/null
n=$(($(wc -l <year/detections.csv) - 1))

cluster=""
if [ -z "${SUNROAD_BENCH_PG:-}" ]; then
	cluster=$(mktemp -d)/pg
	SUNROAD_BENCH_PG=$(sh "$top/scripts/pg-cluster.sh" start "$cluster")
	trap 'sh "$top/scripts/pg-cluster.sh" stop "$cluster"' EXIT
fi
server=${SUNROAD_BENCH_PG%/*}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { print b - a }'; }
fresh() { psql -q "$SUNROAD_BENCH_PG" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" 2>/dev/null; }
# Waits (a minute at most) until no autovacuum worker runs: the previous
# load's vacuum took a core from whichever side came next.
quiet() {
	for _ in $(seq 120); do
		[ "$(psql -Atq "$SUNROAD_BENCH_PG" -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")" = 0 ] && return
		sleep 0.5
	done
}

echo "postgres: $(psql -Atq "$SUNROAD_BENCH_PG" -c 'SHOW server_version'), data: $n detections"
best_ingest= best_copy=
for i in $(seq "${RUNS:-3}"); do
	fresh bench_ingest
	"$sunroad" units import --db "$server/bench_ingest" year/units.csv >/dev/null
	"$sunroad" sites import --db "$server/bench_ingest" year/sites.csv >/dev/null
	quiet
	t0=$(now)
	"$sunroad" ingest --db "$server/bench_ingest" year/detections.csv >/dev/null
	t1=$(now)
	s=$(elapsed "$t0" "$t1")
	best_ingest=$(awk -v a="$best_ingest" -v b="$s" 'BEGIN { print (a == "" || b < a) ? b : a }')

	fresh bench_copy
	columns=$(head -n 1 year/detections.csv | sed 's/,/ TEXT, /g; s/$/ TEXT/')
	psql -q "$server/bench_copy" -c "CREATE TABLE detections_raw ($columns)"
	quiet
	t0=$(now)
	psql -q "$server/bench_copy" -c "\\copy detections_raw FROM 'year/detections.csv' WITH (FORMAT csv, HEADER true)"
	t1=$(now)
	s=$(elapsed "$t0" "$t1")
	best_copy=$(awk -v a="$best_copy" -v b="$s" 'BEGIN { print (a == "" || b < a) ? b : a }')
done
awk -v n="$n" -v s="$best_ingest" 'BEGIN { printf "ingest:  sunroad ingest  %.0f records/s (%.2f s, %.2f us a record)\n", n / s, s, s * 1e6 / n }'
awk -v n="$n" -v s="$best_copy" 'BEGIN { printf "         psql copy       %.0f records/s (%.2f s, %.2f us a record)\n", n / s, s, s * 1e6 / n }'
awk -v a="$best_copy" -v b="$best_ingest" -v r="${RUNS:-3}" 'BEGIN { printf "         ratio sunroad/copy: %.2fx (best of %d each)\n", a / b, r }'
printf '         size: %s (sunroad, with verdicts and keys), %s (copy)\n' \
	"$(psql -Atq "$server/bench_ingest" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")" \
	"$(psql -Atq "$server/bench_copy" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
