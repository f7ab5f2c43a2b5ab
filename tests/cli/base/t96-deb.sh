# sqlite only
# The Debian package (make deb: packaging/build-deb.sh) built from $SUNROAD
# installs on this machine: the files, the user sunroad, its state in
# /var/lib/sunroad with a database it can use, a unit that passes
# systemd-analyze, a server that runs from the package's settings; an
# upgrade keeps the data, a removal keeps the state, a purge leaves nothing.
# It installs a package as root, so it runs only where that is safe: as
# root, with dpkg, on a machine with no sunroad package, user or state of
# its own; elsewhere it says why it skipped.
. "$TOP/tests/cli/lib.sh"

skip() { echo "ok - skipped: $1"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "not root (the test installs a package)"
command -v dpkg >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || skip "no dpkg on this machine"
command -v setpriv >/dev/null 2>&1 || skip "no setpriv (util-linux)"
ldd "$SUNROAD" 2>/dev/null | grep -q 'libasan\|libubsan\|libtsan' && skip "a sanitizer build is not packaged"
dpkg-query -W -f='${Status}\n' sunroad 2>/dev/null | grep -qv ' not-installed$' &&
	skip "a sunroad package is already on this machine"
getent passwd sunroad >/dev/null && skip "a user sunroad already exists"
getent group sunroad >/dev/null && skip "a group sunroad already exists"
{ [ -e /var/lib/sunroad ] || [ -e /etc/sunroad ]; } && skip "/var/lib/sunroad or /etc/sunroad already exists"

# From here the machine's sunroad is ours: purged whatever happens.
installed=0
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server"
	[ "$installed" -eq 1 ] && dpkg --purge sunroad >/dev/null 2>&1
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP

# The vendored ECharts, as `make web` makes it (git-ignored, so a fresh
# clone lacks it).
[ -f "$TOP/web/vendor/echarts.min.js" ] || sh "$TOP/scripts/vendor-web.sh" >vendor.log 2>&1
check "web/vendor/echarts.min.js is there to package (scripts/vendor-web.sh)" test -f "$TOP/web/vendor/echarts.min.js"

deb=$(sh "$TOP/packaging/build-deb.sh" "$SUNROAD" . 2>build.err | tail -n 1)
[ -f "$deb" ] || cat build.err >&2
check "packaging/build-deb.sh builds the package ($(basename "$deb"))" test -f "$deb"
[ -f "$deb" ] || done_testing

dpkg-deb -f "$deb" Depends >depends
dpkg-deb -I "$deb" conffiles >conffiles.txt 2>/dev/null
check_grep "/etc/sunroad/sunroad.conf is a conffile" '^/etc/sunroad/sunroad.conf$' conffiles.txt

# Depends names the package of every shared library the binary needs.
missing=""
for lib in $(readelf -d "$SUNROAD" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
	path=$(ldd "$SUNROAD" | awk -v l="$lib" '$1 == l { print $3 }')
	pkg=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null)
	pkg=$(echo "$pkg" | head -n 1 | cut -d: -f1)
	tr ',' '\n' <depends | sed 's/^ *//; s/ .*//' | grep -qx "$pkg" || missing="$missing $lib($pkg)"
done
check_eq "Depends names the package of every library the binary needs" "" "$missing"

# Install; the dependencies from apt only if dpkg found some missing.
installed=1
if ! dpkg -i "$deb" >install.log 2>&1 && grep -q 'dependency problems' install.log; then
	DEBIAN_FRONTEND=noninteractive apt-get install -f -y -q >>install.log 2>&1
fi
status=$(dpkg-query -W -f='${Status}' sunroad 2>/dev/null)
[ "$status" = "install ok installed" ] || cat install.log >&2
check_eq "dpkg installs the package, its postinst too (no systemd here is fine)" "install ok installed" "$status"

check "/usr/bin/sunroad is installed" test -x /usr/bin/sunroad
check "the web files are in /usr/share/sunroad/web" test -f /usr/share/sunroad/web/index.html
check "with the vendored ECharts" test -f /usr/share/sunroad/web/vendor/echarts.min.js
check_eq "no link in the web folder (the server refuses them)" "" "$(find /usr/share/sunroad/web -type l)"
check_eq "the rulebooks are in /usr/share/sunroad/rules" "$(ls "$TOP"/rules/*.json | wc -l)" \
	"$(ls /usr/share/sunroad/rules/*.json | wc -l)"
check "the unit is in /lib/systemd/system" test -f /lib/systemd/system/sunroad.service
check_eq "sunroad.conf is readable by root and the group sunroad only" "640 root sunroad" \
	"$(stat -c '%a %U %G' /etc/sunroad/sunroad.conf)"

check "the system user sunroad exists" getent passwd sunroad
uid=$(getent passwd sunroad | cut -d: -f3)
check "it is a system user (uid $uid)" test "$uid" -lt 1000
check_eq "it cannot log in" "/usr/sbin/nologin" "$(getent passwd sunroad | cut -d: -f7)"
check_eq "/var/lib/sunroad is the user's, closed to others" "750 sunroad sunroad" \
	"$(stat -c '%a %U %G' /var/lib/sunroad)"
check_eq "the postinst made the database as the user" "sunroad" "$(stat -c %U /var/lib/sunroad/sunroad.db 2>/dev/null)"

# setpriv, not runuser: it execs the command itself (runuser would stand
# between a signal and the server, and kill it 2 s later).
as_sunroad() {
	(cd /var/lib/sunroad &&
		exec setpriv --reuid=sunroad --regid=sunroad --init-groups env SUNROAD_CONFIG=/etc/sunroad/sunroad.conf "$@")
}
check_eq "sunroad --version works as the user" "$("$SUNROAD" --version)" "$(as_sunroad sunroad --version 2>&1)"
check "sunroad init works again as the user (an upgrade in place)" as_sunroad sunroad init
check "the user can add a unit to the package's database" \
	as_sunroad sunroad units add --code B01 --name 一大队 --kind brigade --parent HQ
# Without SUNROAD_CONFIG, from a directory with no sunroad.conf, a command
# reads the package's settings: the same database, not a new empty one.
elsewhere=$(mktemp -d)
chmod 755 "$elsewhere"
(cd "$elsewhere" && setpriv --reuid=sunroad --regid=sunroad --init-groups env -u SUNROAD_CONFIG sunroad units list) >units.out 2>&1
check_grep "a command elsewhere finds the package's database through /etc/sunroad/sunroad.conf" 一大队 units.out
(cd "$elsewhere" && setpriv --reuid=sunroad --regid=sunroad --init-groups env -u SUNROAD_CONFIG sunroad help config) >help.out 2>&1
check_grep "and says which settings file it read" 'Read now: /etc/sunroad/sunroad.conf$' help.out
check_eq "and makes no database there" "" "$(ls "$elsewhere")"
rm -rf "$elsewhere"

# The settings file: every setting of the binary, set or commented.
unlisted=""
for name in $("$SUNROAD" help config | awk '/^  [a-z_0-9]+ +SUNROAD_/ { print $1 }'); do
	grep -q "^#\{0,1\}$name =" /etc/sunroad/sunroad.conf || unlisted="$unlisted $name"
done
check_eq "sunroad.conf lists every setting of 'sunroad help config'" "" "$unlisted"
check_grep "it keeps the database in the state directory" '^db = /var/lib/sunroad/sunroad.db$' /etc/sunroad/sunroad.conf
check_grep "it serves the installed web files" '^web = /usr/share/sunroad/web$' /etc/sunroad/sunroad.conf

unit=/lib/systemd/system/sunroad.service
check_grep "the unit runs the server as sunroad" '^User=sunroad$' "$unit"
check_grep "with its settings file" '^Environment=SUNROAD_CONFIG=/etc/sunroad/sunroad.conf$' "$unit"
check_grep "its state directory" '^StateDirectory=sunroad$' "$unit"
check_grep "a read-only system" '^ProtectSystem=strict$' "$unit"
check_grep "no capabilities" '^CapabilityBoundingSet=$' "$unit"
if command -v systemd-analyze >/dev/null 2>&1; then
	systemd-analyze verify "$unit" >verify.log 2>&1
	check_eq "systemd-analyze verify passes the unit" "" "$(grep -v 'Created symlink' verify.log)"
	if systemd-analyze security --offline=true "$unit" >security.log 2>&1; then
		level=$(sed -n 's/^→ Overall exposure level for sunroad.service: \([0-9.]*\).*/\1/p' security.log)
		check "systemd-analyze security rates the unit's exposure at most 2.0 ($level)" \
			awk -v l="$level" 'BEGIN { exit !(l != "" && l <= 2.0) }'
	fi
else
	pass "skipped: systemd-analyze verify (no systemd-analyze)"
fi

# The server as the unit starts it: the user, the state directory, the
# package's settings (on a free port instead of 8080).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start_server() {
	# One process from the subshell to the server (exec, exec, exec): $! is the server.
	(cd /var/lib/sunroad && exec setpriv --reuid=sunroad --regid=sunroad --init-groups \
		env SUNROAD_CONFIG=/etc/sunroad/sunroad.conf SUNROAD_PORT="$port" /usr/bin/sunroad serve) >>serve.log 2>>serve.err &
	server=$!
	for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
}
start_server
check "the packaged server answers /healthz" curl -fs "http://127.0.0.1:$port/healthz"
curl -fs -o page.html "http://127.0.0.1:$port/"
check_grep "it serves the browser interface" '<html' page.html
check "and the vendored ECharts" curl -fs -o /dev/null "http://127.0.0.1:$port/vendor/echarts.min.js"
kill -TERM "$server"
wait "$server"
check_eq "it exits 0 on SIGTERM (the unit's stop)" 0 "$?"
server=""
# ExecReload only for a server that takes SIGHUP (it reloads its log level).
start_server
kill -HUP "$server"
sleep 0.5
if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
	check_grep "the server survives SIGHUP: the unit reloads with it" '^ExecReload=' "$unit"
	kill -TERM "$server"
