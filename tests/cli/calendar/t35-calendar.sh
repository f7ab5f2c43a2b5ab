# sunroad calendar due: CSV from,kind,n in, from,kind,n,due,provisional out,
# one row per input row in order, counted on the official calendar; a day
# before the calendar or a malformed row exits 1 naming it and writes no
# row; an agency's own holidays.json is used with --rules DIR. And
# sunroad calendar show lists a year's holidays and make-up working days.
# no database
. "$TOP/tests/cli/lib.sh"

cat >in.csv <<'CSV'
from,kind,n
2025-01-24,working,3
2025-01-24,calendar,15
2025-09-30,working,2
2024-09-16,calendar,15
2025-01-24,working,3
2026-12-28,working,5
2004-01-01,calendar,1
 2025-10-01 , working , 1
2025-03-07,calendar,1
CSV
# 2025-01-24 is a Friday: Sunday the 26th is a make-up working day (1),
# Monday the 27th (2), Spring Festival is the 28th to 4 February, so the
# third working day is Wednesday the 5th. 15 calendar days end on Saturday
# 8 February, itself a make-up working day. National Day and Mid-Autumn
# 2025 run from 1 to 8 October. 15 days from 2024-09-16 end on 1 October,
# moved past National Day to the 8th. 2027 is not announced: provisional.
cat >want.csv <<'CSV'
from,kind,n,due,provisional
2025-01-24,working,3,2025-02-05,0
2025-01-24,calendar,15,2025-02-08,0
2025-09-30,working,2,2025-10-10,0
2024-09-16,calendar,15,2024-10-08,0
2025-01-24,working,3,2025-02-05,0
2026-12-28,working,5,2027-01-04,1
2004-01-01,calendar,1,2004-01-02,0
2025-10-01,working,1,2025-10-09,0
2025-03-07,calendar,1,2025-03-10,0
CSV
"$SUNROAD" calendar due in.csv >got.csv 2>err
check_eq "due exits 0" 0 $?
if cmp -s want.csv got.csv; then pass "due rows as expected, in order, one per input row"; else fail "due rows differ: $(diff want.csv got.csv | tr '\n' ' ')"; fi
check_eq "nothing on stderr" "" "$(cat err)"
check_eq "the header, columns in order" "from,kind,n,due,provisional" "$(head -n 1 got.csv)"

"$SUNROAD" calendar due - <in.csv >got-stdin.csv
if cmp -s want.csv got-stdin.csv; then pass "- reads standard input"; else fail "- differs"; fi
"$SUNROAD" calendar due <in.csv >got-stdin2.csv
if cmp -s want.csv got-stdin2.csv; then pass "no file reads standard input"; else fail "no file differs"; fi

# Saved by a spreadsheet: a byte-order mark and CRLF line ends.
printf '\357\273\277from,kind,n\r\n2025-01-24,working,3\r\n' | "$SUNROAD" calendar due >got-crlf.csv 2>err
check_eq "a BOM and CRLF are read" "$(printf 'from,kind,n,due,provisional\n2025-01-24,working,3,2025-02-05,0')" "$(cat got-crlf.csv)"

printf 'from,kind,n\n' | "$SUNROAD" calendar due >got-header.csv
check_eq "a header alone gives the header alone" "from,kind,n,due,provisional" "$(cat got-header.csv)"

# A day before the calendar: exit 1 naming the day and the range; no rows.
printf 'from,kind,n\n2025-01-24,working,3\n2003-12-31,working,5\n' >before.csv
"$SUNROAD" calendar due before.csv >got-before.csv 2>err
check_eq "a day before the calendar exits 1" 1 $?
check_grep "and names the line, the day and the calendar's range" \
	"before.csv: line 3: 2003-12-31 is before the holiday calendar, which covers 2004-01-01 to 20[0-9][0-9]-12-31" err
check_eq "and writes no row" 0 "$(wc -c <got-before.csv)"

# Malformed rows: each named with its line; exit 1; no rows.
cat >bad.csv <<'CSV'
from,kind,n
2025-01-24,working,3
2025-02-30,working,3
2025-01-24,work,3
2025-01-24,working,0
2025-01-24,calendar,x
2025-01-24,working
,working,3
2025-01-24,calendar,3661
CSV
"$SUNROAD" calendar due bad.csv >got-bad.csv 2>err
check_eq "malformed rows exit 1" 1 $?
check_eq "and write no row" 0 "$(wc -c <got-bad.csv)"
check_grep "a bad date is named with its line" "bad.csv: line 3: from '2025-02-30' is not a date YYYY-MM-DD" err
check_grep "a bad kind" "bad.csv: line 4: kind 'work' must be working or calendar" err
check_grep "n zero" "bad.csv: line 5: n '0' must be a whole number from 1 to 3660" err
check_grep "n not a number" "bad.csv: line 6: n 'x' must be a whole number" err
check_grep "a short row" "bad.csv: line 7: the row has 2 fields but the header has 3" err
check_grep "an empty from" "bad.csv: line 8: from is empty" err
check_grep "n too large" "bad.csv: line 9: n '3661'" err
check_eq "one message a bad row" 7 "$(wc -l <err)"

