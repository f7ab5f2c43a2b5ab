# The enforcement certificate (行政执法证) of an account from the command
# line: `users add --badge NO --cert-from DAY --cert-to DAY` stores its
# validity as YYYYMMDD integers, audits it with the user, and refuses
# days in the wrong order, a day without a badge and a day that is no date.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db certificates)

# sql STATEMENT: what the database holds.
sql() {
	case "$DB" in
	postgres*) psql -Atq "$DB" -c "$1" ;;
	*) sqlite3 "$DB" "$1" ;;
	esac
}

"$SUNROAD" init --db "$DB" >/dev/null
"$SUNROAD" units add --db "$DB" --code B01 --name 东胜大队 --kind brigade >/dev/null

"$SUNROAD" users add --db "$DB" --login zhang --name 张三 --role officer --unit B01 --badge 15230001 \
	--cert-from 2025-03-01 --cert-to 2027-02-28 >out
check_grep "users add with the certificate's validity" "^user zhang added" out
check_eq "the days are stored as every date is, YYYYMMDD integers" "20250301|20270228" \
	"$(sql "SELECT cert_valid_from, cert_valid_to FROM users WHERE login = 'zhang'")"
"$SUNROAD" users add --db "$DB" --login li --name 李四 --role officer --unit B01 --badge 15230002 --cert-to 2026-12-31 >/dev/null
check_eq "one day alone; the other is 0, not on record" "0|20261231" \
	"$(sql "SELECT cert_valid_from, cert_valid_to FROM users WHERE login = 'li'")"
"$SUNROAD" users add --db "$DB" --login wang --name 王五 --role legal --unit B01 >/dev/null
check_eq "without the options, no certificate on record" "0|0" \
	"$(sql "SELECT cert_valid_from, cert_valid_to FROM users WHERE login = 'wang'")"

"$SUNROAD" users add --db "$DB" --login zhao --name 赵六 --role officer --unit B01 --badge 15230003 \
	--cert-from 2027-01-01 --cert-to 2026-12-31 >/dev/null 2>err
check_eq "days in the wrong order are refused" 1 $?
check_grep "and the message names both" "last day 2026-12-31 is before its first day 2027-01-01" err
"$SUNROAD" users add --db "$DB" --login zhao --name 赵六 --role officer --unit B01 --cert-from 2025-01-01 >/dev/null 2>err
check_grep "a certificate without a badge number is refused" "needs its number: give the badge number" err
"$SUNROAD" users add --db "$DB" --login zhao --name 赵六 --role officer --unit B01 --badge 15230003 --cert-to 2026-02-30 >/dev/null 2>err
check_grep "a day that is no date is refused, naming the option" "cert-to '2026-02-30' is not a date YYYY-MM-DD" err
"$SUNROAD" users add --db "$DB" --login zhao --name 赵六 --role officer --unit B01 --badge 15230003 --cert-from 1970-01-01 >/dev/null 2>err
check_grep "1970-01-01, day 0, is no certificate's day (0 means not on record)" "cert-from: 1970-01-01 cannot be" err
check_eq "nothing was added for them" 0 "$(sql "SELECT count(*) FROM users WHERE login = 'zhao'")"

"$SUNROAD" audit list --db "$DB" >audit
check_grep "user.add is audited with the certificate's days" \
	'user.add	zhang		{.*"badge":"15230001","cert_valid_from":"2025-03-01","cert_valid_to":"2027-02-28"' audit
check_grep "and null for a day not on record" 'user.add	li		{.*"cert_valid_from":null,"cert_valid_to":"2026-12-31"' audit
check_grep "the chain holds" "audit chain intact: 4 entries" "$("$SUNROAD" audit verify --db "$DB" >verify; echo verify)"
"$SUNROAD" users list --db "$DB" >users
check_grep "users list is as it was" "^zhang	officer	B01	15230001	must change password	张三$" users
done_testing
