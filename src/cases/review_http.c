/* Case-file review over HTTP (docs/api.md): draw files (all given, or a
 * sample by a recorded seed), each with its score sheet already scored
 * where sunroad can check the case itself (review.c); the reviewer
 * completes the rest and finishes it: score, grade, and each deduction a
 * finding; grades per unit and officer. */
#include "cases.h"
#include "review.h"
#include "base/audit.h"
#include "base/datetime.h"
#include "base/rng.h"
#include "base/page.h"
#include "overlimit/api.h"
#include "people/people.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct review_sheet *sheet;

int cases_review_start(const char *rules_dir, struct err *e)
{
	return review_sheet_load(rules_dir, &sheet, e);
}

void cases_review_stop(void)
{
	review_sheet_free(sheet);
	sheet = NULL;
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static const char *const results[] = { [RESULT_UNKNOWN] = "unknown", [RESULT_PASS] = "pass", [RESULT_FAIL] = "fail" };

/* What the checks read of a loaded case. */
static int facts_of(struct db *db, const struct case_loaded *c, struct case_rules *r, struct review_facts *f,
                    struct err *e)
{
	int rc = cases_rules_of(c->status.opened_on, r, e);
	if (rc)
		return rc;
	*f = (struct review_facts){ .s = &c->status, .r = r, .nofficers = (int)json_array_size(c->officers) };
	f->approved = *json_string_value(json_object_get(c->row, "approved_by"));
	size_t k;
	json_t *officer;
	json_array_foreach(c->officers, k, officer) f->certified += json_is_string(json_object_get(officer, "cert_valid_to"));
	json_t *detection = json_object_get(c->row, "detection");
	int64_t at;
	const char *why;
	const char *occurred = json_string_value(json_object_get(c->row, "occurred_at"));
	f->occurred_day = occurred && !datetime_parse(slice_from(occurred), &at, &why) ? local_day(at) : c->status.opened_on;
	if (json_is_integer(detection)) {
		struct overlimit_case_facts d;
		f->from_detection = true;
		rc = overlimit_case_facts(db, NULL, json_integer_value(detection), &d, e);
		if (rc < 0)
			return rc;
		f->verdict_fine_fen = rc ? d.fine_fen : -1;
	}
	f->footage = (int)json_array_size(json_object_get(c->row, "footage"));
	int64_t documents = 0;
	rc = db_get_int(db,
	                "SELECT count(*) FROM case_documents WHERE case_id = $1 AND name IN ('notice', 'decision', 'receipt')",
	                DB_ARGS(DB_INT(c->id)), &documents, e);
	if (rc < 0)
		return rc;
	f->documents_issued = documents == 3;
	size_t i;
	json_t *ev;
	json_array_foreach(c->events, i, ev)
	{
		const char *type = json_string_value(json_object_get(ev, "type"));
		f->footage += (int)json_array_size(json_object_get(json_object_get(ev, "body"), "footage"));
		bool late = json_is_true(json_object_get(json_object_get(ev, "sets"), "late"));
		if (strcmp(type, "serve") == 0)
			f->served_late = late;
		if (strcmp(type, "report") == 0) {
			f->reported = true;
			f->reported_late = late;
		}
	}
	return 0;
}

/* A new review of case id in draw, its items scored where sunroad can. */
static int review_create(struct db *db, int64_t draw, int64_t case_id, const char *reviewer, int64_t *id, struct err *e)
{
	struct case_loaded c;
	struct case_rules r;
	struct review_facts f;
	int rc = cases_load(db, NULL, case_id, &c, e);
	rc = rc ? rc : facts_of(db, &c, &r, &f, e);
	if (!rc)
		rc = db_get_int(db,
		                "INSERT INTO reviews (draw_id, case_id, state, reviewer, created_at) VALUES ($1, $2, 'open', $3, $4)"
		                " RETURNING id",
		                DB_ARGS(DB_INT(draw), DB_INT(case_id), DB_TEXT(reviewer), DB_INT(now_s())), id, e);
	rc = rc < 0 ? rc : 0;
	for (size_t i = 0; !rc && i < sheet->nitems; i++) {
		const struct review_item *item = &sheet->items[i];
		char evidence[256];
		enum review_result res = review_check_run(item->check, &f, evidence, sizeof evidence);
		int deducted = res == RESULT_FAIL ? item->points : 0;
		rc = db_get_int(db,
		                "INSERT INTO review_items (review_id, item, result, deducted, auto, evidence, note)"
		                " VALUES ($1, $2, $3, $4, $5, $6, '') RETURNING deducted",
		                DB_ARGS(DB_INT(*id), DB_TEXT(item->id), DB_TEXT(results[res]), DB_INT(deducted),
		                        DB_INT(res != RESULT_UNKNOWN), DB_TEXT(evidence)),
		                NULL, e);
		rc = rc < 0 ? rc : 0;
	}
	cases_loaded_free(&c);
	return rc < 0 ? rc : 0;
}

/* The sheet of review id, if its case is of the caller's units. */
static json_t *sheet_json(struct db *db, const struct caller *caller, int64_t id, struct err *e)
{
	struct db_stmt *row;
	int rc = db_row(db,
	                "SELECT r.id, r.case_id, c.number, c.unit_code, r.state, r.score, r.grade, r.vetoed, r.reviewer,"
	                " r.draw_id FROM reviews r JOIN cases c ON c.id = r.case_id WHERE r.id = $3"
	                " AND c.unit_code IN (" SCOPE_UNITS_SQL ")",
	                DB_ARGS(DB_INT(caller->sees_all), DB_TEXT(caller->unit), DB_INT(id)), &row, e);
	if (rc <= 0) {
		if (rc == 0)
			err_reason(e, ERR_NOTFOUND, "review_unknown", ERR_ARGS(ERR_INT("id", id)), "no review %lld of your units",
			           (long long)id);
		return NULL;
	}
	bool finished = strcmp(db_col_text(row, 4), "finished") == 0;
	json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:I}", "id", (json_int_t)db_col_int(row, 0), "case",
	                      (json_int_t)db_col_int(row, 1), "number", db_col_text(row, 2), "unit", db_col_text(row, 3),
	                      "state", db_col_text(row, 4), "score", finished ? json_integer(db_col_int(row, 5)) : json_null(),
	                      "grade", finished ? json_string(db_col_text(row, 6)) : json_null(), "vetoed",
	                      finished ? json_boolean(db_col_int(row, 7)) : json_null(), "reviewer", db_col_text(row, 8),
	                      "draw", (json_int_t)db_col_int(row, 9));
	db_row_done(row);
	struct db_stmt *st =
	    db_prepare(db, "SELECT item, result, deducted, auto, evidence, note FROM review_items WHERE review_id = $1", e);
	if (!o || !st) {
		json_decref(o);
		return NULL;
	}
	db_bind_int(st, 1, id);
	json_t *by_item = json_object();
	int deducted = 0;
	while ((rc = db_step(st, e)) == DB_ROW) {
		const struct review_item *item = review_item_find(sheet, db_col_text(st, 0));
		if (!item)
			continue; /* an item of an older sheet: kept in the table */
		deducted += (int)db_col_int(st, 2);
		json_object_set_new(by_item, item->id, json_pack("{s:s,s:s,s:s,s:s,s:i,s:b,s:s?,s:s,s:I,s:b,s:s,s:s}", "item", item->id,
		                                       "block", item->block, "block_name", item->block_name, "text",
		                                       item->text, "points", item->points, "veto", item->veto, "check",
		                                       item->check ? review_check_name(item->check) : NULL, "result",
		                                       db_col_text(st, 1), "deducted", (json_int_t)db_col_int(st, 2), "auto",
		                                       db_col_int(st, 3) != 0, "evidence", db_col_text(st, 4), "note",
		                                       db_col_text(st, 5)));
	}
	/* In the sheet's order, block by block. */
	json_t *items = json_array();
	for (size_t i = 0; i < sheet->nitems; i++) {
		json_t *it = json_object_get(by_item, sheet->items[i].id);
		if (it)
			json_array_append(items, it);
	}
	json_decref(by_item);
	if (rc < 0) {
		json_decref(items);
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "score_so_far", json_integer(100 - deducted));
	return o;
}

