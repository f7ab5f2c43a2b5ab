#!/bin/sh
# The soak (issue 12, "Load and faults"): a fresh SQLite database with a
# generated year slice, users of every role, device keys, the real server
# on a free loopback port; then SOAK_SECONDS of mixed load from a bounded
# set of clients (bench/soak/driver.mjs: officers' reads, exports, device
# posts, logins, screening decisions), with a few hundred slow clients
# sending a byte at a time in the middle of the run, then one address
# holding more connections open than the server takes (bench/soak/hog.mjs:
# another address must still get in); then SIGTERM, and the
# checks: the server exits 0, no 5xx but the expected refusals, RSS flat,
# every acknowledged device post stored exactly once, the audit chain
# valid. Then the fault phase (bench/soak/faults.sh): the database's file
# system full, then read-only, while devices post.
#
# Prints one line per check, "ok - ..." or "not ok - ...", and the figures
# as "# ..." lines; exits non-zero if any check failed.
#
# Usage: sh bench/soak.sh [SUNROAD]   (make soak)
#   SOAK_SECONDS   the load's duration (600)
#   SOAK_COUNT     records of the generated year slice (200000)
#   SOAK_READERS, SOAK_EXPORTERS, SOAK_DEVICES, SOAK_SCREENERS, SOAK_LOGINS
#                  clients of each kind (4, 4, 3, 2, 1)
#   SOAK_BUDGET    requests each client makes at most (50000)
#   SOAK_SLOW      slow connections (300)
#   SOAK_HOG       connections one address then holds open (4200)
#   SOAK_RSS_PCT   the RSS check's bound in % (10)
#   SOAK_RSS_STAT  average (the default) or min: each fifth's figure compared
#   SOAK_FAULTS    0 skips the fault phase (1)
#   SOAK_KEEP=1    keep the working directory (database, logs, figures)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-${SUNROAD:-$top/build/sunroad}}
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
[ -x "$bin" ] || { echo "not ok - soak: no sunroad binary at $bin (run make)"; exit 1; }
command -v node >/dev/null 2>&1 || { echo "not ok - soak: node (20 or later) is needed"; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "not ok - soak: the sqlite3 command is needed"; exit 1; }

seconds=${SOAK_SECONDS:-600}
count=${SOAK_COUNT:-200000}
work=$(mktemp -d "${TMPDIR:-/tmp}/sunroad-soak.XXXXXX")
db="$work/soak.db"
export SUNROAD_PHOTO_DIR="$work/photos"
status=0
server_pid=

stop_server() {
	[ -n "$server_pid" ] || return 0
	kill -TERM "$server_pid" 2>/dev/null
	wait "$server_pid"
	server_status=$?
	server_pid=
	return $server_status
}
on_exit() {
	stop_server >/dev/null 2>&1
	if [ "$status" -eq 0 ] && [ "${SOAK_KEEP:-0}" != 1 ]; then
		rm -rf "$work"
	else
		echo "# the database, the figures and the server log are in $work"
	fi
}
trap on_exit EXIT
trap 'status=130; exit 130' INT TERM

pass() { echo "ok - $1"; }
fail() { echo "not ok - $1"; status=1; }
step() {
	what=$1
	shift
	if ! "$@" >"$work/step.out" 2>"$work/step.err"; then
		echo "not ok - set-up: $what"
		sed 's/^/# /' "$work/step.err" | head -n 20
		status=1
		exit 1
	fi
}

# The rulebook is ./rules: run from the top of the tree.
cd "$top" || exit 1
echo "# soak: $seconds s, $count generated records, $(nproc) cores, $(uname -sr), $bin"

step "gen" "$bin" gen --year 2023 --seed 12 --count "$count" --out "$work/gen"
step "init" "$bin" init --db "$db"
step "units import" "$bin" units import --db "$db" "$work/gen/units.csv"
step "sites import" "$bin" sites import --db "$db" "$work/gen/sites.csv"
step "ingest" "$bin" ingest --db "$db" --photos "$work/gen/photos" "$work/gen/detections.csv"

