/* Open311 (GeoReport v2) over the ticket desk (open311.h, docs/open311.md):
 * discovery, services (the categories of rules/tickets.json), a service's
 * definition (its attributes), requests in (through tickets_create, the
 * channel `web`) and out (their status), tokens; JSON or XML by the path's
 * extension; the API keys of the clients. */
#include "open311.h"
#include "tickets.h"
#include "xml.h"
#include "base/audit.h"
#include "base/auth.h"
#include "base/datetime.h"
#include "cases/documents_http.h"

#include <ctype.h>
#include <math.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct open311_settings open311_settings;

#define SPECIFICATION   "http://wiki.open311.org/GeoReport_v2"
#define CHANGESET       "2026-12-03T00:00:00+08:00" /* the last change of what discovery and services say */
#define ACTOR_PREFIX    "open311:"
#define FROM_OPEN311    "created_by LIKE 'open311:%'"
#define REQUESTS_MAX    1000 /* the most requests one GET answers */
#define DEFAULT_DAYS    90   /* GET requests without dates: the last 90 days */
#define IDS_MAX         200  /* service_request_id values in one GET */
#define CLIENT_NAME_MAX 48

/* ---- formats and errors ------------------------------------------------- */

enum format { FORMAT_JSON, FORMAT_XML };

/* The format named by name's extension: 0 with *stem its length without
 * it, or -1 when it is neither .json nor .xml. */
static int format_of(struct slice name, enum format *f, size_t *stem)
{
	if (name.n > 5 && !memcmp(name.p + name.n - 5, ".json", 5)) {
		*f = FORMAT_JSON;
		*stem = name.n - 5;
		return 0;
	}
	if (name.n > 4 && !memcmp(name.p + name.n - 4, ".xml", 4)) {
		*f = FORMAT_XML;
		*stem = name.n - 4;
		return 0;
	}
	return -1;
}

