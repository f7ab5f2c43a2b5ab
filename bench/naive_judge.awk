# The baseline of the judge benchmark: the gross limit and the excess of
# each record, the way a quick script would do it (no validation, no
# measurement error, no fines, no certificates).
NR > 1 {
	limit = $7 == 2 ? 18000 : $7 == 3 ? ($6 == "train" ? 27000 : 25000) : $7 == 4 ? ($6 == "train" ? 36000 : 31000) : $7 == 5 ? 43000 : ($10 == 1 ? 46000 : 49000)
	over = $8 - limit
	if (over < 0) over = 0
	print $1 "," $2 "," limit "," $8 "," over
}
