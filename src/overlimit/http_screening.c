/* Screening (人工审核) over HTTP: the queue with its filters and total, the
 * reasons a record is dismissed for, claims that keep two officers off the
 * same record, the decision, and its undo within a short window. Every
 * query is limited to the caller's scope. */
#include "api.h"
#include "../base/audit.h"
#include "../base/datetime.h"
#include "../base/page.h"
#include "../people/people.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct overlimit_screening_settings overlimit_screening_settings = { .claim_s = 300, .undo_s = 10 };

static const struct {
	const char *code, *zh, *en;
} dismiss_reasons[] = {
	{ "plate_misread", "车牌识别错误", "plate misread" },
	{ "sensor_fault", "设备故障", "sensor fault" },
	{ "permit", "持有超限运输许可", "vehicle with permit" },
	{ "other", "其他", "other" },
};

int overlimit_screening_reasons(struct http_request *rq, struct err *e)
{
	(void)e;
	json_t *items = json_array();
	for (size_t i = 0; i < sizeof dismiss_reasons / sizeof dismiss_reasons[0]; i++)
		json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "code", dismiss_reasons[i].code, "zh",
		                                       dismiss_reasons[i].zh, "en", dismiss_reasons[i].en));
	return page_answer_items(rq, items, NULL);
}

/* ---- the queue --------------------------------------------------------------- */

/* What the queue is filtered by ($3..$9 of every queue statement); the
 * cursor and the limit follow as $10..$12. */
#define QUEUE_WHERE                                                                                   \
	" FROM detections d JOIN sites s ON s.id = d.site_id"                                         \
	" LEFT JOIN screening sc ON sc.detection_id = d.id"                                           \
	" WHERE d.overlimit = 1 AND d.admissible = 1 AND sc.detection_id IS NULL"                     \
	" AND d.site_id IN (" SCOPED_SITE_IDS ")"                                                     \
	" AND (CAST($3 AS TEXT) = '' OR s.code = $3) AND (CAST($4 AS TEXT) = '' OR s.unit_code = $4)" \
	" AND ($5 = 0 OR d.ton100 = 1) AND d.passed_at >= $6 AND d.passed_at < $7"                    \
	" AND NOT EXISTS (SELECT 1 FROM screening_claims c WHERE c.detection_id = d.id"               \
	" AND c.claimed_by <> $8 AND c.expires_at > $9)"

/* One statement per order; each pages by its own key, then the id. */
static const struct queue_order {
	const char *name;
	int key_col;                 /* the column of DETECTION_COLUMNS the order is by */
	int64_t key_start, id_start; /* the keys before the first row (over_kg is an INTEGER column) */
	const char *sql;
} queue_orders[] = {
	{ "oldest", 3, INT64_MIN, INT64_MIN,
	  "SELECT " DETECTION_COLUMNS QUEUE_WHERE " AND (d.passed_at > $10 OR (d.passed_at = $10 AND d.id > $11))"
	  " ORDER BY d.passed_at, d.id LIMIT $12" },
	{ "newest", 3, INT64_MAX, INT64_MAX,
	  "SELECT " DETECTION_COLUMNS QUEUE_WHERE " AND (d.passed_at < $10 OR (d.passed_at = $10 AND d.id < $11))"
	  " ORDER BY d.passed_at DESC, d.id DESC LIMIT $12" },
	{ "excess", 11, INT32_MAX, INT64_MAX,
	  "SELECT " DETECTION_COLUMNS QUEUE_WHERE " AND (d.over_kg < $10 OR (d.over_kg = $10 AND d.id < $11))"
	  " ORDER BY d.over_kg DESC, d.id DESC LIMIT $12" },
};

static const char queue_count_sql[] = "SELECT count(*)" QUEUE_WHERE;

/* The filters of the queue's query string. */
struct queue_filter {
	const char *site, *unit;
	int64_t ton100, from_s, to_s;
};

static int queue_filter_parse(struct http_request *rq, struct queue_filter *f, struct err *e)
{
	const char *ton100 = http_query(rq, "ton100");
	f->site = http_query(rq, "site");
	f->unit = http_query(rq, "unit");
	f->site = f->site ? f->site : "";
	f->unit = f->unit ? f->unit : "";
	f->ton100 = ton100 && (strcmp(ton100, "1") == 0 || strcmp(ton100, "true") == 0);
	int32_t from = days_from_civil(1900, 1, 1), to = days_from_civil(2999, 12, 31);
	int rc = page_query_dates(rq, &from, &to, e);
	f->from_s = (int64_t)from * 86400 - LOCAL_UTC_OFFSET_S;
	f->to_s = (int64_t)(to + 1) * 86400 - LOCAL_UTC_OFFSET_S;
	return rc;
}

