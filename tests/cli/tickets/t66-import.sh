#!/bin/sh
# sunroad tickets import: the hotline platforms' exports through a saved
# mapping. A messy 12345 export (GBK, a title row, two header rows with a
# merged one, blank lines, CRLF, a quoted field over two lines, a bad
# phone, an unknown category, a time in the future, a time that is none, a
# row without its number, a duplicate row) and a 12328 XLSX (a merged
# title, a header merged down, Excel serial times, a number as the phone):
# every row is a ticket, a duplicate or a quarantine row with its stable
# reason; importing again adds nothing. Then the desk closes two tickets
# (one with another merged into it) and the answers go back as CSV, XLSX
# and over HTTP.
. "$TOP/tests/cli/lib.sh"

sql() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -At -F '|' "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}

DB=$(fresh_db tickets_import)
"$SUNROAD" init --db "$DB" >/dev/null 2>&1

check "the 12345 mapping is saved" "$SUNROAD" tickets mapping --db "$DB" save 12345 "$TOP/docs/tickets-mappings/12345.json"
check "the 12328 mapping is saved" "$SUNROAD" tickets mapping --db "$DB" save 12328 "$TOP/docs/tickets-mappings/12328.json"
"$SUNROAD" tickets mapping --db "$DB" list >maps.out
check_grep "the list shows a mapping's channel and columns" "^12345	12345	工单编号=source_no,来电时间=received_at" maps.out
printf '{"channel":"99999","columns":[]}' >bad-map.json
"$SUNROAD" tickets mapping --db "$DB" save bad bad-map.json >/dev/null 2>bad-map.err
check_eq "a mapping of an unknown channel is refused" 1 $?
check_grep "naming the channel" "channel '99999' is not a channel" bad-map.err

# The 12345 export, written as UTF-8 here and converted to GBK, CRLF.
# Rows (file lines): 4 good, 6 bad phone, 7 unknown category, 8 in the
# future, 9 a duplicate of 4, 10 no time, 11-12 good (two lines), 13 no
# number, 14 good through the mapping's words.
cat >export.txt <<'CSV'
12345热线工单导出（2023年3月）,,,,,,,,,
序号,工单编号,来电信息,,,诉求信息,,,,
,,来电时间,来电人,联系电话,诉求类型,问题分类,诉求内容,车牌号,发生地点
1,GD2023030101,2023-03-01 08:15:30,张先生,13912345678,投诉,拒载,火车站打车司机拒载,蒙K12345,东胜区火车站

2,GD2023030102,2023-03-01 09:00:00,李女士,1391234,投诉,拒载,司机拒载,蒙K12346,东胜区
3,GD2023030103,2023-03-02 10:00:00,王先生,13812345678,投诉,乱收费,司机多收钱,蒙K12347,康巴什区
4,GD2023030104,2099-03-02 10:00:00,刘先生,13812345679,投诉,绕道,司机绕道,蒙K12348,康巴什区
5,GD2023030101,2023-03-01 08:15:30,张先生,13912345678,投诉,拒载,火车站打车司机拒载,蒙K12345,东胜区火车站
6,GD2023030105,昨天上午,孙女士,13812345670,投诉,绕道,司机绕道,蒙K12349,东胜区
7,GD2023030106,2023-03-03 11:00:00,钱先生,13812345671,投诉,服务态度,"司机态度恶劣,
还骂人",蒙K12350,伊金霍洛旗
8,,2023-03-03 12:00:00,周先生,13812345672,投诉,拒载,司机拒载,,
9,GD2023030107,2023-03-04 12:00:00,赵先生,,咨询,出租车议价,司机要求一口价,蒙K12351,
CSV
sed 's/$/\r/' export.txt | iconv -f UTF-8 -t GBK >export.csv
check "the fixture is not UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 export.csv >/dev/null 2>&1'
"$SUNROAD" tickets import --db "$DB" --mapping 12345 export.csv >imp.out 2>imp.err
check_eq "the import succeeds" 0 $?
check_eq "rows, header row, encoding and counts" \
	"export.csv: 9 rows (header on row 3, GB18030): 3 imported, 1 duplicates, 5 quarantined" "$(cat imp.out)"
check_grep "and says where the quarantined rows are" "tickets quarantine list" imp.err
check_eq "the tickets, their source numbers and categories" \
	"GD2023030101|taxi_refuse|12345|import:12345
