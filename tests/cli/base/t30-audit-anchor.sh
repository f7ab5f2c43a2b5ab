# The audit chain's anchor (security review, finding 9): each entry's MAC
# by a key kept out of the database (made 0600 on first use), and the
# server's checkpoints of the chain's head in an append-only file. `audit
# verify` then catches what the hash chain alone let through (before the
# fix both passed): the newest entries removed, and a rewrite that
# recomputes every hash without the key; a forged checkpoint and a missing
# key are errors; a database from before the key keeps working.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db anchor)

# sql STATEMENT: runs SQL on $DB, one row a line, fields split by |.
sql() {
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -Atq -v ON_ERROR_STOP=1 "$DB" -c "$1"; else sqlite3 "$DB" "$1"; fi
}

# rewrite FROM TEXT: what someone with the database but not the key can do:
# entry FROM's after_json becomes TEXT, and every hash from there on is
# computed again the way audit.c does (the MACs stay as they were).
rewrite() {
	sql "SELECT seq, at, actor, action, object, before_json, after_json, prev_hash, client IS NULL, coalesce(client, '') FROM audit_log ORDER BY seq" |
		python3 -c '
import hashlib, sys
start, text = int(sys.argv[1]), sys.argv[2]
prev = "0" * 64
out = []
def field(h, s):
    b = s.encode()
    h.update(b"%d:" % len(b)); h.update(b)
for line in sys.stdin.read().splitlines():
    seq, at, actor, action, obj, before, after, _, noclient, client = line.split("|")
    if int(seq) == start:
        after = text
    h = hashlib.sha256()
    for s in (prev, seq + "/" + at, actor, action, obj, before, after):
        field(h, s)
    if noclient not in ("1", "t"):
        field(h, client)
    new = h.hexdigest()
    if int(seq) >= start:
        q = after.replace("'"'"'", "'"'"''"'"'")
        out.append("UPDATE audit_log SET after_json = '"'"'%s'"'"', prev_hash = '"'"'%s'"'"', hash = '"'"'%s'"'"' WHERE seq = %s;" % (q, prev, new, seq))
    prev = new
print("\n".join(out))
' "$1" "$2" >rewrite.sql
	if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -q -v ON_ERROR_STOP=1 "$DB" -f rewrite.sql; else sqlite3 "$DB" <rewrite.sql; fi
}

cat >sites.csv <<'CSV'
code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to
R01,东站,remote,G1,1,39.7,109.8,5,C1,2023-01-01,2099-12-31
R02,西站,remote,G1,9,39.7,109.9,5,C2,2023-01-01,2099-12-31
CSV
"$SUNROAD" init --db "$DB" >/dev/null
"$SUNROAD" sites import --db "$DB" sites.csv >/dev/null
for i in 1 2 3; do "$SUNROAD" sites key --db "$DB" R01 >/dev/null 2>&1; done
check_eq "the first audited change made the key, readable by its owner only" 600 "$(stat -c %a audit.key 2>/dev/null)"
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "audit verify passes" 0 $?
check_grep "and says the chain holds" "^audit chain intact: 5 entries" verify.out
check_grep "that every entry's MAC was checked" "MACs: 5 entries carry a MAC that the key audit.key confirms (every entry)" verify.out
check_grep "and that no checkpoint covers it yet" "checkpoints: none of this database in audit.checkpoints" verify.out

# The server writes a checkpoint at start, when the chain grows, and at stop.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SUNROAD_AUDIT_CHECKPOINT_S=1 "$SUNROAD" serve --db "$DB" --port "$port" >access.log 2>serve.err &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
"$SUNROAD" sites key --db "$DB" R02 >/dev/null 2>&1
sleep 2.5
kill -TERM "$server"
wait "$server"
check_eq "the server stops cleanly" 0 $?
check_eq "it checkpointed the head at start (entry 5) and after it grew (entry 6)" "5 6" \
	"$(echo $(awk '{ print $2 }' audit.checkpoints))"
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "audit verify passes with the checkpoints" 0 $?
check_grep "and says what they prove" "checkpoints: 2 in audit.checkpoints, each one's entry and hash still in the chain; the newest (.*) saw entry 6" verify.out
"$SUNROAD" sites key --db "$DB" R02 >/dev/null 2>&1
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_grep "an entry after the newest checkpoint is named as not covered" "entries 7 to 7 came after the newest checkpoint" verify.out

# Keep the intact database to try each attack on a copy of it.
if [ -n "${SUNROAD_TEST_PG:-}" ]; then
	save() { psql -q "$DB" -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS audit_saved" -c "CREATE TABLE audit_saved AS SELECT * FROM audit_log"; }
	restore() { psql -q "$DB" -c "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_saved"; }
else
	save() { sqlite3 "$DB" "DROP TABLE IF EXISTS audit_saved; CREATE TABLE audit_saved AS SELECT * FROM audit_log"; }
	restore() { sqlite3 "$DB" "DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM audit_saved"; }
fi
save

# 1. The newest entries removed, up to a checkpoint's.
sql "DELETE FROM audit_log WHERE seq >= 6"
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "removing the newest entries fails audit verify" 1 $?
check_grep "naming the entries gone" "audit chain cut short: it ends at entry 5, but the checkpoint of .* saw entry 6 (entries 6 to 6 were removed)" verify.out
restore

# 2. A middle entry changed and every hash after it computed again.
rewrite 3 '{"issued":false}'
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "a rewrite that recomputes every hash fails audit verify" 1 $?
check_grep "on the first MAC that no longer matches" "broken at entry 3: its MAC does not match the audit key" verify.out
restore

# 3. The same with the MACs removed from there on, or from every entry.
rewrite 3 '{"issued":false}'
sql "UPDATE audit_log SET mac = NULL WHERE seq >= 3"
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "removing the MACs after a rewrite fails" 1 $?
check_grep "on the first entry without one" "broken at entry 3: it has no MAC though the entries before it have one" verify.out
sql "UPDATE audit_log SET mac = NULL"
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "removing every MAC fails too" 1 $?
check_grep "where a checkpoint saw another hash" "broken at entry 5: its hash is not the one a checkpoint recorded" verify.out
restore

# 4. A checkpoint forged without the key.
cp audit.checkpoints checkpoints.saved
awk 'END { $1 = $1 + 1; $2 = 99; print }' audit.checkpoints >>audit.checkpoints
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "a forged checkpoint fails audit verify" 1 $?
check_grep "naming its line" "audit checkpoints audit.checkpoints, line 3: its MAC does not match the audit key" verify.out
cp checkpoints.saved audit.checkpoints

# 5. The key gone: nothing is checked, or written, without it.
mv audit.key key.saved
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "audit verify without the key fails" 1 $?
check_grep "saying the MACs cannot be checked" "7 entries carry a MAC, but the audit key audit.key is missing" verify.out
"$SUNROAD" sites key --db "$DB" R02 >key.out 2>&1
check_eq "an audited change without the key is refused" 1 $?
check_grep "saying why" "the audit key audit.key is missing" key.out
mv key.saved audit.key
"$SUNROAD" audit verify --db "$DB" >/dev/null 2>&1
check_eq "with the key back the chain verifies" 0 $?

# 6. A database from before the key: its entries have no MAC, and it goes
# on working; the entries after it carry one.
OLD=$(fresh_db before_key)
mkdir old && cd old || exit 1
case "$OLD" in postgres*) ;; *) OLD=../$OLD ;; esac
"$SUNROAD" init --db "$OLD" >/dev/null
SUNROAD_AUDIT_KEY_FILE=throwaway.key "$SUNROAD" sites import --db "$OLD" ../sites.csv >/dev/null
if [ -n "${SUNROAD_TEST_PG:-}" ]; then psql -q "$OLD" -c "UPDATE audit_log SET mac = NULL"; else sqlite3 "$OLD" "UPDATE audit_log SET mac = NULL"; fi
"$SUNROAD" audit verify --db "$OLD" >verify.out 2>&1
check_eq "a chain written before the key verifies" 0 $?
check_grep "saying its MACs are none" "MACs: none to check" verify.out
"$SUNROAD" sites key --db "$OLD" R01 >/dev/null 2>&1
"$SUNROAD" audit verify --db "$OLD" >verify.out 2>&1
check_eq "and after a change made with a key" 0 $?
check_grep "the new entry is checked" "MACs: 1 entries carry a MAC" verify.out
check_grep "the older ones are named" "the first 2 entries were written before the key" verify.out
cd ..

# 7. Audited changes from several processes at once: each one appends
# after the head it read, under a lock (two ingests ending together once
# appended after the same head, and one failed).
before=$(sql "SELECT count(*) FROM audit_log")
pids=""
for i in 1 2 3 4 5 6 7 8; do
	"$SUNROAD" sites key --db "$DB" R0$((i % 2 + 1)) >key.$i 2>&1 &
	pids="$pids $!"
done
failed_keys=0
for pid in $pids; do wait "$pid" || failed_keys=$((failed_keys + 1)); done
check_eq "eight audited changes at once all succeed" 0 "$failed_keys"
check_eq "each one appended an entry" $((before + 8)) "$(sql "SELECT count(*) FROM audit_log")"
"$SUNROAD" audit verify --db "$DB" >verify.out 2>&1
check_eq "and the chain verifies" 0 $?
done_testing