static void queue_bind(struct db_stmt *st, const struct caller *c, const struct queue_filter *f, int64_t now)
{
	people_bind_scope(st, c);
	db_bind_text(st, 3, f->site, strlen(f->site));
	db_bind_text(st, 4, f->unit, strlen(f->unit));
	db_bind_int(st, 5, f->ton100);
	db_bind_int(st, 6, f->from_s);
	db_bind_int(st, 7, f->to_s);
	db_bind_text(st, 8, c->login, strlen(c->login));
	db_bind_int(st, 9, now);
}

/* GET /api/v1/screening: a page of the queue and its total, the records
 * others hold a claim on left out. */
int overlimit_screening_queue(struct http_request *rq, struct err *e)
{
	const struct caller *c = caller_of(rq);
	const char *sort = http_query(rq, "sort");
	const struct queue_order *order = NULL;
	for (size_t i = 0; i < sizeof queue_orders / sizeof queue_orders[0]; i++)
		if (strcmp(sort && *sort ? sort : "oldest", queue_orders[i].name) == 0)
			order = &queue_orders[i];
	if (!order)
		return err_reason(e, ERR_INVALID, "sort_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "sort"), ERR_TEXT("got", sort)),
		                  "sort '%s' must be oldest, newest or excess", sort);
	struct queue_filter f;
	struct page p = { .key_col = { order->key_col, 0 }, .after_int = { order->key_start, order->id_start } };
	int rc = queue_filter_parse(rq, &f, e);
	if (rc || (rc = page_parse(rq, &p, "ii", e)))
		return rc;
	int64_t now = (int64_t)time(NULL), total = 0;
	struct db_stmt *st = db_prepare(rq->db, queue_count_sql, e);
	if (!st)
		return e->code;
	queue_bind(st, c, &f, now);
	while ((rc = db_step(st, e)) == DB_ROW)
		total = db_col_int(st, 0);
	if (rc < 0 || !(st = db_prepare(rq->db, order->sql, e)))
		return rc < 0 ? rc : e->code;
	queue_bind(st, c, &f, now);
	db_bind_int(st, 10, p.after_int[0]);
	db_bind_int(st, 11, p.after_int[1]);
	db_bind_int(st, 12, p.limit + 1);
	json_t *items = json_array(), *last = NULL;
	long n = 0;
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n++ == p.limit)
			continue; /* run the statement to its end */
		json_decref(last);
		last = json_pack("[I,I]", (json_int_t)db_col_int(st, order->key_col), (json_int_t)db_col_int(st, 0));
		json_array_append_new(items, overlimit_detection_row_json(st));
	}
	json_t *next = rc >= 0 && n > p.limit && last ? page_cursor(last) : json_null();
	json_decref(last);
	if (rc < 0) {
		json_decref(items);
		json_decref(next);
		return rc;
	}
	return http_json(rq, 200, json_pack("{s:o,s:o,s:I}", "items", items, "next", next, "total", (json_int_t)total));
}

/* ---- claims ------------------------------------------------------------------ */

/* Whether detection id, in the caller's scope, still waits for a decision:
 * 0, or detection_unknown (404), not_overlimit, not_admissible,
 * already_decided (409). */
static int screenable(struct db *db, const struct caller *c, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                "SELECT d.overlimit, d.admissible, sc.decision FROM detections d"
	                                " LEFT JOIN screening sc ON sc.detection_id = d.id"
	                                " WHERE d.id = $3 AND d.site_id IN (" SCOPED_SITE_IDS ")",
	                                e);
	if (!st)
		return e->code;
	people_bind_scope(st, c);
	db_bind_int(st, 3, id);
	int found = 0, overlimit = 0, admissible = 0, decided = 0, rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		found = 1;
		overlimit = (int)db_col_int(st, 0);
		admissible = (int)db_col_int(st, 1);
		decided = *db_col_text(st, 2) != '\0';
	}
	if (rc < 0)
		return rc;
	if (!found)
		return err_reason(e, ERR_NOTFOUND, "detection_unknown", ERR_ARGS(ERR_INT("id", id)),
		                  "no detection %lld", (long long)id);
	if (!overlimit)
		return err_reason(e, ERR_CONFLICT, "not_overlimit", ERR_ARGS(ERR_INT("id", id)),
		                  "detection %lld is not over the limit: nothing to screen", (long long)id);
	if (!admissible)
		return err_reason(e, ERR_CONFLICT, "not_admissible", ERR_ARGS(ERR_INT("id", id)),
		                  "detection %lld cannot be evidence (plate or certificate): nothing to screen",
		                  (long long)id);
	if (decided)
		return err_reason(e, ERR_CONFLICT, "already_decided", ERR_ARGS(ERR_INT("id", id)),
		                  "detection %lld has been screened already", (long long)id);
	return 0;
}