# user LOGIN ROLES UNIT: every soak user's password is its login's, made
# long enough.
user() {
	printf 'Soak-%s-2026-pass\n' "$1" >"$work/pw"
	step "users add $1" sh -c '"$1" users add --db "$2" --login "$3" --name "Soak $3" --role "$4" --unit "$5" --password-stdin <"$6"' \
		sh "$bin" "$db" "$1" "$2" "$3" "$work/pw"
	rm -f "$work/pw"
}
# One user per client, so that each client's session, export turn and
# screening claim are its own: readers and exporters are officers of the
# brigades (and a chief of the detachment, who sees everything);
# screeners a chief and an officer; the login client cycles its own user
# and guesses wrong on a throwaway one.
units=$(awk -F, 'NR > 1 && $1 != "HQ" { print $1 }' "$work/gen/units.csv" | head -n 12)
pick_unit() { echo "$units" | sed -n "$(($1 % $(echo "$units" | wc -l) + 1))p"; }
users_json=
add_client() { # add_client KIND N ROLE UNIT
	user "s-$1$2" "$3" "$4"
	users_json="$users_json${users_json:+,}{\"kind\":\"$1\",\"login\":\"s-$1$2\",\"password\":\"Soak-s-$1$2-2026-pass\",\"unit\":\"$4\"}"
}
i=0; while [ $i -lt "${SOAK_READERS:-4}" ]; do
	if [ $i -eq 0 ]; then add_client reader $i chief HQ; else add_client reader $i officer "$(pick_unit $i)"; fi
	i=$((i + 1)); done
i=0; while [ $i -lt "${SOAK_EXPORTERS:-4}" ]; do
	if [ $i -eq 0 ]; then add_client exporter $i officer HQ; else add_client exporter $i officer "$(pick_unit $i)"; fi
	i=$((i + 1)); done
i=0; while [ $i -lt "${SOAK_SCREENERS:-2}" ]; do
	if [ $i -eq 0 ]; then add_client screener $i chief HQ; else add_client screener $i officer "$(pick_unit $i)"; fi
	i=$((i + 1)); done
i=0; while [ $i -lt "${SOAK_LOGINS:-1}" ]; do add_client login $i officer B01; i=$((i + 1)); done
add_client probe 0 officer HQ
user s-throwaway officer B01

# Device keys: a site a device client, each site's certificate valid over
# the days its records carry (the client dates them inside it, in 2023,
# so that its over-limit records are admissible and join the queue).
devices_json=
i=0
for row in $(awk -F, 'NR > 1 && $10 <= "2023-01-01" && $11 >= "2023-06-30" { print $1 "," $12 }' "$work/gen/sites.csv" |
	head -n "${SOAK_DEVICES:-3}"); do
	site=${row%,*}
	step "sites key $site" "$bin" sites key --db "$db" "$site"
	devices_json="$devices_json${devices_json:+,}{\"site\":\"$site\",\"key\":\"$(cat "$work/step.out")\",\"seq_from\":$((1000000000 + i * 100000000))}"
	i=$((i + 1))
done

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port"
SUNROAD_WEB="$top/web" SUNROAD_EXPORT_DIR="$work/exports" \
	"$bin" serve --db "$db" --port "$port" --bind 127.0.0.1 >"$work/access.log" 2>"$work/server.err" &
server_pid=$!
tries=0
until node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' "$url/healthz"; do
	tries=$((tries + 1))
	if [ $tries -gt 100 ] || ! kill -0 "$server_pid" 2>/dev/null; then
		fail "the server answers GET /healthz; its log:"
		tail -n 30 "$work/server.err" | sed 's/^/# /'
		exit 1
	fi
	sleep 0.1
done

