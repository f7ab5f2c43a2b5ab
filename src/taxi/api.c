/* The taxi routes (docs/api.md, "Taxi"): the registry's lists (list.h:
 * sorted, counted, paged), a company, a driver's profile with the
 * reputation of the current cycle, and an officer's deduction. The
 * registry is city-wide: no unit scope. ID numbers and phones are masked
 * in the lists; whole on a driver's page for officers, legal reviewers,
 * chiefs and admins (inspectors see them masked). */
#include "taxi.h"
#include "base/audit.h"
#include "base/datetime.h"
#include "base/list.h"
#include "cases/party.h"
#include "tickets/tickets.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct taxi_rulebook *book;

int taxi_api_start(const char *rules_dir, struct err *e)
{
	return taxi_rulebook_load(rules_dir, &book, e);
}

void taxi_api_stop(void)
{
	taxi_rulebook_free(book);
	book = NULL;
}

static const struct taxi_rules *rules(void)
{
	return taxi_rulebook_rules(book);
}

static int32_t today(void)
{
	return local_day((int64_t)time(NULL));
}

/* The standing of the drivers a list's items show, computed before the
 * list is answered: list.h's item callback sees only its row. One per
 * request thread. */
static _Thread_local struct {
	const struct taxi_standing *s;
	size_t n;
} shown;

static json_t *masked(const char *text, size_t (*mask)(struct slice, char *))
{
	char out[128];
	if (strlen(text) >= sizeof out)
		return json_string("");
	mask(slice_from(text), out);
	return json_string(out);
}

/* A certificate number that is a resident ID number is masked as one. */
static json_t *certificate_shown(const char *cert, bool whole)
{
	return whole || strlen(cert) != 18 ? json_string(cert) : masked(cert, party_mask_resident_id);
}

static const char *certificate_state(int32_t from, int32_t to, int32_t day)
{
	if (day > to)
		return "expired";
	if (day < from)
		return "not_yet";
	return to - day <= 30 ? "expiring" : "valid";
}

static json_t *standing_json(const struct taxi_standing *s)
{
	if (!s)
		return json_null();
	return json_pack("{s:i,s:s}", "score", s->score.score, "grade", s->score.grade ? s->score.grade->grade : "");
}

/* {"AAA": n, ...} of the drivers of company (0: all) among the shown. */
static json_t *grades_json(int64_t company)
{
	const struct taxi_rules *r = rules();
	json_t *out = json_object();
	int count[TAXI_MAX_GRADES] = { 0 };
	for (size_t i = 0; i < shown.n; i++)
		if (!company || shown.s[i].company_id == company)
			count[shown.s[i].score.grade - r->grade]++;
	for (int g = 0; g < r->ngrades; g++)
		json_object_set_new(out, r->grade[g].grade, json_integer(count[g]));
	return out;
}

static int standing_load(struct db *db, int64_t company, struct taxi_standing **s, struct err *e)
{
	size_t n;
	int rc = taxi_standing_all(db, rules(), company, today(), s, &n, e);
	shown.s = rc ? NULL : *s;
	shown.n = rc ? 0 : n;
	return rc;
}

static void standing_done(struct taxi_standing *s)
{
	free(s);
	shown.s = NULL;
	shown.n = 0;
}

/* ?name= as a whole number ≥ 0 (0 when absent). */
static int query_id(struct http_request *rq, const char *name, int64_t *out, struct err *e)
{
	const char *v = http_query(rq, name);
	*out = 0;
	if (v && *v && (slice_to_int(slice_from(v), out) || *out < 0))
		return err_reason(e, ERR_INVALID, "id_invalid", ERR_ARGS(ERR_TEXT("field", name), ERR_TEXT("got", v)),
		                  "%s '%s' is not an id", name, v);
	return 0;
}

/* ?q= upper-cased (letters of IDs, certificates and plates), and as a
 * LIKE pattern. */
struct search {
	int64_t company;
	char q[80], like[90];
};

