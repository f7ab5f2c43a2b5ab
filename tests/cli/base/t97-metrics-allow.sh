# sqlite only
# GET /metrics answers only the addresses of metrics_allow: a server that
# allows a network the loopback is not in answers the loopback 403 with the
# reason, and one that allows it answers the figures.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db metrics)
"$SUNROAD" init --db "$DB" >/dev/null
serve() { # serve ALLOW: starts a server, sets $port and $server
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	SUNROAD_METRICS_ALLOW=$1 "$SUNROAD" serve --db "$DB" --port "$port" >access.log 2>serve.err &
	server=$!
	for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}
serve "10.0.0.0/8"
check_eq "a loopback client not in metrics_allow is refused" 403 \
	"$(curl -s -o refused.json -w '%{http_code}' "http://127.0.0.1:$port/metrics")"
check_grep "with the reason" '"reason":"metrics_not_allowed"' refused.json
kill -TERM $server; wait $server
serve "10.0.0.0/8, 127.0.0.0/8"
check_eq "a network that holds it lets it in" 200 "$(curl -s -o m.txt -w '%{http_code}' "http://127.0.0.1:$port/metrics")"
check_grep "with the figures" '^sunroad_http_requests_total{route="GET /healthz",status="2xx"} [1-9]' m.txt
kill -TERM $server; wait $server
serve ""
check_eq "an empty metrics_allow lets no one in" 403 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")"
kill -TERM $server; wait $server
done_testing
