# The rulebook and the site registry from the command line.
. "$TOP/tests/cli/lib.sh"
DB=$(fresh_db s)

"$SUNROAD" rules --date 2023-06-01 >rules.txt
check_eq "rules exits 0" 0 $?
check_grep "the gross limits cite 62号令 Art.3" "第三条第一款第(四)项" rules.txt
check_grep "the fine cites Art.43" "第四十三条" rules.txt
check_grep "the 6-axle single-drive row" "牵引车驱动轴为单轴 46000 kg" rules.txt
"$SUNROAD" rules --date 2016-09-20 >/dev/null 2>err
check_eq "no rules before the law took effect" 1 $?
check_grep "and it says which rule" "no rule \"gross_limit\" in force on 2016-09-20" err

mkdir broken
sed 's/"max_yuan": 30000/"max_yuan": "lots"/' "$TOP/rules/overlimit.json" >broken/overlimit.json
"$SUNROAD" rules --rules broken >/dev/null 2>err
check_eq "a malformed rulebook is refused" 1 $?
check_grep "naming the rule and the field" "rule mass_fine.*max_yuan" err

cat >sites.csv <<'CSV'
code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to
R01,非现场执法点,remote,G109,1.5,39.8,110.0,5,C1,2020-01-01,2020-12-31
S01,检测站,station,G210,2,39.7,109.8,0,C2,2023-01-01,2099-12-31
CSV
"$SUNROAD" sites import --db "$DB" sites.csv >/dev/null
check_eq "sites import exits 0" 0 $?
"$SUNROAD" sites list --db "$DB" >list
check_grep "an expired certificate shows" "^R01.*expired" list
check_grep "a valid one too" "^S01.*valid" list
# Upsert: a new certificate replaces the old one.
sed 's/C1,2020-01-01,2020-12-31/C9,2020-01-01,2099-12-31/' sites.csv >renewed.csv
"$SUNROAD" sites import --db "$DB" renewed.csv >/dev/null
"$SUNROAD" sites list --db "$DB" >list
check_grep "the renewed certificate replaced the old" "^R01.*C9.*valid" list
check_eq "still two sites" 3 "$(wc -l <list)"
printf 'code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to\nR02,x,remote,G1,1,39,110,3,C,2023-01-01,2023-12-31\nR03,y,mobile,G1,1,39,110,5,C,2023-01-01,2023-12-31\n' >bad-sites.csv
"$SUNROAD" sites import --db "$DB" bad-sites.csv >/dev/null 2>err
check_eq "a bad registry is refused whole" 1 $?
check_grep "each bad row is named" "line 2: accuracy_class must be one of" err
check_grep "each bad row is named (2)" "line 3: kind must be remote or station" err
check_eq "nothing of it was imported" 3 "$("$SUNROAD" sites list --db "$DB" | wc -l)"
done_testing
