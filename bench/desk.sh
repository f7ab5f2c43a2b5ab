#!/bin/sh
# The screening desk on the demo year (issue 9): a decision and the next
# record shown within 100 ms. The demo year of `make demo` (`sunroad gen`
# with its defaults, 1 235 735 detections; built here by scripts/demo.sh
# when DIR has no database yet), then the browser suite's login and desk
# tests (tests/web/overlimit/t35-desk.test.mjs) in headless Chromium
# against a server on a copy of it (tests/web/run.sh with SUNROAD_WEB_DB;
# the copy takes the decisions, the demo stays as it was). Prints the
# median, p95 and max of the times the page measured; they are also in
# ARTIFACTS/desk-times.json. Not part of `make check`.
#
# Usage: sh bench/desk.sh [path/to/sunroad]      (results: bench/RESULTS.md)
#   DESK_DEMO   the demo's directory (default demo/, as `make demo`)
#   BENCH_DIR   the copy, the server log and the screenshots
#               (default /tmp/sunroad-bench-desk)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/sunroad}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
demo=${DESK_DEMO:-$root/demo}
work=${BENCH_DIR:-/tmp/sunroad-bench-desk}
[ -x "$bin" ] || { echo "desk bench: no sunroad binary at $bin (run make)" >&2; exit 1; }

if [ ! -f "$demo/sunroad.db" ]; then
	echo "== no demo year in $demo: building it (a few minutes)"
	(cd "$root" && sh scripts/demo.sh "$bin" "$demo" >/dev/null)
fi
demo=$(cd "$demo" && pwd)
echo "== the demo year: $(du -h "$demo/sunroad.db" | cut -f1) in $demo/sunroad.db"

rm -rf "$work"
mkdir -p "$work/artifacts"
cd "$root"
SUNROAD_BIN=$bin SUNROAD_WEB_DB="$demo/sunroad.db" SUNROAD_WEB_PHOTOS="$demo/photos" \
	SUNROAD_TEST_ONLY=overlimit SUNROAD_TEST_NAME='the login|the screening desk' \
	SUNROAD_ARTIFACTS="$work/artifacts" sh tests/web/run.sh "$work/run"

node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const t = r.times.slice().sort((a, b) => a - b);
console.log(`desk on the demo year: ${r.n} decisions, median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${t[t.length - 1].toFixed(1)} ms`);
' "$work/artifacts/desk-times.json"