static int answer_sheet(struct http_request *rq, int status, int64_t id, struct err *e)
{
	json_t *o = sheet_json(rq->db, caller_of(rq), id, e);
	return o ? http_json(rq, status, o) : e->code;
}


int cases_reviews_draw(struct db *db, const struct caller *caller, const json_t *body, json_t **answer,
                       struct err *e)
{
	*answer = NULL;
	json_t *given = json_object_get(body, "cases");
	json_t *sample = json_object_get(body, "sample"), *seed_j = json_object_get(body, "seed");
	int32_t from = days_from_civil(1900, 1, 1), to = days_from_civil(2999, 12, 31);
	int rc = page_dates_read(http_json_text(body, "from"), http_json_text(body, "to"), &from, &to, e);
	if (!rc && !json_is_array(given) && !(json_is_integer(sample) && json_integer_value(sample) > 0))
		rc = err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "sample")),
		                "give the cases to review, or a sample size");
	/* The population: the caller's closed cases opened in the period. */
	int64_t *ids = NULL;
	size_t n = 0;
	if (!rc) {
		struct db_stmt *st = db_prepare(db,
		                                "SELECT id FROM cases WHERE state = 'closed' AND unit_code IN (" SCOPE_UNITS_SQL ")"
		                                " AND opened_on BETWEEN $3 AND $4 ORDER BY id",
		                                e);
		if (!st)
			rc = e->code;
		else {
			people_bind_scope(st, caller);
			db_bind_int(st, 3, date_key(from));
			db_bind_int(st, 4, date_key(to));
			size_t cap = 0;
			while ((rc = db_step(st, e)) == DB_ROW) {
				if (n == cap) {
					cap = cap ? 2 * cap : 64;
					int64_t *grown = realloc(ids, cap * sizeof *ids);
					if (!grown) {
						rc = err_set(e, ERR_NOMEM, "out of memory drawing files");
						break;
					}
					ids = grown;
				}
				ids[n++] = db_col_int(st, 0);
			}
			rc = rc < 0 ? rc : 0;
		}
	}
	size_t population = n;
	uint64_t seed = json_is_integer(seed_j) ? (uint64_t)json_integer_value(seed_j) : randombytes_random();
	if (!rc && json_is_array(given)) {
		/* Files named: each must be a closed case of the caller's units. */
		size_t m = 0, i;
		json_t *v;
		json_array_foreach(given, i, v)
		{
			bool found = false;
			for (size_t k = 0; k < n && !found; k++)
				found = json_is_integer(v) && ids[k] == json_integer_value(v);
			if (!found) {
				rc = err_reason(e, ERR_CONFLICT, "review_not_closed", ERR_ARGS(ERR_INT("case", json_integer_value(v))),
				                "case %lld is no closed case of your units", (long long)json_integer_value(v));
				break;
			}
			ids[m++] = json_integer_value(v);
		}
		n = m;
	} else if (!rc) {
		/* A partial Fisher-Yates shuffle of the sorted population. */
		struct rng state = { seed }; /* the sample is a pure function of the seed */
		size_t want = (size_t)json_integer_value(sample);
		for (size_t i = 0; i < n && i < want; i++) {
			size_t j = i + (size_t)(rng_next(&state) % (n - i));
			int64_t t = ids[i];
			ids[i] = ids[j];
			ids[j] = t;
		}
		if (want < n)
			n = want;
	}
	int64_t draw = 0;
	json_t *created = json_array();
	if (!rc && !(rc = db_begin(db, e))) {
		rc = db_get_int(db,
		                "INSERT INTO review_draws (seed, sample, population, period_from, period_to, created_by,"
		                " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
		                DB_ARGS(DB_INT((int64_t)(seed & 0x7fffffffffffffffULL)), DB_INT((int64_t)n),
		                        DB_INT((int64_t)population), DB_INT(date_key(from)), DB_INT(date_key(to)),
		                        DB_TEXT(caller->login), DB_INT(now_s())),
		                &draw, e);
		rc = rc < 0 ? rc : 0;
		for (size_t i = 0; !rc && i < n; i++) {
			int64_t id;
			rc = review_create(db, draw, ids[i], caller->login, &id, e);
			if (!rc)
				json_array_append_new(created, json_pack("{s:I,s:I}", "id", (json_int_t)id, "case", (json_int_t)ids[i]));
		}
		if (!rc) {
			char object[32];
			snprintf(object, sizeof object, "review_draw:%lld", (long long)draw);
			rc = audit_append_json(db, caller->login, "review.draw", object, NULL,
			                       json_pack("{s:I,s:I,s:I,s:O}", "seed", (json_int_t)(seed & 0x7fffffffffffffffULL),
			                                 "population", (json_int_t)population, "sample", (json_int_t)n, "reviews",
			                                 created),
			                       now_s(), e);
		}
		rc = rc ? rc : db_commit(db, e);
		if (rc)
			db_rollback(db);
	}
	free(ids);
	if (rc) {
		json_decref(created);
		return rc;
	}
	*answer = json_pack("{s:I,s:I,s:I,s:o}", "draw", (json_int_t)draw, "seed",
	                    (json_int_t)(seed & 0x7fffffffffffffffULL), "population", (json_int_t)population, "reviews",
	                    created);
	return *answer ? 0 : err_set(e, ERR_NOMEM, "out of memory answering a draw");
}