/* Refuses (409 claimed) when someone else holds a live claim on id; in
 * *taken_from the login of an expired claim of someone else ("" when none). */
static int claim_check(struct db *db, const struct caller *c, int64_t id, int64_t now, char taken_from[65],
                       struct err *e)
{
	struct db_stmt *row;
	taken_from[0] = '\0';
	int rc = db_row(db, "SELECT claimed_by, claimed_name, expires_at FROM screening_claims WHERE detection_id = $1",
	                DB_ARGS(DB_INT(id)), &row, e);
	if (rc <= 0)
		return rc;
	char by[65], name[129];
	snprintf(by, sizeof by, "%s", db_col_text(row, 0));
	snprintf(name, sizeof name, "%s", db_col_text(row, 1));
	int64_t expires_at = db_col_int(row, 2);
	db_row_done(row);
	if (strcmp(by, c->login) == 0)
		return 0;
	if (expires_at <= now) {
		snprintf(taken_from, 65, "%s", by);
		return 0;
	}
	return err_reason(e, ERR_CONFLICT, "claimed",
	                  ERR_ARGS(ERR_TEXT("by", name), ERR_INT("seconds", expires_at - now)),
	                  "detection %lld is being screened by %s for %lld more seconds", (long long)id, by,
	                  (long long)(expires_at - now));
}

static void object_name(int64_t id, char object[32])
{
	snprintf(object, 32, "detection:%lld", (long long)id);
}

/* Claims id for the caller until now + claim_s, releasing the caller's
 * other claims (one officer screens one record at a time). Only taking
 * over someone else's expired claim is audited: the rest is routine. */
static int claim(struct db *db, const struct caller *c, int64_t id, int64_t now, struct err *e)
{
	char taken_from[65];
	int rc = db_begin(db, e);
	if (rc == 0)
		rc = claim_check(db, c, id, now, taken_from, e);
	struct db_stmt *st = rc ? NULL : db_prepare(db, "DELETE FROM screening_claims WHERE claimed_by = $1", e);
	if (rc == 0 && !st)
		rc = e->code;
	if (rc == 0) {
		db_bind_text(st, 1, c->login, strlen(c->login));
		rc = db_step(st, e);
	}
	if (rc >= 0 &&
	    (st = db_prepare(db,
	                     "INSERT INTO screening_claims (detection_id, claimed_by, claimed_name, expires_at)"
	                     " VALUES ($1, $2, $3, $4) ON CONFLICT (detection_id) DO UPDATE SET"
	                     " claimed_by = excluded.claimed_by, claimed_name = excluded.claimed_name,"
	                     " expires_at = excluded.expires_at",
	                     e))) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, c->login, strlen(c->login));
		db_bind_text(st, 3, c->name, strlen(c->name));
		db_bind_int(st, 4, now + overlimit_screening_settings.claim_s);
		rc = db_step(st, e);
	} else if (rc >= 0) {
		rc = e->code;
	}
	if (rc >= 0 && taken_from[0]) {
		char object[32];
		object_name(id, object);
		rc = audit_append_json(db, c->login, "screening.claim", object,
		                       json_pack("{s:s}", "claimed_by", taken_from),
		                       json_pack("{s:s}", "claimed_by", c->login), now, e);
	}
	if (rc >= 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

/* POST /api/v1/screening/{id}/claim */
int overlimit_screening_claim(struct http_request *rq, struct err *e)
{
	int64_t id = 0, now = (int64_t)time(NULL);
	const struct caller *c = caller_of(rq);
	int rc = overlimit_path_id(rq, &id, e);
	if (rc || (rc = screenable(rq->db, c, id, e)) || (rc = claim(rq->db, c, id, now, e)))
		return rc;
	char until[26];
	datetime_format_local(now + overlimit_screening_settings.claim_s, until);
	return http_json(rq, 200,
	                 json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)id, "claimed_by", c->login, "expires_at",
	                           until, "seconds", (json_int_t)overlimit_screening_settings.claim_s));
}

