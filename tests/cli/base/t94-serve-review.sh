# The server against the security review's findings (issue 12): the web
# folder serves only its own regular files (a link to /etc/passwd was served
# without a login), an empty file in it does not crash the stop, the access
# log cannot be forged by a %0A in a path, every answer and log line carries
# a request id, and an unreadable database makes /healthz answer 503 with
# no file name (the log has it).
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db review)
"$SUNROAD" init --db "$DB" >/dev/null 2>&1

mkdir www
printf '<!doctype html><title>t</title>' >www/index.html
: >www/empty.txt
ln -s /etc/passwd www/passwd
ln -s /etc www/etc
ln -s index.html www/again.html

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# serve NAME: starts the server on a free port, logs in NAME.out and
# NAME.err; sets port and server. Waits on a static file, not /healthz:
# /healthz would open a server thread's database connection.
serve() {
	port=$(free_port)
	"$SUNROAD" serve --db "$DB" --port "$port" --web www >"$1.out" 2>"$1.err" &
	server=$!
	for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
}
get() { curl -s -o body -D headers -w '%{http_code}' "$@"; }

serve a
check_eq "the folder's page is served" 200 "$(get "http://127.0.0.1:$port/")"
check_eq "an empty file is served" "200 0" "$(get "http://127.0.0.1:$port/empty.txt") $(wc -c <body)"
check_eq "a link to /etc/passwd is not served" 404 "$(get "http://127.0.0.1:$port/passwd")"
check "nothing of /etc/passwd in the answer" sh -c '! grep -q "root:" body'
check_eq "a link to /etc is not followed" 404 "$(get "http://127.0.0.1:$port/etc/passwd")"
check_eq "a link to a file inside is not served either" 404 "$(get "http://127.0.0.1:$port/again.html")"
check_grep "the refused link is logged" 'symbolic link in the web folder is not served.*path="/passwd"' a.err

# Request ids: made when the client sends none (or one not sane), echoed
# when sane, and written in the access log line.
get "http://127.0.0.1:$port/" >/dev/null
id=$(tr -d '\r' <headers | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: //p')
check "an answer carries a made request id ($id)" sh -c "echo '$id' | grep -Eq '^[0-9a-f]{16}\$'"
get -H 'X-Request-Id: from-nginx.42' "http://127.0.0.1:$port/api/v1/nothing" >/dev/null
check_grep "a sane X-Request-Id is answered" "^X-Request-Id: from-nginx.42" headers
get -H 'X-Request-Id: not sane"id' "http://127.0.0.1:$port/" >/dev/null
check "one not sane is replaced" sh -c "tr -d '\r' <headers | grep -Eq '^X-Request-Id: [0-9a-f]{16}\$'"

# A path that decodes to a newline, a quote, a backslash, a space and a
# byte that is not UTF-8: one access log line, escaped.
get "http://127.0.0.1:$port/x%0AGET%20/admin%20200%22%5C%FF" >/dev/null

kill -TERM $server
wait $server
check_eq "SIGTERM stops it with status 0, an empty file being served" 0 "$?"

# The access log is on stdout, written out at the latest when it stops.
check "the access log escapes the path" grep -qF -- 'GET /x\nGET\x20/admin\x20200\"\\\xff 404 ' a.out
check "no access log line is forged" sh -c '! grep -q "^GET /admin" a.out'
check_eq "one line a request" 10 "$(wc -l <a.out)"
check_grep "the access log line names its request id" "^GET /api/v1/nothing 404 .* request_id=from-nginx.42\$" a.out
check_grep "and a made one" "^GET / 200 .* request_id=$id\$" a.out

# An unreadable database: a second server, whose threads have no
# connection yet; its file replaced by a folder.
if [ -z "${SUNROAD_TEST_PG:-}" ]; then
	serve b
	mv "$DB" "$DB.away"
	mkdir "$DB"
	code=$(get "http://127.0.0.1:$port/healthz")
	id=$(tr -d '\r' <headers | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: //p')
	check_eq "/healthz answers 503 when the database cannot be opened" 503 "$code"
	check_grep "with a stable reason" '"reason":"database_unavailable"' body
	check "and no file name" sh -c "! grep -q '$DB' body"
	check_grep "the log has the detail under the request id" \
		"level=error msg=\"the database is not available\" error=\".*$DB.*\" request_id=$id\$" b.err
	check_eq "an API route answers 503 too" 503 "$(get "http://127.0.0.1:$port/api/v1/session")"
	kill -TERM $server
	wait $server
	rmdir "$DB"
	mv "$DB.away" "$DB"
fi
done_testing
