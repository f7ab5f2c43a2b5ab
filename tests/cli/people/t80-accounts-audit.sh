# Units, users and the audit chain from the command line: every change is
# audited; `audit verify` holds until a row is changed behind the program's
# back, and then names the first broken entry.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db accounts)

# sql STATEMENT: runs SQL directly on the test database, as an intruder would.
sql() {
	case "$DB" in
	postgres*) psql -Atq "$DB" -c "$1" ;;
	*) sqlite3 "$DB" "$1" ;;
	esac
}

"$SUNROAD" init --db "$DB" >/dev/null
check_eq "init makes the detachment HQ the root unit" "HQ	detachment	" "$("$SUNROAD" units list --db "$DB" | grep '^HQ' | cut -f1-3)"
"$SUNROAD" units add --db "$DB" --code B01 --name 东胜大队 --kind brigade >/dev/null
check_eq "units add" 0 $?
"$SUNROAD" units add --db "$DB" --code S01 --name 罕台中队 --kind squad --parent B01 >/dev/null
check_grep "a squad under the brigade" "^S01	squad	B01	罕台中队" "$(mkdir -p o && "$SUNROAD" units list --db "$DB" >o/units && echo o/units)"
"$SUNROAD" units add --db "$DB" --code B02 --name x --kind brigade --parent NOPE >/dev/null 2>err
check_grep "an unknown parent is refused" "no parent unit 'NOPE'" err

"$SUNROAD" users add --db "$DB" --login zhang --name 张三 --role officer,legal --unit B01 --badge 15230001 >out
check_grep "without --password-stdin a password is generated and shown once" "password (shown once): [A-Za-z0-9]\{16\}$" out
echo "Strong2026pass" | "$SUNROAD" users add --db "$DB" --login li --name 李四 --role admin --unit HQ --password-stdin >/dev/null
check_eq "a password from standard input" 0 $?
echo "short1" | "$SUNROAD" users add --db "$DB" --login wang --name 王五 --role officer --unit B01 --password-stdin >/dev/null 2>err
check_grep "a weak password is refused" "at least 10 characters" err
echo "Strong2026pass" | "$SUNROAD" users add --db "$DB" --login wang --name 王五 --role boss --unit B01 --password-stdin >/dev/null 2>err
check_grep "an unknown role is refused" "roles 'boss'" err
echo "Strong2026pass" | "$SUNROAD" users add --db "$DB" --login zhang --name 张三 --role officer --unit B01 --password-stdin >/dev/null 2>err
check_grep "a taken login is refused" "login 'zhang' is taken" err
echo "Strong2026pass" | "$SUNROAD" users add --db "$DB" --login zhao --name 赵 --role officer --unit B99 --password-stdin >/dev/null 2>err
check_grep "an unknown unit is named" "no unit 'B99'" err
check_grep "passwords are stored as argon2id" '^$argon2id\$' "$(sql "SELECT password_hash FROM users WHERE login = 'li'" >o/hash && echo o/hash)"
"$SUNROAD" users disable --db "$DB" zhang >/dev/null
check_grep "disable" "^zhang	.*	disabled	" "$("$SUNROAD" users list --db "$DB" >o/users && echo o/users)"
"$SUNROAD" users enable --db "$DB" zhang >/dev/null
check_grep "enable" "^zhang	.*	must change password	" "$("$SUNROAD" users list --db "$DB" >o/users && echo o/users)"
"$SUNROAD" users unlock --db "$DB" zhang >out
check_grep "unlocking an account that is not locked changes nothing (and logs nothing)" "user zhang unlocked" out
"$SUNROAD" users enable --db "$DB" nobody >/dev/null 2>err
check_grep "an unknown login is named" "no user 'nobody'" err
echo "Another2026pass" | "$SUNROAD" users reset-password --db "$DB" li --password-stdin >/dev/null
check_eq "reset-password" 0 $?

cat >sites.csv <<'CSV'
code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to
R01,测试点,remote,G109,1,39.8,110.0,5,C1,2023-01-01,2023-12-31
CSV
"$SUNROAD" sites import --db "$DB" sites.csv >/dev/null
sed 's/C1,2023-01-01,2023-12-31/C2,2024-01-01,2024-12-31/' sites.csv >renewed.csv
"$SUNROAD" sites import --db "$DB" renewed.csv >/dev/null
"$SUNROAD" sites import --db "$DB" renewed.csv >/dev/null
"$SUNROAD" sites key --db "$DB" R01 >key1 2>/dev/null
check_grep "sites key prints a new key" '^sr_[0-9a-f]\{64\}$' key1
"$SUNROAD" sites key --db "$DB" R01 >key2 2>/dev/null
if cmp -s key1 key2; then fail "a second key differs"; else pass "a second key differs"; fi
check_eq "one live key per site, stored as a hash only" "1 0" \
	"$(sql "SELECT count(*) FROM site_keys WHERE site_code = 'R01'") $(sql "SELECT count(*) FROM site_keys WHERE key_hash = '$(cat key2)'")"
"$SUNROAD" sites key --db "$DB" R99 >/dev/null 2>err
check_grep "an unknown site is refused" "no site 'R99'" err
"$SUNROAD" audit list --db "$DB" >audit
check_eq "the log records the keys issued, never a key" "2 0" "$(grep -c 'site.key' audit) $(grep -c "$(cat key2)" audit)"
check_grep "a new certificate is audited with before and after" 'site.update	R01	{.*"cert_no":"C1".*	{.*"cert_no":"C2"' audit
check_eq "an unchanged re-import adds nothing" 1 "$(grep -c 'site.update' audit)"
check_eq "every change is in the log" "unit.add unit.add user.add user.add user.disable user.enable user.reset_password site.add site.update site.key site.key" \
	"$(cut -f4 audit | tail -n +2 | tr '\n' ' ' | sed 's/ $//')"
check_eq "the log never holds a password hash" 0 "$(grep -c 'argon2' audit)"

"$SUNROAD" audit verify --db "$DB" >out
check_grep "the chain holds" "audit chain intact: 11 entries" out
check_grep "a change is logged with the user before and after" \
	'user.enable	zhang	{.*"disabled":true.*}	{.*"disabled":false.*}	$' audit
check_eq "an entry of the command line records no client address ('', not NULL)" "0 11" \
	"$(sql "SELECT count(*) FROM audit_log WHERE client IS NULL") $(sql "SELECT count(*) FROM audit_log WHERE client = ''")"
sql "UPDATE audit_log SET client = '203.0.113.9' WHERE seq = 4" >/dev/null
"$SUNROAD" audit verify --db "$DB" >/dev/null 2>err
check_grep "a client address changed behind the program's back fails verify" "broken at entry 4: its content does not match its hash" err
sql "UPDATE audit_log SET client = '' WHERE seq = 4" >/dev/null
sql "UPDATE audit_log SET after_json = replace(after_json, '张三', '赵六') WHERE seq = 3" >/dev/null
"$SUNROAD" audit verify --db "$DB" >/dev/null 2>err
check_eq "an edited entry fails verify" 1 $?
check_grep "and verify names it" "broken at entry 3: its content does not match its hash" err
sql "UPDATE audit_log SET after_json = replace(after_json, '赵六', '张三') WHERE seq = 3" >/dev/null
sql "DELETE FROM audit_log WHERE seq = 5" >/dev/null
"$SUNROAD" audit verify --db "$DB" >/dev/null 2>err
check_grep "a removed entry is found too" "broken at entry 6: an entry before it is missing" err
done_testing
