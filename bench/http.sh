#!/bin/sh
# The server benchmark of issue 4, with wrk on loopback, in one run:
#   stats: GET /api/v1/stats/overlimit (the dashboard's figures, logged in
#          as an administrator) vs nginx serving the same JSON as a static
#          file, with its access log on like sunroad's;
#   feed:  POST /api/v1/detections of single records by 64 device
#          connections, each answered only once committed (SQLite,
#          synchronous=FULL, group commit); afterwards the rows stored are
#          counted against the 2xx answers wrk saw.
# Usage: bench/http.sh path/to/sunroad   (results: bench/RESULTS.md)
set -eu
sunroad=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/sunroad-bench-http}
seconds=${SECONDS_EACH:-10}
conns=${CONNECTIONS:-64}
rm -rf "$work"
mkdir -p "$work/static"
cd "$work"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "not up: $1" >&2; exit 1; }
# "requests/s p99_ms non2xx" from wrk --latency output.
wrk_figures() {
	awk '/Requests\/sec/ { rps = $2 }
	     /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v);
	                else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } p99 = v }
	     /Non-2xx/ { bad = $NF }
	     /requests in/ { total = $1 }
	     END { printf "%.0f %.2f %d %d\n", rps, p99, bad + 0, total }' "$1"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2), $(nginx -v 2>&1 | cut -d' ' -f3), $conns connections, ${seconds} s each"

db="$work/bench.db"
"$sunroad" gen --year 2023 --seed 1 --count 200000 --out g >/dev/null
"$sunroad" units import --db "$db" g/units.csv >/dev/null
"$sunroad" sites import --db "$db" g/sites.csv >/dev/null
"$sunroad" ingest --db "$db" --photos g/photos g/detections.csv >/dev/null
echo 'Bench12345first' | "$sunroad" users add --db "$db" --login bench --name 基准 --role admin --unit HQ --password-stdin >/dev/null
key=$("$sunroad" sites key --db "$db" R01 2>/dev/null)

port=$(free_port)
"$sunroad" serve --db "$db" --port "$port" --web "$root/web" >access.log 2>serve.err &
server=$!
# Each kill may find its process gone already: under set -e that must not
# end the clean-up early.
stop_all() {
	kill "$server" 2>/dev/null || true
	[ -z "${nginx:-}" ] || kill "$nginx" 2>/dev/null || true
}
trap stop_all EXIT INT TERM
wait_up "http://127.0.0.1:$port/healthz"
url="http://127.0.0.1:$port"
csrf=$(curl -fs -c cookies -X POST "$url/api/v1/session" -d '{"login":"bench","password":"Bench12345first"}' |
	sed 's/.*"csrf":"\([^"]*\)".*/\1/')
curl -fs -b cookies -X POST -H "X-CSRF-Token: $csrf" "$url/api/v1/session/password" \
	-d '{"old":"Bench12345first","new":"Bench12345second"}' >/dev/null
cookie="sunroad_session=$(awk '$6 == "sunroad_session" { print $7 }' cookies)"
stats="/api/v1/stats/overlimit?from=2023-01-01&to=2023-12-31"
curl -fs -H "Cookie: $cookie" "$url$stats" >static/stats.json
echo "stats document: $(wc -c <static/stats.json) bytes"

nport=$(free_port)
cat >nginx.conf <<CONF
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 4096; }
http {
  access_log $work/nginx.access;
  server {
    listen 127.0.0.1:$nport;
    root $work/static;
    location / { default_type application/json; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
nginx=$!
wait_up "http://127.0.0.1:$nport/stats.json"

wrk -t2 -c"$conns" -d"${seconds}s" --latency -H "Cookie: $cookie" "$url$stats" >wrk-stats.txt
wrk -t2 -c"$conns" -d"${seconds}s" --latency "http://127.0.0.1:$nport/stats.json" >wrk-nginx.txt
set -- $(wrk_figures wrk-stats.txt)
s_rps=$1 s_p99=$2 s_bad=$3
set -- $(wrk_figures wrk-nginx.txt)
n_rps=$1 n_p99=$2

# Single detections, a new seq each: the Lua state of each wrk thread
# counts from its own base.
cat >post.lua <<'LUA'
local counter = 0
local base = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("base", threads * 100000000)
end
function init(args)
  base = tonumber(wrk.thread:get("base")) or 0
end
function request()
  counter = counter + 1
  local body = string.format('{"site":"R01","seq":%d,"passed_at":"2026-11-28T10:00:00+08:00","plate":"蒙K12345","kind":"train","axles":6,"gross_kg":%d}', base + counter, 40000 + counter % 20000)
  return wrk.format("POST", "/api/v1/detections", { ["Authorization"] = "Bearer " .. KEY, ["Content-Type"] = "application/json" }, body)
end
LUA
sed -i "1i KEY = \"$key\"" post.lua
before=$(sqlite3 "$db" 'SELECT count(*) FROM detections')
wrk -t2 -c"$conns" -d"${seconds}s" --latency -s post.lua "$url" >wrk-post.txt
set -- $(wrk_figures wrk-post.txt)
p_rps=$1 p_p99=$2 p_bad=$3 p_total=$4
kill -TERM $server
wait $server || true
after=$(sqlite3 "$db" 'SELECT count(*) FROM detections')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
printf '%-44s %10s %9s %s\n' "" "req/s" "p99 ms" "non-2xx"
printf '%-44s %10s %9s %s\n' "GET stats, sunroad (session, scope, cache)" "$s_rps" "$s_p99" "$s_bad"
printf '%-44s %10s %9s\n' "GET stats.json, nginx static" "$n_rps" "$n_p99"
printf '%-44s %10s %9s %s\n' "POST one detection, sunroad (durable)" "$p_rps" "$p_p99" "$p_bad"
echo
echo "stats: sunroad/nginx = $(ratio "$s_rps" "$n_rps") (goal >= 0.5)"
echo "feed: $p_rps durable posts/s (goal >= 10000), p99 $p_p99 ms (goal < 10)"
echo "feed: $((after - before)) rows stored for $((p_total - p_bad)) answered 2xx (answers cut off at the end may add rows)"
