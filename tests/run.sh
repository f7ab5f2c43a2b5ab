#!/bin/sh
# Runs every test: the C unit tests, then the command-line tests, each in a
# fresh directory, on SQLite and then on PostgreSQL. PostgreSQL is the
# server named by SUNROAD_TEST_PG (a maintenance database URL), or else a
# throw-away cluster started here when PostgreSQL is installed (stopped at
# the end). Prints one closing line "N passed, N failed".
# Usage: tests/run.sh BUILD_DIR
set -u
B=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
SUNROAD="$TOP/$B/sunroad"
export SUNROAD TOP
# The tests' settings are their own (flags, the environment, a file a test
# names): never an installed package's /etc/sunroad/sunroad.conf, which a
# command reads when no other file is named (src/base/config.c).
export SUNROAD_CONFIG=/dev/null
passed=0
failed=0
work=$(mktemp -d)
cluster=""
cleanup() {
	[ -n "$cluster" ] && sh "$TOP/scripts/pg-cluster.sh" stop "$cluster"
	rm -rf "$work"
}
trap cleanup EXIT

# run_cli BACKEND: every command-line test against that backend.
run_cli() {
	# tests/cli/<module>/tNN-*.sh, in the order of their numbers.
	for t in $(ls "$TOP"/tests/cli/*/t[0-9]*.sh | awk -F/ '{ print $NF "\t" $0 }' | sort | cut -f2); do
		# A test that touches no database runs once; one for a backend, there.
		if [ "$1" = postgres ] && grep -q '^# no database' "$t"; then continue; fi
		if [ "$1" = sqlite ] && grep -q '^# postgres only' "$t"; then continue; fi
		if [ "$1" = postgres ] && grep -q '^# sqlite only' "$t"; then continue; fi
		module=$(basename "$(dirname "$t")")
		name="$module/$(basename "$t" .sh) [$1]"
		dir="$work/$1-$(basename "$t" .sh)"
		mkdir -p "$dir"
		t0=$(date +%s)
		if (cd "$dir" && sh "$t") >"$dir.log" 2>&1; then
			passed=$((passed + 1)); echo "PASS $name ($(grep -c '^ok' "$dir.log") checks, $(($(date +%s) - t0)) s)"
		else
			failed=$((failed + 1)); echo "FAIL $name"; grep -v '^ok' "$dir.log" | sed 's/^/    /' | head -n 60
		fi
	done
}

if [ -z "${SUNROAD_TEST_PG:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	cluster="$work/pg"
	SUNROAD_TEST_PG=$(sh "$TOP/scripts/pg-cluster.sh" start "$cluster") || { echo "FAIL: cannot start PostgreSQL"; failed=$((failed + 1)); SUNROAD_TEST_PG=""; }
fi
export SUNROAD_TEST_PG="${SUNROAD_TEST_PG:-}"

# The unit tests; test_db runs on PostgreSQL too when SUNROAD_TEST_PG is set.
for t in "$TOP/$B"/tests/*/test_*; do
	[ -x "$t" ] || continue
	name="$(basename "$(dirname "$t")")/$(basename "$t")"
	t0=$(date +%s)
	if (cd "$TOP" && "$t") >"$work/unit.log" 2>&1; then
		passed=$((passed + 1)); echo "PASS $name ($(($(date +%s) - t0)) s)"
	else
		failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/    /' "$work/unit.log"
	fi
done


# run_suite NAME SCRIPT: an end-to-end suite against a real server.
run_suite() {
	name=$1
	shift
	log="$work/$(echo "$name" | tr -c 'a-z0-9\n' '-').log"
	t0=$(date +%s)
	if "$@" >"$log" 2>&1; then
		checks=$(sed -n -e 's/^# pass //p' -e 's/^ℹ pass //p' "$log" | tail -n 1)
		passed=$((passed + 1)); echo "PASS $name (${checks:-$(grep -c '^ok' "$log")} checks, $(($(date +%s) - t0)) s)"
	else
		# The failing checks with what they said, then how the run ended.
		failed=$((failed + 1)); echo "FAIL $name"
		grep -n -A 30 '^ *not ok\|✖' "$log" | grep -v '^[0-9]*-ok\|✔' | sed 's/^/    /' | head -n 120
		tail -n 20 "$log" | sed 's/^/    | /'
	fi
}

(
	unset SUNROAD_TEST_PG
	run_cli sqlite
	[ -f "$TOP/tests/api/run.sh" ] && run_suite "api [sqlite]" sh "$TOP/tests/api/run.sh"
	# The browser suite once per CI run: in make check, not again under the
	# sanitizers (SUNROAD_TEST_QUICK), which keeps CI within its 30 minutes.
	if [ -n "${SUNROAD_TEST_QUICK:-}" ]; then
		echo "SKIP web [sqlite]: the browser suite runs in make check"
	elif [ -f "$TOP/tests/web/run.sh" ]; then
		SUNROAD_BIN="$SUNROAD" SUNROAD_ARTIFACTS="$TOP/tests/web/artifacts" run_suite "web [sqlite]" sh "$TOP/tests/web/run.sh"
	fi
	echo "$passed $failed" >"$work/counts"
)
read passed failed <"$work/counts"

if [ -n "${SUNROAD_TEST_PG:-}" ]; then
	export SUNROAD_TEST_PG
	run_cli postgres
	if [ -f "$TOP/tests/api/run.sh" ]; then
		psql -q "$SUNROAD_TEST_PG" -c "CREATE DATABASE t_api_$$" >/dev/null
		SUNROAD_TEST_DB="${SUNROAD_TEST_PG%/*}/t_api_$$" run_suite "api [postgres]" sh "$TOP/tests/api/run.sh"
	fi
else
	echo "SKIP the PostgreSQL run: PostgreSQL is not installed (scripts/deps.sh installs it)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