int reviews_post(struct http_request *rq, struct err *e)
{
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	json_t *answer;
	int rc = cases_reviews_draw(rq->db, caller_of(rq), body, &answer, e);
	json_decref(body);
	return rc ? rc : http_json(rq, 201, answer);
}

static int64_t path_id(const struct http_request *rq, struct err *e)
{
	int64_t id;
	if (slice_to_int(rq->param[0], &id) || id < 1) {
		err_reason(e, ERR_NOTFOUND, "review_unknown", ERR_NO_ARGS, "no such review");
		return 0;
	}
	return id;
}

int review_get(struct http_request *rq, struct err *e)
{
	int64_t id = path_id(rq, e);
	return id ? answer_sheet(rq, 200, id, e) : e->code;
}

/* The review's state, if the caller may see it: "open" or "finished". */
static int review_state(struct db *db, const struct caller *caller, int64_t id, char state[16], struct err *e)
{
	json_t *o = sheet_json(db, caller, id, e);
	if (!o)
		return e->code;
	snprintf(state, 16, "%s", json_string_value(json_object_get(o, "state")));
	json_decref(o);
	return strcmp(state, "open") ? err_reason(e, ERR_CONFLICT, "review_finished", ERR_ARGS(ERR_INT("id", id)),
	                                          "review %lld is finished", (long long)id)
	                             : 0;
}

