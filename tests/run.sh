#!/bin/sh
# Runs every test: the C unit tests, then the command-line tests, each in a
# fresh directory. Prints one closing line "N passed, N failed".
# Usage: tests/run.sh BUILD_DIR
set -u
B=${1:-build}
TOP=$(cd "$(dirname "$0")/.." && pwd)
SUNROAD="$TOP/$B/sunroad"
export SUNROAD TOP
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for t in "$TOP/$B"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if (cd "$TOP" && "$t") >"$work/$name.log" 2>&1; then
		passed=$((passed + 1)); echo "PASS $name"
	else
		failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/    /' "$work/$name.log"
	fi
done

for t in "$TOP"/tests/cli/t[0-9]*.sh; do
	name=$(basename "$t" .sh)
	dir="$work/$name"
	mkdir -p "$dir"
	if (cd "$dir" && sh "$t") >"$work/$name.log" 2>&1; then
		passed=$((passed + 1)); echo "PASS $name ($(grep -c '^ok' "$work/$name.log") checks)"
	else
		failed=$((failed + 1)); echo "FAIL $name"; grep -v '^ok' "$work/$name.log" | sed 's/^/    /' | head -n 60
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
