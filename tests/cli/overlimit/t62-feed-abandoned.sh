# Devices that hang up before their post is committed (security review,
# finding 2): while another process holds the database's write lock, posts
# of 1 000 records are abandoned after a second, others wait for their
# answer. Every record of an acknowledged post is stored; an abandoned
# post's records are stored once or not at all, never twice, and sending
# it again stores what is missing. The server then stops cleanly on
# SIGTERM: under the sanitizer build (make check-asan) LeakSanitizer makes
# it exit non-zero if an abandoned post's records were never freed (before
# the fix: about 3 MB a post, its records, their verdicts and its results).
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db abandoned)

# sql STATEMENT: runs a query on the test's database, one value a line.
sql() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -Atq "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}

# hold_lock SECONDS: holds the write lock on detections that long (in the
# background; the lock is taken when this returns).
hold_lock() {
	rm -f locked
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then
		(echo "BEGIN;"; echo "LOCK TABLE detections IN EXCLUSIVE MODE;"; echo '\! touch locked'; sleep "$1"; echo "COMMIT;") |
			psql -q "$DB" >/dev/null &
	else
		(echo ".timeout 10000"; echo "BEGIN IMMEDIATE;"; echo ".shell touch locked"; sleep "$1"; echo "COMMIT;") | sqlite3 "$DB" >/dev/null &
	fi
	locker=$!
	for _ in $(seq 100); do [ -f locked ] && break; sleep 0.05; done
}

cat >sites.csv <<'CSV'
code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to
R01,东站,remote,G1,1,39.7,109.8,5,C1,2023-01-01,2099-12-31
CSV
"$SUNROAD" init --db "$DB" >/dev/null
"$SUNROAD" sites import --db "$DB" sites.csv >/dev/null
key=$("$SUNROAD" sites key --db "$DB" R01 2>/dev/null)

# batch N: 1 000 records, seq N*1000+1 .. N*1000+999 valid and one refused
# (gross_kg out of range: quarantined) in the middle.
batch() {
	awk -v n="$1" 'BEGIN {
		print "site,seq,passed_at,plate,kind,axles,gross_kg"
		for (i = 1; i <= 1000; i++)
			printf "R01,%d,2023-06-01T08:00:00+08:00,蒙K%05d,truck,2,%d\n", n * 1000 + i, i, i == 500 ? 999999 : 15000
	}' >"b$1.csv"
}
for n in $(seq 1 20); do batch "$n"; done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SUNROAD" serve --db "$DB" --port "$port" >access.log 2>serve.err &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
check "the server answers /healthz" curl -fs "http://127.0.0.1:$port/healthz"

# post N [curl options]: posts batch N, writes the status to status.N.
post() {
	n=$1
	shift
	curl -s -o "answer.$n" -w '%{http_code}\n' "$@" -X POST -H "Authorization: Bearer $key" -H "Content-Type: text/csv" \
		--data-binary "@b$n.csv" "http://127.0.0.1:$port/api/v1/detections" >"status.$n"
}

# Two rounds: batches 1-8 and 11-18 abandoned, 9-10 and 19-20 waited for.
for round in 0 10; do
	hold_lock 5
	pids=
	for n in $(seq $((round + 1)) $((round + 8))); do post "$n" -m 2 & pids="$pids $!"; done
	for n in $((round + 9)) $((round + 10)); do post "$n" & pids="$pids $!"; done
	wait $pids
	wait "$locker"
done
abandoned=$(cat status.1 status.2 status.3 status.4 status.5 status.6 status.7 status.8 status.11 status.12 status.13 status.14 status.15 status.16 status.17 status.18 | grep -c '^000$')
check_eq "the sixteen posts were abandoned before their commit" 16 "$abandoned"
check_eq "the four waiting posts were acknowledged" "200 200 200 200" "$(echo $(cat status.9 status.10 status.19 status.20))"
check_grep "an acknowledged post's answer counts its records" '"accepted":999,"duplicates":0,"conflicts":0,"quarantined":1' answer.9

# Every record of an acknowledged post is stored; none twice.
for n in 9 10 19 20; do
	check_eq "batch $n: its 999 valid records are stored" 999 \
		"$(sql "SELECT count(*) FROM detections WHERE seq BETWEEN $((n * 1000 + 1)) AND $((n * 1000 + 1000))")"
done
check_eq "no record is stored twice" 0 "$(sql "SELECT count(*) FROM (SELECT seq FROM detections GROUP BY site_id, seq HAVING count(*) > 1) AS twice")"
# An abandoned post is stored whole or not at all (one transaction).
partial=0
for n in 1 2 3 4 5 6 7 8 11 12 13 14 15 16 17 18; do
	c=$(sql "SELECT count(*) FROM detections WHERE seq BETWEEN $((n * 1000 + 1)) AND $((n * 1000 + 1000))")
	[ "$c" = 0 ] || [ "$c" = 999 ] || partial=$((partial + 1))
done
check_eq "each abandoned post is stored whole or not at all" 0 "$partial"

# The devices send the abandoned posts again: what is missing is stored,
# nothing twice, and each refused record is quarantined once.
for n in 1 2 3 4 5 6 7 8 11 12 13 14 15 16 17 18; do post "$n"; done
check_eq "every post sent again is acknowledged" 16 "$(cat status.1 status.2 status.3 status.4 status.5 status.6 status.7 status.8 status.11 status.12 status.13 status.14 status.15 status.16 status.17 status.18 | grep -c '^200$')"
check_eq "all 20 posts' valid records are stored, once each" "19980 19980" "$(sql "SELECT count(*) FROM detections") $(sql "SELECT count(DISTINCT seq) FROM detections")"
check_eq "and each refused record is quarantined once" 20 "$(sql "SELECT count(*) FROM quarantine WHERE kind = 'detection'")"

kill -TERM "$server"
wait "$server"
status=$?
# What the server said besides its access log (a leak report under ASan).
[ "$status" -eq 0 ] || grep -v '^[A-Z]* /' serve.err | head -n 60 >&2
check_eq "the server exits 0 after SIGTERM (no leak under ASan)" 0 "$status"
check "and reports no leak" sh -c '! grep -q "LeakSanitizer" serve.err'
done_testing