int cases_review_item(struct db *db, const struct caller *caller, int64_t id, const json_t *body, struct err *e)
{
	char state[16];
	int rc = review_state(db, caller, id, state, e);
	if (rc)
		return rc;
	const char *name = http_json_text(body, "item"), *result = http_json_text(body, "result");
	const char *note = http_json_text(body, "note");
	const struct review_item *item = review_item_find(sheet, name);
	json_t *deducted_j = json_object_get(body, "deducted");
	int deducted = json_is_integer(deducted_j) ? (int)json_integer_value(deducted_j) : -1;
	if (!item)
		rc = err_reason(e, ERR_INVALID, "review_item_unknown", ERR_ARGS(ERR_TEXT("field", "item")),
		                "no item '%s' on the sheet", name ? name : "");
	else if (!result || (strcmp(result, "pass") && strcmp(result, "fail")))
		rc = err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "result")),
		                "result is pass or fail");
	else if (strcmp(result, "pass") == 0)
		deducted = 0;
	else if (item->veto)
		deducted = item->points; /* a veto item fails whole */
	else if (deducted < 1 || deducted > item->points)
		rc = err_reason(e, ERR_INVALID, "review_deduction", ERR_ARGS(ERR_TEXT("field", "deducted"), ERR_INT("max", item->points)),
		                "deducted must be 1..%d for a failed item", item->points);
	/* Overruling what sunroad checked, or failing an item, says why. */
	if (!rc && strcmp(result, "fail") == 0 && (!note || !*note))
		rc = err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "note")),
		                "a deduction says why in a note");
	if (!rc) {
		rc = db_get_int(db,
		                "UPDATE review_items SET result = $3, deducted = $4, note = $5, auto = 0"
		                " WHERE review_id = $1 AND item = $2 RETURNING deducted",
		                DB_ARGS(DB_INT(id), DB_TEXT(item->id), DB_TEXT(result), DB_INT(deducted), DB_TEXT(note ? note : "")),
		                NULL, e);
		rc = rc < 0 ? rc : 0;
	}
	return rc;
}

int review_items_post(struct http_request *rq, struct err *e)
{
	int64_t id = path_id(rq, e);
	if (!id)
		return e->code;
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	int rc = cases_review_item(rq->db, caller_of(rq), id, body, e);
	json_decref(body);
	return rc ? rc : answer_sheet(rq, 200, id, e);
}

