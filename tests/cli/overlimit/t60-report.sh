# The over-limit report computes from the database: its figures agree with
# the verdicts judge prints for the same file and with the unloading file,
# and its three formats say the same thing.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db r)

"$SUNROAD" gen --count 40000 --seed 7 --out g >/dev/null
check_eq "gen exits 0" 0 $?
"$SUNROAD" units import --db "$DB" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$DB" g/sites.csv >/dev/null
"$SUNROAD" ingest --db "$DB" --photos g/photos g/detections.csv >/dev/null
"$SUNROAD" unloads import --db "$DB" g/unloads.csv >/dev/null
"$SUNROAD" judge --sites g/sites.csv g/detections.csv >verdicts.csv

"$SUNROAD" report overlimit --db "$DB" --from 2023-01-01 --to 2023-12-31 --format json >r.json
check_eq "report exits 0" 0 $?
overlimit=$(grep -c ',overlimit,' verdicts.csv)
ton100=$(awk -F, 'NR > 1 && $7 == 1' verdicts.csv | wc -l)
unloaded=$(awk -F, 'NR > 1 { s += $3 } END { print s + 0 }' g/unloads.csv)
check_eq "detections = records" 40000 "$(json_field detections <r.json)"
check_eq "overlimit = judge's overlimit rows" "$overlimit" "$(json_field overlimit <r.json)"
check_eq "ton100 = judge's ton100 rows" "$ton100" "$(json_field ton100 <r.json)"
check_eq "unloaded_kg = the unloading file's sum" "$unloaded" "$(json_field unloaded_kg <r.json)"
check_grep "by_site lists the sites" '"by_site":\[{"site":"R01"' r.json
check_eq "by_month has 12 months" 12 "$(grep -o '"month":' r.json | wc -l)"
# The months add up to the year.
sum=$(grep -o '"month":"[0-9-]*","detections":[0-9]*' r.json | awk -F: '{ s += $NF } END { print s }')
check_eq "the months add up" 40000 "$sum"

"$SUNROAD" report overlimit --db "$DB" --from 2023-01-01 --to 2023-12-31 --format text >r.txt
tonnes=$(awk -v kg="$unloaded" 'BEGIN { printf "%.2f", kg / 1000 }')
check_grep "the Chinese paragraph" "^2023年,全市共检测货车40000台,查处超限运输车辆${overlimit}台(其中百吨王${ton100}辆),卸载货物${tonnes}吨,超限率" r.txt

"$SUNROAD" report overlimit --db "$DB" --from 2023-01-01 --to 2023-12-31 --format csv >r.csv
check_eq "CSV starts with a UTF-8 BOM" "efbbbf" "$(head -c 3 r.csv | od -An -tx1 | tr -d ' \n')"
check_eq "CSV: 37 sites + 12 months + total + header" 51 "$(wc -l <r.csv)"
check_grep "CSV total row" "^合计,,2023年,40000,${overlimit},${ton100},${tonnes}," r.csv

"$SUNROAD" report overlimit --db "$DB" --from 2023-03-01 --to 2023-03-31 --format json >m.json
march=$(grep -o '"month":"2023-03","detections":[0-9]*' r.json | cut -d: -f3)
check_eq "a one-month period counts that month" "$march" "$(json_field detections <m.json)"
"$SUNROAD" report overlimit --db "$DB" --from 2023-03-31 --to 2023-03-01 --format json >/dev/null 2>err
check_eq "a reversed period is refused" 1 $?
done_testing
