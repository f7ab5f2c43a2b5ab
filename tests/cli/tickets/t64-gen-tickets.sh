#!/bin/sh
# sunroad gen tickets: the demo year's 2,585 complaint tickets on the 137
# clock, every act through the desk's own checks and the audit log: most
# closed on time, some late, a few merged across the hotlines or reopened
# by an unsatisfied caller, a handful in hand today; a database with
# tickets is refused.
. "$TOP/tests/cli/lib.sh"

sql() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -At -F '|' "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}

"$SUNROAD" gen --count 2000 --seed 3 --out year >/dev/null 2>gen.err
DB=$(fresh_db tickets_gen)
"$SUNROAD" units import --db "$DB" year/units.csv >/dev/null
"$SUNROAD" gen tickets --db "$DB" --year 2023 --seed 5 >gen.out 2>gen.err
check_eq "gen tickets says nothing on stderr" "" "$(cat gen.err)"
check_grep "and counts what it made" "^[0-9]* tickets received ([0-9]* in hand), [0-9]* acts, [0-9]* merged, [0-9]* reopened, [0-9]* closed late$" gen.out

y0=$(awk 'BEGIN { print (19358 * 86400) - 8 * 3600 }') # 2023-01-01T00:00+08:00
y1=$(awk 'BEGIN { print (19723 * 86400) - 8 * 3600 }') # 2024-01-01T00:00+08:00
check_eq "the year's 2,585 tickets" 2585 "$(sql "$DB" "SELECT count(*) FROM tickets WHERE received_at >= $y0 AND received_at < $y1")"
check_eq "every one of them closed, or merged into one that was" 0 \
	"$(sql "$DB" "SELECT count(*) FROM tickets WHERE received_at >= $y0 AND received_at < $y1 AND state NOT IN ('closed', 'merged')")"
check_eq "the merged ones point at their ticket, which lists them" 0 \
	"$(sql "$DB" "SELECT count(*) FROM tickets t WHERE t.state = 'merged' AND NOT EXISTS (SELECT 1 FROM tickets m WHERE m.id = t.merged_into AND m.sources LIKE '%' || t.number || '%')")"
# A day's deadline is met by the end of that day (UTC+8): closed_at's local day against close_due.
late=$(sql "$DB" "SELECT count(*) FROM tickets WHERE state = 'closed' AND received_at < $y1 AND CAST(strftime('%Y%m%d', closed_at + 28800, 'unixepoch') AS INTEGER) > close_due" 2>/dev/null ||
	sql "$DB" "SELECT count(*) FROM tickets WHERE state = 'closed' AND received_at < $y1 AND CAST(to_char(to_timestamp(closed_at + 28800) AT TIME ZONE 'UTC', 'YYYYMMDD') AS INTEGER) > close_due")
closed=$(sql "$DB" "SELECT count(*) FROM tickets WHERE state = 'closed' AND received_at < $y1")
check_eq "most closed on time (over 90 %), some late" "yes" "$(awk -v l="$late" -v c="$closed" 'BEGIN { print (l > 0 && l < c / 10) ? "yes" : "no" }')"
check_eq "some merged, some reopened, some returned" "yes yes yes" \
	"$(sql "$DB" "SELECT CASE WHEN count(*) > 10 THEN 'yes' ELSE 'no' END FROM tickets WHERE state = 'merged'") $(sql "$DB" "SELECT CASE WHEN count(*) > 5 THEN 'yes' ELSE 'no' END FROM ticket_events WHERE type = 'reopen'") $(sql "$DB" "SELECT CASE WHEN count(*) > 5 THEN 'yes' ELSE 'no' END FROM ticket_events WHERE type = 'return'")"
check_eq "the callbacks' satisfaction mostly content" "yes" \
	"$(sql "$DB" "SELECT CASE WHEN avg(satisfaction) > 4 THEN 'yes' ELSE 'no' END FROM tickets WHERE state = 'closed'")"
check_eq "some in hand today" "yes" \
	"$(sql "$DB" "SELECT CASE WHEN count(*) > 0 THEN 'yes' ELSE 'no' END FROM tickets WHERE state NOT IN ('closed', 'merged')")"
# (A merge is audited once, on the ticket merged; the absorbing one records it too.)
check_eq "every act audited" "$(sql "$DB" "SELECT count(*) FROM ticket_events WHERE type <> 'absorb'")" \
	"$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action LIKE 'ticket.%' AND action <> 'ticket.receive'")"
check "and the audit chain intact" "$SUNROAD" audit verify --db "$DB"
"$SUNROAD" gen tickets --db "$DB" --year 2023 --seed 5 >again.out 2>again.err
check_eq "a second run is refused" "1" "$?"
check_grep "saying why" "has [0-9]* tickets already" again.err
done_testing