int cases_review_finish(struct db *db, const struct caller *caller, int64_t id, struct err *e)
{
	char state[16];
	int rc = review_state(db, caller, id, state, e);
	json_t *o = rc ? NULL : sheet_json(db, caller, id, e);
	if (!o)
		return e->code;
	int score = 100, open = 0;
	bool vetoed = false;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(o, "items"), i, it)
	{
		const char *result = json_string_value(json_object_get(it, "result"));
		open += strcmp(result, "unknown") == 0;
		score -= (int)json_integer_value(json_object_get(it, "deducted"));
		vetoed |= strcmp(result, "fail") == 0 && json_is_true(json_object_get(it, "veto"));
	}
	if (open)
		rc = err_reason(e, ERR_CONFLICT, "review_incomplete", ERR_ARGS(ERR_INT("open", open)),
		                "%d items of the sheet have no result yet", open);
	const struct review_grade *grade = review_grade_of(sheet, score, vetoed);
	if (!rc && !(rc = db_begin(db, e))) {
		int64_t case_id = json_integer_value(json_object_get(o, "case"));
		struct case_loaded c;
		rc = cases_load(db, NULL, case_id, &c, e);
		char *officers = rc ? NULL : json_dumps(c.officers, JSON_COMPACT);
		if (!rc)
			rc = db_get_int(db,
			                "UPDATE reviews SET state = 'finished', score = $2, grade = $3, vetoed = $4, finished_at = $5"
			                " WHERE id = $1 AND state = 'open' RETURNING id",
			                DB_ARGS(DB_INT(id), DB_INT(score), DB_TEXT(grade->grade), DB_INT(vetoed), DB_INT(now_s())),
			                NULL, e);
		rc = rc < 0 ? rc : 0;
		/* Each deduction, a finding of the unit and the officers. */
		json_array_foreach(json_object_get(o, "items"), i, it)
		{
			int64_t d = json_integer_value(json_object_get(it, "deducted"));
			if (rc || d <= 0)
				continue;
			/* Why it was deducted: the reviewer's note, else what the check found. */
			const char *why = json_string_value(json_object_get(it, "note"));
			if (!*why)
				why = json_string_value(json_object_get(it, "evidence"));
			rc = db_get_int(db,
			                "INSERT INTO review_findings (review_id, case_id, unit_code, officers, item, deducted, note,"
			                " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
			                DB_ARGS(DB_INT(id), DB_INT(case_id), DB_TEXT(c.unit), DB_TEXT(officers ? officers : "[]"),
			                        DB_TEXT(json_string_value(json_object_get(it, "item"))), DB_INT(d), DB_TEXT(why),
			                        DB_INT(now_s())),
			                NULL, e);
			rc = rc < 0 ? rc : 0;
		}
		if (!rc) {
			char object[32];
			snprintf(object, sizeof object, "review:%lld", (long long)id);
			rc = audit_append_json(db, caller->login, "review.finish", object, NULL,
			                       json_pack("{s:s,s:i,s:s,s:b}", "number", c.number, "score", score, "grade",
			                                 grade->grade, "vetoed", vetoed),
			                       now_s(), e);
		}
		free(officers);
		cases_loaded_free(&c);
		rc = rc ? rc : db_commit(db, e);
		if (rc)
			db_rollback(db);
	}
	json_decref(o);
	return rc;
}

int review_finish_post(struct http_request *rq, struct err *e)
{
	int64_t id = path_id(rq, e);
	if (!id)
		return e->code;
	int rc = cases_review_finish(rq->db, caller_of(rq), id, e);
	return rc ? rc : answer_sheet(rq, 200, id, e);
}

