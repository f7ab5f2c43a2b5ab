/* The HTTP handlers of the over-limit module (docs/api.md): the
 * sites, detections with their verdicts explained, exports, the screening
 * queue, the quarantine, and the device feed. Every query is limited to the
 * caller's scope: the sites of its unit subtree. */
#include "overlimit.h"
#include "api.h"
#include "feed.h"
#include "photos.h"
#include "ingest.h"
#include "../base/audit.h"
#include "../base/datetime.h"
#include "../base/page.h"
#include "../people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct rulebook *api_book;
static struct photo_store *api_photos;
static struct feed *api_feed;

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* ---- sites -------------------------------------------------------------- */

static int sites_get(struct http_request *rq, struct err *e)
{
	struct site_table t;
	overlimit_site_table_init(&t);
	int rc = overlimit_sites_load_scoped(rq->db, caller_of(rq), &t, e);
	json_t *items = json_array();
	int64_t now = now_s();
	for (int i = 0; rc == 0 && i < t.count; i++) {
		const struct site *s = &t.sites[i];
		struct overlimit_site_status status;
		overlimit_site_status(s, now, &status);
		char cls[8];
		overlimit_accuracy_class_format(s->accuracy_class, cls);
		json_array_append_new(
		    items,
		    json_pack("{s:s,s:s,s:s,s:s,s:f,s:s,s:s,s:s,s:o,s:o,s:b,s:b,s:o,s:i,s:b}", "code", s->code, "name",
		              s->name, "kind", s->kind == SITE_REMOTE ? "remote" : "station", "road", s->road, "km",
		              s->km, "unit", s->unit, "accuracy_class", cls, "cert_no", s->cert_no, "cert_valid_from",
		              date_json(s->cert_valid_from), "cert_valid_to", date_json(s->cert_valid_to),
		              "cert_expired", status.cert_expired, "cert_expiring", status.cert_expiring,
		              "last_seen_at", s->last_seen_at ? datetime_json_local(s->last_seen_at) : json_null(),
		              "silent_after_s", (int)s->silent_after_s, "silent", status.silent));
	}
	overlimit_site_table_release(&t);
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	return page_answer_items(rq, items, NULL);
}

static int site_key_post(struct http_request *rq, struct err *e)
{
	char code[17], key[SITE_KEY_SIZE];
	if (rq->param[0].n >= sizeof code)
		return err_reason(e, ERR_NOTFOUND, "site_unknown", ERR_NO_ARGS, "no such site");
	snprintf(code, sizeof code, "%.*s", (int)rq->param[0].n, rq->param[0].p);
	int rc = overlimit_sites_new_key(rq->db, code, caller_of(rq)->login, key, e);
	return rc ? rc : http_json(rq, 200, json_pack("{s:s,s:s}", "site", code, "key", key));
}

/* ---- detections ---------------------------------------------------------- */

/* The screening state of a row: null unless it is an admissible over-limit
 * detection, which is pending until someone decides. */
static json_t *screening_json(bool overlimit, bool admissible, const char *decision)
{
	if (*decision)
		return json_string(decision);
	return overlimit && admissible ? json_string("pending") : json_null();
}

json_t *overlimit_detection_row_json(struct db_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_col_int(st, 0)));
	json_object_set_new(o, "site", json_string(db_col_text(st, 1)));
	json_object_set_new(o, "seq", json_integer(db_col_int(st, 2)));
	json_object_set_new(o, "passed_at", datetime_json_local(db_col_int(st, 3)));
	json_object_set_new(o, "plate", json_string(db_col_text(st, 4)));
	json_object_set_new(o, "plate_color", json_string(db_col_text(st, 5)));
	json_object_set_new(o, "kind", json_string(db_col_text(st, 6)));
	static const char *const ints[] = { "axles", "gross_kg", "limit_kg", "judged_kg", "over_kg" };
	for (int i = 0; i < 5; i++)
		json_object_set_new(o, ints[i], json_integer(db_col_int(st, 7 + i)));
	json_object_set_new(o, "overlimit", json_boolean(db_col_int(st, 12)));
	json_object_set_new(o, "ton100", json_boolean(db_col_int(st, 13)));
	json_object_set_new(o, "over_size", json_boolean(db_col_int(st, 14)));
	json_object_set_new(o, "penalty", json_string(db_col_text(st, 15)));
	json_object_set_new(o, "fine_fen", json_integer(db_col_int(st, 16)));
	json_object_set_new(o, "admissible", json_boolean(db_col_int(st, 17)));
	json_object_set_new(o, "screening",
	                    screening_json(db_col_int(st, 12), db_col_int(st, 17), db_col_text(st, 18)));
	return o;
}

