#!/bin/sh
# The browser test end to end: a fresh SQLite database with a small
# generated year, an admin, the real server on a free loopback port, then
# the suite in headless Chromium: tests/web/<module>/tNN-*.test.mjs in number
# order, in one node process (tests/web/suite.mjs). Exits with its status;
# exits 0 with "skipped: no chromium" only when Chromium is not installed.
#
# Usage: SUNROAD_BIN=build/sunroad sh tests/web/run.sh [WORKDIR]
#   SUNROAD_BIN  the sunroad binary (default build/sunroad)
#   WORKDIR      where the database, the generated files and the server log
#                go (default: a new temporary directory, removed on success)
#   CHROMIUM     the browser (default /usr/bin/chromium)
#   SUNROAD_ARTIFACTS  screenshots (default tests/web/artifacts)
#   SUNROAD_TEST_ONLY=people,...  only these modules' test files (and base's)
#   SUNROAD_TEST_NAME=REGEX  only the tests (or describe blocks) whose name
#                matches (node --test-name-pattern); e.g. 'the login|the
#                screening desk' runs the login and the desk (bench/desk.sh)
#   SUNROAD_WEB_DB=FILE  a copy of this SQLite database instead of the small
#                generated year (e.g. the demo year of `make demo`); its
#                photo store is SUNROAD_WEB_PHOTOS (default: photos/ beside it)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

bin=${SUNROAD_BIN:-build/sunroad}
case "$bin" in /*) ;; *) bin="$top/$bin" ;; esac
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
	echo "skipped: no chromium at $chromium (apt-get install chromium)"
	exit 0
fi
[ -x "$bin" ] || { echo "web test: no sunroad binary at $bin (run make)" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "web test: node is needed (apt-get install nodejs npm)" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "web test: curl is needed" >&2; exit 1; }

# playwright-core and ECharts from package-lock.json; web/vendor/ filled.
sh scripts/vendor-web.sh

if [ $# -ge 1 ]; then
	work=$1
	keep=1
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/sunroad-web.XXXXXX")
	keep=0
fi
work=$(cd "$work" && pwd)
db="$work/web.db"
export SUNROAD_PHOTO_DIR="$work/photos"
rm -f "$db" "$db-wal" "$db-shm"
if [ -n "${SUNROAD_WEB_DB:-}" ]; then
	[ -f "$SUNROAD_WEB_DB" ] || { echo "web test: no database at $SUNROAD_WEB_DB" >&2; exit 1; }
	export SUNROAD_PHOTO_DIR="${SUNROAD_WEB_PHOTOS:-$(dirname "$SUNROAD_WEB_DB")/photos}"
fi

server_pid=
stop_server() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=
	fi
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

if [ -n "${SUNROAD_WEB_DB:-}" ]; then
	echo "== a copy of $SUNROAD_WEB_DB in $work"
	# The server's WAL is checkpointed on close: the file is the whole database.
	cp "$SUNROAD_WEB_DB" "$db"
else
	echo "== a small year in $work"
	# 30 000 records give a few dozen over-limit detections to screen.
	"$bin" gen --year 2023 --seed 7 --count 30000 --out "$work/gen" >/dev/null
	# One record the device could not have sent (gross out of range), so the
	# quarantine page has something to show.
	printf 'R01,999999,2023-06-01T10:00:00+08:00,蒙K00000,yellow,truck,2,1,1;1,0,0,,,,50,1,\n' >>"$work/gen/detections.csv"
	# And one whose time cannot be read, for the 异常数据 page's actions.
	printf 'R01,999998,yesterday,蒙K00001,yellow,truck,2,20000,10000;10000,0,0,,,,50,1,\n' >>"$work/gen/detections.csv"
	"$bin" init --db "$db" >/dev/null
	[ -f "$work/gen/units.csv" ] && "$bin" units import --db "$db" "$work/gen/units.csv" >/dev/null
	"$bin" sites import --db "$db" "$work/gen/sites.csv" >/dev/null
	"$bin" ingest --db "$db" --photos "$work/gen/photos" "$work/gen/detections.csv" >"$work/ingest.log" 2>&1 || true
	"$bin" unloads import --db "$db" "$work/gen/unloads.csv" >/dev/null
fi

login=webadmin
password="Web-admin-$(date +%s)-pass"
printf '%s\n' "$password" | "$bin" users add --db "$db" --login "$login" --name 网页测试管理员 \
	--role admin --unit HQ --password-stdin >/dev/null

# A free loopback port: ask the kernel for one.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port"

echo "== sunroad serve on $url"
# Direct exports capped under the year's rows, so that the detections page
# offers the background export (t47-exports).
SUNROAD_EXPORT_DIRECT_MAX=20000 SUNROAD_EXPORT_DIR="$work/exports" \
	"$bin" serve --db "$db" --bind 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
tries=0
until curl -fsS "$url/healthz" >/dev/null 2>&1; do
	tries=$((tries + 1))
	if [ $tries -gt 100 ] || ! kill -0 "$server_pid" 2>/dev/null; then
		echo "web test: the server did not come up; its log:" >&2
		tail -n 30 "$work/server.log" >&2
		exit 1
	fi
	sleep 0.1
done

# What the suite reads (tests/lib/config.mjs). A password given on stdin
# is the user's own: no change is asked at the first login (the first test
# handles one if it is).
cat >"$work/config.json" <<EOF
{
  "url": "$url",
  "top": "$top",
  "users": { "admin": { "login": "$login", "password": "$password", "unit": "HQ" } }
}
EOF

echo "== the browser test"
status=0
SUNROAD_TEST_CONFIG="$work/config.json" CHROMIUM=$chromium \
	SUNROAD_ARTIFACTS=${SUNROAD_ARTIFACTS:-$top/tests/web/artifacts} \
	node --test --test-reporter=spec ${SUNROAD_TEST_NAME:+--test-name-pattern="$SUNROAD_TEST_NAME"} tests/web/suite.mjs || status=$?

stop_server
if [ $status -ne 0 ]; then
	echo "web test: FAILED; the server log is $work/server.log" >&2
elif [ $keep -eq 0 ]; then
	rm -rf "$work"
fi
exit $status
