/* Drivers' standing (taxi.h): each driver's deductions gathered from the
 * two places they come from, the decided penalty cases of the taxi
 * violations (through the cases module's cases_by_violation: a case is the
 * driver's when its vehicle's driver licence or its person party's ID
 * number is the driver's certificate number or ID number) and the manual
 * deductions of taxi_deductions, then scored by reputation.c. */
#include "taxi.h"
#include "base/datetime.h"
#include "cases/cases.h"

#include <stdlib.h>
#include <string.h>

/* A key a case may name a driver by, and the driver's index. */
struct key {
	char text[40];
	size_t driver;
};

struct found {
	size_t driver;
	struct taxi_deduction d;
};

static int key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->text, ((const struct key *)b)->text);
}

static int found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	return x->driver < y->driver ? -1 : x->driver > y->driver;
}

const struct taxi_standing *taxi_standing_find(const struct taxi_standing *s, size_t n, int64_t driver_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s[mid].driver_id == driver_id)
			return &s[mid];
		if (s[mid].driver_id < driver_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Appends to a growing array. */
static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return true;
	size_t next = *cap ? 2 * *cap : 256;
	void *q = realloc(*p, next * size);
	if (!q)
		return false;
	*p = q;
	*cap = next;
	return true;
}

static const struct key *key_find(const struct key *keys, size_t n, const char *text)
{
	struct key k;
	if (!n || !text || !*text || strlen(text) >= sizeof k.text) /* bsearch takes no null array (UBSan) */
		return NULL;
	snprintf(k.text, sizeof k.text, "%s", text);
	return bsearch(&k, keys, n, sizeof *keys, key_cmp);
}

int taxi_standing_all(struct db *db, const struct taxi_rules *r, int64_t company_id, int32_t day,
                      struct taxi_standing **out, size_t *n, struct err *e)
{
	*out = NULL;
	*n = 0;
	struct taxi_standing *s = NULL;
	int32_t *first = NULL;
	struct key *keys = NULL;
	struct found *found = NULL;
	size_t cap = 0, firstcap = 0, keycap = 0, nkeys = 0, foundcap = 0, nfound = 0;
	json_t *cases = NULL;
	int rc = 0;
	struct db_stmt *st =
	    db_prepare(db,
	               "SELECT id, company_id, first_qualified, certificate_no, id_number FROM taxi_drivers"
	               " WHERE ($1 = 0 OR company_id = $1) ORDER BY id",
	               e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, company_id);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (!grow((void **)&s, &cap, *n, sizeof *s) || !grow((void **)&first, &firstcap, *n, sizeof *first) ||
		    !grow((void **)&keys, &keycap, nkeys + 1, sizeof *keys)) {
			rc = err_set(e, ERR_NOMEM, "out of memory scoring the drivers");
			db_row_done(st);
			break;
		}
		s[*n] = (struct taxi_standing){ .driver_id = db_col_int(st, 0), .company_id = db_col_int(st, 1) };
		first[*n] = date_from_key((int32_t)db_col_int(st, 2));
		for (int c = 3; c <= 4; c++) {
			keys[nkeys].driver = *n;
			snprintf(keys[nkeys].text, sizeof keys[nkeys].text, "%s", db_col_text(st, c));
			nkeys++;
		}
		(*n)++;
	}
	if (rc >= 0) {
		rc = 0;
		if (nkeys)
			qsort(keys, nkeys, sizeof *keys, key_cmp);
		st = db_prepare(db,
		                "SELECT x.driver_id, x.day, x.points FROM taxi_deductions x"
		                " JOIN taxi_drivers d ON d.id = x.driver_id WHERE ($1 = 0 OR d.company_id = $1)",
		                e);
		if (!st)
			rc = e->code;
		else
			db_bind_int(st, 1, company_id);
		for (int step; rc == 0 && (step = db_step(st, e)) != DB_DONE;) {
			if (step < 0) {
				rc = step;
				break;
			}
			const struct taxi_standing *who = taxi_standing_find(s, *n, db_col_int(st, 0));
			if (!who)
				continue;
			if (!grow((void **)&found, &foundcap, nfound, sizeof *found)) {
				rc = err_set(e, ERR_NOMEM, "out of memory scoring the drivers");
				db_row_done(st);
				break;
			}
			found[nfound++] =
			    (struct found){ (size_t)(who - s),
				            { date_from_key((int32_t)db_col_int(st, 1)), (int)db_col_int(st, 2) } };
		}
	}
	if (rc == 0)
		rc = cases_by_violation(db, "taxi_", NULL, &cases, e);
	size_t i;
	json_t *c;
	json_array_foreach(rc == 0 ? cases : NULL, i, c)
	{
		const char *decided = json_string_value(json_object_get(c, "decided_on"));
		const struct taxi_violation_points *v =
		    taxi_violation_find(r, json_string_value(json_object_get(c, "violation")));
		const struct key *k = key_find(keys, nkeys, json_string_value(json_object_get(c, "licence")));
		if (!k)
			k = key_find(keys, nkeys, json_string_value(json_object_get(c, "id_number")));
		int32_t on;
		if (!decided || !v || !k || date_parse(slice_from(decided), &on))
			continue;
		if (!grow((void **)&found, &foundcap, nfound, sizeof *found)) {
			rc = err_set(e, ERR_NOMEM, "out of memory scoring the drivers");
			break;
		}
		found[nfound++] = (struct found){ k->driver, { on, v->points } };
	}
	json_decref(cases);
	if (rc == 0) {
		if (nfound) /* qsort takes no null array, even empty (UBSan) */
			qsort(found, nfound, sizeof *found, found_cmp);
		struct taxi_deduction *d = malloc((nfound ? nfound : 1) * sizeof *d);
		if (!d)
			rc = err_set(e, ERR_NOMEM, "out of memory scoring the drivers");
		size_t j = 0;
		for (size_t k = 0; rc == 0 && k < *n; k++) {
			size_t m = 0;
			for (; j < nfound && found[j].driver == k; j++)
				d[m++] = found[j].d;
			taxi_score(r, first[k], day, d, m, &s[k].score);
		}
		free(d);
	}
	free(first);
	free(keys);
	free(found);
	if (rc) {
		free(s);
		*n = 0;
		return rc;
	}
	*out = s;
	return 0;
}