/* DELETE /api/v1/screening/{id}/claim: the caller's own claim released
 * (the desk closed); someone else's claim stays. */
int overlimit_screening_release(struct http_request *rq, struct err *e)
{
	int64_t id = 0;
	const struct caller *c = caller_of(rq);
	int rc = overlimit_path_id(rq, &id, e);
	json_t *o = rc ? NULL : overlimit_detection_detail(rq->db, c, id, e);
	if (!o)
		return e->code;
	json_decref(o);
	struct db_stmt *st =
	    db_prepare(rq->db, "DELETE FROM screening_claims WHERE detection_id = $1 AND claimed_by = $2", e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, c->login, strlen(c->login));
	if ((rc = db_step(st, e)) < 0)
		return rc;
	return http_json(rq, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "released", db_changes(st) > 0));
}

/* ---- the decision and its undo --------------------------------------------- */

static int decide(struct db *db, const struct caller *c, int64_t id, const char *decision, const char *reason,
                  const char *note, struct err *e)
{
	int64_t now = (int64_t)time(NULL);
	char taken_from[65];
	int rc = db_begin(db, e);
	if (rc == 0)
		rc = claim_check(db, c, id, now, taken_from, e);
	struct db_stmt *st = rc ? NULL
	                        : db_prepare(db,
	                                     "INSERT INTO screening (detection_id, decision, reason, note, decided_by,"
	                                     " decided_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
	                                     e);
	if (rc == 0 && !st)
		rc = e->code;
	if (rc == 0) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, decision, strlen(decision));
		db_bind_text(st, 3, reason, strlen(reason));
		db_bind_text(st, 4, note, strlen(note));
		db_bind_text(st, 5, c->login, strlen(c->login));
		db_bind_int(st, 6, now);
		rc = db_step(st, e);
		if (rc >= 0)
			rc = db_changes(st) == 1
			         ? 0
			         : err_reason(e, ERR_CONFLICT, "already_decided", ERR_ARGS(ERR_INT("id", id)),
			                      "detection %lld has been screened already", (long long)id);
	}
	/* Deciding releases the claim. */
	if (rc == 0 && (st = db_prepare(db, "DELETE FROM screening_claims WHERE detection_id = $1", e))) {
		db_bind_int(st, 1, id);
		rc = db_step(st, e) < 0 ? e->code : 0;
	} else if (rc == 0) {
		rc = e->code;
	}
	if (rc == 0) {
		char object[32];
		object_name(id, object);
		json_t *before = json_pack("{s:s}", "decision", "pending"),
		       *after = json_pack("{s:s,s:s,s:s}", "decision", decision, "reason", reason, "note", note);
		/* Without memory for the states, no decision rather than an empty audit entry. */
		rc = before && after
		         ? audit_append_json(db, c->login, "screening.decide", object, before, after, now, e)
		         : err_set(e, ERR_NOMEM, "out of memory recording the decision");
		if (!before || !after) {
			json_decref(before);
			json_decref(after);
		}
	}
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

/* The request's decision checked: 0, or the reason it cannot be taken. */
static int decision_check(const char *decision, const char *reason, const char *note, struct err *e)
{
	bool known = false;
	for (size_t i = 0; reason && i < sizeof dismiss_reasons / sizeof dismiss_reasons[0]; i++)
		known |= strcmp(reason, dismiss_reasons[i].code) == 0;
	if (!decision || (strcmp(decision, "confirm") && strcmp(decision, "dismiss")))
		return err_reason(e, ERR_INVALID, "decision_unknown", ERR_ARGS(ERR_TEXT("field", "decision")),
		                  "\"decision\" must be \"confirm\" or \"dismiss\"");
	if (strcmp(decision, "dismiss") == 0 && !known)
		return err_reason(e, ERR_INVALID, "dismiss_reason_unknown", ERR_ARGS(ERR_TEXT("field", "reason")),
		                  "a dismissal needs \"reason\": plate_misread, sensor_fault, permit or other (see "
		                  "GET /api/v1/screening/reasons)");
	if (strcmp(decision, "dismiss") == 0 && strcmp(reason, "other") == 0 && !*note)
		return err_reason(e, ERR_INVALID, "note_required", ERR_ARGS(ERR_TEXT("field", "note")),
		                  "reason \"other\" needs a \"note\" saying what it is");
	if (strlen(note) > 2000)
		return err_reason(
		    e, ERR_INVALID, "field_too_long",
		    ERR_ARGS(ERR_TEXT("field", "note"), ERR_INT("max", 2000), ERR_INT("got", (long long)strlen(note))),
		    "the note is longer than 2000 bytes");
	return 0;
}

