# sqlite only
# A database made by sunroad 0.1.0 (tests/data/upgrade/) upgrades in place
# with nothing lost: every module's migrations are recorded per module, and
# what 0.1.0 printed for the database is what this release prints.
. "$TOP/tests/cli/lib.sh"
OLD="$TOP/tests/data/upgrade"
cp "$OLD/v0.1.0.db" up.db

"$SUNROAD" init --db up.db >init.out 2>init.err
check_eq "init upgrades a 0.1.0 database" 0 $?
check_grep "and names each module's schema" "^up.db: schema base [0-9]*, people [0-9]*, overlimit [0-9]*" init.out
check_eq "the 0.1.0 record of global versions is gone" "" "$(sqlite3 up.db "SELECT name FROM sqlite_master WHERE name = 'schema_version_legacy'")"
check_eq "what 0.1.0 applied is recorded under its modules, once" \
	"base 1 2 3 overlimit 1 2 3 people 1 2" \
	"$(sqlite3 up.db "SELECT module, group_concat(version, ' ') FROM (SELECT * FROM schema_version WHERE module = 'people' OR version <= 3 ORDER BY module, version) GROUP BY module ORDER BY module" | tr '|\n' '  ' | sed 's/ $//')"
check_eq "and what came after 0.1.0 is applied on top: the audit's client address" "4|audit_client" \
	"$(sqlite3 up.db "SELECT version, name FROM schema_version WHERE module = 'base' AND version = 4")"

"$SUNROAD" report overlimit --db up.db --from 2023-01-01 --to 2023-12-31 --format json >report.json
check "the year's figures are what 0.1.0 reported" cmp "$OLD/report.json" report.json
"$SUNROAD" quarantine list --db up.db >quarantine.txt
check "the quarantine is kept" cmp "$OLD/quarantine.txt" quarantine.txt
"$SUNROAD" users list --db up.db >users.txt
check "the accounts are kept" cmp "$OLD/users.txt" users.txt
"$SUNROAD" units list --db up.db >units.txt
check "the unit tree is kept" cmp "$OLD/units.txt" units.txt
check_grep "the audit chain is intact across the upgrade" "audit chain intact: 54 entries" \
	"$("$SUNROAD" audit verify --db up.db >verify.out 2>&1; echo verify.out)"
check_eq "its entries have no client address (NULL: written before it was recorded)" "54" \
	"$(sqlite3 up.db "SELECT count(*) FROM audit_log WHERE client IS NULL")"
check_eq "certificate dates are stored as every date is, YYYYMMDD integers" "integer|20220301|20240229" \
	"$(sqlite3 up.db "SELECT typeof(cert_valid_from), cert_valid_from, cert_valid_to FROM sites WHERE code = 'R01'")"
check_grep "and read back as the dates they were" "^R01	remote	.*	2022-03-01	2024-02-29	" \
	"$("$SUNROAD" sites list --db up.db >sites.txt; echo sites.txt)"
check_eq "the site's device key is kept" 1 "$(sqlite3 up.db "SELECT count(*) FROM site_keys WHERE site_code = 'R01'")"

# The same records sent again (0.1.0's own file) are the same detections:
# the digests held.
gzip -dc "$OLD/detections.csv.gz" >detections.csv
"$SUNROAD" ingest --db up.db detections.csv >again.json 2>/dev/null
check_eq "re-sent records are duplicates, not new detections" 3000 "$(json_field duplicates <again.json)"
check_eq "and none is accepted twice" 0 "$(json_field accepted <again.json)"
check_eq "the import's audit entry, written after the upgrade, records its client (none: the command line)" \
	"detections.import|" "$(sqlite3 up.db "SELECT action, client FROM audit_log WHERE client IS NOT NULL")"
check_grep "and the chain of old and new entries holds" "audit chain intact: 55 entries" \
	"$("$SUNROAD" audit verify --db up.db >verify2.out 2>&1; echo verify2.out)"

before=$(sqlite3 up.db "SELECT count(*) FROM schema_version")
"$SUNROAD" init --db up.db >/dev/null
check_eq "a second start applies nothing" "$before" "$(sqlite3 up.db "SELECT count(*) FROM schema_version")"
done_testing