else
	check "the server ends on SIGHUP: the unit has no ExecReload" sh -c "! grep -q '^ExecReload=' $unit"
fi
wait "$server" 2>/dev/null
server=""
check_eq "the server made no file outside its state directory" "" \
	"$(find /etc /usr /var /tmp /run /srv /opt -xdev -user sunroad ! -path '/var/lib/sunroad*' 2>/dev/null | head -n 3)"

# An upgrade (the same package again) keeps the data.
dpkg -i "$deb" >upgrade.log 2>&1
check_eq "dpkg upgrades the package in place" "install ok installed" "$(dpkg-query -W -f='${Status}' sunroad)"
as_sunroad sunroad units list >units.txt 2>&1
check_grep "the database keeps its data across the upgrade" '^B01' units.txt

# A removal keeps the settings and the state; a purge deletes them.
dpkg -r sunroad >remove.log 2>&1
check_eq "dpkg removes the package" "deinstall ok config-files" "$(dpkg-query -W -f='${Status}' sunroad)"
check "the removal keeps the database" test -f /var/lib/sunroad/sunroad.db
check "and sunroad.conf" test -f /etc/sunroad/sunroad.conf
check "and the user" getent passwd sunroad
check "the binary is gone" test ! -e /usr/bin/sunroad

dpkg --purge sunroad >purge.log 2>&1
check_eq "dpkg purges the package" "0" "$?"
installed=0
check_eq "dpkg knows no sunroad any more" "" "$(dpkg-query -W -f='${Status}' sunroad 2>/dev/null | grep -v not-installed)"
for path in /usr/bin/sunroad /usr/share/sunroad /lib/systemd/system/sunroad.service /etc/sunroad /var/lib/sunroad \
	/etc/systemd/system/multi-user.target.wants/sunroad.service; do
	check "the purge leaves no $path" test ! -e "$path"
done
check "the purge removes the user sunroad" sh -c '! getent passwd sunroad'
check "and its group" sh -c '! getent group sunroad'
check_eq "and the override of sunroad.conf's owner" "" "$(dpkg-statoverride --list /etc/sunroad/sunroad.conf)"
done_testing