/* ---- one detection, its verdict explained -------------------------------- */

static const char detail_sql[] =
    "SELECT " DETECTION_COLUMNS ", d.axle_kg, d.single_drive, d.single_tire_axles, d.length_mm, d.width_mm,"
    " d.height_mm, d.speed_kmh, d.lane, d.photos, d.inadmissible, s.name, sc.reason, sc.note, sc.decided_by,"
    " sc.decided_at, d.ruleset_id, s.accuracy_class FROM detections d JOIN sites s ON s.id = d.site_id"
    " LEFT JOIN screening sc ON sc.detection_id = d.id"
    " WHERE d.id = $3 AND d.site_id IN (" SCOPED_SITE_IDS ")";

/* "7000;9000" as a JSON array of integers, and into d. */
static json_t *axles_json(const char *text, struct detection *d)
{
	json_t *a = json_array();
	d->axle_count = 0;
	for (const char *p = text; *p;) {
		long v = strtol(p, (char **)&p, 10);
		if (d->axle_count < MAX_AXLES)
			d->axle_kg[d->axle_count++] = (int32_t)v;
		json_array_append_new(a, json_integer(v));
		if (*p == ';')
			p++;
		else
			break;
	}
	return a;
}

/* The photos field of detection id as the detail lists them: index, kind
 * ("" when the device gave none), sha256 and where to get the image. */
static json_t *photos_json(int64_t id, const char *field)
{
	json_t *a = json_array();
	struct slice rest = slice_from(field), kind, ref;
	for (int n = 0; overlimit_photo_item(&rest, &kind, &ref); n++) {
		char url[96];
		snprintf(url, sizeof url, "/api/v1/detections/%lld/photos/%d", (long long)id, n);
		json_array_append_new(a, json_pack("{s:i,s:s%,s:s%,s:s}", "index", n, "kind", kind.p, kind.n, "sha256",
		                                   ref.p, ref.n, "url", url));
	}
	return a;
}

int overlimit_detection_photos(struct db *db, const struct caller *scope, int64_t id, struct buf *out, struct err *e)
{
	/* The detail's scope: another unit's detection is not there at all. */
	struct db_stmt *st;
	int rc = db_row(db, "SELECT d.photos FROM detections d WHERE d.id = $3 AND d.site_id IN (" SCOPED_SITE_IDS ")",
	                DB_ARGS(DB_INT(scope->sees_all), DB_TEXT(scope->unit), DB_INT(id)), &st, e);
	if (rc == 0)
		return err_reason(e, ERR_NOTFOUND, "detection_unknown", ERR_ARGS(ERR_INT("id", id)),
		                  "no detection %lld", (long long)id);
	if (rc < 0)
		return rc;
	buf_adds(out, db_col_text(st, 0));
	db_row_done(st);
	return 0;
}

/* The stored verdict v on d explained under r, the rule set it was reached
 * by (see overlimit_explain), as the detail's "explain". */
static json_t *explain_json(const struct overlimit_rules *r, const struct overlimit_explanation *x,
                            const struct verdict *v)
{
	json_t *zh = json_array(), *en = json_array(), *articles = json_array();
	for (int i = 0; i < x->nlines; i++) {
		json_array_append_new(zh, json_string(x->zh[i]));
		json_array_append_new(en, json_string(x->en[i]));
	}
	for (int i = 0; i < RULE_COUNT; i++)
		if (x->cited[i])
			json_array_append_new(articles,
			                      json_pack("{s:s,s:s,s:s}", "id", r->source[i].id, "title",
			                                r->source[i].title, "citation", r->source[i].citation));
	char pct[16];
	snprintf(pct, sizeof pct, "%lld.%02lld", (long long)(x->error_bp / 100), (long long)(x->error_bp % 100));
	return json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:o}", "error_pct", pct, "limit_kg",
	                 (json_int_t)v->limit_kg, "judged_kg", (json_int_t)v->judged_kg, "over_kg",
	                 (json_int_t)v->over_kg, "steps", (json_int_t)x->steps, "mass_fine_fen",
	                 (json_int_t)x->mass_fine_fen, "size_fine_fen", (json_int_t)x->size_fine_fen, "fine_fen",
	                 (json_int_t)v->fine_fen, "cap_fen", (json_int_t)r->cap_fen, "arithmetic", zh, "arithmetic_en",
	                 en, "articles", articles);
}

