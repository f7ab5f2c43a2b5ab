# Crash safety: kill -9 the ingest at several moments, then run the same
# command again: exactly the file's distinct valid records end up stored,
# each once, and each invalid record is quarantined once.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db crash)

records=${CRASH_RECORDS:-300000}
[ -n "${SUNROAD_TEST_QUICK:-}" ] && records=60000
[ -n "${SUNROAD_TEST_PG:-}" ] && records=30000 # a round trip per record there
cat >sites.csv <<'CSV'
code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to
R01,测试点一,remote,G109,1,39.8,110.0,5,C1,2023-01-01,2023-12-31
R02,测试点二,remote,G210,2,39.7,109.8,2,C2,2023-01-01,2023-12-31
CSV
# Distinct valid records, every 1000th re-sent (a duplicate), every 3000th
# followed by an invalid line.
awk -v n="$records" 'BEGIN {
	print "site,seq,passed_at,plate,kind,axles,gross_kg"
	for (i = 1; i <= n; i++) {
		site = (i % 2) ? "R01" : "R02"
		t = sprintf("2023-%02d-%02dT%02d:%02d:%02d+08:00", 1 + i % 12, 1 + i % 28, i % 24, i % 60, (i * 7) % 60)
		line = sprintf("%s,%d,%s,蒙K%05d,train,6,%d", site, i, t, i % 100000, 30000 + (i * 37) % 30000)
		print line
		if (i % 1000 == 0) print line
		if (i % 3000 == 0) printf "%s,%d,%s,蒙K1,train,6,oops\n", site, i + n, t
	}
}' >detections.csv
invalid=$((records / 3000))

"$SUNROAD" sites import --db "$DB" sites.csv >/dev/null
export SUNROAD_BATCH=2000
# Deterministic kills: mid-first-batch, right after a commit, mid-file.
for n in 1000 2001 $((records / 2 + 17)); do
	SUNROAD_FAULT_KILL_AFTER=$n "$SUNROAD" ingest --db "$DB" detections.csv >/dev/null 2>&1
	check_eq "killed after $n records" 137 $?
	stored=$("$SUNROAD" report overlimit --db "$DB" --from 2023-01-01 --to 2023-12-31 --format json | json_field detections)
	if [ "$stored" -lt "$records" ]; then pass "the kill left the file unfinished ($stored stored)"; else fail "nothing was left to do"; fi
done
# And kills from outside at moments the test does not choose.
for delay in 0.05 0.2 0.4 0.7; do
	"$SUNROAD" ingest --db "$DB" detections.csv >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
"$SUNROAD" ingest --db "$DB" detections.csv >out 2>err
check_eq "the re-run exits 0" 0 $?
summary=$(tail -n 1 out)
check_eq "the re-run read every line" "$((records + records / 1000 + invalid))" "$(echo "$summary" | json_field read)"
report=$("$SUNROAD" report overlimit --db "$DB" --from 2023-01-01 --to 2023-12-31 --format json)
check_eq "each distinct valid record stored once" "$records" "$(echo "$report" | json_field detections)"
check_eq "each invalid record quarantined once" "$invalid" "$(($("$SUNROAD" quarantine list --db "$DB" | wc -l) - 1))"
# And again: nothing new.
"$SUNROAD" ingest --db "$DB" detections.csv >out 2>err
check_eq "a third run accepts nothing" 0 "$(tail -n 1 out | json_field accepted)"
check_eq "a third run sees every valid record as a duplicate" "$((records + records / 1000))" "$(tail -n 1 out | json_field duplicates)"
done_testing
