# sqlite only
# GET /metrics answers only the addresses of metrics_allow: a server that
# allows a network the loopback is not in answers the loopback 403 with the
# reason, and one that allows it answers the figures. Behind a trusted
# proxy the client is the rightmost address of X-Forwarded-For that is not
# a proxy; from anyone else the header counts for nothing.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db metrics)
"$SUNROAD" init --db "$DB" >/dev/null
serve() { # serve ALLOW: starts a server, sets $port and $server
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	SUNROAD_METRICS_ALLOW=$1 SUNROAD_TRUSTED_PROXIES=${2:-} "$SUNROAD" serve --db "$DB" --port "$port" >access.log 2>serve.err &
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
code() { curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $1" "http://127.0.0.1:$port/metrics"; }
serve "192.0.2.7"
check_eq "without trusted proxies X-Forwarded-For counts for nothing" 403 "$(code 192.0.2.7)"
kill -TERM $server; wait $server
serve "192.0.2.7" "127.0.0.1, 10.1.1.1"
check_eq "behind a trusted proxy the forwarded client is the client" 200 "$(code 192.0.2.7)"
check_eq "the rightmost address that is not a proxy" 200 "$(code "198.51.100.1, 192.0.2.7, 10.1.1.1")"
check_eq "what a client wrote on the left counts for nothing" 403 "$(code "192.0.2.7, 198.51.100.1")"
check_eq "a header without an address leaves the proxy as the client" 403 "$(code "unknown")"
check_eq "the proxy itself without the header is itself" 403 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")"
kill -TERM $server; wait $server
serve ""
check_eq "an empty metrics_allow lets no one in" 403 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")"
kill -TERM $server; wait $server
done_testing
