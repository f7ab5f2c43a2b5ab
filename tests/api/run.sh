#!/bin/sh
# The HTTP API end to end: a fresh database with a generated year, one user
# of every role, two device keys, the real server on a free loopback port
# (with a 3-second idle session and lock-out after 3 failures, so both can
# be tested quickly), then the suite against it: tests/api/<module>/tNN-*.test.mjs
# in number order, in one node process (tests/api/suite.mjs, TAP output,
# one closing summary). Exits with the tests' status.
#
# Usage: tests/api/run.sh
#   SUNROAD          the sunroad binary (default: build/sunroad of this tree)
#   SUNROAD_TEST_DB  a database URL; a postgres:// URL is used as it is (it
#                    must name a fresh, empty database), anything else (or
#                    nothing) means a new SQLite file in a temporary directory
#   SUNROAD_API_KEEP=1  keep the working directory (database, logs) even on success
#   SUNROAD_TEST_ONLY=people,...  only these modules' test files (and base's)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SUNROAD:-$top/build/sunroad}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
[ -x "$bin" ] || { echo "not ok - api test: no sunroad binary at $bin (run make)"; exit 1; }
command -v node >/dev/null 2>&1 || { echo "not ok - api test: node (20 or later) is needed"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/sunroad-api.XXXXXX")
case "${SUNROAD_TEST_DB:-}" in
postgres://* | postgresql://*) db=$SUNROAD_TEST_DB ;;
*) db="$work/api.db" ;;
esac
# The photo store with the rest of the run (on PostgreSQL it would be
# ./photos, in the source tree).
export SUNROAD_PHOTO_DIR="$work/photos"
# And the audit chain's key and checkpoints (beside the SQLite file, but in
# the working directory for PostgreSQL).
export SUNROAD_AUDIT_KEY_FILE="$work/audit.key" SUNROAD_AUDIT_CHECKPOINTS="$work/audit.checkpoints"

