#!/bin/sh
# The benchmarks of issue 2, each against a baseline run in the same
# invocation on the same data:
#   ingest: sunroad ingest of the default generated year into a fresh SQLite
#           database, vs the sqlite3 shell's bare .import of the same CSV into
#           a table of the same columns (no validation, no verdicts, no key);
#   judge:  sunroad judge on one core, vs a naive awk script computing the
#           same limit and excess per line;
#   memory: the peak resident set of the ingest, for the year and for a file
#           four times as big.
# Usage: bench/run.sh path/to/sunroad   (results: paste into bench/RESULTS.md)
set -eu
sunroad=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=${BENCH_DIR:-/tmp/sunroad-bench}
mkdir -p "$work"
cd "$work"

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
peak_kb() { /usr/bin/time -f %M -o "$work/time.out" "$@" >/dev/null 2>&1; cat "$work/time.out"; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "sqlite3: $(sqlite3 --version | cut -d' ' -f1)"

if [ ! -f year/detections.csv ]; then
	"$sunroad" gen --out year >/dev/null
fi
n=$(($(wc -l <year/detections.csv) - 1))
echo "data: $n detections ($(du -m year/detections.csv | cut -f1) MB CSV)"

# --- ingest vs sqlite3 .import -------------------------------------------
rm -f ingest.db* import.db*
"$sunroad" sites import --db ingest.db year/sites.csv >/dev/null
t0=$(now)
"$sunroad" ingest --db ingest.db year/detections.csv >/dev/null
t1=$(now)
ingest_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')

columns=$(head -n 1 year/detections.csv | sed 's/,/ TEXT, /g; s/$/ TEXT/')
sqlite3 import.db "PRAGMA journal_mode=WAL; CREATE TABLE detections_raw ($columns);" >/dev/null
t0=$(now)
sqlite3 import.db ".import --csv --skip 1 year/detections.csv detections_raw"
t1=$(now)
import_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
echo
echo "ingest:  sunroad ingest  $(rate "$n" "$ingest_s") records/s  ($ingest_s s)"
echo "         sqlite3 .import $(rate "$n" "$import_s") records/s  ($import_s s)"
echo "         ratio sunroad/.import: $(ratio "$import_s" "$ingest_s")x"

# --- judge vs naive awk ----------------------------------------------------
t0=$(now)
taskset -c 0 "$sunroad" judge --sites year/sites.csv year/detections.csv >/dev/null
t1=$(now)
judge_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
t0=$(now)
taskset -c 0 awk -F, 'NR > 1 {
	limit = $7 == 2 ? 18000 : $7 == 3 ? ($6 == "train" ? 27000 : 25000) : $7 == 4 ? ($6 == "train" ? 36000 : 31000) : $7 == 5 ? 43000 : ($10 == 1 ? 46000 : 49000)
	over = $8 - limit; if (over < 0) over = 0
	print $1 "," $2 "," limit "," $8 "," over
}' year/detections.csv >/dev/null
t1=$(now)
awk_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
echo
echo "judge:   sunroad judge   $(rate "$n" "$judge_s") records/s on one core ($judge_s s)"
echo "         naive awk       $(rate "$n" "$awk_s") records/s on one core ($awk_s s)"
echo "         ratio sunroad/awk: $(ratio "$awk_s" "$judge_s")x"

# --- peak memory -----------------------------------------------------------
rm -f mem.db*
"$sunroad" sites import --db mem.db year/sites.csv >/dev/null
year_kb=$(peak_kb "$sunroad" ingest --db mem.db year/detections.csv)
if [ ! -f big.csv ]; then
	# Four years' worth: the same rows with the seq shifted per copy.
	awk -F, -v OFS=, 'NR == FNR && FNR == 1 { print; next } FNR > 1 { $2 = $2 + copy * 10000000; print } FNR == 1 { copy++ }' \
		year/detections.csv year/detections.csv year/detections.csv year/detections.csv >big.csv
fi
rm -f mem.db*
"$sunroad" sites import --db mem.db year/sites.csv >/dev/null
big_kb=$(peak_kb "$sunroad" ingest --db mem.db big.csv)
echo
echo "memory:  ingest peak RSS $((year_kb / 1024)) MB for $n records, $((big_kb / 1024)) MB for $(($(wc -l <big.csv) - 1)) records"
