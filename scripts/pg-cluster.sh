#!/bin/sh
# A throw-away PostgreSQL cluster for the tests, in a temporary directory,
# owned by an unprivileged user, listening on 127.0.0.1 at a free port.
#   pg-cluster.sh start DIR   prints the URL of its maintenance database
#   pg-cluster.sh stop DIR    stops it (and leaves no process behind)
set -eu
cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "pg-cluster: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

# initdb refuses root: run the server as the `postgres` system user then.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		su postgres -s /bin/sh -c "$*"
	else
		sh -c "$*"
	fi
}

case "$cmd" in
start)
	mkdir -p "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$dir"
		chmod o+x "$(dirname "$dir")" # let the server user reach its directory
	fi
	as_owner "'$bin/initdb' -D '$dir/data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
	# A free port: ask the kernel, by binding to port 0.
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + $$ % 30000)))
	as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50\" start >/dev/null"
	echo "$port" >"$dir/port"
	echo "postgres://postgres@127.0.0.1:$port/postgres"
	;;
stop)
	[ -d "$dir/data" ] && as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
	;;
*)
	echo "usage: pg-cluster.sh start|stop DIR" >&2
	exit 2
	;;
esac
