# The restore drill: a backup taken while an ingest writes (records
# acknowledged before it began are in it, none twice), restored into an
# empty database with the audit chain verified; a backup taken at rest
# restores to byte-identical reports, photos and chain; a restore never
# goes over data, and a damaged or foreign archive is refused with nothing
# written.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db backup)

"$SUNROAD" gen --count 20000 --seed 7 --out g >/dev/null
"$SUNROAD" units import --db "$DB" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$DB" g/sites.csv >/dev/null
"$SUNROAD" ingest --db "$DB" --photos g/photos g/detections.csv >/dev/null 2>&1
report() { "$SUNROAD" report overlimit --db "$1" --from 2023-01-01 --to 2023-12-31 --format json; }
before=$(report "$DB" | json_field detections)
check "the first year is stored" test "$before" -gt 19000

# A second batch of records (other sites' sequence numbers), ingested in
# the background while the backup runs.
records=${BACKUP_RECORDS:-150000}
[ -n "${SUNROAD_TEST_PG:-}" ] && records=20000
awk -v n="$records" 'BEGIN {
	print "site,seq,passed_at,plate,kind,axles,gross_kg"
	for (i = 1; i <= n; i++)
		printf "%s,%d,2023-%02d-%02dT10:%02d:00+08:00,蒙B%05d,train,6,%d\n", (i % 2) ? "R01" : "R02", 900000 + i,
			1 + i % 12, 1 + i % 28, i % 60, i % 100000, 30000 + (i * 37) % 30000
}' >load.csv
printf 'code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to\nR01,负载一,remote,G109,1,39.8,110.0,5,C1,2023-01-01,2023-12-31\nR02,负载二,remote,G210,2,39.7,109.8,2,C2,2023-01-01,2023-12-31\n' >load-sites.csv
"$SUNROAD" sites import --db "$DB" load-sites.csv >/dev/null
SUNROAD_BATCH=2000 "$SUNROAD" ingest --db "$DB" load.csv >load.out 2>&1 &
loader=$!
sleep 0.3
"$SUNROAD" backup --db "$DB" under-load.tar >backup.out 2>&1
check_eq "the backup under load exits 0" 0 $?
wait "$loader"
check_eq "the ingest beside it finished" 0 $?
check_grep "it names what it holds" "^backup under-load.tar: the .* database ([0-9]* bytes), [1-9][0-9]* photos" backup.out

R1=$(fresh_db restored1)
"$SUNROAD" restore --db "$R1" under-load.tar >restore.out 2>&1
check_eq "the restore exits 0" 0 $?
check_grep "and has walked the audit chain" "audit chain intact: [1-9][0-9]* entries" restore.out
got=$(report "$R1" | json_field detections)
check "the copy holds what was stored before it began ($got >= $before)" test "$got" -ge "$before"
check "and no more than was ever stored" test "$got" -le "$((before + records))"
# Each record once: what the copy holds by site and sequence is distinct.
"$SUNROAD" ingest --db "$R1" load.csv >again.out 2>&1
check_eq "ingesting the load again adds exactly what the copy lacked" "$((before + records))" \
	"$(report "$R1" | json_field detections)"

# At rest: the copy is the original.
"$SUNROAD" audit verify --db "$DB" >/dev/null
"$SUNROAD" backup --db "$DB" rest.tar >/dev/null 2>&1
R2=$(fresh_db restored2)
mv photos photos.orig 2>/dev/null # SQLite: the store beside the database; a new one for the copy
"$SUNROAD" restore --db "$R2" rest.tar >restore2.out 2>&1
check_eq "the restore at rest exits 0" 0 $?
report "$DB" >a.json
report "$R2" >b.json
check "the reports of the copy are byte-identical" cmp -s a.json b.json
check_eq "the chains are as long" "$("$SUNROAD" audit verify --db "$DB")" "$("$SUNROAD" audit verify --db "$R2")"
"$SUNROAD" photos check --db "$R2" >photos.out 2>&1
check_eq "photos check on the copy finds nothing wrong" 0 $?
check_grep "every referenced photo is back" ", 0 to photos the store does not have" photos.out
rm -rf photos && mv photos.orig photos 2>/dev/null

# Never over data; damaged and foreign archives refused.
"$SUNROAD" restore --db "$DB" rest.tar >over.out 2>&1
check_eq "a restore over a database with data is refused" 1 $?
check_grep "saying why" "restored only into" over.out
check_eq "and the data is untouched" "$(cat a.json)" "$(report "$DB")"
R3=$(fresh_db restored3)
head -c 100000 rest.tar >cut.tar
"$SUNROAD" restore --db "$R3" cut.tar >cut.out 2>&1
check_eq "a truncated backup is refused" 1 $?
check_grep "saying so" "truncated\|lacks\|no database" cut.out
python3 - rest.tar flipped.tar <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[4096] ^= 0x55  # inside the database entry
open(sys.argv[2], 'wb').write(b)
PY
R4=$(fresh_db restored4)
"$SUNROAD" restore --db "$R4" flipped.tar >flip.out 2>&1
check_eq "a damaged backup is refused" 1 $?
check_grep "naming the damaged entry" "database.* is damaged" flip.out
if [ -z "${SUNROAD_TEST_PG:-}" ]; then
	check "and leaves no database behind" test ! -s "$R4"
fi
printf 'not a backup at all, just text\n' >junk.tar
"$SUNROAD" restore --db "$(fresh_db restored5)" junk.tar >junk.out 2>&1
check_eq "a file that is no backup is refused" 1 $?
check_grep "as no archive" "no tar archive\|ends in the middle" junk.out
"$SUNROAD" backup --db "$DB" /nonexistent/dir/x.tar >nodir.out 2>&1
check_eq "a backup that cannot be written fails" 1 $?
check "and leaves nothing" test ! -e /nonexistent/dir/x.tar.partial
done_testing