/* Which rules a verdict was reached by: the stored rule set. */
static json_t *ruleset_json(int64_t id, const struct overlimit_stored_ruleset *set)
{
	return json_pack("{s:I,s:s%,s:s,s:o}", "id", (json_int_t)id, "version", set->sha256, (size_t)12, "sha256",
	                 set->sha256, "first_stored_at",
	                 set->first_stored_at ? datetime_json_local(set->first_stored_at) : json_null());
}

/* The detection {id} of the path in the caller's scope, as DETECTION_DETAIL;
 * NULL with ERR_NOTFOUND when there is none the caller may see. */
json_t *overlimit_detection_detail(struct db *db, const struct caller *scope, int64_t id, struct err *e)
{
	/* $1 and $2: the scope, as people_bind_scope binds it. */
	struct db_stmt *st;
	int rc = db_row(db, detail_sql, DB_ARGS(DB_INT(scope->sees_all), DB_TEXT(scope->unit), DB_INT(id)), &st, e);
	if (rc != 1) {
		if (rc == 0)
			err_reason(e, ERR_NOTFOUND, "detection_unknown", ERR_ARGS(ERR_INT("id", id)),
			           "no detection %lld", (long long)id);
		return NULL;
	}
	json_t *o = overlimit_detection_row_json(st);
	struct detection d = { 0 };
	d.seq = db_col_int(st, 2);
	d.passed_at = db_col_int(st, 3);
	const char *plate = db_col_text(st, 4);
	d.plate = (struct slice){ plate, strlen(plate) };
	d.kind = strcmp(db_col_text(st, 6), "truck") == 0 ? VEHICLE_TRUCK : VEHICLE_TRAIN;
	d.axles = (int)db_col_int(st, 7);
	d.gross_kg = db_col_int(st, 8);
	json_object_set_new(o, "axle_kg", axles_json(db_col_text(st, 19), &d));
	struct verdict v = {
		.limit_kg = db_col_int(st, 9),
		.judged_kg = db_col_int(st, 10),
		.over_kg = db_col_int(st, 11),
		.overlimit = db_col_int(st, 12),
		.ton100 = db_col_int(st, 13),
		.over_size = db_col_int(st, 14),
		.fine_fen = db_col_int(st, 16),
		.admissible = db_col_int(st, 17),
		.inadmissible = (unsigned)db_col_int(st, 28),
	};
	const char *penalty = db_col_text(st, 15);
	v.penalty = strcmp(penalty, "fine") == 0      ? PENALTY_FINE
	            : strcmp(penalty, "warning") == 0 ? PENALTY_WARNING
	                                              : PENALTY_NONE;
	d.single_drive = db_col_int(st, 20);
	d.single_tire_axles = (int)db_col_int(st, 21);
	d.length_mm = (int32_t)db_col_int(st, 22);
	d.width_mm = (int32_t)db_col_int(st, 23);
	d.height_mm = (int32_t)db_col_int(st, 24);
	json_object_set_new(o, "single_drive", json_boolean(d.single_drive));
	json_object_set_new(o, "single_tire_axles", json_integer(d.single_tire_axles));
	json_object_set_new(o, "length_mm", json_integer(d.length_mm));
	json_object_set_new(o, "width_mm", json_integer(d.width_mm));
	json_object_set_new(o, "height_mm", json_integer(d.height_mm));
	json_object_set_new(o, "speed_kmh", db_col_is_null(st, 25) ? json_null() : json_real(db_col_double(st, 25)));
	json_object_set_new(o, "lane", json_integer(db_col_int(st, 26)));
	json_object_set_new(o, "photos", photos_json(id, db_col_text(st, 27)));
	int64_t inadmissible = db_col_int(st, 28);
	json_t *why = json_array();
	if (inadmissible & INADMISSIBLE_PLATE)
		json_array_append_new(why, json_string("plate"));
	if (inadmissible & INADMISSIBLE_CERT)
		json_array_append_new(why, json_string("certificate"));
	json_object_set_new(o, "inadmissible_reasons", why);
	json_object_set_new(o, "site_name", json_string(db_col_text(st, 29)));
	const char *decision = db_col_text(st, 18);
	json_object_set_new(o, "decision",
	                    *decision ? json_pack("{s:s,s:s,s:s,s:s,s:o}", "decision", decision, "reason",
	                                          db_col_text(st, 30), "note", db_col_text(st, 31), "by",
	                                          db_col_text(st, 32), "at", datetime_json_local(db_col_int(st, 33)))
	                              : json_null());
	int64_t ruleset_id = db_col_int(st, 34);
	int class_hint = overlimit_accuracy_class_parse(slice_from(db_col_text(st, 35)));
	db_row_done(st);
	/* Who decided, by name and badge number (the decision keeps the login). */
	json_t *decided = json_object_get(o, "decision");
	char by_name[129], by_badge[33];
	if (json_is_object(decided) &&
	    people_user_label(db, json_string_value(json_object_get(decided, "by")), by_name, by_badge, e) >= 0) {
		json_object_set_new(decided, "by_name", json_string(by_name));
		json_object_set_new(decided, "by_badge", json_string(by_badge));
	}

	/* The rules it was judged by, as stored with it: never today's book. */
	struct overlimit_stored_ruleset set;
	if (overlimit_ruleset_load(db, ruleset_id, local_day(d.passed_at), &set, e)) {
		err_prefix(e, "detection %lld", (long long)id);
		json_decref(o);
		return NULL;
	}
	struct overlimit_explanation *x = malloc(sizeof *x);
	if (!x) {
		overlimit_rulebook_free(set.book);
		json_decref(o);
		err_set(e, ERR_NOMEM, "out of memory explaining detection %lld", (long long)id);
		return NULL;
	}
	overlimit_explain(&set.rules, class_hint, &d, &v, x);
	char name[8] = "";
	if (x->accuracy_class >= 0)
		overlimit_accuracy_class_format(accuracy_classes[x->accuracy_class], name);
	json_object_set_new(o, "accuracy_class", x->accuracy_class >= 0 ? json_string(name) : json_null());
	json_object_set_new(o, "rules", ruleset_json(ruleset_id, &set));
	json_object_set_new(o, "explain", explain_json(&set.rules, x, &v));
	free(x);
	overlimit_rulebook_free(set.book);
	return o;
}

