# sunroad judge: verdicts as CSV without a database; the same records as
# CSV or as JSON Lines judge the same; invalid records go to stderr with
# their line and produce no row.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db j)

cat >sites.csv <<'CSV'
code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to
R01,测试点,remote,G109,1,39.8,110.0,5,C1,2023-01-01,2023-06-30
S01,检测站,station,G210,2,39.7,109.8,0,C2,2023-01-01,2023-12-31
CSV
cat >in.csv <<'CSV'
lane,site,seq,passed_at,plate,kind,axles,gross_kg,single_drive,height_mm
1,S01,1,2023-03-01T08:00:00+08:00,蒙K00001,train,6,49000,0,
1,S01,2,2023-03-01T08:00:01+08:00,蒙K00002,train,6,49001,0,
1,S01,3,2023-03-01T08:00:02+08:00,蒙K00003,train,6,100000,,
1,S01,4,2023-03-01T08:00:03+08:00,蒙K00004,train,6,46001,1,
1,R01,1,2023-06-30T23:59:59+08:00,蒙K00005,train,6,51580,0,
1,R01,2,2023-07-01T00:00:00+08:00,蒙K00006,train,6,51580,0,
1,R01,3,2023-03-01T08:00:04+08:00,,truck,2,19001,0,
1,S01,5,2023-03-01T08:00:05+08:00,蒙K00007,truck,2,10000,0,4300
1,S01,6,2023-03-01T08:00:06,蒙K00008,truck,2,10000,0,
1,S01,7,2023-03-01T08:00:07+08:00,蒙K00009,truck,2,10000,0,
CSV
cat >want.csv <<'CSV'
site,seq,limit_kg,judged_kg,over_kg,over_size,ton100,verdict,penalty,fine_yuan,admissible
S01,1,49000,49000,0,0,0,ok,none,0,1
S01,2,49000,49001,1,0,0,overlimit,warning,0,1
S01,3,49000,100000,51000,0,1,overlimit,fine,25500,1
S01,4,46000,46001,1,0,0,overlimit,warning,0,1
R01,1,49000,49001,1,0,0,overlimit,warning,0,1
R01,2,49000,49001,1,0,0,overlimit,warning,0,0
R01,3,18000,18050,50,0,0,overlimit,warning,0,0
S01,5,18000,10000,0,1,0,overlimit,fine,200,1
S01,7,18000,10000,0,0,0,ok,none,0,1
CSV
"$SUNROAD" judge --sites sites.csv in.csv >got.csv 2>err
check_eq "judge exits 0 with an invalid record" 0 $?
if cmp -s want.csv got.csv; then pass "verdicts as expected"; else fail "verdicts differ: $(diff want.csv got.csv | tr '\n' ' ')"; fi
check_grep "the invalid record is reported with its line" "in.csv: line 10: passed_at .* no UTC offset" err
check_eq "one message on stderr" 1 "$(wc -l <err)"

# The same records as JSON Lines, read from standard input.
awk -F, 'NR > 1 && $4 !~ /08:00:06$/ {
	printf "{\"site\":\"%s\",\"seq\":%s,\"passed_at\":\"%s\",\"plate\":\"%s\",\"kind\":\"%s\",\"axles\":%s,\"gross_kg\":%s,\"single_drive\":%s", $2, $3, $4, $5, $6, $7, $8, ($9 == "" ? "null" : $9)
	if ($10 != "") printf ",\"height_mm\":%s", $10
	print "}"
}' in.csv >in.jsonl
"$SUNROAD" judge --sites sites.csv - <in.jsonl >got-jsonl.csv 2>err
if cmp -s want.csv got-jsonl.csv; then pass "JSON Lines judge the same"; else fail "JSON Lines differ: $(diff want.csv got-jsonl.csv | tr '\n' ' ')"; fi

# From the database's registry instead of a file.
"$SUNROAD" sites import --db "$DB" sites.csv >/dev/null
"$SUNROAD" judge --db "$DB" in.csv >got-db.csv 2>/dev/null
if cmp -s want.csv got-db.csv; then pass "sites from --db judge the same"; else fail "sites from --db differ"; fi
check_eq "judge writes no detection to the database" "0" "$("$SUNROAD" report overlimit --db "$DB" --from 2023-01-01 --to 2023-12-31 --format json | json_field detections)"

"$SUNROAD" judge --sites sites.csv missing.csv >/dev/null 2>err
check_eq "a missing file exits 1" 1 $?
check_grep "and says so" "cannot open missing.csv" err
done_testing
