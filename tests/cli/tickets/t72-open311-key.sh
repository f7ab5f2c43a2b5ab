# The Open311 api_key of a client: issued once, stored hashed, audited
# without the key; a new one revokes the old; a bad client name refused.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db o311)

"$SUNROAD" init --db "$DB" >/dev/null 2>&1
check_eq "init exits 0" 0 $?
"$SUNROAD" tickets key --db "$DB" city-platform >key 2>err
check_eq "tickets key exits 0" 0 $?
check_grep "it prints one key" '^o311_[0-9a-f]\{64\}$' key
check_eq "and only the key on stdout" 1 "$(wc -l <key)"
check_grep "it says the key is shown once" "shown once" err
"$SUNROAD" audit list --db "$DB" --limit 5 >audit
check_grep "the issue is audited" "open311.key" audit
check_grep "naming the client" "city-platform" audit
if grep -q "$(cat key)" audit; then fail "the audit log never holds the key"; else pass "the audit log never holds the key"; fi
"$SUNROAD" tickets key --db "$DB" city-platform >key2 2>/dev/null
check_eq "a second key for the same client" 0 $?
if cmp -s key key2; then fail "a new key differs from the old"; else pass "a new key differs from the old"; fi
"$SUNROAD" audit list --db "$DB" --limit 5 >audit
check_grep "the new key says the old one is revoked" '"previous_revoked":true' audit
"$SUNROAD" tickets key --db "$DB" "no spaces" >out 2>err
check_eq "a client name with a space is refused" 1 $?
check_grep "saying what a name is" "letters, digits" err
check_eq "and nothing is printed" 0 "$(wc -c <out)"
"$SUNROAD" tickets key --db "$DB" >/dev/null 2>err
check_eq "no name is a usage error" 2 $?
"$SUNROAD" audit verify --db "$DB" >/dev/null 2>&1
check_eq "the audit chain still verifies" 0 $?
done_testing