static void search_read(struct http_request *rq, const char *name, struct search *s)
{
	const char *q = http_query(rq, name);
	snprintf(s->q, sizeof s->q, "%s", q ? q : "");
	struct slice t = slice_trim(slice_from(s->q));
	memmove(s->q, t.p, t.n);
	s->q[t.n] = '\0';
	for (char *c = s->q; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	/* A '%' or '_' typed is taken as itself, not as a pattern. */
	char *o = s->like;
	*o++ = '%';
	for (const char *c = s->q; *c && o < s->like + sizeof s->like - 3; c++)
		if (*c != '%' && *c != '_' && *c != '\\')
			*o++ = *c;
	*o++ = '%';
	*o = '\0';
}

static void search_bind(struct db_stmt *st, const void *arg)
{
	const struct search *s = arg;
	db_bind_int(st, 1, s->company);
	db_bind_text(st, 2, s->q, strlen(s->q));
	db_bind_text(st, 3, s->like, strlen(s->like));
}

/* ---- companies ------------------------------------------------------- */

/* Complaints per 100 of the company's vehicles, to a tenth (a company of
 * 300 taxis and one of 30 compare): null without vehicles. */
static json_t *per_100_vehicles(int64_t complaints, int64_t vehicles)
{
	if (vehicles <= 0)
		return json_null();
	int64_t tenths = (complaints * 1000 + vehicles / 2) / vehicles;
	return json_real((double)tenths / 10);
}

static json_t *company_item(struct db_stmt *st)
{
	int64_t id = db_col_int(st, 0);
	return json_pack("{s:I,s:s,s:o,s:I,s:I,s:o,s:I,s:o}", "id", (json_int_t)id, "name", db_col_text(st, 1),
	                 "credit_code", masked(db_col_text(st, 2), party_mask_credit_code), "vehicles",
	                 (json_int_t)db_col_int(st, 3), "drivers", (json_int_t)db_col_int(st, 4), "standing",
	                 grades_json(id), "complaints", (json_int_t)db_col_int(st, 5), "complaints_per_100_vehicles",
	                 per_100_vehicles(db_col_int(st, 5), db_col_int(st, 3)));
}

static const struct list_sort company_sorts[] = {
	{ "name", "c.name", 't', NULL },
	{ "drivers", "(SELECT count(*) FROM taxi_drivers d WHERE d.company_id = c.id)", 'i', NULL },
	{ "vehicles", "(SELECT count(*) FROM taxi_vehicles v WHERE v.company_id = c.id)", 'i', NULL },
	{ "id", "c.id", 'i', NULL },
	{ 0 },
};

static const struct list company_list = {
	.columns = "c.id, c.name, c.credit_code,"
	           " (SELECT count(*) FROM taxi_vehicles v WHERE v.company_id = c.id),"
	           " (SELECT count(*) FROM taxi_drivers d WHERE d.company_id = c.id),"
	           " " TICKETS_ABOUT_PLATES_SQL("SELECT v.plate FROM taxi_vehicles v WHERE v.company_id = c.id"),
	.ncolumns = 6,
	.from = "FROM taxi_companies c WHERE ($1 = 0 OR c.id = $1)"
	        " AND (CAST($2 AS TEXT) = '' OR c.name LIKE $3 OR c.credit_code LIKE $3)",
	.nparams = 3,
	.id = "c.id",
	.sorts = company_sorts,
	.desc = false,
	.bind = search_bind,
	.item = company_item,
};

int taxi_companies_get(struct http_request *rq, struct err *e)
{
	struct search s = { 0 };
	search_read(rq, "q", &s);
	struct list_query q;
	struct taxi_standing *all = NULL;
	int rc = list_parse(rq, &company_list, &q, e);
	if (rc == 0)
		rc = standing_load(rq->db, 0, &all, e);
	if (rc == 0)
		rc = list_answer(rq, &company_list, &q, &s, e);
	standing_done(all);
	return rc;
}

static int path_id(struct http_request *rq, const char *reason, int64_t *id, struct err *e)
{
	if (slice_to_int(rq->param[0], id) || *id <= 0)
		return err_reason(e, ERR_NOTFOUND, reason, ERR_NO_ARGS, "no such %s",
		                  strcmp(reason, "taxi_company_unknown") == 0 ? "company" : "driver");
	return 0;
}

int taxi_company_get(struct http_request *rq, struct err *e)
{
	int64_t id;
	int rc = path_id(rq, "taxi_company_unknown", &id, e);
	if (rc)
		return rc;
	struct db_stmt *row;
	rc = db_row(rq->db,
	            "SELECT c.id, c.name, c.credit_code,"
	            " (SELECT count(*) FROM taxi_vehicles v WHERE v.company_id = c.id),"
	            " (SELECT count(*) FROM taxi_drivers d WHERE d.company_id = c.id),"
	            " " TICKETS_ABOUT_PLATES_SQL("SELECT v.plate FROM taxi_vehicles v WHERE v.company_id = c.id")
	            " FROM taxi_companies c WHERE c.id = $1",
	            DB_ARGS(DB_INT(id)), &row, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_reason(e, ERR_NOTFOUND, "taxi_company_unknown", ERR_ARGS(ERR_INT("id", id)),
		                  "no company %lld", (long long)id);
	json_t *c = json_pack("{s:I,s:s,s:s,s:I,s:I,s:I,s:o}", "id", (json_int_t)id, "name", db_col_text(row, 1),
	                      "credit_code", db_col_text(row, 2), "vehicles", (json_int_t)db_col_int(row, 3), "drivers",
	                      (json_int_t)db_col_int(row, 4), "complaints", (json_int_t)db_col_int(row, 5),
	                      "complaints_per_100_vehicles", per_100_vehicles(db_col_int(row, 5), db_col_int(row, 3)));
	db_row_done(row);
	struct taxi_standing *all = NULL;
	rc = standing_load(rq->db, id, &all, e);
	if (rc) {
		json_decref(c);
		standing_done(all);
		return rc;
	}
	const struct taxi_rules *r = rules();
	json_t *grades = json_array();
	for (int g = 0; g < r->ngrades; g++)
		json_array_append_new(grades, json_pack("{s:s,s:s,s:i,s:s}", "grade", r->grade[g].grade, "name",
		                                        r->grade[g].name, "min_score", r->grade[g].min_score, "measure",
		                                        r->grade[g].measure));
	json_object_set_new(c, "standing", grades_json(id));
	json_object_set_new(c, "grades", grades);
	json_object_set_new(c, "full_points", json_integer(r->full_points));
	standing_done(all);
	return http_json(rq, 200, c);
}

/* ---- vehicles ---------------------------------------------------------- */

static json_t *vehicle_item(struct db_stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:{s:I,s:s},s:I}", "id", (json_int_t)db_col_int(st, 0), "plate",
	                 db_col_text(st, 1), "permit_no", db_col_text(st, 2), "company", "id",
	                 (json_int_t)db_col_int(st, 3), "name", db_col_text(st, 4), "drivers",
	                 (json_int_t)db_col_int(st, 5));
}

