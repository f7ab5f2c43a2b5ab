# The server stops gracefully on SIGTERM while devices post detections:
# it exits 0, and every detection it acknowledged with a 2xx is stored.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db stop)
"$SUNROAD" gen --year 2023 --seed 3 --count 2000 --out g >/dev/null
"$SUNROAD" units import --db "$DB" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$DB" g/sites.csv >/dev/null
key=$("$SUNROAD" sites key --db "$DB" R01 2>/dev/null)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SUNROAD" serve --db "$DB" --port "$port" >access.log 2>serve.err &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
check "the server answers /healthz" curl -fs "http://127.0.0.1:$port/healthz"

# client N: posts seq N*100000+1, +2, ... until the server is gone; writes
# the acknowledged seqs to acked.N.
client() {
	seq=$(($1 * 100000))
	while :; do
		seq=$((seq + 1))
		code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $key" \
			"http://127.0.0.1:$port/api/v1/detections" \
			-d "{\"site\":\"R01\",\"seq\":$seq,\"passed_at\":\"2026-11-28T10:00:00+08:00\",\"plate\":\"蒙K1\",\"kind\":\"truck\",\"axles\":2,\"gross_kg\":15000}")
		case $code in
		200) echo "$seq" >>"acked.$1" ;;
		000) break ;;
		esac
	done
}
for n in 1 2 3 4 5 6; do client $n & done
sleep 1.5
kill -TERM $server
wait $server
status=$?
# What the server said besides its access log, when it did not stop cleanly.
[ "$status" -eq 0 ] || grep -v '^[A-Z]* /' serve.err | tail -n 40 >&2
check_eq "the server exits 0 after SIGTERM" 0 "$status"
wait
cat acked.* 2>/dev/null | sort -n >acked
acked=$(wc -l <acked)
check "some posts were acknowledged before the stop ($acked)" test "$acked" -gt 10
check_grep "the server said it was finishing the requests in flight" "finishing the requests in flight" serve.err

if [ -n "${SUNROAD_TEST_PG:-}" ]; then
	psql -tA "$DB" -c "SELECT seq FROM detections ORDER BY seq" >stored
else
	sqlite3 "$DB" "SELECT seq FROM detections ORDER BY seq" >stored
fi
lost=$(comm -23 acked stored | wc -l)
check_eq "no acknowledged detection is lost" 0 "$lost"
check_grep "the access log has a line per request" "POST /api/v1/detections 200" access.log
done_testing