GD2023030106|taxi_attitude|12345|import:12345
GD2023030107|taxi_bargain|12345|import:12345" \
	"$(sql "$DB" "SELECT source_no, category, channel, created_by FROM tickets ORDER BY source_no")"
check_eq "the time read as local time" "1677629730" \
	"$(sql "$DB" "SELECT received_at FROM tickets WHERE source_no = 'GD2023030101'")"
check_eq "a quoted field keeps its line break, converted from GBK" "司机态度恶劣,
还骂人" "$(sql "$DB" "SELECT text FROM tickets WHERE source_no = 'GD2023030106'")"
check_eq "the mapping's default kind and words" "inquiry|蒙K12351" \
	"$(sql "$DB" "SELECT kind, plate FROM tickets WHERE source_no = 'GD2023030107'")"
check_eq "the quarantine: row number and stable reason of each" \
	"6|phone_format
7|code_unknown
8|date_in_future
10|bad_time
13|missing_column" \
	"$(sql "$DB" "SELECT row_no, reason FROM ticket_quarantine WHERE source = 'export.csv' ORDER BY row_no" | head -n 5)"
check_eq "every row accounted for: 3 tickets + 1 duplicate + 5 quarantined = 9 rows" 9 \
	"$(sql "$DB" "SELECT (SELECT count(*) FROM tickets) + 1 + (SELECT count(*) FROM ticket_quarantine WHERE source = 'export.csv')")"