static const struct list_sort vehicle_sorts[] = {
	{ "plate", "v.plate", 't', NULL },
	{ "company", "c.name", 't', NULL },
	{ "id", "v.id", 'i', NULL },
	{ 0 },
};

static const struct list vehicle_list = {
	.columns = "v.id, v.plate, v.permit_no, c.id, c.name,"
	           " (SELECT count(*) FROM taxi_drivers d WHERE d.plate = v.plate)",
	.ncolumns = 6,
	.from = "FROM taxi_vehicles v JOIN taxi_companies c ON c.id = v.company_id"
	        " WHERE ($1 = 0 OR v.company_id = $1) AND (CAST($2 AS TEXT) = '' OR v.plate LIKE $3)",
	.nparams = 3,
	.id = "v.id",
	.sorts = vehicle_sorts,
	.desc = false,
	.bind = search_bind,
	.item = vehicle_item,
};

int taxi_vehicles_get(struct http_request *rq, struct err *e)
{
	struct search s = { 0 };
	search_read(rq, "plate", &s);
	struct list_query q;
	int rc = query_id(rq, "company", &s.company, e);
	if (rc == 0)
		rc = list_parse(rq, &vehicle_list, &q, e);
	return rc ? rc : list_answer(rq, &vehicle_list, &q, &s, e);
}

/* ---- drivers ------------------------------------------------------------ */