printf 'date,kind,n\n2025-01-24,working,3\n' | "$SUNROAD" calendar due >/dev/null 2>err
check_eq "a wrong header exits 1" 1 $?
check_grep "and names the column" "unknown column 'date'" err
printf 'from,n\n2025-01-24,3\n' | "$SUNROAD" calendar due >/dev/null 2>err
check_eq "a missing column exits 1" 1 $?
check_grep "and names it" "lacks the required column 'kind'" err
: | "$SUNROAD" calendar due >/dev/null 2>err
check_eq "an empty input exits 1" 1 $?
check_grep "and asks for the header" "empty: the first line must be the header from,kind,n" err
"$SUNROAD" calendar due missing.csv >/dev/null 2>err
check_eq "a missing file exits 1" 1 $?
check_grep "and says so" "cannot open missing.csv" err
"$SUNROAD" calendar due in.csv in.csv >/dev/null 2>err
check_eq "two files is a usage error" 2 $?
check_grep "with the usage line" "usage: sunroad calendar due" err

# An agency's own calendar, with 2027 announced (元旦 1 to 3 January).
mkdir agency
cat >agency/holidays.json <<'JSON'
{
  "years": [
    { "year": 2026, "holidays": [], "workdays": [] },
    {
      "year": 2027,
      "source": "国办发明电〔2026〕N号",
      "holidays": [
        { "name": "元旦", "from": "2027-01-01", "to": "2027-01-03" }
      ],
      "workdays": []
    }
  ]
}
JSON
printf 'from,kind,n\n2026-12-28,working,5\n' | "$SUNROAD" calendar due --rules agency >got-agency.csv 2>err
check_eq "--rules DIR: the agency's year is counted, not provisional" \
	"$(printf 'from,kind,n,due,provisional\n2026-12-28,working,5,2027-01-05,0')" "$(cat got-agency.csv)"
printf 'from,kind,n\n2025-06-01,working,5\n' | "$SUNROAD" calendar due --rules agency >/dev/null 2>err
check_eq "--rules DIR: before its first year exits 1" 1 $?
check_grep "naming its range" "2025-06-01 is before the holiday calendar, which covers 2026-01-01 to 2027-12-31" err
printf 'from,kind,n\n2026-12-28,working,5\n' | SUNROAD_RULES=agency "$SUNROAD" calendar due >got-env.csv
check_eq "SUNROAD_RULES chooses it too" "2026-12-28,working,5,2027-01-05,0" "$(tail -n 1 got-env.csv)"

# A hand-added year with a mistake is refused, naming the line.
mkdir agency-bad
sed 's/"workdays": \[\]$/"workdays": [ { "name": "元旦", "date": "2027-01-04" } ]/' agency/holidays.json >agency-bad/holidays.json
printf 'from,kind,n\n2026-12-28,working,5\n' | "$SUNROAD" calendar due --rules agency-bad >got-agency-bad.csv 2>err
check_eq "a bad book exits 1" 1 $?
check_grep "naming the file, the line and the mistake" \
	"agency-bad/holidays.json: line 10: year 2027, workdays: 2027-01-04 is a Monday" err
check_eq "and writes no row" 0 "$(wc -c <got-agency-bad.csv)"
printf 'from,kind,n\n2026-12-28,working,5\n' | "$SUNROAD" calendar due --rules nowhere >/dev/null 2>err
check_eq "a directory without holidays.json exits 1" 1 $?
check_grep "and names the file" "nowhere/holidays.json" err

# calendar show
"$SUNROAD" calendar show --year 2025 >show.txt 2>err
check_eq "show exits 0" 0 $?
check_grep "show lists Spring Festival 2025" "^2025-01-28 Tue - 2025-02-04 Tue  *放假 holiday  春节, 8 天" show.txt
check_grep "and its make-up Sunday" "^2025-01-26 Sun  *上班 workday  春节" show.txt
check_grep "and the two holidays taken together" "2025-10-01 Wed - 2025-10-08 Wed  *放假 holiday  国庆节、中秋, 8 天" show.txt
check_grep "and the count of the year" "^2025: 248 working days, 117 rest days" show.txt
check_grep "and the source" "chinese-days" show.txt
check_eq "no day of another year" 0 "$(grep '^20[0-9][0-9]-' show.txt | grep -vc '^2025-')"
"$SUNROAD" calendar show --year 2018 | grep -q '^2018-12-29 Sat  *上班 workday  元旦' && pass "show 2018: the make-up Saturday before 元旦 2019" || fail "show 2018 lacks 2018-12-29"
"$SUNROAD" calendar show --year 2099 >/dev/null 2>err
check_eq "show of a year not in the calendar exits 1" 1 $?
check_grep "and says how to add it" "2099 is not in the holiday calendar, which covers 2004 to" err
"$SUNROAD" calendar show --rules agency --year 2027 >show-agency.txt
check_grep "show --rules DIR reads the agency's file" "^2027-01-01 Fri - 2027-01-03 Sun  *放假 holiday  元旦, 3 天" show-agency.txt
check_grep "and says so" "agency/holidays.json" show-agency.txt
done_testing
