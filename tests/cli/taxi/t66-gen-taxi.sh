#!/bin/sh
# sunroad gen taxi: the demo city's taxi fleet through `taxi import` (no
# row quarantined: every generated number has its right check character),
# training for every driver, manual deductions (one driver down to 0),
# the same fleet for the same seed, and a database with a registry refused.
. "$TOP/tests/cli/lib.sh"

sql() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -At -F '|' "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}

DB=$(fresh_db gen1)
"$SUNROAD" gen taxi --db "$DB" --seed 3 >gen.out 2>gen.err
check_eq "gen taxi says nothing on stderr" "" "$(cat gen.err)"
check_grep "the companies imported, none quarantined" "^companies: 8 read, 8 imported (0 of them updated), 0 duplicates, 0 quarantined$" gen.out
check_grep "the vehicles" "^vehicles: 1200 read, 1200 imported (0 of them updated), 0 duplicates, 0 quarantined$" gen.out
check_grep "the drivers" "^drivers: 1500 read, 1500 imported (0 of them updated), 0 duplicates, 0 quarantined$" gen.out
check_grep "the training (a day and topic drawn twice for a driver: a duplicate), none quarantined" "^training: [0-9]* read, [0-9]* imported (0 of them updated), [0-9]* duplicates, 0 quarantined$" gen.out
check_eq "every driver has training" "0" \
	"$(sql "$DB" "SELECT count(*) FROM taxi_drivers d WHERE NOT EXISTS (SELECT 1 FROM taxi_training t WHERE t.driver_id = d.id)")"
check_eq "every vehicle has a driver" "0" \
	"$(sql "$DB" "SELECT count(*) FROM taxi_vehicles v WHERE NOT EXISTS (SELECT 1 FROM taxi_drivers d WHERE d.plate = v.plate)")"
made=$(sed -n 's/^\([0-9]*\) manual deductions recorded$/\1/p' gen.out)
check_eq "the manual deductions counted" "$made" "$(sql "$DB" "SELECT count(*) FROM taxi_deductions")"
check_eq "the first of them lost all 20 points" "yes" \
	"$(sql "$DB" "SELECT CASE WHEN sum(points) >= 20 THEN 'yes' ELSE 'no' END FROM taxi_deductions WHERE driver_id = (SELECT min(driver_id) FROM taxi_deductions)")"
check_eq "each deduction's driver another" "36" "$(sql "$DB" "SELECT count(DISTINCT driver_id) FROM taxi_deductions")"
check_eq "each deduction audited" "$made" "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'taxi.deduct'")"
check "the audit chain holds" "$SUNROAD" audit verify --db "$DB"

"$SUNROAD" gen taxi --db "$DB" --seed 3 >/dev/null 2>again.err
check_eq "a database with a taxi registry is refused" "1" "$?"
check_grep "and says why" "has a taxi registry already" again.err

DB2=$(fresh_db gen2)
"$SUNROAD" gen taxi --db "$DB2" --seed 3 >/dev/null 2>&1
check_eq "the same seed, the same fleet" \
	"$(sql "$DB" "SELECT certificate_no, name, plate, valid_from FROM taxi_drivers ORDER BY certificate_no" | cksum)" \
	"$(sql "$DB2" "SELECT certificate_no, name, plate, valid_from FROM taxi_drivers ORDER BY certificate_no" | cksum)"
done_testing
