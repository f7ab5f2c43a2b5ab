# The bad-input corpus (tests/data/bad/expected.tsv): every file lands where
# the rules say. A file that can be read exits 0 and quarantines what is
# wrong, with the reason; a file that cannot be read at all exits non-zero
# with a clear message. Nothing is dropped: read = accepted + duplicates +
# conflicts + quarantined.
. "$TOP/tests/cli/lib.sh"
bad="$TOP/tests/data/bad"

grep -v '^#' "$bad/expected.tsv" | while IFS='	' read -r file want_exit want_quarantined want_accepted reason; do
	db=$(fresh_db "$file")
	"$SUNROAD" sites import --db "$db" "$bad/sites.csv" >/dev/null
	"$SUNROAD" ingest --db "$db" "$bad/$file" >out 2>err
	got_exit=$?
	[ "$got_exit" -ne 0 ] && got_exit=1
	check_eq "$file: exit status" "$want_exit" "$got_exit"
	summary=$(tail -n 1 out)
	read=$(echo "$summary" | json_field read)
	quarantined=$(echo "$summary" | json_field quarantined)
	accepted=$(echo "$summary" | json_field accepted)
	check_eq "$file: quarantined" "$want_quarantined" "$quarantined"
	check_eq "$file: accepted" "$want_accepted" "$accepted"
	check_eq "$file: nothing dropped" "$read" "$((accepted + quarantined))"
	"$SUNROAD" quarantine list --db "$db" >quarantine
	check_eq "$file: quarantine rows" "$want_quarantined" "$(($(wc -l <quarantine) - 1))"
	if [ "$reason" != "-" ]; then
		if grep -qF -- "$reason" quarantine err; then pass "$file: reason '$reason'"; else fail "$file: no reason '$reason' in quarantine or stderr: $(cat err)"; fi
	fi
	if [ "$want_quarantined" -gt 0 ]; then
		# The quarantine keeps the source and line of each record.
		check_grep "$file: quarantine names its source" "$bad/$file" quarantine
	fi
done > results 2>&1
cat results
! grep -q '^not ok' results
