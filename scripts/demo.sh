#!/bin/sh
# The demo: generate the default year of a city (DIR/year/: the CSV files
# and the photos), import it into a fresh SQLite database (DIR/sunroad.db,
# its photo store DIR/photos/), add the year's penalty cases and their file
# review (`gen cases`), and print the annual over-limit report.
# Usage: scripts/demo.sh path/to/sunroad [DIR]
set -eu
# The demo's settings are its own, never an installed package's
# /etc/sunroad/sunroad.conf (its database, photos and keys).
export SUNROAD_CONFIG=/dev/null
sunroad=$1
dir=${2:-demo}
db="$dir/sunroad.db"
mkdir -p "$dir"
rm -f "$db" "$db-wal" "$db-shm"
rm -rf "$dir/photos" "$dir/year"
echo "== generating the demo year 2023 into $dir/year/"
"$sunroad" gen --year 2023 --seed 1 --out "$dir/year"
echo "== importing"
"$sunroad" units import --db "$db" "$dir/year/units.csv"
"$sunroad" sites import --db "$db" "$dir/year/sites.csv"
"$sunroad" ingest --db "$db" --photos "$dir/year/photos" "$dir/year/detections.csv" | tail -n 1
"$sunroad" unloads import --db "$db" "$dir/year/unloads.csv" | tail -n 1
echo "== the year's penalty cases and their file review"
"$sunroad" gen cases --db "$db" --year 2023 --seed 1
"$sunroad" gen taxi --db "$db" --seed 1
echo "== the year's complaint tickets"
"$sunroad" gen tickets --db "$db" --year 2023 --seed 1
echo "== the 2023 annual over-limit report"
"$sunroad" report overlimit --db "$db" --from 2023-01-01 --to 2023-12-31 --format text
