#!/bin/sh
# Installs the Debian packages that building, testing and benchmarking
# sunroad need, when they are missing. As root it runs apt-get; otherwise it
# prints the command to run.
set -eu
packages="libmicrohttpd-dev libxlsxwriter-dev wrk nginx-light chromium fonts-noto-cjk curl jq python3 build-essential clang libclang-rt-14-dev libsqlite3-dev sqlite3 libjansson-dev libcmocka-dev libcsv-dev libpq-dev postgresql libsodium-dev libcairo2-dev libpango1.0-dev libqrencode-dev poppler-utils zbar-tools pkg-config time"
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node may come from elsewhere than Debian (NodeSource bundles npm, and
# conflicts with Debian's npm package): the commands are what matter.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >/dev/null
else
	echo "deps: missing Debian packages. Run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
