# A database made by sunroad 0.1.0 (tests/data/upgrade/: the SQLite file,
# and on PostgreSQL the dump of the same commands run there) upgrades in
# place with nothing lost: every module's migrations are recorded per
# module, and what 0.1.0 printed for the database is what this release
# prints.
. "$TOP/tests/cli/lib.sh"
OLD="$TOP/tests/data/upgrade"
DB=$(fresh_db upgrade)
if [ -n "${SUNROAD_TEST_PG:-}" ]; then
	gzip -dc "$OLD/v0.1.0.postgres.sql.gz" | psql -q -v ON_ERROR_STOP=1 "$DB" >/dev/null
else
	cp "$OLD/v0.1.0.db" "$DB"
fi
# sql SQLITE_SQL [POSTGRES_SQL]: a query's rows, "|" between columns.
sql() {
	case "$DB" in
	postgres*) psql -Atq "$DB" -c "${2:-$1}" ;;
	*) sqlite3 "$DB" "$1" ;;
	esac
}

"$SUNROAD" init --db "$DB" >init.out 2>init.err
check_eq "init upgrades a 0.1.0 database" 0 $?
check_grep "and names each module's schema" ": schema base [0-9]*, people [0-9]*, overlimit [0-9]*" init.out
check_eq "the 0.1.0 record of global versions is gone" "" \
	"$(sql "SELECT name FROM sqlite_master WHERE name = 'schema_version_legacy'" "SELECT to_regclass('schema_version_legacy')")"
# (Modules 0.1.0 did not have start from their own first migration; people's
# third, the certificates, came after it.)
check_eq "what 0.1.0 applied is recorded under its modules, once" \
	"base|1 2 3 overlimit|1 2 3 people|1 2" \
	"$(sql "SELECT module, group_concat(version, ' ') FROM (SELECT * FROM schema_version WHERE module IN ('base', 'overlimit', 'people') AND version <= CASE WHEN module = 'people' THEN 2 ELSE 3 END ORDER BY module, version) GROUP BY module ORDER BY module" \
		"SELECT module, string_agg(version::text, ' ' ORDER BY version) FROM schema_version WHERE module IN ('base', 'overlimit', 'people') AND version <= CASE WHEN module = 'people' THEN 2 ELSE 3 END GROUP BY module ORDER BY module" | tr '\n' ' ' | sed 's/ $//')"
check_eq "and what came after 0.1.0 is applied on top: the audit's client address" "4|audit_client" \
	"$(sql "SELECT version, name FROM schema_version WHERE module = 'base' AND version = 4")"

"$SUNROAD" report overlimit --db "$DB" --from 2023-01-01 --to 2023-12-31 --format json >report.json
check "the year's figures are what 0.1.0 reported" cmp "$OLD/report.json" report.json
"$SUNROAD" quarantine list --db "$DB" >quarantine.txt
check "the quarantine is kept" cmp "$OLD/quarantine.txt" quarantine.txt
"$SUNROAD" users list --db "$DB" >users.txt
check "the accounts are kept" cmp "$OLD/users.txt" users.txt
"$SUNROAD" units list --db "$DB" >units.txt
check "the unit tree is kept" cmp "$OLD/units.txt" units.txt
check_grep "the audit chain is intact across the upgrade" "audit chain intact: 54 entries" \
	"$("$SUNROAD" audit verify --db "$DB" >verify.out 2>&1; echo verify.out)"
check_eq "its entries have no client address (NULL: written before it was recorded)" "54" \
	"$(sql "SELECT count(*) FROM audit_log WHERE client IS NULL")"
check_eq "certificate dates are stored as every date is, YYYYMMDD integers" "integer|20220301|20240229" \
	"$(sql "SELECT typeof(cert_valid_from), cert_valid_from, cert_valid_to FROM sites WHERE code = 'R01'" "SELECT pg_typeof(cert_valid_from), cert_valid_from, cert_valid_to FROM sites WHERE code = 'R01'")"
check_grep "and read back as the dates they were" "^R01	remote	.*	2022-03-01	2024-02-29	" \
	"$("$SUNROAD" sites list --db "$DB" >sites.txt; echo sites.txt)"
check_eq "the site's device key is kept" 1 "$(sql "SELECT count(*) FROM site_keys WHERE site_code = 'R01'")"

# The same records sent again (0.1.0's own file) are the same detections:
# the digests held.
gzip -dc "$OLD/detections.csv.gz" >detections.csv
"$SUNROAD" ingest --db "$DB" detections.csv >again.json 2>/dev/null
check_eq "re-sent records are duplicates, not new detections" 3000 "$(json_field duplicates <again.json)"
case "$DB" in postgres*)
	check_eq "every month of 0.1.0 has its own three indexes now (schema 0010)" "0|3" \
		"$(sql "SELECT (SELECT count(*) FROM sunroad_unindexed()), min(n) FROM (SELECT count(*) AS n FROM pg_indexes WHERE tablename LIKE 'detections_20%' GROUP BY tablename) AS i")"
	;;
esac
check_eq "and none is accepted twice" 0 "$(json_field accepted <again.json)"
check_eq "the import's audit entry, written after the upgrade, records its client (none: the command line)" \
	"detections.import|" "$(sql "SELECT action, client FROM audit_log WHERE client IS NOT NULL")"
check_grep "and the chain of old and new entries holds" "audit chain intact: 55 entries" \
	"$("$SUNROAD" audit verify --db "$DB" >verify2.out 2>&1; echo verify2.out)"

before=$(sql "SELECT count(*) FROM schema_version")
"$SUNROAD" init --db "$DB" >/dev/null
check_eq "a second start applies nothing" "$before" "$(sql "SELECT count(*) FROM schema_version")"
done_testing
