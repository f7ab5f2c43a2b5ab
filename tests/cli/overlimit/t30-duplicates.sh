# Re-sent records are duplicates, counted and not stored again, whatever
# their format; a record whose key is stored with other content is a
# conflict, quarantined, with the stored version kept. The same for
# unloading records.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db d)

cat >sites.csv <<'CSV'
code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to
S01,检测站,station,G210,2,39.7,109.8,0,C2,2023-01-01,2023-12-31
CSV
cat >a.csv <<'CSV'
site,seq,passed_at,plate,kind,axles,gross_kg,axle_kg,speed_kmh
S01,1,2023-03-01T08:00:00+08:00,蒙K00001,train,6,60000,10000;10000;10000;10000;10000;10000,10.5
S01,2,2023-03-01T08:01:00+08:00,蒙K00002,train,6,30000,,
S01,2,2023-03-01T08:01:00+08:00,蒙K00002,train,6,30000,,
CSV
# The same two records as JSON, spelled differently (UTC, array, number).
cat >same.jsonl <<'JSON'
{"site":"S01","seq":1,"passed_at":"2023-03-01T00:00:00Z","plate":"蒙K00001","kind":"train","axles":6,"gross_kg":60000,"axle_kg":[10000,10000,10000,10000,10000,10000],"speed_kmh":10.50}
{"site":"S01","seq":2,"passed_at":"2023-03-01T08:01:00+08:00","plate":"蒙K00002","kind":"train","axles":6,"gross_kg":30000}
JSON
cat >changed.csv <<'CSV'
site,seq,passed_at,plate,kind,axles,gross_kg
S01,2,2023-03-01T08:01:00+08:00,蒙K00002,train,6,31000
S01,3,2023-03-01T08:02:00+08:00,蒙K00003,train,6,20000
CSV
"$SUNROAD" sites import --db "$DB" sites.csv >/dev/null
"$SUNROAD" ingest --db "$DB" a.csv >out
check_eq "first import: 2 accepted" 2 "$(tail -n 1 out | json_field accepted)"
check_eq "first import: the repeated line is a duplicate" 1 "$(tail -n 1 out | json_field duplicates)"
check_eq "first import: 1 over the limit" 1 "$(tail -n 1 out | json_field overlimit)"
"$SUNROAD" ingest --db "$DB" - <same.jsonl >out
check_eq "JSON of the same records: 2 duplicates" 2 "$(tail -n 1 out | json_field duplicates)"
check_eq "JSON of the same records: none accepted" 0 "$(tail -n 1 out | json_field accepted)"
"$SUNROAD" ingest --db "$DB" changed.csv >out
check_eq "changed record: a conflict" 1 "$(tail -n 1 out | json_field conflicts)"
check_eq "changed record: the new one accepted" 1 "$(tail -n 1 out | json_field accepted)"
"$SUNROAD" quarantine list --db "$DB" >q
check_grep "the conflict is quarantined with the stored key" "conflict.*	S01	2	S01,2,.*31000" q
report=$("$SUNROAD" report overlimit --db "$DB" --from 2023-03-01 --to 2023-03-01 --format json)
check_eq "three detections stored" 3 "$(echo "$report" | json_field detections)"
"$SUNROAD" ingest --db "$DB" changed.csv >out
check_eq "the conflict again: counted" 1 "$(tail -n 1 out | json_field conflicts)"
check_eq "but quarantined once" 1 "$(grep -c conflict q)"

# One key twice in one file, the second changed: the first in the file is
# stored (whatever order the backend writes a batch in), the second is the
# conflict.
cat >twice.csv <<'CSV'
site,seq,passed_at,plate,kind,axles,gross_kg
S01,5,2023-03-01T08:05:00+08:00,蒙K00005,train,6,20000
S01,4,2023-03-01T08:04:00+08:00,蒙K00004,train,6,21000
S01,4,2023-03-01T08:04:00+08:00,蒙K00004,train,6,25000
CSV
"$SUNROAD" ingest --db "$DB" twice.csv >out
check_eq "a key twice in a file: two accepted" 2 "$(tail -n 1 out | json_field accepted)"
check_eq "and the changed repeat a conflict" 1 "$(tail -n 1 out | json_field conflicts)"
"$SUNROAD" quarantine list --db "$DB" >q
check_grep "the repeat is quarantined, the first in the file kept" "conflict.*	S01	4	S01,4,.*25000" q

cat >u.csv <<'CSV'
site,seq,unloaded_kg,unloaded_at,badge
S01,1,11000,2023-03-01T08:40:00+08:00,15230001
S01,1,11000,2023-03-01T08:40:00+08:00,15230001
S01,9,1000,2023-03-01T08:40:00+08:00,
S01,2,40000,2023-03-01T08:40:00+08:00,
S01,3,1000,2023-03-01T07:00:00+08:00,
CSV
"$SUNROAD" unloads import --db "$DB" u.csv >out
check_eq "unloads: one accepted" 1 "$(tail -n 1 out | json_field accepted)"
check_eq "unloads: one duplicate" 1 "$(tail -n 1 out | json_field duplicates)"
check_eq "unloads: three quarantined" 3 "$(tail -n 1 out | json_field quarantined)"
check_eq "unloads: 11000 kg" 11000 "$(tail -n 1 out | json_field unloaded_kg)"
"$SUNROAD" quarantine list --db "$DB" --kind unload >q
check_grep "an unload without its detection says so" "no stored detection S01 seq 9" q
check_grep "more than the gross is refused" "more than the vehicle's gross" q
check_grep "before the passage is refused" "before the detection's passed_at" q
printf 'site,seq,unloaded_kg,unloaded_at,badge\nS01,1,12000,2023-03-01T08:40:00+08:00,15230001\n' >u2.csv
"$SUNROAD" unloads import --db "$DB" u2.csv >out
check_eq "a changed unloading record conflicts" 1 "$(tail -n 1 out | json_field conflicts)"
check_eq "the report sums the stored unloading" 11000 "$("$SUNROAD" report overlimit --db "$DB" --from 2023-03-01 --to 2023-03-31 --format json | json_field unloaded_kg)"
done_testing