int overlimit_screening_record(struct db *db, const struct caller *c, int64_t id, const char *decision,
                               const char *reason, const char *note, struct err *e)
{
	note = note ? note : "";
	int rc = decision_check(decision, reason, note, e);
	if (rc == 0)
		rc = screenable(db, c, id, e);
	if (rc)
		return rc;
	bool confirm = strcmp(decision, "confirm") == 0;
	return decide(db, c, id, confirm ? "confirmed" : "dismissed", confirm ? "" : reason, note, e);
}

/* POST /api/v1/screening/{id} */
int overlimit_screening_decide(struct http_request *rq, struct err *e)
{
	int64_t id = 0;
	int rc = overlimit_path_id(rq, &id, e);
	if (rc)
		return rc;
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	rc = overlimit_screening_record(rq->db, caller_of(rq), id, http_json_text(body, "decision"),
	                                http_json_text(body, "reason"), http_json_text(body, "note"), e);
	json_decref(body);
	json_t *after = rc ? NULL : overlimit_detection_detail(rq->db, caller_of(rq), id, e);
	return after ? http_json(rq, 200, after) : rc ? rc : e->code;
}

/* Deletes the caller's own decision on id if it is younger than undo_s,
 * audited. The record is pending again (the desk claims it when it shows
 * it again). */
static int undo(struct db *db, const struct caller *c, int64_t id, struct err *e)
{
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *row;
	int rc = db_begin(db, e);
	if (rc == 0)
		rc = db_row(
		    db, "SELECT decision, reason, note, decided_by, decided_at FROM screening WHERE detection_id = $1",
		    DB_ARGS(DB_INT(id)), &row, e);
	if (rc == 0)
		rc = err_reason(e, ERR_CONFLICT, "not_decided", ERR_ARGS(ERR_INT("id", id)),
		                "detection %lld has no decision to undo", (long long)id);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	json_t *before = json_pack("{s:s,s:s,s:s}", "decision", db_col_text(row, 0), "reason", db_col_text(row, 1),
	                           "note", db_col_text(row, 2));
	bool mine = strcmp(db_col_text(row, 3), c->login) == 0;
	int64_t age = now - db_col_int(row, 4);
	db_row_done(row);
	rc = 0;
	if (!mine)
		rc = err_reason(e, ERR_CONFLICT, "undo_not_yours", ERR_ARGS(ERR_INT("id", id)),
		                "detection %lld was screened by someone else: only they may undo it", (long long)id);
	else if (age > overlimit_screening_settings.undo_s)
		rc = err_reason(e, ERR_CONFLICT, "undo_expired",
		                ERR_ARGS(ERR_INT("id", id), ERR_INT("seconds", overlimit_screening_settings.undo_s)),
		                "the decision on detection %lld is older than %ld seconds: it stands", (long long)id,
		                overlimit_screening_settings.undo_s);
	struct db_stmt *st = rc ? NULL : db_prepare(db, "DELETE FROM screening WHERE detection_id = $1", e);
	if (rc == 0 && !st)
		rc = e->code;
	if (rc == 0) {
		db_bind_int(st, 1, id);
		rc = db_step(st, e) < 0 ? e->code : 0;
	}
	if (rc == 0) {
		char object[32];
		object_name(id, object);
		rc = audit_append_json(db, c->login, "screening.undo", object, before,
		                       json_pack("{s:s}", "decision", "pending"), now, e);
		before = NULL;
	}
	json_decref(before);
	if (rc == 0)
		rc = db_commit(db, e);
	else
		db_rollback(db);
	return rc;
}

/* DELETE /api/v1/screening/{id}: undo → DETECTION_DETAIL, pending again. */
int overlimit_screening_undo(struct http_request *rq, struct err *e)
{
	int64_t id = 0;
	int rc = overlimit_path_id(rq, &id, e);
	if (rc)
		return rc;
	/* Another unit's detection is not there, decided or not. */
	json_t *before = overlimit_detection_detail(rq->db, caller_of(rq), id, e);
	if (!before)
		return e->code;
	json_decref(before);
	if ((rc = undo(rq->db, caller_of(rq), id, e)))
		return rc;
	json_t *after = overlimit_detection_detail(rq->db, caller_of(rq), id, e);
	return after ? http_json(rq, 200, after) : e->code;
}