static json_t *grade_json(const struct taxi_grade *g)
{
	return json_pack("{s:s,s:s,s:s,s:s}", "grade", g->grade, "name", g->name, "measure", g->measure, "measure_name",
	                 g->measure_name);
}

static int newest_first(const void *a, const void *b)
{
	json_t *const *x = a, *const *y = b;
	int c = strcmp(json_string_value(json_object_get(*y, "day")), json_string_value(json_object_get(*x, "day")));
	return c;
}

/* Adds the cases of person (not yet in ids) to cases. */
static int cases_of(struct db *db, const char *person, json_t *cases, struct err *e)
{
	json_t *more;
	if (!*person)
		return 0;
	int rc = cases_by_violation(db, "taxi_", person, &more, e);
	if (rc)
		return rc;
	size_t i, j;
	json_t *c, *have;
	json_array_foreach(more, i, c)
	{
		bool seen = false;
		json_array_foreach(cases, j, have)
		{
			seen |= json_integer_value(json_object_get(have, "id")) ==
			        json_integer_value(json_object_get(c, "id"));
		}
		if (!seen)
			json_array_append(cases, c);
	}
	json_decref(more);
	return 0;
}

int taxi_reputation_json(struct db *db, const struct taxi_rules *r, int64_t driver_id, int32_t day, json_t **out,
                         json_t **cases_out, struct err *e)
{
	*out = NULL;
	*cases_out = NULL;
	struct db_stmt *row;
	int rc = db_row(db, "SELECT first_qualified, certificate_no, id_number FROM taxi_drivers WHERE id = $1",
	                DB_ARGS(DB_INT(driver_id)), &row, e);
	if (rc != 1)
		return rc < 0 ? rc : err_set(e, ERR_NOTFOUND, "no driver %lld", (long long)driver_id);
	int32_t first = date_from_key((int32_t)db_col_int(row, 0));
	char cert[40], id[40];
	snprintf(cert, sizeof cert, "%s", db_col_text(row, 1));
	snprintf(id, sizeof id, "%s", db_col_text(row, 2));
	db_row_done(row);

	json_t *cases = json_array(), *deductions = json_array();
	struct taxi_deduction *d = NULL;
	size_t n = 0, cap = 0;
	rc = cases_of(db, cert, cases, e);
	if (rc == 0 && strcmp(id, cert) != 0)
		rc = cases_of(db, id, cases, e);
	size_t i;
	json_t *c;
	json_array_foreach(rc == 0 ? cases : NULL, i, c)
	{
		const char *decided = json_string_value(json_object_get(c, "decided_on"));
		const struct taxi_violation_points *v =
		    taxi_violation_find(r, json_string_value(json_object_get(c, "violation")));
		int32_t on;
		if (!decided || !v || date_parse(slice_from(decided), &on))
			continue;
		if (!grow((void **)&d, &cap, n, sizeof *d)) {
			rc = err_set(e, ERR_NOMEM, "out of memory scoring a driver");
			break;
		}
		d[n++] = (struct taxi_deduction){ on, v->points };
		json_array_append_new(deductions, json_pack("{s:s,s:s,s:i,s:s,s:O,s:O,s:s}", "source", "case", "day",
		                                            decided, "points", v->points, "violation", v->code,
		                                            "case_id", json_object_get(c, "id"), "case_number",
		                                            json_object_get(c, "number"), "citation", v->citation));
	}
	struct db_stmt *st = rc ? NULL
	                        : db_prepare(db,
	                                     "SELECT id, day, points, violation, reason, created_by, created_at"
	                                     " FROM taxi_deductions WHERE driver_id = $1 ORDER BY day, id",
	                                     e);
	if (!rc && !st)
		rc = e->code;
	if (st)
		db_bind_int(st, 1, driver_id);
	for (int step; st && rc == 0 && (step = db_step(st, e)) != DB_DONE;) {
		if (step < 0) {
			rc = step;
			break;
		}
		if (!grow((void **)&d, &cap, n, sizeof *d)) {
			rc = err_set(e, ERR_NOMEM, "out of memory scoring a driver");
			db_row_done(st);
			break;
		}
		int32_t on = date_from_key((int32_t)db_col_int(st, 1));
		d[n++] = (struct taxi_deduction){ on, (int)db_col_int(st, 2) };
		const struct taxi_violation_points *v = taxi_violation_find(r, db_col_text(st, 3));
		json_array_append_new(
		    deductions,
		    json_pack("{s:s,s:I,s:o,s:i,s:s,s:s,s:s,s:o,s:s}", "source", "manual", "id",
		              (json_int_t)db_col_int(st, 0), "day", date_json(on), "points", (int)db_col_int(st, 2),
		              "violation", db_col_text(st, 3), "reason", db_col_text(st, 4), "by", db_col_text(st, 5),
		              "at", datetime_json_local(db_col_int(st, 6)), "citation", v ? v->citation : ""));
	}
	if (rc == 0) {
		struct taxi_score now;
		taxi_score(r, first, day, d, n, &now);
		/* Each deduction's cycle, and the cycles so far (newest first). */
		json_array_foreach(deductions, i, c)
		{
			int32_t on, from, to;
			date_parse(slice_from(json_string_value(json_object_get(c, "day"))), &on);
			taxi_cycle_of(first, on, &from, &to);
			json_object_set_new(c, "cycle_from", date_json(from));
			json_object_set_new(c, "in_cycle", json_boolean(from == now.from));
		}
		size_t nd = json_array_size(deductions);
		json_t **sorted = malloc((nd ? nd : 1) * sizeof *sorted);
		json_t *ordered = json_array();
		for (size_t k = 0; sorted && k < nd; k++)
			sorted[k] = json_array_get(deductions, k);
		if (sorted)
			qsort(sorted, nd, sizeof *sorted, newest_first);
		for (size_t k = 0; sorted && k < nd; k++)
			json_array_append(ordered, sorted[k]);
		free(sorted);
		json_t *cycles = json_array();
		int32_t at = day;
		for (int k = 0; k < 5; k++) {
			struct taxi_score s;
			taxi_score(r, first, at, d, n, &s);
			json_array_append_new(cycles, json_pack("{s:o,s:o,s:i,s:i,s:s}", "from", date_json(s.from),
			                                        "to", date_json(s.to), "score", s.score, "deducted",
			                                        s.deducted, "grade", s.grade ? s.grade->grade : ""));
			if (s.from <= first)
				break;
			at = s.from - 1;
		}
		*out = json_pack("{s:i,s:{s:o,s:o},s:i,s:i,s:o,s:s,s:s,s:s,s:o,s:o}", "full_points", r->full_points,
		                 "cycle", "from", date_json(now.from), "to", date_json(now.to), "score", now.score,
		                 "deducted", now.deducted, "grade", grade_json(now.grade), "citation", r->citation,
		                 "cycle_citation", r->cycle_citation, "grades_citation", r->grades_citation,
		                 "deductions", ordered, "cycles", cycles);
		*cases_out = cases;
		cases = NULL;
	}
	json_decref(cases);
	json_decref(deductions);
	free(d);
	return rc;
}