server_pid=
stop_server() {
	if [ -n "$server_pid" ]; then
		kill -TERM "$server_pid" 2>/dev/null
		wait "$server_pid"
		server_status=$?
		server_pid=
		return $server_status
	fi
	return 0
}
on_exit() {
	stop_server >/dev/null 2>&1
	if [ "${status:-1}" -eq 0 ] && [ "${SUNROAD_API_KEEP:-0}" != 1 ]; then
		rm -rf "$work"
	else
		echo "# the database, the generated files and the server log are in $work"
	fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# Every step of the set-up must work; a failure names the step.
step() {
	what=$1
	shift
	if ! "$@" >"$work/step.out" 2>"$work/step.err"; then
		echo "not ok - set-up: $what"
		sed 's/^/# /' "$work/step.err" | head -n 20
		exit 1
	fi
}

# The rulebook is ./rules when present: the server, the report and the
# imports all run from the top of the tree so that they use the same one.
cd "$top" || exit 1

step "gen" "$bin" gen --year 2023 --seed 7 --count 20000 --out "$work/gen"
step "init" "$bin" init --db "$db"
step "units import" "$bin" units import --db "$db" "$work/gen/units.csv"
step "sites import" "$bin" sites import --db "$db" "$work/gen/sites.csv"
step "ingest" "$bin" ingest --db "$db" --photos "$work/gen/photos" "$work/gen/detections.csv"
step "unloads import" "$bin" unloads import --db "$db" "$work/gen/unloads.csv"

# user LOGIN ROLES UNIT PASSWORD [--temporary]
user() {
	printf '%s\n' "$4" >"$work/pw"
	step "users add $1" sh -c '"$1" users add --db "$2" --login "$3" --name "$4" --role "$5" --unit "$6" --password-stdin $8 <"$7"' \
		sh "$bin" "$db" "$1" "API $1" "$2" "$3" "$work/pw" "${5:-}"
	rm -f "$work/pw"
}
user t-admin admin HQ Api-admin-2023-pass
user t-officer officer B01 Api-officer-2023-pass
user t-officer2 officer B02 Api-officer2-2023-pass
user t-legal legal B01 Api-legal-2023-pass
user t-chief chief HQ Api-chief-2023-pass
user t-inspector inspector HQ Api-inspector-2023-pass
# For the lock-out and the first-login tests: users no other test needs.
user t-locky officer B01 Api-locky-2023-pass
user t-newbie officer B01 Api-newbie-2023-pass --temporary

# One site of B01 and one of another unit, from the registry's last column.
b01_site=$(awk -F, 'NR > 1 && $NF == "B01" { print $1; exit }' "$work/gen/sites.csv")
other_site=$(awk -F, 'NR > 1 && $NF != "B01" { print $1; exit }' "$work/gen/sites.csv")
[ -n "$b01_site" ] && [ -n "$other_site" ] || { echo "not ok - set-up: no site of B01 or of another unit in sites.csv"; exit 1; }
step "sites key $b01_site" "$bin" sites key --db "$db" "$b01_site"
b01_key=$(cat "$work/step.out")
step "sites key $other_site" "$bin" sites key --db "$db" "$other_site"
other_key=$(cat "$work/step.out")

step "report overlimit" "$bin" report overlimit --db "$db" --from 2023-01-01 --to 2023-12-31 --format json
cp "$work/step.out" "$work/report.json"

# A free loopback port: ask the kernel for one.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port"

# Direct exports capped under the year's 20 000 rows, so that the cap
# and the background export past it are tested (t72-exports).
SUNROAD_SESSION_IDLE=3 SUNROAD_LOCKOUT_FAILURES=3 SUNROAD_LOGIN_ADDRESS_FAILURES=300 SUNROAD_SCREENING_CLAIM_S=3 SUNROAD_WEB="$top/web" \
	SUNROAD_EXPORT_DIRECT_MAX=15000 SUNROAD_EXPORT_DIR="$work/exports" \
	"$bin" serve --db "$db" --port "$port" --bind 127.0.0.1 >"$work/server.log" 2>&1 &
server_pid=$!
tries=0
until node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' "$url/healthz"; do
	tries=$((tries + 1))
	if [ $tries -gt 100 ] || ! kill -0 "$server_pid" 2>/dev/null; then
		echo "not ok - set-up: the server did not answer GET /healthz; its log:"
		tail -n 30 "$work/server.log" | sed 's/^/# /'
		exit 1
	fi
	sleep 0.1
done

cat >"$work/config.json" <<EOF
{
  "url": "$url",
  "db": "$db",
  "sunroad": "$bin",
  "top": "$top",
  "sites_csv": "$work/gen/sites.csv",
  "detections_csv": "$work/gen/detections.csv",
  "photos_dir": "$work/gen/photos",
  "report": "$work/report.json",
  "session_idle_s": 3,
  "lockout_failures": 3,
  "screening_claim_s": 3,
  "users": {
    "admin": { "login": "t-admin", "password": "Api-admin-2023-pass", "unit": "HQ" },
    "officer": { "login": "t-officer", "password": "Api-officer-2023-pass", "unit": "B01" },
    "officer2": { "login": "t-officer2", "password": "Api-officer2-2023-pass", "unit": "B02" },
    "legal": { "login": "t-legal", "password": "Api-legal-2023-pass", "unit": "B01" },
    "chief": { "login": "t-chief", "password": "Api-chief-2023-pass", "unit": "HQ" },
    "inspector": { "login": "t-inspector", "password": "Api-inspector-2023-pass", "unit": "HQ" },
    "locky": { "login": "t-locky", "password": "Api-locky-2023-pass", "unit": "B01" },
    "newbie": { "login": "t-newbie", "password": "Api-newbie-2023-pass", "unit": "B01" }
  },
  "keys": {
    "b01": { "site": "$b01_site", "key": "$b01_key" },
    "other": { "site": "$other_site", "key": "$other_key" }
  }
}
EOF

status=0
SUNROAD_TEST_CONFIG="$work/config.json" node --test --test-reporter=tap "$top/tests/api/suite.mjs" || status=1

# A graceful stop: SIGTERM ends the server with status 0.
if stop_server; then
	echo "ok - the server stops on SIGTERM with status 0"
else
	echo "not ok - the server stops on SIGTERM with status 0 (it exited $server_status)"
	status=1
fi
if [ $status -ne 0 ]; then
	echo "# the server log ends with:"
	tail -n 15 "$work/server.log" | sed 's/^/# /'
fi
exit $status
