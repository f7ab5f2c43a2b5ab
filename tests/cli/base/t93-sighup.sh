# sqlite only
# SIGHUP: the running server reads its log level again from the settings
# file, says so, and keeps serving; a value that does not parse changes
# nothing and is reported; SIGTERM still ends it with 0.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db hup)
"$SUNROAD" init --db "$DB" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'db = %s\nlog_level = warn\nport = %s\n' "$DB" "$port" >s.conf
SUNROAD_CONFIG=s.conf "$SUNROAD" serve >access.log 2>serve.err &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sed -i 's/log_level = warn/log_level = debug/' s.conf
kill -HUP $server
for _ in $(seq 50); do grep -q "SIGHUP" serve.err && break; sleep 0.1; done
check_grep "it says it took the new level" "SIGHUP: log_level is debug" serve.err
check "and still serves" curl -fs "http://127.0.0.1:$port/healthz"
sed -i 's/log_level = debug/log_level = loud/' s.conf
kill -HUP $server
for _ in $(seq 50); do grep -q "not reloaded" serve.err && break; sleep 0.1; done
check_grep "a value that does not parse is reported" "SIGHUP: the settings were not reloaded: .*log_level" serve.err
check "and changes nothing" curl -fs "http://127.0.0.1:$port/healthz"
kill -TERM $server
wait $server
check_eq "SIGTERM still ends it with 0" 0 $?
done_testing
