#!/bin/sh
# Writes the packaged /etc/sunroad/sunroad.conf to stdout: every setting of
# the binary, from `sunroad help config` (so the file never drifts from the
# code), each with its help and default as comments, and the few that the
# package's layout needs (the database under /var/lib/sunroad, the web
# files and rulebooks under /usr/share/sunroad) set.
# Usage: packaging/sunroad-conf.sh BINARY >sunroad.conf
set -eu
[ $# -eq 1 ] || { echo "usage: $0 BINARY" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# Away from any sunroad.conf of the working directory or the caller's
# SUNROAD_CONFIG, which the binary would read (and could refuse) first.
empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT
help=$(cd "$empty" && env -u SUNROAD_CONFIG "$bin" help config) ||
	{ echo "sunroad-conf: $1 help config failed" >&2; exit 1; }

cat <<'HEAD'
# /etc/sunroad/sunroad.conf: the settings of the sunroad server and of every
# `sunroad` command run with SUNROAD_CONFIG=/etc/sunroad/sunroad.conf (the
# systemd unit sets it). One `name = value` a line; `#` starts a comment.
# A line left commented keeps the default shown. The environment
# (SUNROAD_<NAME>) overrides this file, and a command's --flags override both.
# After a change: systemctl restart sunroad (the server reads this file
# only when it starts).
#
# Generated from `sunroad help config` when the package was built.
HEAD

printf '%s\n' "$help" | awk '
# The values the package sets: its own paths instead of the working
# directory'"'"'s.
BEGIN {
	set["db"] = "/var/lib/sunroad/sunroad.db"
	why["db"] = "the package keeps the SQLite database in the state directory"
	set["web"] = "/usr/share/sunroad/web"
	why["web"] = "the browser interface installed by the package"
	set["rules"] = "/usr/share/sunroad/rules"
	why["rules"] = "the rulebooks installed by the package (the same as the compiled-in copy)"
}
/^[a-z_0-9]+:$/ {
	sub(/:$/, "")
	printf "\n# ---- %s ----\n", $0
	next
}
/^  [a-z_0-9]+ +SUNROAD_[A-Z_0-9]+ +default / {
	name = $1; env = $2
	line = $0
	sub(/^  [a-z_0-9]+ +SUNROAD_[A-Z_0-9]+ +default '"'"'/, "", line)
	choices = ""
	if (match(line, /'"'"', one of .*$/)) {
		choices = substr(line, RSTART + 10)
		line = substr(line, 1, RSTART - 1)
	} else
		sub(/'"'"'$/, "", line)
	fallback = line
	next
}
/^      / {
	help = $0
	sub(/^ +/, "", help)
	printf "\n# %s\n", help
	printf "# (environment %s; default '"'"'%s'"'"'%s)\n", env, fallback, choices != "" ? "; one of " choices : ""
	if (name in set) {
		printf "# %s\n%s = %s\n", why[name], name, set[name]
		done[name] = 1
	} else if (fallback == "")
		printf "#%s =\n", name
	else
		printf "#%s = %s\n", name, fallback
	next
}
END {
	for (n in set)
		if (!(n in done)) {
			printf "sunroad-conf: the binary has no setting %s\n", n > "/dev/stderr"
			exit 1
		}
}'
