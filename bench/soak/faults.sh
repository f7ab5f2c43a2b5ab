#!/bin/sh
# The soak's fault phase: a server whose database's file system fills up,
# or turns read-only, while a device posts detections. Each fault must give
# a clear answer (503 with the reason database_full, or database_io for a
# file system that failed and turned read-only; a read-only file is
# database_read_only: not an internal 500), lose nothing the server
# acknowledged, store nothing
# of a refused post (sent again once the fault is gone, its records are all
# "accepted", none "duplicate"), and let posting work again once the fault
# is removed. A server started on a database it cannot write must refuse to
# start and say why.
#
# The full disk is a small tmpfs, the read-only file system an ext4 image on
# a loop device turned read-only by an injected error (errors=remount-ro,
# the kernel's trigger_fs_error): both need root (mount); without it, or
# without the kernel's support, the fault is skipped with an "ok - skipped"
# line. The read-only file at start works for anyone (chattr +i as root,
# file modes otherwise).
#
# Usage: sh bench/soak/faults.sh SUNROAD WORKDIR  (run by bench/soak.sh)
set -u
bin=$1
work=$2
mkdir -p "$work"
status=0
pass() { echo "ok - $1"; }
fail() { echo "not ok - $1"; status=1; }
check_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1 (expected '$2', got '$3')"; fi; }
root=0
[ "$(id -u)" = 0 ] && root=1

"$bin" gen --year 2023 --seed 5 --count 100 --out "$work/gen" >/dev/null 2>&1 || { fail "faults: gen"; exit 1; }

# setup DB: a database with the registry and a key for R01 in $key.
setup() {
	"$bin" init --db "$1" >/dev/null 2>&1 &&
		"$bin" units import --db "$1" "$work/gen/units.csv" >/dev/null 2>&1 &&
		"$bin" sites import --db "$1" "$work/gen/sites.csv" >/dev/null 2>&1 &&
		key=$("$bin" sites key --db "$1" R01 2>/dev/null)
}