int overlimit_path_id(const struct http_request *rq, int64_t *id, struct err *e)
{
	if (slice_to_int(rq->param[0], id) || *id <= 0)
		return err_reason(e, ERR_NOTFOUND, "detection_unknown", ERR_NO_ARGS, "no detection '%.*s'",
		                  (int)rq->param[0].n, rq->param[0].p);
	return 0;
}

static int detection_get(struct http_request *rq, struct err *e)
{
	int64_t id = 0;
	int rc = overlimit_path_id(rq, &id, e);
	if (rc)
		return rc;
	json_t *o = overlimit_detection_detail(rq->db, caller_of(rq), id, e);
	return o ? http_json(rq, 200, o) : e->code;
}

/* ---- the device feed ------------------------------------------------------- */

/* The site whose key is the bearer token, or ERR_UNAUTHORIZED. */
int overlimit_device_site(struct http_request *rq, char site[17], struct err *e)
{
	const char *auth = http_header(rq, "Authorization");
	if (!auth || strncmp(auth, "Bearer ", 7) != 0)
		return err_set(e, ERR_UNAUTHORIZED, "a device sends its site's key: Authorization: Bearer <key>");
	return overlimit_sites_key_owner(rq->db, auth + 7, site, e);
}

/* The answer to a committed post, written by feed_done. */
static int feed_answer_ready(struct http_request *rq, struct err *e)
{
	(void)e;
	return http_send(rq, 200, "application/json");
}

/* A post that was not committed: feed_done left its error in rq->out. */
static int feed_failed(struct http_request *rq, struct err *e)
{
	if (rq->out.n != sizeof *e)
		return err_set(e, ERR_IO, "the device feed gave no answer");
	memcpy(e, rq->out.p, sizeof *e);
	buf_clear(&rq->out);
	return e->code;
}

/* On the committer thread, once fr is committed or refused: the answer is
 * written into the request, and fr freed, before the request is resumed.
 * A client that hung up while it waited is not called back at all
 * (libmicrohttpd ends the request without calling its resume handler), so
 * whatever that handler was to free would leak: 3 MB for each abandoned
 * post of 5 000 records. An error travels in rq->out, the request's own
 * buffer (freed with it whatever happens), to be answered on a server
 * thread, whose log and memory accounting are the request's. */