#define DRIVER_COLUMNS \
	"d.id, d.name, d.certificate_no, d.id_number, d.phone, d.plate, d.valid_from, d.valid_to, c.id, c.name"

static json_t *driver_item(struct db_stmt *st)
{
	int64_t id = db_col_int(st, 0);
	int32_t from = date_from_key((int32_t)db_col_int(st, 6)), to = date_from_key((int32_t)db_col_int(st, 7));
	return json_pack("{s:I,s:s,s:o,s:o,s:o,s:s,s:o,s:o,s:s,s:{s:I,s:s},s:o}", "id", (json_int_t)id, "name",
	                 db_col_text(st, 1), "certificate_no", certificate_shown(db_col_text(st, 2), false),
	                 "id_number", masked(db_col_text(st, 3), party_mask_resident_id), "phone",
	                 masked(db_col_text(st, 4), party_mask_phone), "plate", db_col_text(st, 5), "valid_from",
	                 date_json(from), "valid_to", date_json(to), "certificate_state",
	                 certificate_state(from, to, today()), "company", "id", (json_int_t)db_col_int(st, 8), "name",
	                 db_col_text(st, 9), "reputation", standing_json(taxi_standing_find(shown.s, shown.n, id)));
}

static const struct list_sort driver_sorts[] = {
	{ "name", "d.name", 't', NULL },
	{ "certificate_no", "d.certificate_no", 't', NULL },
	{ "valid_to", "d.valid_to", 'i', NULL },
	{ "company", "c.name", 't', NULL },
	{ "plate", "d.plate", 't', NULL },
	{ "id", "d.id", 'i', NULL },
	{ 0 },
};

static const struct list driver_list = {
	.columns = DRIVER_COLUMNS,
	.ncolumns = 10,
	.from = "FROM taxi_drivers d JOIN taxi_companies c ON c.id = d.company_id"
	        " WHERE ($1 = 0 OR d.company_id = $1) AND (CAST($2 AS TEXT) = '' OR d.name LIKE $3"
	        " OR d.certificate_no LIKE $3 OR d.plate LIKE $3 OR d.id_number = $2)",
	.nparams = 3,
	.id = "d.id",
	.sorts = driver_sorts,
	.desc = false,
	.bind = search_bind,
	.item = driver_item,
};

int taxi_drivers_get(struct http_request *rq, struct err *e)
{
	struct search s = { 0 };
	search_read(rq, "q", &s);
	struct list_query q;
	struct taxi_standing *all = NULL;
	int rc = query_id(rq, "company", &s.company, e);
	if (rc == 0)
		rc = list_parse(rq, &driver_list, &q, e);
	if (rc == 0)
		rc = standing_load(rq->db, s.company, &all, e);
	if (rc == 0)
		rc = list_answer(rq, &driver_list, &q, &s, e);
	standing_done(all);
	return rc;
}

/* Whether the caller sees a driver's ID number and phone whole. */
static bool sees_whole(const struct caller *c)
{
	return c && (c->roles & (ROLE_OFFICER | ROLE_LEGAL | ROLE_CHIEF | ROLE_ADMIN));
}