server=
# Whatever happens, no server or mount is left behind.
cleanup() {
	[ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server"
	umount "$work/full" "$work/ro" 2>/dev/null
}
trap cleanup EXIT
trap 'status=130; exit 130' INT TERM
# serve DB: starts the server on a free port ($url, $server); 1 when it
# did not answer.
serve() {
	port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
	url="http://127.0.0.1:$port"
	SUNROAD_PHOTO_DIR="$work/photos" SUNROAD_EXPORT_DIR="$work/exports" \
		"$bin" serve --db "$1" --port "$port" >>"$work/access.log" 2>>"$work/server.err" &
	server=$!
	for _ in $(seq 100); do
		curl -fs "$url/healthz" >/dev/null 2>&1 && return 0
		kill -0 "$server" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}
stop() { # stop: SIGTERM; its exit status
	kill -TERM "$server" 2>/dev/null
	wait "$server"
	rc=$?
	server=
	return $rc
}

# post FIRST N: N records R01 FIRST.. in one post; prints the status, the
# answer in $work/answer; a 200's accepted and duplicate seqs go to acked.
post() {
	body=$(awk -v f="$1" -v n="$2" 'BEGIN { printf "["; for (i = 0; i < n; i++) printf "%s{\"site\":\"R01\",\"seq\":%d,\"passed_at\":\"2023-05-01T10:%02d:00+08:00\",\"plate\":\"蒙K1%04d\",\"kind\":\"truck\",\"axles\":2,\"gross_kg\":%d}", (i ? "," : ""), f + i, i % 60, (f + i) % 10000, 12000 + i; printf "]" }')
	code=$(curl -s -o "$work/answer" -w '%{http_code}' -X POST -H "Authorization: Bearer $key" \
		-H 'Content-Type: application/json' "$url/api/v1/detections" -d "$body")
	if [ "$code" = 200 ]; then
		grep -o '"seq":[0-9]*,"status":"\(accepted\|duplicate\)"' "$work/answer" | sed 's/"seq":\([0-9]*\),.*/R01,\1/' >>"$work/acked"
	fi
	echo "$code"
}
reason() { grep -o '"reason":"[a-z_]*"' "$work/answer" | head -n 1 | cut -d'"' -f4; }
accepted() { grep -o '"accepted":[0-9]*' "$work/answer" | cut -d: -f2; }

# stored DB: every acknowledged record stored exactly once.
stored() {
	sort -u "$work/acked" >"$work/acked.u"
	sqlite3 "$1" "SELECT 'R01,' || d.seq FROM detections d JOIN sites s ON s.id = d.site_id WHERE s.code = 'R01'" | sort >"$work/stored"
	lost=$(comm -23 "$work/acked.u" "$work/stored" | wc -l)
	twice=$(sqlite3 "$1" "SELECT count(*) FROM (SELECT site_id, seq FROM detections GROUP BY site_id, seq HAVING count(*) > 1)")
	n=$(wc -l <"$work/acked.u")
	if [ "$lost" -eq 0 ] && [ "$twice" = 0 ] && [ "$n" -gt 0 ]; then
		pass "$2: every acknowledged record is stored exactly once ($n)"
	else
		fail "$2: every acknowledged record is stored exactly once ($n acknowledged, $lost lost, $twice twice)"
	fi
	if "$bin" audit verify --db "$1" >"$work/verify" 2>&1; then
		pass "$2: the audit chain verifies"
	else
		fail "$2: the audit chain verifies: $(head -n 3 "$work/verify")"
	fi
}

# A refused post: 503, the reason, a message, no internal error.
refused() { # refused WHAT REASON CODE
	if [ "$3" = 503 ] && [ "$(reason)" = "$2" ]; then
		pass "$1: a post is refused 503 $2 ($(grep -o '"message":"[^"]*"' "$work/answer" | cut -c12-160 | tr -d '"'))"
	else
		fail "$1: a post is refused 503 $2 (got $3: $(head -c 200 "$work/answer"))"
	fi
}

# ---- the disk fills up ------------------------------------------------------

full="$work/full"
mkdir -p "$full"
if [ $root = 1 ] && mount -t tmpfs -o size=12m sunroad-soak "$full" 2>/dev/null; then
	: >"$work/acked"
	db="$full/full.db"
	if setup "$db" && serve "$db"; then
		for f in 1 21 41; do post $f 20 >/dev/null; done
		check_eq "disk full: the posts before are acknowledged" 60 "$(wc -l <"$work/acked")"
		dd if=/dev/zero of="$full/filler" bs=64k >/dev/null 2>&1
		code=$(post 101 20)
		refused "disk full" database_full "$code"
		code=$(post 121 5)
		refused "disk full, again" database_full "$code"
		check_eq "disk full: /healthz still answers" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")"
		rm -f "$full/filler"
		code=$(post 101 20)
		check_eq "disk full, space freed: the refused post is accepted, all of it (nothing of it was stored)" "200 20" "$code $(accepted)"
		check_eq "disk full, space freed: a new post is accepted" 200 "$(post 201 20)"
		stop
		check_eq "disk full: the server stops on SIGTERM with status 0" 0 $?
		stored "$db" "disk full"
	else
		fail "disk full: set-up (server: $(tail -n 3 "$work/server.err"))"
		[ -n "$server" ] && stop
	fi
	umount "$full"
else
	pass "skipped: disk full (needs root and a tmpfs mount)"
fi

# ---- the file system turns read-only ----------------------------------------

ro="$work/ro"
mkdir -p "$ro"
if [ $root = 1 ] && command -v mkfs.ext4 >/dev/null && truncate -s 64M "$work/ro.img" &&
	mkfs.ext4 -q -F "$work/ro.img" >/dev/null 2>&1 && mount -o loop,errors=remount-ro "$work/ro.img" "$ro" 2>/dev/null; then
	dev=$(basename "$(findmnt -n -o SOURCE "$ro")")
	: >"$work/acked"
	db="$ro/ro.db"
	if [ ! -w "/sys/fs/ext4/$dev/trigger_fs_error" ]; then
		pass "skipped: read-only file system (no /sys/fs/ext4/$dev/trigger_fs_error)"
	elif setup "$db" && serve "$db"; then
		for f in 1 21 41; do post $f 20 >/dev/null; done
		check_eq "read-only: the posts before are acknowledged" 60 "$(wc -l <"$work/acked")"
		echo "sunroad soak: the database's file system turns read-only" >"/sys/fs/ext4/$dev/trigger_fs_error"
		code=$(post 101 20)
		refused "read-only file system" database_io "$code"
		code=$(post 121 5)
		refused "read-only file system, again" database_io "$code"
		stop
		check_eq "read-only: the server stops on SIGTERM with status 0" 0 $?
		# An aborted ext4 journal is repaired off line, as an operator would.
		umount "$ro" && e2fsck -fy "$work/ro.img" >"$work/fsck.out" 2>&1
		mount -o loop "$work/ro.img" "$ro"
		stored "$db" "read-only file system, repaired"
		if serve "$db"; then
			code=$(post 101 20)
			check_eq "read-only, repaired: the refused post is accepted, all of it (nothing of it was stored)" "200 20" "$code $(accepted)"
			stop
			stored "$db" "read-only file system, after"
		else
			fail "read-only, repaired: the server starts again ($(tail -n 3 "$work/server.err"))"
		fi
	else
		fail "read-only: set-up (server: $(tail -n 3 "$work/server.err"))"
		[ -n "$server" ] && stop
	fi
	umount "$ro" 2>/dev/null
else
	pass "skipped: read-only file system (needs root, mkfs.ext4 and a loop mount)"
fi

# ---- a read-only database file at the start ---------------------------------

: >"$work/acked"
rodir="$work/rofile"
mkdir -p "$rodir"
db="$rodir/file.db"
if setup "$db"; then
	if [ $root = 1 ]; then chattr +i "$db" 2>/dev/null || chmod 0444 "$db"; else chmod 0444 "$db" && chmod 0555 "$rodir"; fi
	if [ $root = 1 ] && ! lsattr "$db" 2>/dev/null | cut -d' ' -f1 | grep -q i; then
		pass "skipped: a read-only database file (root ignores file modes, and chattr +i does not work here)"
	else
		port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
		SUNROAD_PHOTO_DIR="$work/photos" "$bin" serve --db "$db" --port "$port" >/dev/null 2>"$work/start.err" &
		pid=$!
		sleep 2
		if kill -0 $pid 2>/dev/null; then
			kill -TERM $pid
			wait $pid
			fail "a server on a read-only database file refuses to start"
		else
			wait $pid
			rc=$?
			if [ $rc -ne 0 ] && grep -q 'read-only' "$work/start.err"; then
				pass "a server on a read-only database file refuses to start, saying why ($(head -n 1 "$work/start.err" | cut -c1-150))"
			else
				fail "a server on a read-only database file refuses to start, saying why (exit $rc: $(head -n 2 "$work/start.err"))"
			fi
		fi
	fi
	[ $root = 1 ] && chattr -i "$db" 2>/dev/null
	chmod 0755 "$rodir"
	chmod 0644 "$db"
	if serve "$db"; then
		check_eq "made writable again, the server starts and a post is accepted" 200 "$(post 1 5)"
		stop
		stored "$db" "read-only file"
	else
		fail "made writable again, the server starts ($(tail -n 3 "$work/server.err"))"
	fi
else
	fail "read-only file: set-up"
fi
exit $status
