#!/bin/sh
# sunroad gen cases: on an imported demo year, a case for every admissible
# over-limit detection (screened first), on-site cases, cases in hand at
# every state of the procedure, and the year's file review; every act
# goes through the API's own checks and the audit log. The same seed on
# the same year gives the same cases; a database with cases is refused.
. "$TOP/tests/cli/lib.sh"

# sql DB QUERY: one value or rows, from either backend.
sql() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -At -F '|' "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}

"$SUNROAD" gen --count 100000 --seed 3 --out year >/dev/null 2>gen.err
check_eq "a small year generated" "" "$(cat gen.err)"

# demo NAME: a fresh database with the year imported and its cases made.
demo() {
	db=$(fresh_db "$1")
	"$SUNROAD" units import --db "$db" year/units.csv >/dev/null &&
		"$SUNROAD" sites import --db "$db" year/sites.csv >/dev/null &&
		"$SUNROAD" ingest --db "$db" --photos year/photos year/detections.csv >/dev/null &&
		"$SUNROAD" unloads import --db "$db" year/unloads.csv >/dev/null &&
		"$SUNROAD" gen cases --db "$db" --year 2023 --seed 5 >"$1.out" 2>"$1.err"
	echo "$db"
}

DB=$(demo first)
check_eq "gen cases says nothing on stderr" "" "$(cat first.err)"
check_grep "and counts what it made" "^[0-9]* cases opened ([0-9]* from detections), [0-9]* acts, [0-9]* files reviewed$" first.out

admissible=$(sql "$DB" "SELECT count(*) FROM detections WHERE overlimit = 1 AND admissible = 1")
check_eq "every admissible over-limit detection confirmed by screening" "$admissible" \
	"$(sql "$DB" "SELECT count(*) FROM screening WHERE decision = 'confirmed'")"
check_eq "and a case for each, once" "$admissible|$admissible" \
	"$(sql "$DB" "SELECT count(*), count(DISTINCT detection_id) FROM cases WHERE detection_id IS NOT NULL")"
check_eq "the warnings by the summary procedure" \
	"$(sql "$DB" "SELECT count(*) FROM detections WHERE overlimit = 1 AND admissible = 1 AND fine_fen = 0")" \
	"$(sql "$DB" "SELECT count(*) FROM cases c JOIN detections d ON d.id = c.detection_id WHERE c.procedure = 'summary'")"
check_eq "on-site cases besides" "yes" \
	"$(sql "$DB" "SELECT CASE WHEN count(*) > 100 THEN 'yes' ELSE 'no' END FROM cases WHERE detection_id IS NULL")"
check_eq "every state of the procedure shows" \
	"closed decided demanded enforced heard hearing_requested notified opened paid referred served waived" \
	"$(sql "$DB" "SELECT DISTINCT state FROM cases ORDER BY state" | tr '\n' ' ' | sed 's/ $//')"
check_eq "every case opened by a chief, with two officers who have accounts" "0" \
	"$(sql "$DB" "SELECT count(*) FROM cases WHERE approved_by NOT LIKE 'chief-%' OR officers NOT LIKE '%badge%badge%'")"
check_eq "the numbers run without a gap" "yes" \
	"$(sql "$DB" "SELECT CASE WHEN max(seq) = count(*) THEN 'yes' ELSE 'no' END FROM cases WHERE year = 2023")"
check_eq "some acts late, as in life (a service or a 抄告)" "yes" \
	"$(sql "$DB" "SELECT CASE WHEN count(*) > 0 THEN 'yes' ELSE 'no' END FROM case_events WHERE sets LIKE '%\"late\":true%'")"
check_eq "some payments with their late fine" "yes" \
	"$(sql "$DB" "SELECT CASE WHEN count(*) > 0 THEN 'yes' ELSE 'no' END FROM case_events WHERE type = 'pay' AND sets LIKE '%late_fine_fen\":%' AND sets NOT LIKE '%late_fine_fen\":0%'")"
check_eq "every act audited" "$(sql "$DB" "SELECT count(*) FROM case_events")" \
	"$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action LIKE 'case.%' AND action <> 'case.open'")"
check "and the audit chain intact" "$SUNROAD" audit verify --db "$DB"

# The year's closed files are fewer than 544 in a small year: all reviewed.
closed=$(sql "$DB" "SELECT count(*) FROM cases WHERE state = 'closed' AND opened_on BETWEEN 20230101 AND 20231231")
check_eq "the year's closed files reviewed (up to 544)" "$closed" \
	"$(sql "$DB" "SELECT count(*) FROM reviews WHERE state = 'finished'")"
check_eq "each with a grade" "0" "$(sql "$DB" "SELECT count(*) FROM reviews WHERE grade IS NULL OR grade = ''")"
check_eq "no item left unscored" "0" "$(sql "$DB" "SELECT count(*) FROM review_items WHERE result = 'unknown'")"
check_eq "and findings for the deductions" "yes" \
	"$(sql "$DB" "SELECT CASE WHEN count(*) > 0 THEN 'yes' ELSE 'no' END FROM review_findings")"

"$SUNROAD" gen cases --db "$DB" --year 2023 --seed 5 >again.out 2>again.err
check_eq "a second run is refused" "1" "$?"
check_grep "saying why" "has [0-9]* cases already" again.err

# The same seed, another database: the same cases.
OTHER=$(demo second)
q="SELECT number, state, proposed_fine_fen, next_due, party FROM cases ORDER BY number"
sql "$DB" "$q" >first.cases
sql "$OTHER" "$q" >second.cases
check_eq "the same seed gives the same cases" "" "$(cmp first.cases second.cases 2>&1)"
check_eq "(and there are some)" "$(sql "$DB" "SELECT count(*) FROM cases")" "$(wc -l <second.cases | tr -d ' ')"
done_testing