static void feed_done(struct feed_request *fr)
{
	struct http_request *rq = fr->arg;
	struct err e = fr->e;
	int rc = fr->rc;
	if (rc == 0)
		rc = overlimit_feed_answer(fr, &rq->out, &e);
	if (rc == 0) {
		rq->resume = feed_answer_ready;
	} else {
		e.code = rc;
		buf_clear(&rq->out);
		buf_add(&rq->out, &e, sizeof e);
		rq->resume = feed_failed;
	}
	overlimit_feed_request_release(fr);
	free(fr);
	http_resume(rq);
}

static int detections_post(struct http_request *rq, struct err *e)
{
	struct feed_request *fr = calloc(1, sizeof *fr);
	if (!fr)
		return err_set(e, ERR_NOMEM, "out of memory");
	fr->body = (struct slice){ rq->body.p ? rq->body.p : "", rq->body.n };
	int rc = overlimit_device_site(rq, fr->site, e);
	if (rc == 0)
		rc = overlimit_feed_stage(rq->db, api_book, api_photos, fr, e);
	if (rc) {
		overlimit_feed_request_release(fr);
		free(fr);
		return rc;
	}
	fr->done = feed_done;
	fr->arg = rq;
	http_suspend(rq, feed_failed, NULL); /* feed_done sets which answers */
	overlimit_feed_submit(api_feed, fr);
	return HTTP_SUSPENDED;
}

/* ---- the module's routes ---------------------------------------------------- */

#define SCREENERS (ROLE_OFFICER | ROLE_CHIEF | ROLE_ADMIN)

const struct http_route overlimit_routes[] = {
	{ HTTP_GET, "/api/v1/stats/overlimit", overlimit_stats_get, ROLES_ALL },
	{ HTTP_GET, "/api/v1/stats/range", overlimit_stats_range, ROLES_ALL },
	{ HTTP_GET, "/api/v1/sites", sites_get, ROLES_ALL },
	{ HTTP_POST, "/api/v1/sites/{}/key", site_key_post, ROLE_ADMIN },
	{ HTTP_GET, "/api/v1/detections", overlimit_detections_get, ROLES_ALL },
	{ HTTP_POST, "/api/v1/detections", detections_post, ACCESS_DEVICE },
	{ HTTP_GET, "/api/v1/detections.csv", overlimit_export_csv, ROLES_ALL },
	{ HTTP_GET, "/api/v1/detections.xlsx", overlimit_export_xlsx, ROLES_ALL },
	{ HTTP_GET, "/api/v1/detections/{}", detection_get, ROLES_ALL },
	{ HTTP_GET, "/api/v1/detections/{}/photos/{}", overlimit_photo_get, ROLES_ALL },
	{ HTTP_POST, "/api/v1/photos", overlimit_photo_post, ACCESS_DEVICE },
	{ HTTP_GET, "/api/v1/screening/reasons", overlimit_screening_reasons, ROLES_ALL },
	{ HTTP_GET, "/api/v1/screening", overlimit_screening_queue, SCREENERS },
	{ HTTP_POST, "/api/v1/screening/{}", overlimit_screening_decide, SCREENERS },
	{ HTTP_DELETE, "/api/v1/screening/{}", overlimit_screening_undo, SCREENERS },
	{ HTTP_POST, "/api/v1/screening/{}/claim", overlimit_screening_claim, SCREENERS },
	{ HTTP_DELETE, "/api/v1/screening/{}/claim", overlimit_screening_release, SCREENERS },
	{ HTTP_GET, "/api/v1/quarantine", overlimit_quarantine_get, ROLES_ALL },
	{ HTTP_POST, "/api/v1/quarantine/{}/handled", overlimit_quarantine_handle, SCREENERS },
	{ HTTP_POST, "/api/v1/quarantine/{}/reimport", overlimit_quarantine_reimport, SCREENERS },
	{ 0 },
};

int overlimit_api_start(const char *db_url, const struct rulebook *book, struct photo_store *photos, struct err *e)
{
	api_book = book;
	api_photos = photos;
	return overlimit_feed_start(&api_feed, db_url, e);
}

struct photo_store *overlimit_api_photos(void)
{
	return api_photos;
}

const struct rulebook *overlimit_api_book(void)
{
	return api_book;
}

void overlimit_api_stop(void)
{
	overlimit_feed_stop(api_feed);
	api_feed = NULL;
}
