#!/bin/sh
# Vendors the browser interface's one third-party file: ECharts, from the
# npm package pinned in package.json/package-lock.json, copied to
# web/vendor/echarts.min.js (git-ignored). Run at build time so that the
# server never needs the network. Idempotent: npm ci runs only when
# node_modules is missing or older than package-lock.json, and the copy is
# made only when it differs.
# Usage: scripts/vendor-web.sh   (from anywhere; works on the repo root)
set -eu
cd "$(dirname "$0")/.."

stamp=node_modules/.package-lock.json   # npm writes it on every install
if [ ! -f "$stamp" ] || [ -n "$(find package-lock.json -newer "$stamp")" ]; then
	command -v npm >/dev/null 2>&1 || { echo "vendor-web: npm is needed (apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund
fi

src=node_modules/echarts/dist/echarts.min.js
dst=web/vendor/echarts.min.js
[ -f "$src" ] || { echo "vendor-web: $src is missing after npm ci" >&2; exit 1; }
mkdir -p web/vendor
if ! cmp -s "$src" "$dst" 2>/dev/null; then
	cp "$src" "$dst.tmp" && mv "$dst.tmp" "$dst"
	echo "vendor-web: $dst updated"
fi
