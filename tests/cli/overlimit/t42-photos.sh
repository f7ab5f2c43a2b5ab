# Evidence photos on the command line: ingest brings the photos a record
# names (by SHA-256 or by a path inside --photos DIR) into the store,
# where each is kept under its hash, read-only; a record naming a photo the
# store does not have is quarantined ("photo not uploaded"), and so is one
# whose photo is not an image or not what its name says. `photos check`
# lists the files no detection refers to and the references with no file.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db photos)

"$SUNROAD" gen --count 20000 --seed 5 --out g >/dev/null
"$SUNROAD" units import --db "$DB" g/units.csv >/dev/null
"$SUNROAD" sites import --db "$DB" g/sites.csv >/dev/null
with=$(awk -F, 'NR > 1 && $17 != ""' g/detections.csv | wc -l | tr -d ' ')
check "the small year has records with photos" test "$with" -gt 5

# Without the photos: every record that names one is refused, the others stored.
"$SUNROAD" ingest --db "$DB" g/detections.csv >out 2>err
check_eq "records whose photos were never uploaded are quarantined" "$with" "$(tail -n 1 out | json_field quarantined)"
check_eq "the others are stored" "$((20000 - with))" "$(tail -n 1 out | json_field accepted)"
"$SUNROAD" quarantine list --db "$DB" >q
check_grep "with the reason" "photo not uploaded: photos item 1 (front) is [0-9a-f]\{64\}" q

# With them: the same records now go in; the store holds each photo once.
"$SUNROAD" ingest --db "$DB" --photos g/photos g/detections.csv >out 2>err
check_eq "with --photos they are accepted" "$with" "$(tail -n 1 out | json_field accepted)"
check_eq "and nothing more is quarantined" 0 "$(tail -n 1 out | json_field quarantined)"
check_eq "the store (photos/ beside the database) holds every photo" "$(ls g/photos | wc -l | tr -d ' ')" \
	"$(find photos -type f | wc -l | tr -d ' ')"
one=$(ls g/photos | head -n 1)
stored="photos/$(echo "$one" | cut -c1-2)/$(echo "$one" | cut -c3-4)/$one"
check "a photo is kept as ab/cd/<sha256>" cmp -s "g/photos/$one" "$stored"
check "read-only" test ! -w "$stored" -o "$(id -u)" = 0 -a "$(stat -c %a "$stored")" = 444
"$SUNROAD" photos check --db "$DB" >check.out
check_eq "photos check finds nothing wrong" 0 $?
check_grep "and counts the references" "references, 0 to photos the store does not have; 0 photos no detection" check.out

# A record may name its photos by path inside --photos DIR.
mkdir -p shots/2023/R01
cp "g/photos/$one" shots/2023/R01/front.png
printf 'GIF89a not a photo' >shots/2023/R01/side.gif
cp "g/photos/$one" "shots/$(printf '%064d' 0)" # a file whose name is not its hash
cat >paths.csv <<CSV
site,seq,passed_at,plate,kind,axles,gross_kg,photos
R01,900001,2023-06-01T10:00:00+08:00,蒙K00001,truck,2,15000,front:2023/R01/front.png
R01,900002,2023-06-01T10:01:00+08:00,蒙K00002,truck,2,15000,front:2023/R01/front.png;side:2023/R01/side.gif
R01,900003,2023-06-01T10:02:00+08:00,蒙K00003,truck,2,15000,front:../g/photos/$one
R01,900004,2023-06-01T10:03:00+08:00,蒙K00004,truck,2,15000,front:2023/R01/missing.jpg
R01,900005,2023-06-01T10:04:00+08:00,蒙K00005,truck,2,15000,front:$(printf '%064d' 0)
R01,900006,2023-06-01T10:05:00+08:00,蒙K00006,truck,2,15000,rear:$one
CSV
"$SUNROAD" ingest --db "$DB" --photos shots paths.csv >out 2>err
check_eq "a path inside the folder, and a hash the store has: 2 accepted" 2 "$(tail -n 1 out | json_field accepted)"
check_eq "the other four quarantined" 4 "$(tail -n 1 out | json_field quarantined)"
"$SUNROAD" quarantine list --db "$DB" >q
check_grep "not an image" "photos item 2: shots/2023/R01/side.gif: the photo is not a JPEG or a PNG" q
check_grep "a path outside the folder" "photos item 1 is neither a sha256 nor a path inside shots" q
check_grep "a missing file" "photos item 1: no photo file shots/2023/R01/missing.jpg" q
check_grep "a file that is not what its name says" "photos item 1: shots/0\{64\}: the photo's SHA-256 is $one, not 0\{64\} as claimed" q
"$SUNROAD" ingest --db "$DB" --photos nowhere paths.csv >/dev/null 2>err
check_eq "a --photos folder that does not exist is an error" 1 $?
check_grep "that names it" "photos nowhere is not a directory" err

# The orphan check: a file no detection refers to, a reference with no file.
cp g/photos/$one orphan.png
printf '\211PNG\r\n\032\nnot referenced' >orphan.png
orphan=$(sha256sum orphan.png | cut -c1-64)
mkdir -p "photos/$(echo "$orphan" | cut -c1-2)/$(echo "$orphan" | cut -c3-4)"
cp orphan.png "photos/$(echo "$orphan" | cut -c1-2)/$(echo "$orphan" | cut -c3-4)/$orphan"
"$SUNROAD" photos check --db "$DB" >check.out
check_eq "an orphan alone is not a failure" 0 $?
check_grep "but is listed" "^orphan  $orphan" check.out
gone=$(ls g/photos | sed -n 2p)
gone_path="photos/$(echo "$gone" | cut -c1-2)/$(echo "$gone" | cut -c3-4)/$gone"
cp "$gone_path" kept.png
chmod u+w "$(dirname "$gone_path")" && rm -f "$gone_path"
"$SUNROAD" photos check --db "$DB" >check.out
check_eq "a reference to a missing photo fails the check" 1 $?
check_grep "naming the photo and the detection" "^missing $gone  detection [0-9]* ([RS][0-9]* seq [0-9]*, [a-z]*)" check.out
check_grep "and counting it" "1 to photos the store does not have; 1 photos no detection refers to" check.out

# --verify rehashes every photo: one changed behind the store's back is damaged.
cp kept.png "$gone_path"
victim=$(find photos -type f -name "$one")
chmod u+w "$victim" && printf 'X' | dd of="$victim" bs=1 seek=40 conv=notrunc 2>/dev/null
"$SUNROAD" photos check --db "$DB" >check.out
check_eq "without --verify the damage is not seen" 0 $?
"$SUNROAD" photos check --db "$DB" --verify >check.out 2>check.err
check_eq "with --verify it fails the check" 1 $?
check_grep "naming the damaged photo" "^damaged $one  (photo $one is damaged" check.out
check_grep "which the store also logs" "a photo's bytes no longer match its name" check.err

done_testing
