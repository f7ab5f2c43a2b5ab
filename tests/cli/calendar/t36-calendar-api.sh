# GET /api/v1/calendar/due: the last day of a period for any signed-in
# user, counted as `sunroad calendar due` counts it; a bad question is 422
# naming what is wrong; no session is 401. The server refuses to start on a
# holidays.json that is not right.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db calendar_api)
"$SUNROAD" init --db "$DB" >/dev/null
echo "Strong2026pass" | "$SUNROAD" users add --db "$DB" --login zhao --name 赵六 --role officer --unit HQ \
	--password-stdin >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SUNROAD" serve --db "$DB" --port "$port" >access.log 2>serve.err &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
api="http://127.0.0.1:$port/api/v1"

code=$(curl -s -o anon.json -w '%{http_code}' "$api/calendar/due?from=2025-01-24&kind=working&n=3")
check_eq "without a session: 401" 401 "$code"
curl -s -c jar -o login.json -H 'Content-Type: application/json' -d '{"login":"zhao","password":"Strong2026pass"}' \
	"$api/session"
code=$(curl -s -b jar -o due.json -w '%{http_code}' "$api/calendar/due?from=2025-01-24&kind=working&n=3")
check_eq "an officer asks: 200" 200 "$code"
check_eq "the due day" "2025-02-05" "$(json_field due <due.json)"
check_eq "not provisional" "false" "$(json_field provisional <due.json)"
check_eq "the kind as asked" "working" "$(json_field kind <due.json)"
check_grep "and the calendar's range" '"calendar":{"first":"2004-01-01","last":"20[0-9][0-9]-12-31"}' due.json
curl -s -b jar -o due2.json "$api/calendar/due?from=2026-12-28&kind=working&n=5"
check_eq "after the last year: provisional" "true" "$(json_field provisional <due2.json)"
curl -s -b jar -o due3.json "$api/calendar/due?from=2024-09-16&kind=calendar&n=15"
check_eq "calendar days moved past National Day" "2024-10-08" "$(json_field due <due3.json)"

code=$(curl -s -b jar -o before.json -w '%{http_code}' "$api/calendar/due?from=2003-12-31&kind=working&n=3")
check_eq "a day before the calendar: 422" 422 "$code"
check_grep "naming the day and the range" "2003-12-31 is before the holiday calendar, which covers 2004-01-01" before.json
code=$(curl -s -b jar -o bad.json -w '%{http_code}' "$api/calendar/due?from=2025-01-24&kind=work&n=3")
check_eq "a bad kind: 422" 422 "$code"
check_grep "naming it" "kind must be working or calendar" bad.json
code=$(curl -s -b jar -o bad2.json -w '%{http_code}' "$api/calendar/due?from=2025-01-24&kind=working")
check_eq "no n: 422" 422 "$code"
code=$(curl -s -b jar -o bad3.json -w '%{http_code}' "$api/calendar/due?from=24.1.2025&kind=working&n=3")
check_eq "a bad date: 422" 422 "$code"

curl -s -b jar -o routes.json "$api/routes"
check_grep "the route is in the table with its roles" '"/api/v1/calendar/due"' routes.json
kill -TERM $server
wait $server
check_eq "the server stops cleanly" 0 $?

# A bad agency book stops the server before it listens, naming the line.
mkdir bad-rules
cp "$TOP"/rules/*.json bad-rules/
printf '{ "years": [\n  { "year": 2025, "holidays": [], "workdays": [ { "name": "x", "date": "2025-01-27" } ] }\n] }\n' \
	>bad-rules/holidays.json
"$SUNROAD" serve --db "$DB" --port "$port" --rules bad-rules >/dev/null 2>bad-serve.err &
server=$!
for _ in $(seq 50); do kill -0 $server 2>/dev/null || break; sleep 0.1; done
if kill -0 $server 2>/dev/null; then
	fail "the server started on a bad holidays.json"
	kill -TERM $server
	wait $server
else
	wait $server
	check_eq "the server refuses a bad holidays.json" 1 $?
	check_grep "naming the file and the line" "bad-rules/holidays.json: line 2: year 2025, workdays: 2025-01-27 is a Monday" bad-serve.err
fi
done_testing
