# Shared helpers for the command-line tests. Each test script is run by
# tests/run.sh with SUNROAD (the binary), TOP (the source tree) and a fresh
# empty working directory as the current directory, once per backend: with
# SUNROAD_TEST_PG set (the URL of a PostgreSQL maintenance database) the
# databases the test makes are PostgreSQL databases. A test prints one line
# per check: "ok - what" or "not ok - what", and exits non-zero if any failed.

failed=0
checks=0

# fresh_db NAME: the URL of a new, empty database for this test.
fresh_db() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then
		name=$(printf 't_%s_%s' "$$" "$1" | tr -c 'a-zA-Z0-9_\n' '_' | tr 'A-Z' 'a-z' | cut -c1-60)
		psql -q -v ON_ERROR_STOP=1 "$SUNROAD_TEST_PG" -c "DROP DATABASE IF EXISTS $name" \
			-c "CREATE DATABASE $name" >/dev/null || return 1
		echo "${SUNROAD_TEST_PG%/*}/$name"
	else
		echo "$1.db"
	fi
}

pass() { checks=$((checks + 1)); echo "ok - $1"; }
fail() { checks=$((checks + 1)); failed=$((failed + 1)); echo "not ok - $1"; }

# check "what" command args...: passes when the command exits 0.
check() {
	what=$1; shift
	if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi
}

# check_eq "what" expected actual
check_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1 (expected '$2', got '$3')"; fi
}

# check_within "what" target percent actual: |actual - target| <= percent% of target.
check_within() {
	if awk -v t="$2" -v p="$3" -v a="$4" 'BEGIN { d = a - t; if (d < 0) d = -d; exit !(d <= t * p / 100) }'; then
		pass "$1 ($4, target $2 +-$3%)"
	else
		fail "$1 ($4 is not within $3% of $2)"
	fi
}

# check_grep "what" pattern file: passes when the file has a line matching.
check_grep() {
	if grep -q -- "$2" "$3"; then pass "$1"; else fail "$1 (no '$2' in $3)"; fi
}

# json_field NAME < json: prints the value of a top-level scalar field.
json_field() {
	grep -o "\"$1\":[^,}]*" | head -n 1 | cut -d: -f2- | tr -d '"'
}

done_testing() {
	[ "$failed" -eq 0 ]
	exit $?
}
