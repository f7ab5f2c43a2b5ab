#!/bin/sh
# sunroad taxi import: the registry from messy CSV files (a UTF-8 BOM,
# CRLF line ends, blank lines, a bad check digit, a duplicate row, rows
# naming what is not in the registry): every row is imported, counted as a
# duplicate, or quarantined with its file, line, text and a reason that
# starts with a stable name; nothing is lost. Importing again changes
# nothing; a changed row updates its record; each file's import is audited.
# The valid numbers below were computed by their check algorithms
# (GB 11643, GB 32100 / GB 11714), not typed from memory.
. "$TOP/tests/cli/lib.sh"

sql() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -At -F '|' "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}

DB=$(fresh_db taxi)
"$SUNROAD" init --db "$DB" >/dev/null 2>&1

A=911506021234567882 # valid
B=911506032345678940 # valid
BAD=91150602345678909K # the check character should be J

# companies.csv: BOM, CRLF, a blank line, a bad code, a duplicate, a missing name.
printf '\357\273\277credit_code,name\r\n%s,鄂尔多斯市顺达出租汽车有限公司\r\n\r\n%s,鄂尔多斯市安通出租汽车有限公司\r\n%s,坏校验码出租汽车公司\r\n%s,鄂尔多斯市顺达出租汽车有限公司\r\n%s,\r\n' \
	"$A" "$B" "$BAD" "$A" "91150602345678909J" >companies.csv
"$SUNROAD" taxi import --db "$DB" companies companies.csv >c.out 2>c.err
check_eq "companies: 5 read, 2 imported, 1 duplicate, 2 quarantined" \
	"companies: 5 read, 2 imported (0 of them updated), 1 duplicates, 2 quarantined" "$(cat c.out)"
check_grep "and says where the quarantined rows are" "quarantined with the reason" c.err
check_eq "the two companies are stored, the BOM not in the first code" "$A|$B" \
	"$(sql "$DB" "SELECT credit_code FROM taxi_companies ORDER BY credit_code" | paste -sd'|' -)"
check_eq "the bad check digit quarantined with its line (blank lines counted) and reason" \
	"taxi_company|5|uscc_check_digit" \
	"$(sql "$DB" "SELECT kind, line, reason FROM quarantine WHERE raw LIKE '$BAD%'" | cut -d: -f1)"
check_eq "the row without a name: field_missing" "7|field_missing: name is missing" \
	"$(sql "$DB" "SELECT line, reason FROM quarantine WHERE kind = 'taxi_company' AND raw LIKE '91150602345678909J%'")"
check_eq "the quarantine keeps the file's name and the row's text" "companies.csv|$BAD,坏校验码出租汽车公司" \
	"$(sql "$DB" "SELECT source, raw FROM quarantine WHERE line = 5 AND kind = 'taxi_company'")"

# vehicles.csv (LF): a good one, a bad plate, an unknown company, a bad permit.
cat >vehicles.csv <<CSV
plate,permit_no,company
蒙KT0001,150600100001,$A
蒙KT0002,150600100002,$B
蒙K0O001,150600100003,$A
蒙KT0004,150600100004,911506021234567882
蒙KT0005,150600100005,911506021234567891
蒙KT0006,15 06,$A
CSV
"$SUNROAD" taxi import --db "$DB" vehicles vehicles.csv >v.out 2>/dev/null
check_eq "vehicles: 6 read, 3 imported, 3 quarantined" \
	"vehicles: 6 read, 3 imported (0 of them updated), 0 duplicates, 3 quarantined" "$(cat v.out)"
check_eq "each with its stable reason" "plate_chars|uscc_org_code|permit_format" \
	"$(sql "$DB" "SELECT reason FROM quarantine WHERE kind = 'taxi_vehicle' ORDER BY line" | cut -d: -f1 | paste -sd'|' -)"

# drivers.csv: CRLF; a bad ID check digit, an unknown plate, a bad phone,
# validity the wrong way round, a duplicate, a lowercase x in a certificate.
printf 'certificate_no,name,id_number,valid_from,valid_to,company,phone,plate\r\n' >drivers.csv
printf '150602198001011233,张建军,150602198001011233,2024-01-10,2030-01-09,%s,13912345678,蒙KT0001\r\n' "$A" >>drivers.csv
printf '150602199005122349,李志强,150602199005122349,2023-05-01,2029-04-30,%s,0477-8123456,蒙KT0002\r\n' "$B" >>drivers.csv
printf '15062719751230345x,王海龙,15062719751230345X,2022-03-15,2028-03-14,%s,13812345678,\r\n' "$A" >>drivers.csv
printf '150621198811114560,赵晓东,150621198811114560,2022-03-15,2028-03-14,%s,13812345678,蒙KT0001\r\n' "$A" >>drivers.csv
printf 'QC-0001,刘春生,150621198811114567,2022-03-15,2028-03-14,%s,13812345678,蒙KT0009\r\n' "$A" >>drivers.csv
printf 'QC-0002,刘春生,150621198811114567,2022-03-15,2028-03-14,%s,1381234567,蒙KT0001\r\n' "$A" >>drivers.csv
printf 'QC-0003,刘春生,150621198811114567,2028-03-15,2022-03-14,%s,13812345678,蒙KT0001\r\n' "$A" >>drivers.csv
printf '150602198001011233,张建军,150602198001011233,2024-01-10,2030-01-09,%s,13912345678,蒙KT0001\r\n' "$A" >>drivers.csv
printf '\r\n\r\n' >>drivers.csv
"$SUNROAD" taxi import --db "$DB" drivers drivers.csv >d.out 2>/dev/null
check_eq "drivers: 8 read, 3 imported, 1 duplicate, 4 quarantined" \
	"drivers: 8 read, 3 imported (0 of them updated), 1 duplicates, 4 quarantined" "$(cat d.out)"