static int driver_profile(struct db *db, int64_t id, bool whole, json_t **out, struct err *e)
{
	*out = NULL;
	struct db_stmt *row;
	int rc = db_row(db,
	                "SELECT " DRIVER_COLUMNS ", d.first_qualified FROM taxi_drivers d"
	                " JOIN taxi_companies c ON c.id = d.company_id WHERE d.id = $1",
	                DB_ARGS(DB_INT(id)), &row, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_reason(e, ERR_NOTFOUND, "taxi_driver_unknown", ERR_ARGS(ERR_INT("id", id)), "no driver %lld",
		                  (long long)id);
	int32_t from = date_from_key((int32_t)db_col_int(row, 6)), to = date_from_key((int32_t)db_col_int(row, 7));
	char plate[32];
	snprintf(plate, sizeof plate, "%s", db_col_text(row, 5));
	json_t *d =
	    json_pack("{s:I,s:s,s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:s,s:{s:I,s:s},s:b}", "id", (json_int_t)id, "name",
	              db_col_text(row, 1), "certificate_no", certificate_shown(db_col_text(row, 2), whole), "id_number",
	              whole ? json_string(db_col_text(row, 3)) : masked(db_col_text(row, 3), party_mask_resident_id),
	              "phone", whole ? json_string(db_col_text(row, 4)) : masked(db_col_text(row, 4), party_mask_phone),
	              "plate", plate, "valid_from", date_json(from), "valid_to", date_json(to), "first_qualified",
	              date_json(date_from_key((int32_t)db_col_int(row, 10))), "certificate_state",
	              certificate_state(from, to, today()), "company", "id", (json_int_t)db_col_int(row, 8), "name",
	              db_col_text(row, 9), "masked", !whole);
	db_row_done(row);
	json_t *vehicles = json_array(), *training = json_array();
	struct db_stmt *st = db_prepare(db, "SELECT id, plate, permit_no FROM taxi_vehicles WHERE plate = $1", e);
	if (!st)
		rc = e->code;
	else
		db_bind_text(st, 1, plate, strlen(plate));
	while (st && (rc = db_step(st, e)) == DB_ROW)
		json_array_append_new(vehicles, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "plate",
		                                          db_col_text(st, 1), "permit_no", db_col_text(st, 2)));
	if (rc == 0) {
		st = db_prepare(
		    db, "SELECT day, hours, topic FROM taxi_training WHERE driver_id = $1 ORDER BY day DESC, topic", e);
		if (!st)
			rc = e->code;
		else
			db_bind_int(st, 1, id);
		while (st && (rc = db_step(st, e)) == DB_ROW)
			json_array_append_new(training,
			                      json_pack("{s:o,s:I,s:s}", "day",
			                                date_json(date_from_key((int32_t)db_col_int(st, 0))), "hours",
			                                (json_int_t)db_col_int(st, 1), "topic", db_col_text(st, 2)));
	}
	json_t *reputation = NULL, *cases = NULL, *complaints = NULL;
	int64_t complaints_total = 0;
	if (rc == 0)
		rc = taxi_reputation_json(db, rules(), id, today(), &reputation, &cases, e);
	/* The complaint tickets about the driver's vehicle. */
	if (rc == 0)
		rc = tickets_about_plate(db, plate, 20, &complaints, &complaints_total, e);
	if (rc) {
		json_decref(d);
		json_decref(vehicles);
		json_decref(training);
		json_decref(complaints);
		return rc;
	}
	/* The cases are the driver's: the keys they were matched by are not repeated. */
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c)
	{
		json_object_del(c, "licence");
		json_object_del(c, "id_number");
		json_object_del(c, "name");
	}
	json_object_set_new(d, "vehicles", vehicles);
	json_object_set_new(d, "training", training);
	json_object_set_new(d, "reputation", reputation);
	json_object_set_new(d, "cases", cases);
	json_object_set_new(d, "complaints", json_pack("{s:I,s:o}", "total", (json_int_t)complaints_total, "items", complaints));
	*out = d;
	return 0;
}

int taxi_driver_get(struct http_request *rq, struct err *e)
{
	int64_t id;
	int rc = path_id(rq, "taxi_driver_unknown", &id, e);
	json_t *d;
	if (rc == 0)
		rc = driver_profile(rq->db, id, sees_whole(caller_of(rq)), &d, e);
	return rc ? rc : http_json(rq, 200, d);
}

/* ---- deductions ---------------------------------------------------------- */