"$SUNROAD" tickets quarantine --db "$DB" list >q.out
check_grep "the list shows the row's text in UTF-8" "^export.csv	7	12345	code_unknown	.*乱收费" q.out
check_grep "with the reason's arguments" 'bad_time	{"column":"来电时间","got":"昨天上午"' q.out
check_eq "the row as JSON by its headers" "乱收费" \
	"$(sql "$DB" "SELECT row_json FROM ticket_quarantine WHERE row_no = 7" | grep -o '"问题分类":"[^"]*"' | cut -d'"' -f4)"

"$SUNROAD" tickets import --db "$DB" --mapping 12345 export.csv >imp2.out 2>/dev/null
check_eq "importing again: the tickets are duplicates" \
	"export.csv: 9 rows (header on row 3, GB18030): 0 imported, 4 duplicates, 5 quarantined" "$(cat imp2.out)"
check_eq "and nothing is added" "3|5" \
	"$(sql "$DB" "SELECT (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_quarantine)")"

"$SUNROAD" tickets import --db "$DB" --mapping nope export.csv >/dev/null 2>nope.err
check_eq "an unknown mapping: exit 1" 1 $?
check_grep "naming it" "no mapping 'nope'" nope.err
printf 'a,b\r\n1,2\r\n' >other.csv
"$SUNROAD" tickets import --db "$DB" --mapping 12345 other.csv >/dev/null 2>other.err
check_eq "a file without the mapping's headers: exit 1" 1 $?
check_grep "saying which headers it lacks" "the nearest lacks 工单编号" other.err
"$SUNROAD" tickets import --db "$DB" --mapping 12345 missing.csv >/dev/null 2>&1
check_eq "a missing file: exit 1" 1 $?

# The 12328 XLSX.
python3 "$TOP/tests/data/tickets/make_xlsx.py" export.xlsx
"$SUNROAD" tickets import --db "$DB" --mapping 12328 export.xlsx >x.out 2>/dev/null
check_eq "the XLSX: rows, counts" \
	"export.xlsx: 4 rows (header on row 3, XLSX): 2 imported, 1 duplicates, 1 quarantined" "$(cat x.out)"
check_eq "an Excel serial time is local time; a number cell is a phone" "1678066200|13700001111|taxi_bargain" \
	"$(sql "$DB" "SELECT received_at, caller_phone, category FROM tickets WHERE source_no = 'JT2023030601'")"
check_eq "a text time in the 12328 format" "1678068300" \
	"$(sql "$DB" "SELECT received_at FROM tickets WHERE source_no = 'JT2023030602'")"
check_eq "entities decoded" "绕路 <多收> 钱" "$(sql "$DB" "SELECT text FROM tickets WHERE source_no = 'JT2023030602'")"
check_eq "the bad phone quarantined with the sheet's row number" "6|phone_format" \
	"$(sql "$DB" "SELECT row_no, reason FROM ticket_quarantine WHERE source = 'export.xlsx'")"

# The desk answers: GD2023030101 closed, GD2023030106 merged into it;
# JT2023030601 (12328) closed; GD2023030107 still open.
echo "Strong2026pass" | "$SUNROAD" users add --db "$DB" --login qian --name 钱主任 --role chief --unit HQ \
	--password-stdin >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SUNROAD" serve --db "$DB" --port "$port" >access.log 2>serve.err &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
api="http://127.0.0.1:$port/api/v1"
curl -s -c jar -o login.json -H 'Content-Type: application/json' -d '{"login":"qian","password":"Strong2026pass"}' \
	"$api/session"
csrf=$(json_field csrf <login.json)
act() {
	curl -s -b jar -o act.json -w '%{http_code}' -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
		-d "$2" "$api/tickets/$1/events"
}
id_of() { sql "$DB" "SELECT id FROM tickets WHERE source_no = '$1'"; }
A=$(id_of GD2023030101)
B=$(id_of GD2023030106)
C=$(id_of JT2023030601)
codes=""
codes="$codes $(act "$B" "{\"type\":\"merge\",\"into\":$A}")"
for t in "$A" "$C"; do
	codes="$codes $(act "$t" '{"type":"assign","unit":"HQ"}')"
	codes="$codes $(act "$t" '{"type":"contact"}')"
	codes="$codes $(act "$t" '{"type":"resolve","result":"已约谈驾驶员并责令改正"}')"
	codes="$codes $(act "$t" '{"type":"callback","satisfaction":4}')"
	codes="$codes $(act "$t" '{"type":"close","summary":"经核实属实已依法处理并答复来电人"}')"
done
check_eq "the desk's acts are taken" " 200 200 200 200 200 200 200 200 200 200 200" "$codes"
today=$(python3 -c 'import datetime; print((datetime.datetime.utcnow() + datetime.timedelta(hours=8)).date())')

"$SUNROAD" tickets answers --db "$DB" --channel 12345 --from "$today" --to "$today" --format csv --out a.csv >a.out
check_eq "the answers of 12345: the closed ticket and the one merged into it" "a.csv: 2 answers of channel 12345" \
	"$(cat a.out)"
check_eq "the CSV's header row" "工单编号,办理结果,办结答复,办结时间,满意度,满意度评价,系统工单号,答复工单号,承办单位" \
	"$(head -n 1 a.csv | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')"
check_eq "each source number with the result, summary and satisfaction" \
	"GD2023030101,已约谈驾驶员并责令改正,经核实属实已依法处理并答复来电人,4,满意|GD2023030106,已约谈驾驶员并责令改正,经核实属实已依法处理并答复来电人,4,满意" \
	"$(tail -n +2 a.csv | tr -d '\r' | cut -d, -f1-3,5-6 | paste -sd'|' -)"
check_grep "with the closed time" "GD2023030101,.*,$today [0-9][0-9]:[0-9][0-9]:[0-9][0-9],4" a.csv
"$SUNROAD" tickets answers --db "$DB" --channel 12328 --from "$today" --to "$today" --format xlsx --out a.xlsx >ax.out
check_eq "the answers of 12328 as XLSX" "a.xlsx: 1 answers of channel 12328" "$(cat ax.out)"
python3 -c 'import zipfile; z = zipfile.ZipFile("a.xlsx"); open("ax.xml", "wb").write(z.read("xl/worksheets/sheet1.xml"))'
check_grep "a workbook holding the source number and the summary" "JT2023030601.*经核实属实" ax.xml
"$SUNROAD" tickets answers --db "$DB" --channel 12345 --from 2020-01-01 --to 2020-01-31 --format csv --out none.csv >n.out
check_eq "a period without closings: the header alone" "none.csv: 0 answers of channel 12345|1" \
	"$(cat n.out)|$(wc -l <none.csv | tr -d ' ')"

code=$(curl -s -b jar -o h.csv -D h.head -w '%{http_code}' \
	"$api/tickets/answers?channel=12345&from=$today&to=$today&format=csv")
check_eq "GET /api/v1/tickets/answers: 200" 200 "$code"
check_eq "the same rows as the command line" "$(cat a.csv)" "$(cat h.csv)"
check_grep "as an attachment" "attachment; filename=\"answers_12345" h.head
code=$(curl -s -b jar -o bad.json -w '%{http_code}' "$api/tickets/answers?channel=99&from=$today&to=$today")
check_eq "an unknown channel: 422" 422 "$code"
kill -TERM $server
wait $server
check_eq "the server stops cleanly" 0 $?
done_testing
