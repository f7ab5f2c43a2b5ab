#!/bin/sh
# `make run`: the demo year imported into a fresh SQLite database, a demo
# administrator with a random password (printed once, changed at first
# login), and the server on http://127.0.0.1:${PORT:-8080}.
# Usage: scripts/run.sh path/to/sunroad [DIR]
set -eu
# The demo's settings are its own, never an installed package's
# /etc/sunroad/sunroad.conf (its database, photos and keys).
export SUNROAD_CONFIG=/dev/null
sunroad=$1
dir=${2:-demo}
db="$dir/sunroad.db"
port=${PORT:-8080}
sh scripts/demo.sh "$sunroad" "$dir"
added=$("$sunroad" users add --db "$db" --login admin --name 演示管理员 --role admin --unit HQ)
password=${added##*: }
cat <<MSG

== the demo is ready
   open     http://127.0.0.1:$port/
   login    admin
   password $password   (shown once; you choose a new one at the first login)

MSG
exec "$sunroad" serve --db "$db" --port "$port" --web web