/* The element of a list's items, as the specification's examples name them. */
static const char *item_name(const char *list)
{
	static const char *const pairs[][2] = {
		{ "services", "service" }, { "service_requests", "request" },
		{ "errors", "error" },     { "attributes", "attribute" },
		{ "values", "value" },     { "endpoints", "endpoint" },
		{ "formats", "format" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (!strcmp(pairs[i][0], list))
			return pairs[i][1];
	return "item";
}

/* Answers value (stolen) in format f, as the element root in XML. */
static int answer(struct http_request *rq, enum format f, int status, const char *root, json_t *value)
{
	if (f == FORMAT_JSON)
		return http_json(rq, status, value);
	if (!value)
		return http_json(rq, status, NULL); /* the 503 of no memory */
	buf_clear(&rq->out);
	xml_from_json(&rq->out, root, value, item_name);
	json_decref(value);
	return http_send(rq, status, "text/xml; charset=utf-8");
}

/* The specification's error: [{code, description}] with that HTTP status. */
static int fail(struct http_request *rq, enum format f, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(struct http_request *rq, enum format f, int status, const char *fmt, ...)
{
	char description[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(description, sizeof description, fmt, ap);
	va_end(ap);
	/* A value echoed from the query may not be UTF-8, and a long one is cut
	 * mid-character: keep the valid head, or JSON could not carry it. */
	size_t n = strlen(description);
	while (n && !utf8_valid(description, n))
		n--;
	description[n] = '\0';
	return answer(rq, f, status, "errors", json_pack("[{s:i,s:s}]", "code", status, "description", description));
}

/* An error of the desk (tickets_create, the database) in the
 * specification's terms: what the client sent is 400, what is missing 404. */
static int fail_err(struct http_request *rq, enum format f, const struct err *e)
{
	int status =
	    e->code == ERR_NOTFOUND                                   ? 404
	    : e->code == ERR_FORBIDDEN || e->code == ERR_UNAUTHORIZED ? 403
	    : e->code == ERR_INVALID || e->code == ERR_PARSE || e->code == ERR_CONFLICT || e->code == ERR_TOO_LARGE
	        ? 400
	    : e->code == ERR_NOMEM || e->code == ERR_BUSY ? 503
	                                                  : 500;
	return fail(rq, f, status, "%s", e->msg[0] ? e->msg : err_name(e->code));
}

/* The format of the path's last segment (a fixed route's .json or .xml). */
static enum format path_format(const struct http_request *rq)
{
	const char *last = strrchr(rq->path, '/');
	enum format f = FORMAT_JSON;
	size_t stem;
	format_of(slice_from(last ? last + 1 : rq->path), &f, &stem);
	return f;
}

/* A {} segment "ID.json": 0 with id (NUL-terminated, cut at size) and f
 * set, or 1 when answered 404 (no format, or too long). */
static int segment(struct http_request *rq, char *id, size_t size, enum format *f)
{
	size_t stem;
	if (format_of(rq->param[0], f, &stem)) {
		*f = FORMAT_JSON;
		fail(rq, FORMAT_JSON, 404, "%s: name the format, .json or .xml (%s.json)", rq->path, rq->path);
		return 1;
	}
	if (stem == 0 || stem >= size) {
		fail(rq, *f, 404, "no such resource: %s", rq->path);
		return 1;
	}
	memcpy(id, rq->param[0].p, stem);
	id[stem] = '\0';
	return 0;
}

/* jurisdiction_id, when given, is this server's: 0, or 1 when answered 404. */
static int jurisdiction_check(struct http_request *rq, enum format f, const char *given)
{
	if (!given || !*given || !strcmp(given, open311_settings.jurisdiction))
		return 0;
	fail(rq, f, 404, "jurisdiction_id '%s' was not found: this server serves '%s'", given,
	     open311_settings.jurisdiction);
	return 1;
}

/* ---- discovery and services ------------------------------------------- */

int open311_discovery_get(struct http_request *rq, struct err *e)
{
	(void)e;
	enum format f = path_format(rq);
	if (jurisdiction_check(rq, f, http_query(rq, "jurisdiction_id")))
		return 0;
	char url[600];
	snprintf(url, sizeof url, "%s/open311/v2", cases_document_settings.public_url);
	return answer(rq, f, 200, "discovery",
	              json_pack("{s:s,s:s,s:s,s:[{s:s,s:s,s:s,s:s,s:[s,s]}]}", "changeset", CHANGESET, "contact",
	                        cases_document_settings.agency, "key_service",
	                        "an api_key is issued by the desk's administrator (sunroad tickets key NAME)",
	                        "endpoints", "specification", SPECIFICATION, "url", url, "changeset", CHANGESET, "type",
	                        "production", "formats", "text/xml", "application/json"));
}

static json_t *service_json(const struct ticket_category *c)
{
	char description[256];
	snprintf(description, sizeof description, "接诉即办：%s", c->name);
	return json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s}", "service_code", c->code, "service_name", c->name,
	                 "description", description, "metadata", 1, "type", "realtime", "keywords",
	                 c->violation ? c->violation : "", "group", c->group);
}

int open311_services_get(struct http_request *rq, struct err *e)
{
	(void)e;
	enum format f = path_format(rq);
	if (jurisdiction_check(rq, f, http_query(rq, "jurisdiction_id")))
		return 0;
	const struct ticket_rulebook *rb = tickets_rules();
	json_t *out = json_array();
	for (int i = 0; i < rb->ncategories; i++)
		json_array_append_new(out, service_json(&rb->categories[i]));
	return answer(rq, f, 200, "services", out);
}

/* The attributes every service takes: the kind of request and a plate. */
static json_t *attributes_json(void)
{
	const struct ticket_rulebook *rb = tickets_rules();
	json_t *kinds = json_array();
	for (int i = 0; i < rb->nkinds; i++)
		json_array_append_new(kinds,
		                      json_pack("{s:s,s:s}", "key", rb->kinds[i].code, "name", rb->kinds[i].name));
	return json_pack("[{s:b,s:s,s:s,s:b,s:s,s:i,s:s,s:o},{s:b,s:s,s:s,s:b,s:s,s:i,s:s}]", "variable", 1, "code",
	                 "kind", "datatype", "singlevaluelist", "required", 0, "datatype_description",
	                 "one key of values; complaint (投诉) when not given", "order", 1, "description",
	                 "诉求类型 (the kind of request)", "values", kinds, "variable", 1, "code", "plate", "datatype",
	                 "string", "required", 0, "datatype_description", "a Chinese plate, such as 京B12345", "order",
	                 2, "description", "车牌号 (the plate of the vehicle the request is about)");
}

int open311_service_get(struct http_request *rq, struct err *e)
{
	(void)e;
	enum format f;
	char code[65];
	if (segment(rq, code, sizeof code, &f) || jurisdiction_check(rq, f, http_query(rq, "jurisdiction_id")))
		return 0;
	const struct ticket_category *c = ticket_category_find(tickets_rules(), code);
	if (!c || strcmp(c->code, code))
		return fail(rq, f, 404, "service_code '%s' was not found (GET /open311/v2/services.json lists them)",
		            code);
	return answer(rq, f, 200, "service_definition",
	              json_pack("{s:s,s:o}", "service_code", c->code, "attributes", attributes_json()));
}

/* ---- a ticket as a service request --------------------------------------- */

/* The last event of type in t's events, or NULL. */
static const json_t *last_event(const struct ticket_loaded *t, const char *type)
{
	const json_t *found = NULL;
	size_t i;
	const json_t *ev;
	json_array_foreach(t->events, i, ev)
	{
		const char *its = json_string_value(json_object_get(ev, "type"));
		if (its && !strcmp(its, type))
			found = ev;
	}
	return found;
}

/* What the desk says of an open ticket's progress. */
static const char *progress(enum ticket_state s)
{
	switch (s) {
	case TICKET_RECEIVED:
		return "已受理，待派单 (received)";
	case TICKET_ASSIGNED:
		return "已派单 (assigned to a unit)";
	case TICKET_CONTACTED:
		return "已联系诉求人 (the caller was contacted)";
	case TICKET_RETURNED:
		return "退单审核中 (handed back, under review)";
	case TICKET_RESOLVED:
		return "已办理，待回访 (resolved, awaiting the callback)";
	case TICKET_CALLED_BACK:
		return "已回访 (called back)";
	default:
		return NULL;
	}
}

/* The name of the unit that has the ticket, or of the detachment. */
static json_t *agency_json(struct db *db, const char *unit)
{
	char name[129] = "";
	struct err e = { 0 };
	if (*unit && db_get_text(db, "SELECT name FROM units WHERE code = $1", DB_ARGS(DB_TEXT(unit)), name,
	                         sizeof name, &e) == 1)
		return json_string(name);
	if (db_get_text(db, "SELECT name FROM units WHERE kind = 'detachment' ORDER BY code", DB_NO_ARGS, name,
	                sizeof name, &e) == 1)
		return json_string(name);
	return json_string(cases_document_settings.agency);
}

static json_t *member_or_null(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return v && !json_is_null(v) && !(json_is_string(v) && !*json_string_value(v)) ? json_deep_copy(v)
	                                                                               : json_null();
}

static json_t *request_json(struct db *db, const struct ticket_loaded *t, int64_t now)
{
	const struct ticket_status *s = &t->status;
	const json_t *row = t->row, *location = json_object_get(row, "location");
	const json_t *open311 = json_object_get(json_object_get(row, "subject"), "open311");
	bool closed = s->state == TICKET_CLOSED || s->state == TICKET_MERGED;
	json_t *notes;
	if (s->state == TICKET_CLOSED) {
		notes = member_or_null(json_object_get(last_event(t, "close"), "body"), "summary");
	} else if (s->state == TICKET_MERGED) {
		const char *into =
		    json_string_value(json_object_get(json_object_get(last_event(t, "merge"), "body"), "into_number"));
		char text[128];
		if (!into)
			into = "";
		snprintf(text, sizeof text, "并入工单 %s，由其答复 (merged into %s, which answers for it)", into, into);
		notes = json_string(text);
	} else {
		notes = json_string(progress(s->state));
	}
	const char *category = json_string_value(json_object_get(row, "category"));
	const struct ticket_category *c = ticket_category_find(tickets_rules(), category);
	struct ticket_clock_view close;
	/* The close deadline is the end of a day: its last second, 23:59:59. */
	ticket_clock_view(tickets_rules(), tickets_calendar(), s, CLOCK_CLOSE, now, &close);
	const json_t *last =
	    json_array_size(t->events) ? json_array_get(t->events, json_array_size(t->events) - 1) : NULL;
	const json_t *updated = last ? json_object_get(last, "recorded_at") : json_object_get(row, "created_at");
	return json_pack("{s:s,s:s,s:o,s:s,s:s,s:O,s:o,s:n,s:O,s:O,s:o,s:o,s:o,s:n,s:o,s:o,s:o}", "service_request_id",
	                 t->number, "status", closed ? "closed" : "open", "status_notes", notes, "service_name",
	                 c ? c->name : category, "service_code", category, "description", json_object_get(row, "text"),
	                 "agency_responsible", agency_json(db, s->unit), "service_notice", "requested_datetime",
	                 json_object_get(row, "received_at"), "updated_datetime", updated, "expected_datetime",
	                 datetime_json_local(close.due_at - 1), "address", member_or_null(location, "address"),
	                 "address_id", member_or_null(location, "address_id"), "zipcode", "lat",
	                 member_or_null(location, "lat"), "long", member_or_null(location, "lon"), "media_url",
	                 member_or_null(open311, "media_url"));
}

/* The id of the ticket numbered number that came in through Open311: 1
 * with *id, 0 when none, or a negative ERR_*. */
static int ticket_of_number(struct db *db, const char *number, int64_t *id, struct err *e)
{
	return db_get_int(db, "SELECT id FROM tickets WHERE number = $1 AND " FROM_OPEN311, DB_ARGS(DB_TEXT(number)),
	                  id, e);
}

int open311_request_get(struct http_request *rq, struct err *e)
{
	enum format f;
	char number[33];
	if (segment(rq, number, sizeof number, &f) || jurisdiction_check(rq, f, http_query(rq, "jurisdiction_id")))
		return 0;
	int64_t id = 0;
	int rc = ticket_of_number(rq->db, number, &id, e);
	if (rc < 0)
		return fail_err(rq, f, e);
	if (rc == 0)
		return fail(rq, f, 404, "service_request_id '%s' was not found", number);
	struct ticket_loaded t;
	rc = tickets_load(rq->db, NULL, id, &t, e);
	json_t *one = rc ? NULL : request_json(rq->db, &t, (int64_t)time(NULL));
	tickets_loaded_free(&t);
	return rc ? fail_err(rq, f, e) : answer(rq, f, 200, "service_requests", json_pack("[o]", one));
}

int open311_token_get(struct http_request *rq, struct err *e)
{
	enum format f;
	char token[33];
	if (segment(rq, token, sizeof token, &f) || jurisdiction_check(rq, f, http_query(rq, "jurisdiction_id")))
		return 0;
	int rc = ticket_of_number(rq->db, token, NULL, e);
	if (rc < 0)
		return fail_err(rq, f, e);
	if (rc == 0)
		return fail(rq, f, 404, "token '%s' was not found", token);
	/* Requests are created at once: the token is the request's id. */
	return answer(rq, f, 200, "service_requests",
	              json_pack("[{s:s,s:s}]", "service_request_id", token, "token", token));
}

/* ---- GET requests ------------------------------------------------------- */

/* Splits a comma list into items (at most max; empty items refused):
 * the count, or -1 when over max or an item is empty. The items point
 * into copy, which the caller frees. */
static int list_split(const char *list, char **copy, const char **items, int max)
{
	*copy = strdup(list);
	if (!*copy)
		return -1;
	int n = 0;
	for (char *p = *copy;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		while (len && p[len - 1] == ' ')
			p[--len] = '\0';
		if (!*p || n == max)
			return -1;
		items[n++] = p;
		if (!comma)
			return n;
		p = comma + 1;
	}
}

/* An ISO 8601 query parameter: 0 (absent: *at untouched), or 1 answered. */
static int date_param(struct http_request *rq, enum format f, const char *name, int64_t *at)
{
	const char *given = http_query(rq, name);
	const char *why;
	if (!given)
		return 0;
	if (datetime_parse(slice_from(given), at, &why) == 0)
		return 0;
	fail(rq, f, 400,
	     "%s '%s' is not a date-time in ISO 8601 with its offset (%s), such as 2026-01-31T00:00:00+08:00", name,
	     given, why);
	return 1;
}

/* The ids of the Open311 requests a GET asks for, newest first (or in the
 * order of the ids given), at most REQUESTS_MAX: the count, or a negative
 * ERR_*. codes: the service codes wanted (n 0: any). */
static int requests_find(struct db *db, const char *const *ids, int nids, int64_t start, int64_t end, bool want_open,
                         bool want_closed, const char *const *codes, int ncodes, int64_t *found, struct err *e)
{
	int n = 0, rc = 0;
	if (nids) {
		/* The specification: with service_request_id, the other filters are ignored. */
		for (int i = 0; i < nids && n < REQUESTS_MAX; i++) {
			rc = ticket_of_number(db, ids[i], &found[n], e);
			if (rc < 0)
				return rc;
			n += rc;
		}
		return n;
	}
	struct db_stmt *st = db_prepare(db,
	                                "SELECT id, category FROM tickets WHERE " FROM_OPEN311
	                                " AND received_at >= $1 AND received_at <= $2"
	                                " AND ((state IN ('closed', 'merged') AND $3 = 1)"
	                                " OR (state NOT IN ('closed', 'merged') AND $4 = 1))"
	                                " ORDER BY received_at DESC, id DESC",
	                                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, start);
	db_bind_int(st, 2, end);
	db_bind_int(st, 3, want_closed);
	db_bind_int(st, 4, want_open);
	while ((rc = db_step(st, e)) == DB_ROW) {
		bool wanted = ncodes == 0;
		for (int i = 0; !wanted && i < ncodes; i++)
			wanted = !strcmp(codes[i], db_col_text(st, 1));
		if (wanted && n < REQUESTS_MAX)
			found[n++] = db_col_int(st, 0);
	}
	return rc < 0 ? rc : n;
}

int open311_requests_get(struct http_request *rq, struct err *e)
{
	enum format f = path_format(rq);
	if (jurisdiction_check(rq, f, http_query(rq, "jurisdiction_id")))
		return 0;
	const char *ids = http_query(rq, "service_request_id"), *codes = http_query(rq, "service_code");
	const char *status = http_query(rq, "status");
	int64_t now = (int64_t)time(NULL), end = now, start = 0;
	if (date_param(rq, f, "start_date", &start) || date_param(rq, f, "end_date", &end))
		return 0;
	/* Without dates, the last DEFAULT_DAYS days; a start alone runs to now and on. */
	if (!http_query(rq, "start_date"))
		start = end - (int64_t)DEFAULT_DAYS * 86400;
	else if (!http_query(rq, "end_date"))
		end = start > now ? start : now;
	if (end < start)
		return fail(rq, f, 400, "end_date is before start_date");

	const char *id_items[IDS_MAX], *code_items[TICKET_MAX_CODES], *status_items[2];
	char *id_copy = NULL, *code_copy = NULL, *status_copy = NULL;
	int nids = 0, ncodes = 0, nstatus = 0, rc = 0;
	bool want_open = true, want_closed = true;
	if (ids && (nids = list_split(ids, &id_copy, id_items, IDS_MAX)) < 0) {
		rc = fail(rq, f, 400, "service_request_id is a comma-separated list of at most %d ids, none empty",
		          IDS_MAX);
		goto done;
	}
	if (status) {
		if ((nstatus = list_split(status, &status_copy, status_items, 2)) < 0) {
			rc = fail(rq, f, 400, "status is open, closed or open,closed");
			goto done;
		}
		want_open = want_closed = false;
		for (int i = 0; i < nstatus; i++) {
			if (!strcmp(status_items[i], "open")) {
				want_open = true;
			} else if (!strcmp(status_items[i], "closed")) {
				want_closed = true;
			} else {
				rc = fail(rq, f, 400, "status '%s' is neither open nor closed", status_items[i]);
				goto done;
			}
		}
	}
	if (codes && (ncodes = list_split(codes, &code_copy, code_items, TICKET_MAX_CODES)) < 0) {
		rc = fail(rq, f, 400, "service_code is a comma-separated list of service codes, none empty");
		goto done;
	}
	for (int i = 0; !ids && i < ncodes; i++) {
		const struct ticket_category *c = ticket_category_find(tickets_rules(), code_items[i]);
		if (!c || strcmp(c->code, code_items[i])) {
			rc = fail(rq, f, 400, "service_code '%s' is no service (GET /open311/v2/services.json)",
			          code_items[i]);
			goto done;
		}
	}
	int64_t *found = malloc(sizeof *found * REQUESTS_MAX);
	if (!found) {
		rc = fail(rq, f, 503, "out of memory; try again");
		goto done;
	}
	int step =
	    requests_find(rq->db, id_items, nids, start, end, want_open, want_closed, code_items, ncodes, found, e);
	json_t *out = json_array();
	for (int i = 0; step > 0 && i < step; i++) {
		struct ticket_loaded t;
		int loaded = tickets_load(rq->db, NULL, found[i], &t, e);
		if (loaded == 0)
			json_array_append_new(out, request_json(rq->db, &t, now));
		tickets_loaded_free(&t);
		if (loaded < 0)
			step = loaded;
	}
	free(found);
	if (step < 0) {
		json_decref(out);
		rc = fail_err(rq, f, e);
	} else {
		rc = answer(rq, f, 200, "service_requests", out);
	}
done:
	free(id_copy);
	free(code_copy);
	free(status_copy);
	return rc;
}

/* ---- POST requests ---------------------------------------------------- */

/* The parameters a client may send; attribute[CODE] besides. */
static const char *const parameters[] = {
	"jurisdiction_id", "api_key",    "service_code", "lat",       "long",  "address_string", "address_id", "email",
	"device_id",       "account_id", "first_name",   "last_name", "phone", "description",    "media_url",
};

/* Sets params[key] = value[0..n) unless key was given already. */
static int param_put(json_t *params, const char *key, size_t key_n, const char *value, size_t n, struct err *e)
{
	char name[128];
	if (key_n == 0 || key_n >= sizeof name)
		return err_set(e, ERR_INVALID, "a parameter's name is empty or longer than %zu bytes", sizeof name - 1);
	memcpy(name, key, key_n);
	name[key_n] = '\0';
	if (!utf8_valid(name, key_n) || !utf8_valid(value, n))
		return err_set(e, ERR_INVALID, "parameter %s is not UTF-8", name);
	if (json_object_get(params, name))
		return err_set(e, ERR_INVALID, "parameter %s is given twice", name);
	json_object_set_new(params, name, json_stringn(value, n));
	return 0;
}

static int hex_value(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* Decodes one form-urlencoded component into out: 0, or -1 for a bad %. */
static int form_decode(const char *p, size_t n, struct buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '+') {
			buf_addc(out, ' ');
		} else if (p[i] == '%') {
			int hi = i + 2 < n ? hex_value(p[i + 1]) : -1, lo = i + 2 < n ? hex_value(p[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return -1;
			buf_addc(out, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_addc(out, p[i]);
		}
	}
	return 0;
}

/* An application/x-www-form-urlencoded body into params. */
static int form_read(const char *p, size_t n, json_t *params, struct err *e)
{
	struct buf key, value;
	buf_init(&key);
	buf_init(&value);
	int rc = 0;
	for (size_t at = 0; !rc && at < n;) {
		const char *amp = memchr(p + at, '&', n - at);
		size_t end = amp ? (size_t)(amp - p) : n;
		const char *eq = memchr(p + at, '=', end - at);
		size_t key_end = eq ? (size_t)(eq - p) : end;
		if (end > at) {
			if (form_decode(p + at, key_end - at, &key) ||
			    (eq && form_decode(eq + 1, end - key_end - 1, &value)))
				rc = err_set(e, ERR_INVALID,
				             "the body is not form-urlencoded: a %% is not followed by two hex digits");
			else
				rc = param_put(params, key.p, key.n, eq ? value.p : "", eq ? value.n : 0, e);
		}
		at = end + 1;
	}
	buf_release(&key);
	buf_release(&value);
	return rc;
}

/* A JSON body (an object of texts and numbers; attribute an object) into
 * params, as the form would have sent it. */
static int json_read(const json_t *body, json_t *params, struct err *e)
{
	if (!json_is_object(body))
		return err_set(e, ERR_INVALID, "the body is JSON but not an object of the request's parameters");
	const char *key;
	const json_t *v;
	json_object_foreach((json_t *)body, key, v)
	{
		char text[64];
		int rc = 0;
		if (!strcmp(key, "attribute") && json_is_object(v)) {
			const char *code;
			const json_t *a;
			json_object_foreach((json_t *)v, code, a)
			{
				char name[128];
				int len = snprintf(name, sizeof name, "attribute[%s]", code);
				if (!json_is_string(a) || len >= (int)sizeof name)
					return err_set(e, ERR_INVALID, "attribute %s: a text value is expected", code);
				if ((rc = param_put(params, name, (size_t)len, json_string_value(a),
				                    json_string_length(a), e)))
					return rc;
			}
			continue;
		}
		if (json_is_string(v))
			rc = param_put(params, key, strlen(key), json_string_value(v), json_string_length(v), e);
		else if (json_is_integer(v) || json_is_real(v)) {
			int len = json_is_integer(v)
			              ? snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v))
			              : snprintf(text, sizeof text, "%.10g", json_real_value(v));
			rc = param_put(params, key, strlen(key), text, (size_t)len, e);
		} else if (!json_is_null(v))
			rc = err_set(e, ERR_INVALID, "parameter %s: a text or a number is expected", key);
		if (rc)
			return rc;
	}
	return 0;
}

static const char *param(const json_t *params, const char *key)
{
	const char *v = json_string_value(json_object_get(params, key));
	return v && *v ? v : NULL;
}

/* A coordinate in min..max: 0, or -1. */
static int coordinate(const char *text, double min, double max, double *out)
{
	char *end;
	*out = strtod(text, &end);
	return end != text && !*end && isfinite(*out) && *out >= min && *out <= max ? 0 : -1;
}

static bool has_non_ascii(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

#define WHY_SIZE 512

/* Writes the description of a refusal into why and returns its status. */
static int refuse(char why[WHY_SIZE], int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int refuse(char why[WHY_SIZE], int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, WHY_SIZE, fmt, ap);
	va_end(ap);
	return status;
}

/* The body tickets_create takes, of params: 0, or the HTTP status of the
 * refusal with its description in why. */
static int ticket_body(const json_t *params, const char *client, json_t *body, char why[WHY_SIZE])
{
	const struct ticket_rulebook *rb = tickets_rules();
	const char *key;
	const json_t *v;
	json_t *subject = json_object(), *open311 = json_object(), *location = json_object(), *caller = json_object();
	json_object_set_new(body, "subject", subject);
	json_object_set_new(body, "location", location);
	json_object_set_new(body, "caller", caller);
	json_object_set_new(body, "channel", json_string("web"));
	json_object_set_new(body, "kind", json_string("complaint"));
	json_object_set_new(subject, "open311", open311);
	json_object_set_new(open311, "client", json_string(client));
	json_object_foreach((json_t *)params, key, v)
	{
		const char *value = json_string_value(v);
		if (!strncmp(key, "attribute[", 10) && key[strlen(key) - 1] == ']') {
			char code[64];
			snprintf(code, sizeof code, "%.*s", (int)(strlen(key) - 11), key + 10);
			if (!strcmp(code, "kind")) {
				const struct ticket_code *k = ticket_kind_find(rb, value);
				if (!k || strcmp(k->code, value))
					return refuse(
					    why, 400,
					    "attribute[kind] '%s' is not one of the values of the service's definition",
					    value);
				json_object_set_new(body, "kind", json_string(k->code));
			} else if (!strcmp(code, "plate")) {
				if (*value)
					json_object_set_new(subject, "plate", json_string(value));
			} else {
				return refuse(why, 400, "%s: the services have the attributes kind and plate only",
				              key);
			}
			continue;
		}
		size_t i = 0;
		while (i < sizeof parameters / sizeof parameters[0] && strcmp(parameters[i], key))
			i++;
		if (i == sizeof parameters / sizeof parameters[0])
			return refuse(why, 400, "parameter '%s' is not one of GeoReport v2's (docs/open311.md)", key);
	}

	const char *code = param(params, "service_code");
	if (!code)
		return refuse(why, 400, "service_code was not provided (GET /open311/v2/services.json lists them)");
	const struct ticket_category *c = ticket_category_find(rb, code);
	if (!c || strcmp(c->code, code))
		return refuse(why, 404, "service_code '%s' was not found (GET /open311/v2/services.json lists them)",
		              code);
	json_object_set_new(body, "category", json_string(c->code));

	const char *lat = param(params, "lat"), *lon = param(params, "long");
	const char *address = param(params, "address_string"), *address_id = param(params, "address_id");
	if (!!lat != !!lon)
		return refuse(why, 400, "lat and long are given together");
	if (lat) {
		double y, x;
		if (coordinate(lat, -90, 90, &y) || coordinate(lon, -180, 180, &x))
			return refuse(
			    why, 400,
			    "lat '%s' and long '%s' must be decimal degrees (WGS84): lat -90..90, long -180..180", lat,
			    lon);
		json_object_set_new(location, "lat", json_real(y));
		json_object_set_new(location, "lon", json_real(x));
	}
	if (address) {
		if (strlen(address) > 500)
			return refuse(why, 400, "address_string is longer than 500 bytes");
		json_object_set_new(location, "address", json_string(address));
	}
	if (address_id) {
		if (strlen(address_id) > 64)
			return refuse(why, 400, "address_id is longer than 64 bytes");
		json_object_set_new(location, "address_id", json_string(address_id));
	}
	if (!lat && !address && !address_id)
		return refuse(why, 400, "a location is required: lat and long, address_string or address_id");

	const char *description = param(params, "description");
	if (!description)
		return refuse(why, 400, "description was not provided: the desk needs the words of the request");
	if (strlen(description) > 4000)
		return refuse(why, 400, "description is longer than 4000 bytes");
	json_object_set_new(body, "text", json_string(description));

	/* The caller: a Chinese name family name first, others as written. */
	const char *first = param(params, "first_name"), *last = param(params, "last_name");
	char name[256];
	bool chinese = has_non_ascii(first) || has_non_ascii(last);
	if (!first)
		first = "";
	if (!last)
		last = "";
	snprintf(name, sizeof name, "%s%s%s", chinese ? last : first, chinese || !*first || !*last ? "" : " ",
	         chinese ? first : last);
	if (strlen(name) > 100)
		return refuse(why, 400, "first_name and last_name are longer than 100 bytes together");
	json_object_set_new(caller, "name", json_string(name));
	if (param(params, "phone"))
		json_object_set_new(caller, "phone", json_string(param(params, "phone")));

	/* What the desk keeps of the client's own: who and how to answer. */
	static const struct {
		const char *key;
		size_t max;
	} kept[] = { { "email", 254 }, { "device_id", 64 }, { "account_id", 64 }, { "media_url", 1000 } };
	for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
		const char *value = param(params, kept[i].key);
		if (!value)
			continue;
		if (strlen(value) > kept[i].max)
			return refuse(why, 400, "%s is longer than %zu bytes", kept[i].key, kept[i].max);
		if (!strcmp(kept[i].key, "email") && (!strchr(value, '@') || strchr(value, ' ')))
			return refuse(why, 400, "email '%s' is not an e-mail address", value);
		if (!strcmp(kept[i].key, "media_url") && strncmp(value, "https://", 8) && strncmp(value, "http://", 7))
			return refuse(why, 400, "media_url '%s' is not an http or https URL", value);
		json_object_set_new(open311, kept[i].key, json_string(value));
	}
	return 0;
}

int open311_requests_post(struct http_request *rq, struct err *e)
{
	enum format f = path_format(rq);
	json_t *params = json_object();
	const char *type = http_header(rq, "Content-Type");
	int rc;
	if (type && !strncasecmp(type, "application/json", 16)) {
		json_t *body = http_body_json(rq, e);
		rc = body ? json_read(body, params, e) : e->code;
		json_decref(body);
	} else if (!type || !strncasecmp(type, "application/x-www-form-urlencoded", 33)) {
		rc = form_read(rq->body.p ? rq->body.p : "", rq->body.n, params, e);
	} else {
		rc = err_set(e, ERR_INVALID,
		             "Content-Type %s is not taken: send application/x-www-form-urlencoded or JSON", type);
	}
	/* api_key and jurisdiction_id may ride on the query, as some clients send them. */
	static const char *const on_query[] = { "api_key", "jurisdiction_id" };
	for (size_t i = 0; !rc && i < sizeof on_query / sizeof on_query[0]; i++) {
		const char *q = http_query(rq, on_query[i]);
		if (q && !json_object_get(params, on_query[i]))
			json_object_set_new(params, on_query[i], json_string(q));
	}
	if (rc) {
		json_decref(params);
		return fail(rq, f, 400, "%s", e->msg);
	}
	if (jurisdiction_check(rq, f, param(params, "jurisdiction_id"))) {
		json_decref(params);
		return 0;
	}
	char client[CLIENT_NAME_MAX + 1] = "";
	const char *key = param(params, "api_key");
	rc = key ? open311_key_client(rq->db, key, client, e) : 0;
	if (rc <= 0) {
		json_decref(params);
		return rc < 0 ? fail_err(rq, f, e)
		       : key  ? fail(rq, f, 403, "api_key is invalid or revoked: ask the desk for a key")
		              : fail(rq, f, 403, "api_key was not provided: a request is sent with the client's key");
	}
	json_t *body = json_object();
	char why[WHY_SIZE] = "";
	int status = ticket_body(params, client, body, why);
	const char *account = param(params, "account_id");
	json_t *account_id = account ? json_string(account) : json_null();
	json_decref(params);
	if (status) {
		json_decref(body);
		json_decref(account_id);
		return fail(rq, f, status, "%s", why);
	}
	struct caller caller = { .sees_all = true };
	snprintf(caller.login, sizeof caller.login, ACTOR_PREFIX "%s", client);
	int64_t id = 0;
	rc = tickets_create(rq->db, &caller, body, &id, e);
	json_decref(body);
	struct ticket_loaded t = { 0 };
	rc = rc ? rc : tickets_load(rq->db, NULL, id, &t, e);
	if (rc) {
		tickets_loaded_free(&t);
		json_decref(account_id);
		return fail_err(rq, f, e);
	}
	char notice[256], close_day[11];
	date_format(t.status.due.close, close_day);
	snprintf(notice, sizeof notice, "已受理，工单号 %s，%s 前办结答复 (received as ticket %s, to be closed by %s)",
	         t.number, close_day, t.number, close_day);
	json_t *out = json_pack("[{s:s,s:s,s:o}]", "service_request_id", t.number, "service_notice", notice,
	                        "account_id", account_id);
	tickets_loaded_free(&t);
	return answer(rq, f, 200, "service_requests", out);
}

/* ---- API keys ------------------------------------------------------------ */

static bool client_name_ok(const char *client)
{
	size_t n = strlen(client);
	if (n == 0 || n > CLIENT_NAME_MAX)
		return false;
	for (const char *p = client; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			return false;
	return true;
}

int open311_key_new(struct db *db, const char *client, const char *actor, char key[OPEN311_KEY_SIZE], struct err *e)
{
	if (!client_name_ok(client))
		return err_set(
		    e, ERR_INVALID,
		    "client name '%s': 1 to %d letters, digits, '.', '_' or '-' (the app or platform, such as "
		    "city-platform)",
		    client, CLIENT_NAME_MAX);
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	unsigned char raw[32];
	char hash[AUTH_TOKEN_HASH_SIZE];
	randombytes_buf(raw, sizeof raw);
	memcpy(key, "o311_", 5);
	sodium_bin2hex(key + 5, OPEN311_KEY_SIZE - 5, raw, sizeof raw);
	auth_token_hash(key, hash);
	sodium_memzero(raw, sizeof raw);
	int64_t now = (int64_t)time(NULL);
	int64_t previous = 0;
	int rc = db_begin(db, e);
	if (rc == 0)
		rc = db_get_int(db, "SELECT COUNT(*) FROM open311_keys WHERE client = $1", DB_ARGS(DB_TEXT(client)),
		                &previous, e);
	if (rc >= 0)
		rc = db_get_int(db,
		                "INSERT INTO open311_keys (client, key_hash, issued_at) VALUES ($1, $2, $3)"
		                " ON CONFLICT (client) DO UPDATE SET key_hash = excluded.key_hash,"
		                " issued_at = excluded.issued_at RETURNING issued_at",
		                DB_ARGS(DB_TEXT(client), DB_TEXT(hash), DB_INT(now)), NULL, e);
	/* The log shows that a key was issued, never the key itself. */
	if (rc >= 0)
		rc = audit_append(db, actor, "open311.key", client, "",
		                  previous ? "{\"issued\":true,\"previous_revoked\":true}"
		                           : "{\"issued\":true,\"previous_revoked\":false}",
		                  now, e);
	if (rc >= 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

int open311_key_client(struct db *db, const char *key, char client[CLIENT_NAME_MAX + 1], struct err *e)
{
	char hash[AUTH_TOKEN_HASH_SIZE];
	auth_token_hash(key, hash);
	return db_get_text(db, "SELECT client FROM open311_keys WHERE key_hash = $1", DB_ARGS(DB_TEXT(hash)), client,
	                   CLIENT_NAME_MAX + 1, e);
}

int open311_cmd_key(struct cli *cli)
{
	if (cli->nargs != 1)
		return cli_usage(cli);
	struct err e = { 0 };
	char key[OPEN311_KEY_SIZE];
	if (open311_key_new(cli->db, cli->args[0], cli->actor, key, &e))
		return cli_fail(&e);
	printf("%s\n", key);
	fprintf(stderr, "sunroad: the Open311 api_key of %s is shown once; its previous key, if any, no longer works\n",
	        cli->args[0]);
	sodium_memzero(key, sizeof key);
	return 0;
}
