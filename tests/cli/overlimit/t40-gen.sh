#!/bin/sh
# no database: runs once, not once per backend
# sunroad gen writes a demo year whose annual figures, judged by sunroad's
# own rules, are those of the 2023 report; the same seed gives the same
# bytes and another seed another year.
. "$TOP/tests/cli/lib.sh"

# The sanitizer run (SUNROAD_TEST_QUICK=1) judges a smaller year and expects
# proportionally smaller figures, with more room for rounding.
if [ "${SUNROAD_TEST_QUICK:-0}" = 1 ]; then
	count=200000
	tolerance=10
	check "gen writes a smaller year into a new directory" "$SUNROAD" gen --count $count --out out/year
else
	count=1235735
	tolerance=5
	check "gen writes the default year into a new directory" "$SUNROAD" gen --out out/year
fi

# scaled FIGURE: the 2023 figure for a year of $count detections.
scaled() {
	awk -v f="$1" -v c="$count" 'BEGIN { printf "%.2f", f * c / 1235735 }'
}

check_eq "sites.csv has the registry header" \
	"code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to,unit" \
	"$(head -n 1 out/year/sites.csv)"
check_eq "detections.csv has the detection header" \
	"site,seq,passed_at,plate,plate_color,kind,axles,gross_kg,axle_kg,single_drive,single_tire_axles,length_mm,width_mm,height_mm,speed_kmh,lane" \
	"$(head -n 1 out/year/detections.csv)"
check_eq "unloads.csv has the unloading header" "site,seq,unloaded_kg,unloaded_at,badge" \
	"$(head -n 1 out/year/unloads.csv)"
check_eq "24 remote sites and 13 stations" "24 13" \
	"$(awk -F, 'NR > 1 { n[$3]++ } END { print n["remote"] + 0, n["station"] + 0 }' out/year/sites.csv)"
check_eq "the year has exactly the detections asked for" "$count" \
	"$(awk 'END { print NR - 1 }' out/year/detections.csv)"

"$SUNROAD" judge --sites out/year/sites.csv out/year/detections.csv >verdicts.csv 2>judge.err
check_eq "judge finds every generated record valid" "" "$(head -c 400 judge.err)"

# One pass over each detection beside its verdict (judge keeps the order).
paste -d, out/year/detections.csv verdicts.csv >joined.csv
awk -F, '
	NR == 1 { next }
	$1 != $17 || $2 != $18 { misaligned++ }
	$2 <= last[$1] { unordered++ }
	{ last[$1] = $2 }
	$3 < previous { unordered_time++ }
	{ previous = $3 }
	$24 == "overlimit" { overlimit++ }
	$23 == 1 { ton100++ }
	$4 == "" { unread++; if ($27 != 0) unread_admissible++ }
	$4 != "" && $27 == 0 { lapsed++ }
	END {
		printf "misaligned=%d unordered=%d unordered_time=%d overlimit=%d ton100=%d", misaligned, unordered, unordered_time, overlimit, ton100
		printf " unread=%d unread_admissible=%d lapsed=%d\n", unread, unread_admissible, lapsed
	}' joined.csv >figures
. ./figures
check_eq "each verdict lines up with its detection" 0 "$misaligned"
check_eq "seq rises strictly at every site" 0 "$unordered"
check_eq "records are in time order" 0 "$unordered_time"
check_within "over-limit vehicles" "$(scaled 1081)" $tolerance "$overlimit"
check_within "100-tonne trucks" "$(scaled 300)" $tolerance "$ton100"
check "the over-limit rate is under 0.12 %" awk -v o="$overlimit" -v c="$count" 'BEGIN { exit !(o / c * 100 < 0.12) }'
check "some plates were not read" test "$unread" -gt 0
check_eq "an unread plate is never admissible" 0 "$unread_admissible"
check "some records fall after a certificate lapsed" test "$lapsed" -gt 0

tonnes=$(awk -F, 'NR > 1 { kg += $3 } END { printf "%.2f", kg / 1000 }' out/year/unloads.csv)
check_within "tonnes unloaded" "$(scaled 38011.96)" $tolerance "$tonnes"
check_eq "every unloading follows an over-limit detection, later, and removes at most its gross" 0 "$(awk -F, '
	NR == FNR { if ($24 == "overlimit") { gross[$1 "," $2] = $8; at[$1 "," $2] = $3 }; next }
	FNR > 1 && (!(($1 "," $2) in gross) || $3 <= 0 || $3 > gross[$1 "," $2] || $4 <= at[$1 "," $2]) { bad++ }
	END { print bad + 0 }' joined.csv out/year/unloads.csv)"

"$SUNROAD" gen --count 20000 --out a
"$SUNROAD" gen --count 20000 --out b
"$SUNROAD" gen --count 20000 --seed 2 --out c
for f in sites detections unloads; do
	check "the same seed writes the same $f.csv" cmp -s a/$f.csv b/$f.csv
done
check "another seed writes other detections" sh -c '! cmp -s a/detections.csv c/detections.csv'
check "another seed writes other unloadings" sh -c '! cmp -s a/unloads.csv c/unloads.csv'

done_testing
