# Records dated beyond max_clock_skew, and records with a key twice, are
# quarantined by `sunroad ingest` as by the device feed (security review,
# issue 12, findings 5 and 6): nothing stored, nothing dropped, the reason
# in the quarantine.
. "$TOP/tests/cli/lib.sh"
db=$(fresh_db future)
"$SUNROAD" sites import --db "$db" "$TOP/tests/data/bad/sites.csv" >/dev/null

# Beijing time, $1 seconds from now.
beijing() { TZ=Asia/Shanghai date -d "@$(($(date +%s) + $1))" +%Y-%m-%dT%H:%M:%S+08:00; }
cat >future.csv <<CSV
site,seq,passed_at,plate,kind,axles,gross_kg
R01,1,$(beijing -3600),蒙K00001,truck,2,15000
R01,2,2999-01-01T08:00:00+08:00,蒙K00002,truck,2,15000
R01,3,$(beijing 3600),蒙K00003,truck,2,15000
R01,4,$(beijing 300),蒙K00004,truck,2,15000
CSV
"$SUNROAD" ingest --db "$db" future.csv >out 2>err
check_eq "an hour ago and five minutes ahead are accepted" 2 "$(tail -n 1 out | json_field accepted)"
check_eq "2999 and an hour ahead are quarantined" 2 "$(tail -n 1 out | json_field quarantined)"
"$SUNROAD" quarantine list --db "$db" >quarantine
check_grep "the reason names the skew" "is more than 10 minutes ahead of the server's clock" quarantine
check_eq "the two future lines, by line" "3 4" "$(cut -f4 quarantine | tail -n +2 | tr '\n' ' ' | sed 's/ $//')"

# A wider skew is a setting.
db2=$(fresh_db future2)
"$SUNROAD" sites import --db "$db2" "$TOP/tests/data/bad/sites.csv" >/dev/null
SUNROAD_MAX_CLOCK_SKEW=120 "$SUNROAD" ingest --db "$db2" future.csv >out 2>err
check_eq "max_clock_skew=120: an hour ahead is accepted" 3 "$(tail -n 1 out | json_field accepted)"

printf '%s\n' '{"site":"R01","seq":10,"passed_at":"2023-03-01T08:00:00+08:00","plate":"A","kind":"truck","axles":2,"gross_kg":15000}' \
	'{"site":"R01","seq":11,"passed_at":"2023-03-01T08:00:00+08:00","plate":"A","kind":"truck","axles":2,"gross_kg":15000,"plate":"B"}' >twice.jsonl
"$SUNROAD" ingest --db "$db" twice.jsonl >out 2>err
check_eq "a JSON line with a key twice is quarantined" 1 "$(tail -n 1 out | json_field quarantined)"
"$SUNROAD" quarantine list --db "$db" >quarantine
check_grep "its reason" 'has the field "plate" twice' quarantine
done_testing
