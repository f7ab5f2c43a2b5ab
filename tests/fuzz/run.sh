#!/bin/sh
# Runs the libFuzzer targets built by `make fuzz`.
#
# Usage: tests/fuzz/run.sh SECONDS TARGET...
#
# Each target build-fuzz/fuzz_TARGET runs for SECONDS on its own corpus,
# build-fuzz/corpus/TARGET, seeded from tests/fuzz/seeds/TARGET/ (what the
# fuzzer found on earlier runs is kept there). Up to FUZZ_JOBS targets run
# at once (default: the number of processors, at most 4), each writing
# build-fuzz/logs/TARGET.log. A crash, a leak, a timeout or running out of
# memory fails the run: the reproducer is build-fuzz/artifacts/TARGET-*
# (named on the way out), and `build-fuzz/fuzz_TARGET FILE` runs it
# again. The last line sums up.
set -u
cd "$(dirname "$0")/../.."

seconds=$1
shift
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 4 ] && jobs=4
mkdir -p build-fuzz/corpus build-fuzz/artifacts build-fuzz/logs

# The largest input of each target: what its parser meets in practice and
# a little more (a body of records, a workbook, a query, a header line).
max_len() {
	case $1 in
	query | cookie) echo 2048 ;;
	device | sheet) echo 32768 ;;
	*) echo 8192 ;;
	esac
}

run_one() {
	t=$1
	mkdir -p "build-fuzz/corpus/$t"
	[ -d "tests/fuzz/seeds/$t" ] && cp -n "tests/fuzz/seeds/$t"/* "build-fuzz/corpus/$t/" 2>/dev/null
	touch "build-fuzz/logs/$t.start"
	"build-fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=20 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t-" \
		"build-fuzz/corpus/$t" >"build-fuzz/logs/$t.log" 2>&1
	echo $? >"build-fuzz/logs/$t.rc"
}

running=0
for t in "$@"; do
	run_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

failed=0
for t in "$@"; do
	log=build-fuzz/logs/$t.log
	rc=$(cat "build-fuzz/logs/$t.rc" 2>/dev/null || echo 1)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	corp=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $t: ${runs:-?} runs in ${seconds} s, ${cov:-cov: ?} edges, ${corp:-corp: ?} inputs in the corpus"
	else
		failed=$((failed + 1))
		tail -n 60 "$log"
		found=0
		for a in $(find build-fuzz/artifacts -name "$t-*" -newer "build-fuzz/logs/$t.start"); do
			found=1
			echo "fuzz $t: FAILED (exit $rc): reproducer $a (run: build-fuzz/fuzz_$t $a)"
		done
		[ "$found" -eq 1 ] || echo "fuzz $t: FAILED (exit $rc), see $log"
	fi
done
if [ "$failed" -gt 0 ]; then
	echo "fuzz: $failed of $# targets failed"
	exit 1
fi
echo "fuzz: $# targets, ${seconds} s each, nothing found"