check_eq "their reasons" "5|id_check_digit|6|vehicle_unknown|7|phone_format|8|validity_order" \
	"$(sql "$DB" "SELECT line, reason FROM quarantine WHERE kind = 'taxi_driver' ORDER BY line" | cut -d: -f1 | paste -sd'|' -)"
check_eq "a lowercase x taken for X, the first qualification day the validity's start" "15062719751230345X|20220315" \
	"$(sql "$DB" "SELECT certificate_no, first_qualified FROM taxi_drivers WHERE name = '王海龙'")"

# training.csv: an unknown driver, hours out of range, a day in the future.
cat >training.csv <<CSV
certificate_no,day,hours,topic
150602198001011233,2025-06-01,4,职业道德与文明服务
150602198001011233,2025-06-01,4,职业道德与文明服务
150602199005122349,2025-07-01,2,安全行车
NOBODY-01,2025-07-01,2,安全行车
150602199005122349,2025-07-02,30,安全行车
150602199005122349,2999-07-02,2,安全行车
CSV
"$SUNROAD" taxi import --db "$DB" training training.csv >t.out 2>/dev/null
check_eq "training: 6 read, 2 imported, 1 duplicate, 3 quarantined" \
	"training: 6 read, 2 imported (0 of them updated), 1 duplicates, 3 quarantined" "$(cat t.out)"
check_eq "their reasons" "driver_unknown|hours_invalid|date_in_future" \
	"$(sql "$DB" "SELECT reason FROM quarantine WHERE kind = 'taxi_training' ORDER BY line" | cut -d: -f1 | paste -sd'|' -)"

# Nothing lost: every row read is stored, a duplicate, or quarantined.
check_eq "every row accounted for: 25 read = 10 stored + 3 duplicates + 12 quarantined" "10|12" \
	"$(sql "$DB" "SELECT (SELECT count(*) FROM taxi_companies) + (SELECT count(*) FROM taxi_vehicles) + (SELECT count(*) FROM taxi_drivers) + (SELECT count(*) FROM taxi_training), (SELECT count(*) FROM quarantine WHERE kind LIKE 'taxi%')")"

# Again: idempotent.
"$SUNROAD" taxi import --db "$DB" companies companies.csv >c2.out 2>/dev/null
"$SUNROAD" taxi import --db "$DB" drivers drivers.csv >d2.out 2>/dev/null
check_eq "companies again: all duplicates" "companies: 5 read, 0 imported (0 of them updated), 3 duplicates, 2 quarantined" "$(cat c2.out)"
check_eq "drivers again: all duplicates" "drivers: 8 read, 0 imported (0 of them updated), 4 duplicates, 4 quarantined" "$(cat d2.out)"
check_eq "and the quarantine holds each refused row once" "12" \
	"$(sql "$DB" "SELECT count(*) FROM quarantine WHERE kind LIKE 'taxi%'")"

# A changed row updates its record.
printf 'credit_code,name\n%s,鄂尔多斯市顺达出租汽车集团有限公司\n' "$A" >renamed.csv
"$SUNROAD" taxi import --db "$DB" companies renamed.csv >r.out 2>/dev/null
check_eq "a renamed company: updated" "companies: 1 read, 1 imported (1 of them updated), 0 duplicates, 0 quarantined" "$(cat r.out)"
check_eq "the new name stored" "鄂尔多斯市顺达出租汽车集团有限公司" \
	"$(sql "$DB" "SELECT name FROM taxi_companies WHERE credit_code = '$A'")"

# A driver with a new phone and another vehicle: updated in place.
printf 'certificate_no,name,id_number,valid_from,valid_to,company,phone,plate\n150602199005122349,李志强,150602199005122349,2023-05-01,2029-04-30,%s,13700001111,蒙KT0004\n' "$A" >moved.csv
"$SUNROAD" taxi import --db "$DB" drivers moved.csv >m.out 2>/dev/null
check_eq "a driver moved: updated" "drivers: 1 read, 1 imported (1 of them updated), 0 duplicates, 0 quarantined" "$(cat m.out)"
check_eq "with the new phone, plate and company" "13700001111|蒙KT0004|$A" \
	"$(sql "$DB" "SELECT d.phone, d.plate, c.credit_code FROM taxi_drivers d JOIN taxi_companies c ON c.id = d.company_id WHERE d.certificate_no = '150602199005122349'")"

check_eq "each file's import audited (taxi.import), with its counts" "8" \
	"$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'taxi.import'")"
check_grep "the audit entry names the kind and the quarantined" '"quarantined":4' \
	"$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'taxi.import' AND object = 'drivers.csv' LIMIT 1" >audit.txt; echo audit.txt)"
check "the audit chain holds" "$SUNROAD" audit verify --db "$DB"

"$SUNROAD" taxi import --db "$DB" buses x.csv >/dev/null 2>u.err
check_eq "an unknown kind is a usage error" "2" "$?"
done_testing
