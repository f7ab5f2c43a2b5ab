#!/bin/sh
# no database: runs once, not once per backend
# sunroad gen writes a demo year whose annual figures, judged by sunroad's
# own rules, are those of the 2023 report; the same seed gives the same
# bytes and another seed another year. Every over-limit record, and a few
# others, come with their photos: PNGs named by their SHA-256.
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
	"site,seq,passed_at,plate,plate_color,kind,axles,gross_kg,axle_kg,single_drive,single_tire_axles,length_mm,width_mm,height_mm,speed_kmh,lane,photos" \
	"$(head -n 1 out/year/detections.csv)"
check_eq "unloads.csv has the unloading header" "site,seq,unloaded_kg,unloaded_at,badge" \
	"$(head -n 1 out/year/unloads.csv)"
check_eq "24 remote sites and 13 stations" "24 13" \
	"$(awk -F, 'NR > 1 { n[$3]++ } END { print n["remote"] + 0, n["station"] + 0 }' out/year/sites.csv)"
check_eq "the year has exactly the detections asked for" "$count" \
	"$(awk 'END { print NR - 1 }' out/year/detections.csv)"

"$SUNROAD" judge --sites out/year/sites.csv out/year/detections.csv >verdicts.csv 2>judge.err
check_eq "judge finds every generated record valid" "" "$(head -c 400 judge.err)"

# One pass over each detection beside its verdict (judge keeps the order):
# the detection's 17 columns, then the verdict's from $18.
paste -d, out/year/detections.csv verdicts.csv >joined.csv
awk -F, '
	NR == 1 { next }
	$1 != $18 || $2 != $19 { misaligned++ }
	$2 <= last[$1] { unordered++ }
	{ last[$1] = $2 }
	$3 < previous { unordered_time++ }
	{ previous = $3 }
	$25 == "overlimit" { overlimit++; if ($17 !~ /^front:[0-9a-f]+;side:[0-9a-f]+;plate:[0-9a-f]+$/ || length($17) != 211) unphotographed++ }
	$25 != "overlimit" && $17 != "" { sampled++ }
	$24 == 1 { ton100++ }
	$4 == "" { unread++; if ($28 != 0) unread_admissible++ }
	$4 != "" && $28 == 0 { lapsed++ }
	END {
		printf "misaligned=%d unordered=%d unordered_time=%d overlimit=%d ton100=%d", misaligned, unordered, unordered_time, overlimit, ton100
		printf " unread=%d unread_admissible=%d lapsed=%d unphotographed=%d sampled=%d\n", unread, unread_admissible, lapsed, unphotographed, sampled
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
check_eq "every over-limit record has its front, side and plate photos" 0 "$unphotographed"
check "a few records within the limits have photos too" test "$sampled" -gt 0 -a "$sampled" -lt $((count / 2000))

tonnes=$(awk -F, 'NR > 1 { kg += $3 } END { printf "%.2f", kg / 1000 }' out/year/unloads.csv)
check_within "tonnes unloaded" "$(scaled 38011.96)" $tolerance "$tonnes"
check_eq "every unloading follows an over-limit detection, later, and removes at most its gross" 0 "$(awk -F, '
	NR == FNR { if ($25 == "overlimit") { gross[$1 "," $2] = $8; at[$1 "," $2] = $3 }; next }
	FNR > 1 && (!(($1 "," $2) in gross) || $3 <= 0 || $3 > gross[$1 "," $2] || $4 <= at[$1 "," $2]) { bad++ }
	END { print bad + 0 }' joined.csv out/year/unloads.csv)"

"$SUNROAD" gen --count 20000 --out a
"$SUNROAD" gen --count 20000 --out b
"$SUNROAD" gen --count 20000 --seed 2 --out c
for f in sites detections unloads; do
	check "the same seed writes the same $f.csv" cmp -s a/$f.csv b/$f.csv
done
check "and the same photos" diff -r a/photos b/photos

# The photos: each named in detections.csv is in photos/, is a PNG by its
# first bytes, and hashes to its name; photos/ holds nothing else.
tr ',;' '\n\n' <a/detections.csv | sed -n 's/^\(front\|side\|plate\)://p' | sort -u >named
ls a/photos | sort >files
check "the small year has photos" test "$(wc -l <files)" -gt 10
check_eq "photos/ holds exactly the photos the records name" "" "$(diff named files)"
check_eq "each photo is a PNG" "$(wc -l <files | tr -d ' ')" \
	"$(for f in $(cat files); do head -c 8 "a/photos/$f" | od -An -tx1 | tr -d ' \n'; echo; done | grep -c '^89504e470d0a1a0a$')"
check_eq "each photo's SHA-256 is its name" "" "$(cd a/photos && sha256sum * | awk '$1 != $2')"

check "another seed writes other detections" sh -c '! cmp -s a/detections.csv c/detections.csv'
check "another seed writes other unloadings" sh -c '! cmp -s a/unloads.csv c/unloads.csv'

done_testing