/* GET /api/v1/reviews?draw: the reviews of the caller's units. */
int reviews_get(struct http_request *rq, struct err *e)
{
	const char *draw = http_query(rq, "draw");
	int64_t d = 0;
	if (draw && *draw && slice_to_int(slice_from(draw), &d))
		return err_reason(e, ERR_INVALID, "field_type", ERR_ARGS(ERR_TEXT("field", "draw")), "draw is a draw's id");
	struct db_stmt *st = db_prepare(rq->db,
	                                "SELECT r.id, r.case_id, c.number, c.unit_code, r.state, r.score, r.grade, r.draw_id"
	                                " FROM reviews r JOIN cases c ON c.id = r.case_id"
	                                " WHERE c.unit_code IN (" SCOPE_UNITS_SQL ") AND ($3 = 0 OR r.draw_id = $3)"
	                                " ORDER BY r.id DESC LIMIT 1000",
	                                e);
	if (!st)
		return e->code;
	people_bind_scope(st, caller_of(rq));
	db_bind_int(st, 3, d);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		bool finished = strcmp(db_col_text(st, 4), "finished") == 0;
		json_array_append_new(items, json_pack("{s:I,s:I,s:s,s:s,s:s,s:o,s:o,s:I}", "id", (json_int_t)db_col_int(st, 0),
		                                       "case", (json_int_t)db_col_int(st, 1), "number", db_col_text(st, 2),
		                                       "unit", db_col_text(st, 3), "state", db_col_text(st, 4), "score",
		                                       finished ? json_integer(db_col_int(st, 5)) : json_null(), "grade",
		                                       finished ? json_string(db_col_text(st, 6)) : json_null(), "draw",
		                                       (json_int_t)db_col_int(st, 7)));
	}
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	return page_answer_items(rq, items, NULL);
}

/* GET /api/v1/reviews/summary: finished reviews by unit and by officer. */
int reviews_summary_get(struct http_request *rq, struct err *e)
{
	struct db_stmt *st = db_prepare(rq->db,
	                                "SELECT c.unit_code, c.officers, r.score, r.grade FROM reviews r JOIN cases c"
	                                " ON c.id = r.case_id WHERE r.state = 'finished' AND c.unit_code IN (" SCOPE_UNITS_SQL
	                                ") ORDER BY c.unit_code, r.id",
	                                e);
	if (!st)
		return e->code;
	people_bind_scope(st, caller_of(rq));
	json_t *units = json_object(), *officers = json_object();
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t score = db_col_int(st, 2);
		const char *grade = db_col_text(st, 3);
		json_t *who = json_loads(db_col_text(st, 1), 0, NULL);
		json_t *targets[CASE_MAX_OFFICERS + 1];
		int nt = 0;
		const char *unit = db_col_text(st, 0);
		if (!json_object_get(units, unit))
			json_object_set_new(units, unit, json_pack("{s:s,s:i,s:i,s:{}}", "unit", unit, "files", 0, "score_sum", 0, "grades"));
		targets[nt++] = json_object_get(units, unit);
		size_t i;
		json_t *o;
		json_array_foreach(who, i, o)
		{
			const char *badge = json_string_value(json_object_get(o, "badge"));
			if (!badge || nt > CASE_MAX_OFFICERS)
				continue;
			if (!json_object_get(officers, badge))
				json_object_set_new(officers, badge,
				                    json_pack("{s:s,s:O,s:i,s:i,s:{}}", "badge", badge, "name",
				                              json_object_get(o, "name"), "files", 0, "score_sum", 0, "grades"));
			targets[nt++] = json_object_get(officers, badge);
		}
		for (int k = 0; k < nt; k++) {
			json_t *t = targets[k], *g = json_object_get(t, "grades");
			json_object_set_new(t, "files", json_integer(json_integer_value(json_object_get(t, "files")) + 1));
			json_object_set_new(t, "score_sum", json_integer(json_integer_value(json_object_get(t, "score_sum")) + score));
			json_object_set_new(g, grade, json_integer(json_integer_value(json_object_get(g, grade)) + 1));
		}
		json_decref(who);
	}
	json_t *out = json_pack("{s:[],s:[]}", "units", "officers");
	json_t *groups[2] = { units, officers };
	const char *names[2] = { "units", "officers" };
	for (int k = 0; k < 2; k++) {
		const char *key;
		json_t *v;
		json_object_foreach(groups[k], key, v)
		{
			int64_t files = json_integer_value(json_object_get(v, "files"));
			json_object_set_new(v, "average", json_real(files ? (double)json_integer_value(json_object_get(v, "score_sum")) / (double)files : 0));
			json_object_del(v, "score_sum");
			json_array_append(json_object_get(out, names[k]), v);
		}
	}
	json_decref(units);
	json_decref(officers);
	if (rc < 0) {
		json_decref(out);
		return rc;
	}
	return http_json(rq, 200, out);
}