cat >"$work/config.json" <<EOF
{
  "url": "$url",
  "server_pid": $server_pid,
  "seconds": $seconds,
  "budget": ${SOAK_BUDGET:-50000},
  "slow": ${SOAK_SLOW:-300},
  "rss_pct": ${SOAK_RSS_PCT:-10},
  "out": "$work",
  "users": [$users_json],
  "throwaway": {"login": "s-throwaway", "password": "Soak-s-throwaway-2026-pass"},
  "sites": [$(awk -F, 'NR > 1 { printf "%s\"%s\"", (NR > 2 ? "," : ""), $1 }' "$work/gen/sites.csv")],
  "devices": [$devices_json]
}
EOF

node "$top/bench/soak/driver.mjs" "$work/config.json" || status=1
# Then more connections than the server takes, all from one address,
# held open: another address must still get in.
node "$top/bench/soak/hog.mjs" "$url" "${SOAK_HOG:-4200}" || status=1

# The graceful stop, then what the database holds.
if stop_server; then
	pass "the server stops on SIGTERM with status 0"
else
	fail "the server stops on SIGTERM with status 0 (it exited $server_status)"
	grep -v '^[A-Z]* /' "$work/server.err" | tail -n 20 | sed 's/^/# /'
fi

# Every (site, seq) a device was answered 200 for is stored exactly once.
sqlite3 "$db" <<EOF >"$work/lost.txt" 2>&1
CREATE TEMP TABLE acked (site TEXT, seq INTEGER);
.mode csv
.import $work/acked.csv acked
CREATE TEMP TABLE stored AS SELECT s.code AS site, d.seq AS seq FROM detections d JOIN sites s ON s.id = d.site_id;
CREATE INDEX temp.stored_key ON stored (site, seq);
SELECT 'acked', count(*) FROM acked;
SELECT 'lost', count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM stored t WHERE t.site = a.site AND t.seq = a.seq);
SELECT 'twice', count(*) FROM (SELECT site, seq FROM stored GROUP BY site, seq HAVING count(*) > 1);
EOF
acked=$(sed -n 's/^acked,//p' "$work/lost.txt")
lost=$(sed -n 's/^lost,//p' "$work/lost.txt")
twice=$(sed -n 's/^twice,//p' "$work/lost.txt")
if [ -n "$acked" ] && [ "$acked" -gt 0 ] && [ "$lost" = 0 ] && [ "$twice" = 0 ]; then
	pass "every acknowledged device record is stored exactly once ($acked acknowledged, $lost lost, $twice twice)"
else
	fail "every acknowledged device record is stored exactly once (acknowledged ${acked:-?}, lost ${lost:-?}, twice ${twice:-?})"
	sed 's/^/# /' "$work/lost.txt" | head -n 10
fi

# The access log agrees with the driver: its 5xx are the expected
# refusals (503 export_busy) the driver counted, no other.
log5xx=$(awk '$3 ~ /^5/ { n++ } END { print n + 0 }' "$work/access.log")
expected503=$(node -e 'console.log(require(process.argv[1]).expected_5xx)' "$work/summary.json" 2>/dev/null)
if [ "$log5xx" = "${expected503:-x}" ]; then
	pass "the access log's 5xx are the expected refusals the clients counted ($log5xx)"
else
	fail "the access log's 5xx are the expected refusals the clients counted (log $log5xx, clients ${expected503:-?})"
	awk '$3 ~ /^5/' "$work/access.log" | awk '{ print $1, $2, $3 }' | sort | uniq -c | sort -rn | head | sed 's/^/# /'
fi

if "$bin" audit verify --db "$db" >"$work/verify.out" 2>&1; then
	pass "the audit chain verifies ($(tr '\n' ' ' <"$work/verify.out" | cut -c1-120))"
else
	fail "the audit chain verifies"
	sed 's/^/# /' "$work/verify.out" | head -n 10
fi

if [ "${SOAK_FAULTS:-1}" = 1 ]; then
	sh "$top/bench/soak/faults.sh" "$bin" "$work/faults" || status=1
fi
exit $status
