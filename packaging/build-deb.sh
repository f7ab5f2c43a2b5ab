#!/bin/sh
# Builds the Debian package of sunroad from a staged tree with dpkg-deb
# (no debhelper): the binary, the browser interface with its vendored
# ECharts, the rulebooks, the systemd unit, a commented
# /etc/sunroad/sunroad.conf generated from the binary's own settings table,
# and the maintainer scripts of packaging/. Depends comes from
# dpkg-shlibdeps when it is installed, else from a list kept here.
# Prints the path of the .deb as its last line.
# Usage: packaging/build-deb.sh BINARY [OUTDIR]   (OUTDIR: default the binary's directory)
set -eu
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 BINARY [OUTDIR]" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=${2:-$(dirname "$bin")}
out=$(mkdir -p "$out" && cd "$out" && pwd)
die() { echo "build-deb: $*" >&2; exit 1; }

[ -x "$bin" ] || die "$1 is not an executable: build it first (make)"
command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is needed (apt-get install dpkg)"
echarts="$top/web/vendor/echarts.min.js"
[ -f "$echarts" ] || die "$echarts is missing: run make web (scripts/vendor-web.sh) first"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# dpkg-shlibdeps wants the package's files under debian/PACKAGE beside a
# debian/control.
root="$work/debian/sunroad"
mkdir -p "$root/DEBIAN"

# The version: the binary's, plus the commit count and hash when built
# from a git checkout, so that each commit's package upgrades the last.
version=$(cd "$work" && env -u SUNROAD_CONFIG "$bin" version | awk '{ print $2 }')
case $version in [0-9]*) ;; *) die "cannot read the version from '$1 version'" ;; esac
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	version="$version+git$(git -C "$top" rev-list --count HEAD).$(git -C "$top" rev-parse --short=8 HEAD)"
fi
arch=$(dpkg --print-architecture)

# The binary, its debug sections dropped (its symbols kept, for backtraces).
install -d "$root/usr/bin"
objcopy --strip-debug "$bin" "$root/usr/bin/sunroad" 2>/dev/null || cp "$bin" "$root/usr/bin/sunroad"
chmod 0755 "$root/usr/bin/sunroad"

# The browser interface: the tracked files (not a colleague's stray ones),
# regular files only (the server refuses links in its web folder), and the
# vendored ECharts.
share="$root/usr/share/sunroad"
install -d "$share/web" "$share/rules"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	files=$(cd "$top" && git ls-files web)
else
	files=$(cd "$top" && find web -type f ! -path 'web/vendor/*')
fi
for f in $files web/vendor/echarts.min.js; do
	[ -f "$top/$f" ] && [ ! -L "$top/$f" ] || continue
	install -D -m 0644 "$top/$f" "$share/$f"
done
for f in "$top"/rules/*.json; do
	install -m 0644 "$f" "$share/rules/"
done

install -D -m 0644 "$top/packaging/sunroad.service" "$root/lib/systemd/system/sunroad.service"
install -d "$root/usr/share/doc/sunroad"
install -m 0644 "$top/README.md" "$root/usr/share/doc/sunroad/README.md"
[ -f "$top/docs/deploy.md" ] && install -m 0644 "$top/docs/deploy.md" "$root/usr/share/doc/sunroad/deploy.md"

# The settings file, from the binary's own table; then checked: the binary
# reads it as generated, and with every commented default uncommented.
install -d "$root/etc/sunroad"
conf="$root/etc/sunroad/sunroad.conf"
sh "$top/packaging/sunroad-conf.sh" "$bin" >"$conf"
chmod 0644 "$conf"
(cd "$work" && SUNROAD_CONFIG="$conf" "$bin" version >/dev/null) || die "the generated sunroad.conf does not load"
sed 's/^#\([a-z_0-9]* =\)/\1/' "$conf" >"$work/all.conf"
(cd "$work" && SUNROAD_CONFIG="$work/all.conf" "$bin" version >/dev/null) ||
	die "the generated sunroad.conf's defaults do not load"
want=$(cd "$work" && env -u SUNROAD_CONFIG "$bin" help config | grep -c '^  [a-z_0-9]* *SUNROAD_')
have=$(grep -c '^[a-z_0-9]* =' "$work/all.conf")
[ "$want" -eq "$have" ] || die "sunroad.conf lists $have settings, the binary has $want"

# Depends: the shared libraries' packages, adduser for the postinst, and
# the CJK fonts the case documents are drawn with.
if command -v dpkg-shlibdeps >/dev/null 2>&1; then
	printf 'Source: sunroad\n\nPackage: sunroad\nArchitecture: any\n' >"$work/debian/control"
	shlibs=$(cd "$work" && dpkg-shlibdeps -O debian/sunroad/usr/bin/sunroad | sed -n 's/^shlibs:Depends=//p')
	[ -n "$shlibs" ] || die "dpkg-shlibdeps found no dependency"
else
	# By hand (Debian 12): the packages of the libraries `ldd` names.
	shlibs="libc6, libcairo2, libglib2.0-0, libjansson4, libmicrohttpd12, libpango-1.0-0, libpangocairo-1.0-0, libpq5, libqrencode4, libsodium23, libsqlite3-0, libxlsxwriter4, zlib1g"
fi

for s in postinst prerm postrm; do
	install -m 0755 "$top/packaging/$s" "$root/DEBIAN/$s"
done
echo /etc/sunroad/sunroad.conf >"$root/DEBIAN/conffiles"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f ! -path './etc/*' -print | sed 's|^\./||' | LC_ALL=C sort |
	xargs md5sum) >"$root/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: sunroad
Version: $version
Architecture: $arch
Maintainer: sunroad maintainers <maintainers@sunroad.invalid>
Installed-Size: $size
Depends: $shlibs, adduser, fonts-noto-cjk
Suggests: nginx, postgresql-client
Section: web
Priority: optional
Description: transport law-enforcement information platform
 One program, sunroad, that is the command-line tool and the server of a
 city transport law-enforcement agency: overweight enforcement from
 weigh-in-motion sites judged against the legal limits, the screening
 queue, penalty cases with their documents, complaint tickets and taxi
 supervision, with a Chinese browser interface. SQLite by default,
 PostgreSQL optional. The package runs it as the systemd service
 sunroad.service, state in /var/lib/sunroad, settings in
 /etc/sunroad/sunroad.conf.
CONTROL

deb="$out/sunroad_${version}_$arch.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
