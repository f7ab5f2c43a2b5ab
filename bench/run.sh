#!/bin/sh
# The benchmarks of issue 2, each against a baseline run in the same
# invocation on the same data:
#   ingest: sunroad ingest of the default generated year into a fresh SQLite
#           database, vs the sqlite3 shell's bare .import of the same CSV into
#           a table of the same columns (no validation, no verdicts, no key);
#   judge:  sunroad judge on one core, vs a naive awk script computing the
#           limit and excess per line (bench/naive_judge.awk);
#   csv:    splitting the CSV into fields, sunroad's reader vs libcsv;
#   memory: the peak resident set of the ingest, for the year and for a file
#           four times as big.
#   release: with a second binary (an earlier release, built from its tag),
#           its ingest and judge alternate with this one's on the same data.
# Usage: bench/run.sh path/to/sunroad [path/to/earlier/sunroad]
#        (results: paste into bench/RESULTS.md)
set -eu
sunroad=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
earlier=${2:+$(cd "$(dirname "$2")" && pwd)/$(basename "$2")}
naive=$(cd "$(dirname "$0")" && pwd)/naive_judge.awk
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

# Each figure is the best of $RUNS runs (a shared virtual machine is noisy);
# the two sides of each ratio alternate, so both see the same conditions.
RUNS=${RUNS:-3}
seconds() { t0=$(now); "$@" >/dev/null; t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

# $1: the binary (default: the one measured).
ingest_once() {
	bin=${1:-$sunroad}
	rm -f ingest.db ingest.db-wal ingest.db-shm
	"$bin" units import --db ingest.db year/units.csv >/dev/null
	"$bin" sites import --db ingest.db year/sites.csv >/dev/null
	seconds "$bin" ingest --db ingest.db year/detections.csv
}
# $1: extra pragmas for the bare import's database ("" = sqlite3's defaults).
import_once() {
	rm -f import.db import.db-wal import.db-shm
	sqlite3 import.db "$1 PRAGMA journal_mode=WAL; CREATE TABLE detections_raw ($columns);" >/dev/null
	seconds sqlite3 import.db ".import --csv --skip 1 year/detections.csv detections_raw"
}
columns=$(head -n 1 year/detections.csv | sed 's/,/ TEXT, /g; s/$/ TEXT/')
ingest_s= import_s= tuned_s= judge_s= awk_s= earlier_s=
for i in $(seq "$RUNS"); do
	ingest_s=$(best "$ingest_s" "$(ingest_once)")
	[ -n "$earlier" ] && earlier_s=$(best "$earlier_s" "$(ingest_once "$earlier")")
	import_s=$(best "$import_s" "$(import_once "")")
	tuned_s=$(best "$tuned_s" "$(import_once "PRAGMA page_size=16384;")")
done
echo
echo "ingest:  sunroad ingest  $(rate "$n" "$ingest_s") records/s  ($ingest_s s, best of $RUNS)"
echo "         sqlite3 .import $(rate "$n" "$import_s") records/s  ($import_s s, best of $RUNS)"
echo "         ratio sunroad/.import: $(ratio "$import_s" "$ingest_s")x"
echo "         sqlite3 .import with sunroad's 16 KiB pages $(rate "$n" "$tuned_s") records/s ($tuned_s s): ratio $(ratio "$tuned_s" "$ingest_s")x"
echo "         per record: sunroad $(awk -v s="$ingest_s" -v n="$n" 'BEGIN { printf "%.2f", s * 1e6 / n }') us, .import $(awk -v s="$import_s" -v n="$n" 'BEGIN { printf "%.2f", s * 1e6 / n }') us"
echo "         database size: $(du -m ingest.db | cut -f1) MB for sunroad (with verdicts), $(du -m import.db | cut -f1) MB for .import"
[ -n "$earlier" ] && echo "         earlier release $(rate "$n" "$earlier_s") records/s ($earlier_s s): ratio this/earlier $(ratio "$earlier_s" "$ingest_s")x"


for i in $(seq "$RUNS"); do
	judge_s=$(best "$judge_s" "$(seconds taskset -c 0 "$sunroad" judge --sites year/sites.csv year/detections.csv)")
	awk_s=$(best "$awk_s" "$(seconds taskset -c 0 awk -F, -f "$naive" year/detections.csv)")
	[ -n "$earlier" ] && earlier_judge_s=$(best "${earlier_judge_s:-}" "$(seconds taskset -c 0 "$earlier" judge --sites year/sites.csv year/detections.csv)")
done
echo
echo "judge:   sunroad judge   $(rate "$n" "$judge_s") records/s on one core ($judge_s s, best of $RUNS)"
echo "         naive awk       $(rate "$n" "$awk_s") records/s on one core ($awk_s s, best of $RUNS)"
echo "         ratio sunroad/awk: $(ratio "$awk_s" "$judge_s")x"
[ -n "$earlier" ] && echo "         earlier release $(rate "$n" "$earlier_judge_s") records/s: ratio this/earlier $(ratio "$earlier_judge_s" "$judge_s")x"

# --- CSV splitting: the hand-written reader vs libcsv -----------------------
if [ -x "$(dirname "$sunroad")/csv_split" ]; then
	echo
	"$(dirname "$sunroad")/csv_split" year/detections.csv
fi

# --- peak memory -----------------------------------------------------------
rm -f mem.db*
"$sunroad" units import --db mem.db year/units.csv >/dev/null
"$sunroad" sites import --db mem.db year/sites.csv >/dev/null
year_kb=$(peak_kb "$sunroad" ingest --db mem.db year/detections.csv)
if [ ! -f big.csv ]; then
	# Four years' worth: the same rows with the seq shifted per copy.
	awk -F, -v OFS=, 'NR == FNR && FNR == 1 { print; next } FNR > 1 { $2 = $2 + copy * 10000000; print } FNR == 1 { copy++ }' \
		year/detections.csv year/detections.csv year/detections.csv year/detections.csv >big.csv
fi
rm -f mem.db*
"$sunroad" units import --db mem.db year/units.csv >/dev/null
"$sunroad" sites import --db mem.db year/sites.csv >/dev/null
big_kb=$(peak_kb "$sunroad" ingest --db mem.db big.csv)
echo
echo "memory:  ingest peak RSS $((year_kb / 1024)) MB for $n records, $((big_kb / 1024)) MB for $(($(wc -l <big.csv) - 1)) records"