int taxi_deduct(struct db *db, const struct taxi_rules *r, const char *actor, int64_t driver_id, const json_t *body,
                int32_t day_today, int64_t *id, struct err *e)
{
	if (!json_is_object(body))
		return err_reason(e, ERR_INVALID, "body_not_object", ERR_NO_ARGS, "the body is not an object");
	int64_t first = 0;
	int rc = db_get_int(db, "SELECT first_qualified FROM taxi_drivers WHERE id = $1", DB_ARGS(DB_INT(driver_id)),
	                    &first, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_reason(e, ERR_NOTFOUND, "taxi_driver_unknown", ERR_ARGS(ERR_INT("id", driver_id)),
		                  "no driver %lld", (long long)driver_id);
	const char *violation = http_json_text(body, "violation");
	violation = violation ? violation : "";
	const struct taxi_violation_points *v = NULL;
	if (*violation && !(v = taxi_violation_find(r, violation)))
		return err_reason(e, ERR_INVALID, "deduction_violation_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "violation"), ERR_TEXT("got", violation)),
		                  "violation '%s' is no taxi violation of the rulebook", violation);
	json_t *p = json_object_get(body, "points");
	int points = v && !p ? v->points : json_is_integer(p) ? (int)json_integer_value(p) : -1;
	if (!taxi_points_allowed(r, points)) {
		char allowed[64] = "";
		for (int i = 0; i < r->npoints; i++)
			snprintf(allowed + strlen(allowed), sizeof allowed - strlen(allowed), "%s%d", i ? "," : "",
			         r->points[i]);
		return err_reason(e, ERR_INVALID, "deduction_points_invalid",
		                  ERR_ARGS(ERR_TEXT("field", "points"), ERR_TEXT("allowed", allowed)),
		                  "points must be one of %s", allowed);
	}
	const char *reason = http_json_text(body, "reason");
	struct slice why = slice_trim(slice_from(reason ? reason : ""));
	if (why.n == 0 || why.n > 1000)
		return err_reason(e, ERR_INVALID, "deduction_reason_missing", ERR_ARGS(ERR_TEXT("field", "reason")),
		                  "a deduction needs its reason (at most 1000 bytes)");
	const char *on_text = http_json_text(body, "day");
	int32_t on = day_today;
	if (on_text && date_parse(slice_from(on_text), &on))
		return err_reason(e, ERR_INVALID, "date_invalid",
		                  ERR_ARGS(ERR_TEXT("field", "day"), ERR_TEXT("got", on_text)),
		                  "day '%s' is not a date YYYY-MM-DD", on_text);
	if (on > day_today)
		return err_reason(e, ERR_INVALID, "date_in_future", ERR_ARGS(ERR_TEXT("field", "day")),
		                  "day is after today");
	if (on < date_from_key((int32_t)first))
		return err_reason(e, ERR_INVALID, "deduction_before_qualified", ERR_ARGS(ERR_TEXT("field", "day")),
		                  "day is before the driver was first qualified");
	char reason_text[1001];
	snprintf(reason_text, sizeof reason_text, "%.*s", (int)why.n, why.p);
	int64_t now = (int64_t)time(NULL);
	if ((rc = db_begin(db, e)))
		return rc;
	rc = db_get_int(db,
	                "INSERT INTO taxi_deductions (driver_id, day, points, violation, reason, created_by,"
	                " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
	                DB_ARGS(DB_INT(driver_id), DB_INT(date_key(on)), DB_INT(points), DB_TEXT(violation),
	                        DB_TEXT(reason_text), DB_TEXT(actor), DB_INT(now)),
	                id, e);
	if (rc == 0)
		rc = err_set(e, ERR_DB, "the deduction was not stored");
	char object[48];
	snprintf(object, sizeof object, "taxi_driver:%lld", (long long)driver_id);
	if (rc >= 0)
		rc = audit_append_json(db, actor, "taxi.deduct", object, NULL,
		                       json_pack("{s:I,s:I,s:o,s:i,s:s,s:s}", "deduction", (json_int_t)*id, "driver",
		                                 (json_int_t)driver_id, "day", date_json(on), "points", points,
		                                 "violation", violation, "reason", reason_text),
		                       now, e);
	if (rc >= 0)
		rc = db_commit(db, e);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	return 0;
}

int taxi_deductions_post(struct http_request *rq, struct err *e)
{
	int64_t driver, id = 0;
	int rc = path_id(rq, "taxi_driver_unknown", &driver, e);
	if (rc)
		return rc;
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	const struct caller *c = caller_of(rq);
	rc = taxi_deduct(rq->db, rules(), c->login, driver, body, today(), &id, e);
	json_decref(body);
	json_t *d;
	if (rc == 0)
		rc = driver_profile(rq->db, driver, sees_whole(c), &d, e);
	if (rc)
		return rc;
	json_t *answer = json_pack("{s:I,s:O}", "id", (json_int_t)id, "reputation", json_object_get(d, "reputation"));
	json_decref(d);
	return http_json(rq, 201, answer);
}
