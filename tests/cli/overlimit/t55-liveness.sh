# A site whose records arrive by file (`sunroad ingest`) is alive too: the
# import moves its last_seen_at to the newest passed_at among its accepted
# records, never backwards; quarantined and duplicate records do not count,
# and a site without records stays never heard from.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db live)

# last_seen SITE: the stored last_seen_at of a site ("" when never).
last_seen() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then
		psql -tA "$DB" -c "SELECT last_seen_at FROM sites WHERE code = '$1'"
	else
		sqlite3 "$DB" "SELECT last_seen_at FROM sites WHERE code = '$1'"
	fi
}

cat >sites.csv <<'CSV'
code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to
R01,东站,remote,G1,1,39.7,109.8,5,C1,2023-01-01,2023-12-31
R02,西站,remote,G1,9,39.7,109.9,5,C2,2023-01-01,2023-12-31
CSV
# Out of order; the last line is refused (gross_kg out of range) and the
# third is a duplicate of the first, both later than the rest.
cat >day.csv <<'CSV'
site,seq,passed_at,plate,kind,axles,gross_kg
R01,2,2023-03-01T09:00:00+08:00,蒙K00002,truck,2,10000
R01,1,2023-03-01T08:00:00+08:00,蒙K00001,truck,2,10000
R01,2,2023-03-01T09:00:00+08:00,蒙K00002,truck,2,10000
R01,3,2023-03-01T10:00:00+08:00,蒙K00003,truck,2,999999
CSV
cat >older.csv <<'CSV'
site,seq,passed_at,plate,kind,axles,gross_kg
R01,10,2023-02-01T08:00:00+08:00,蒙K00010,truck,2,10000
CSV
cat >newer.csv <<'CSV'
site,seq,passed_at,plate,kind,axles,gross_kg
R01,11,2023-03-02T07:30:00+08:00,蒙K00011,truck,2,10000
CSV
"$SUNROAD" sites import --db "$DB" sites.csv >/dev/null
check_eq "a new site was never heard from" "" "$(last_seen R01)"
"$SUNROAD" ingest --db "$DB" day.csv >out
check_eq "two accepted" 2 "$(tail -n 1 out | json_field accepted)"
# 2023-03-01T09:00:00+08:00 is 1677632400.
check_eq "the import sets the newest accepted record's time" 1677632400 "$(last_seen R01)"
check_eq "a site without records stays never heard from" "" "$(last_seen R02)"
"$SUNROAD" ingest --db "$DB" older.csv >/dev/null
check_eq "an older file does not move it back" 1677632400 "$(last_seen R01)"
"$SUNROAD" ingest --db "$DB" day.csv >/dev/null
check_eq "sending the day again changes nothing" 1677632400 "$(last_seen R01)"
"$SUNROAD" ingest --db "$DB" newer.csv >/dev/null
check_eq "a newer file moves it forward" 1677713400 "$(last_seen R01)"
done_testing
