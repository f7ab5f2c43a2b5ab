/* The quarantine over HTTP (docs/api.md), called 异常数据 in the browser:
 * GET /api/v1/quarantine lists the records the imports refused, each with
 * its reason as a stable code and arguments (derived from the stored text,
 * overlimit_quarantine_reason), the site (from the raw line when the
 * record could not be read), the file's base name only (no server path)
 * and whether it was dealt with. POST /api/v1/quarantine/{id}/handled
 * marks one handled with a note; POST /api/v1/quarantine/{id}/reimport
 * submits its corrected text through the same validation as an import:
 * accepted, the record is stored and the row marked handled; refused, the
 * reason is answered and nothing is written. Both are audited, and both
 * reach only the rows of the caller's sites. */
#include "api.h"
#include "ingest.h"
#include "../base/audit.h"
#include "../base/datetime.h"
#include "../base/list.h"
#include "../base/stats_cache.h"
#include "../people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define QUARANTINE_COLUMNS                                                                                  \
	"id, kind, source, line, raw, reason, site, seq, created_at, handled_at, coalesce(handled_by, '')," \
	" coalesce(handled_how, ''), coalesce(handled_note, '')"

/* The reason's code and arguments into o. */
static void reason_json(json_t *o, const char *text)
{
	struct overlimit_quarantine_reason r;
	overlimit_quarantine_reason(text, &r);
	json_t *args = json_object();
	for (int i = 0; i < r.nargs; i++)
		json_object_set_new(args, r.name[i], json_string(r.value[i]));
	json_object_set_new(o, "reason_code", json_string(r.code));
	json_object_set_new(o, "reason_args", args);
}

static json_t *row_json(struct db_stmt *st)
{
	struct buf raw;
	buf_init(&raw);
	const char *text = db_col_text(st, 4), *source = db_col_text(st, 2), *site = db_col_text(st, 6);
	record_raw_printable((struct slice){ text, strlen(text) }, &raw);
	/* The file's name, not where it lay on the server. */
	const char *slash = strrchr(source, '/');
	char from_raw[17] = "";
	if (!*site)
		overlimit_quarantine_site_of(text, from_raw);
	json_t *o = json_pack("{s:I,s:s,s:s,s:I,s:s,s:s,s:s,s:b,s:o,s:o}", "id", (json_int_t)db_col_int(st, 0), "kind",
	                      db_col_text(st, 1), "source", slash ? slash + 1 : source, "line",
	                      (json_int_t)db_col_int(st, 3), "raw", raw.p ? raw.p : "", "reason", db_col_text(st, 5),
	                      "site", *site ? site : from_raw, "site_from_raw", !*site && *from_raw, "seq",
	                      db_col_is_null(st, 7) ? json_null() : json_integer(db_col_int(st, 7)), "created_at",
	                      datetime_json_local(db_col_int(st, 8)));
	buf_release(&raw);
	if (!o)
		return NULL;
	reason_json(o, db_col_text(st, 5));
	bool handled = !db_col_is_null(st, 9);
	json_object_set_new(o, "handled", json_boolean(handled));
	json_object_set_new(o, "handled_at", handled ? datetime_json_local(db_col_int(st, 9)) : json_null());
	json_object_set_new(o, "handled_by", handled ? json_string(db_col_text(st, 10)) : json_null());
	json_object_set_new(o, "handled_how", handled ? json_string(db_col_text(st, 11)) : json_null());
	json_object_set_new(o, "handled_note", handled ? json_string(db_col_text(st, 12)) : json_null());
	return o;
}

/* The list's filter: the caller's sites, a kind, a state. */
struct quarantine_filter {
	const struct caller *scope;
	const char *kind, *state;
};

static void filter_bind(struct db_stmt *st, const void *arg)
{
	const struct quarantine_filter *f = arg;
	people_bind_scope(st, f->scope);
	db_bind_text(st, 3, f->kind, strlen(f->kind));
	db_bind_text(st, 4, f->state, strlen(f->state));
}

static const struct list_sort sorts[] = {
	{ "id", "id", 'i', NULL }, /* the order they came in */
	{ "site", "site", 't', NULL },
	{ "kind", "kind", 't', NULL },
	{ "source", "source", 't', NULL },
	{ "line", "line", 'i', NULL },
	{ "reason", "reason", 't', NULL },
	{ "handled_at", "coalesce(handled_at, 0)", 'i', NULL },
	{ 0 },
};

static const struct list quarantine_list = {
	.columns = QUARANTINE_COLUMNS,
	.ncolumns = 13,
	.from = "FROM quarantine"
	        " WHERE ($1 = 1 OR site IN (SELECT code FROM sites WHERE unit_code IN (" SCOPE_UNITS_SQL "))"
	        /* A record read from no site: the site its raw line names
	         * (overlimit_quarantine_site_of, roughly, in SQL). */
	        " OR (site = '' AND EXISTS (SELECT 1 FROM sites s WHERE s.unit_code IN (" SCOPE_UNITS_SQL ")"
	        " AND (quarantine.raw LIKE s.code || ',%' OR quarantine.raw LIKE '%\"site\":\"' || s.code ||"
	        " '\"%'))))"
	        " AND kind IN ('detection', 'unload') AND (CAST($3 AS TEXT) = '' OR kind = $3)"
	        " AND ($4 = 'all' OR ($4 = 'open' AND handled_at IS NULL) OR ($4 = 'handled' AND handled_at IS"
	        " NOT NULL))",
	.nparams = 4,
	.id = "id",
	.sorts = sorts,
	.desc = true, /* newest first */
	.bind = filter_bind,
	.item = row_json,
};

int overlimit_quarantine_get(struct http_request *rq, struct err *e)
{
	struct quarantine_filter f = { .scope = caller_of(rq), .kind = http_query(rq, "kind"),
		                       .state = http_query(rq, "state") };
	struct list_query q;
	int rc = list_parse(rq, &quarantine_list, &q, e);
	if (rc)
		return rc;
	if (f.kind && *f.kind && strcmp(f.kind, "detection") && strcmp(f.kind, "unload"))
		return err_reason(e, ERR_INVALID, "quarantine_kind_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "kind"), ERR_TEXT("got", f.kind)),
		                  "kind '%s' must be detection or unload", f.kind);
	f.kind = f.kind ? f.kind : "";
	f.state = f.state && *f.state ? f.state : "all";
	if (strcmp(f.state, "all") && strcmp(f.state, "open") && strcmp(f.state, "handled"))
		return err_reason(e, ERR_INVALID, "quarantine_state_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "state"), ERR_TEXT("got", f.state)),
		                  "state '%s' must be open, handled or all", f.state);
	return list_answer(rq, &quarantine_list, &q, &f, e);
}

/* One quarantined record, as the actions need it. */
struct quarantined {
	int64_t id;
	char kind[16], source[256], site[17];
	bool handled;
};

/* Loads row {id} of the path into q if the caller may act on it: its site
 * (stored, or from its raw line) is one of the caller's; else
 * quarantine_unknown, as for a row that does not exist. */
static int quarantined_load(struct http_request *rq, struct quarantined *q, json_t **row, struct err *e)
{
	int rc = overlimit_path_id(rq, &q->id, e);
	if (rc)
		return rc;
	struct db_stmt *st;
	rc = db_row(rq->db, "SELECT " QUARANTINE_COLUMNS " FROM quarantine WHERE id = $1 AND kind IN ('detection', 'unload')", DB_ARGS(DB_INT(q->id)), &st,
	            e);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		snprintf(q->kind, sizeof q->kind, "%s", db_col_text(st, 1));
		snprintf(q->source, sizeof q->source, "%s", db_col_text(st, 2));
		snprintf(q->site, sizeof q->site, "%s", db_col_text(st, 6));
		if (!q->site[0])
			overlimit_quarantine_site_of(db_col_text(st, 4), q->site);
		q->handled = !db_col_is_null(st, 9);
		*row = row_json(st);
		db_row_done(st);
	}
	const struct caller *c = caller_of(rq);
	int64_t seen = 0;
	if (rc == 1 && !c->sees_all && q->site[0]) {
		struct db_stmt *s = db_prepare(
		    rq->db, "SELECT count(*) FROM sites WHERE code = $3 AND unit_code IN (" SCOPE_UNITS_SQL ")", e);
		if (!s) {
			json_decref(*row);
			*row = NULL;
			return e->code;
		}
		people_bind_scope(s, c);
		db_bind_text(s, 3, q->site, strlen(q->site));
		while ((rc = db_step(s, e)) == DB_ROW)
			seen = db_col_int(s, 0);
		if (rc < 0)
			return rc;
		rc = 1;
	}
	if (rc == 1 && (c->sees_all || seen > 0)) {
		if (!*row)
			return err_set(e, ERR_NOMEM, "out of memory reading the quarantine");
		return 0;
	}
	json_decref(*row);
	*row = NULL;
	return err_reason(e, ERR_NOTFOUND, "quarantine_unknown", ERR_ARGS(ERR_INT("id", q->id)),
	                  "no quarantined record %lld (or not of your sites)", (long long)q->id);
}

/* Marks q handled (how, note) and audits it, in the caller's transaction. */
static int mark_handled(struct db *db, const struct quarantined *q, json_t *before, const char *how, const char *note,
                        const char *actor, struct err *e)
{
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *st = db_prepare(db,
	                                "UPDATE quarantine SET handled_at = $2, handled_by = $3, handled_how = $4,"
	                                " handled_note = $5 WHERE id = $1 AND handled_at IS NULL",
	                                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, q->id);
	db_bind_int(st, 2, now);
	db_bind_text(st, 3, actor, strlen(actor));
	db_bind_text(st, 4, how, strlen(how));
	db_bind_text(st, 5, note, strlen(note));
	int rc = db_step(st, e);
	if (rc < 0)
		return rc;
	if (db_changes(st) != 1)
		return err_reason(e, ERR_CONFLICT, "quarantine_handled", ERR_ARGS(ERR_INT("id", q->id)),
		                  "quarantined record %lld has been handled already", (long long)q->id);
	char object[32];
	snprintf(object, sizeof object, "quarantine:%lld", (long long)q->id);
	/* The reason as the list gives it: the stored text for the CLI, its
	 * code and arguments for the browser to word. */
	json_t *b = json_pack("{s:O,s:O,s:O,s:b}", "reason", json_object_get(before, "reason"), "reason_code",
	                      json_object_get(before, "reason_code"), "reason_args",
	                      json_object_get(before, "reason_args"), "handled", 0),
	       *a = json_pack("{s:b,s:s,s:s}", "handled", 1, "how", how, "note", note);
	if (!b || !a) {
		json_decref(b);
		json_decref(a);
		return err_set(e, ERR_NOMEM, "out of memory recording the action");
	}
	return audit_append_json(db, actor, strcmp(how, "reimported") ? "quarantine.handle" : "quarantine.reimport",
	                         object, b, a, now, e);
}

/* The note of a body: optional unless required, at most 2000 bytes. */
static int body_note(json_t *body, bool required, const char **note, struct err *e)
{
	*note = http_json_text(body, "note");
	*note = *note ? *note : "";
	if (required && !**note)
		return err_reason(e, ERR_INVALID, "handled_note_required", ERR_ARGS(ERR_TEXT("field", "note")),
		                  "say what was done in \"note\"");
	if (strlen(*note) > 2000)
		return err_reason(
		    e, ERR_INVALID, "field_too_long",
		    ERR_ARGS(ERR_TEXT("field", "note"), ERR_INT("max", 2000), ERR_INT("got", (long long)strlen(*note))),
		    "the note is longer than 2000 bytes");
	return 0;
}

/* Answers the row of the path as it is now. */
static int answer_row(struct http_request *rq, struct err *e)
{
	struct quarantined q = { 0 };
	json_t *row = NULL;
	int rc = quarantined_load(rq, &q, &row, e);
	return rc ? rc : http_json(rq, 200, row);
}

int overlimit_quarantine_handle(struct http_request *rq, struct err *e)
{
	struct quarantined q = { 0 };
	json_t *row = NULL, *body = NULL;
	const char *note = "";
	int rc = quarantined_load(rq, &q, &row, e);
	if (rc == 0 && !(body = http_body_json(rq, e)))
		rc = e->code;
	if (rc == 0)
		rc = body_note(body, true, &note, e);
	if (rc == 0 && (rc = db_begin(rq->db, e)) == 0) {
		rc = mark_handled(rq->db, &q, row, "marked", note, caller_of(rq)->login, e);
		rc = rc ? rc : db_commit(rq->db, e);
		if (rc)
			db_rollback(rq->db);
	}
	json_decref(body);
	json_decref(row);
	return rc ? rc : answer_row(rq, e);
}

/* The header a corrected CSV line is read under: the kind's columns in
 * their schema's order (the order of the generated and documented files). */
static void csv_header(const struct record_schema *schema, struct buf *out)
{
	for (int i = 0; i < schema->count; i++)
		buf_addf(out, "%s%s", i ? "," : "", schema->names[i]);
	buf_addc(out, '\n');
}

/* The refusal of a corrected record: its reason's code and arguments. */
static int refused(const char *why, struct err *e)
{
	struct overlimit_quarantine_reason r;
	overlimit_quarantine_reason(why, &r);
	struct err_arg args[1 + QUARANTINE_REASON_ARGS] = { ERR_TEXT("why", r.code) };
	for (int i = 0; i < r.nargs; i++)
		args[1 + i] = ERR_TEXT(r.name[i], r.value[i]);
	return err_reason(e, ERR_INVALID, "reimport_refused", args, 1 + r.nargs, "the corrected record is refused: %s",
	                  why);
}

/* Reads text (one record) as kind would in a file, validates it and, valid,
 * stores it in the caller's transaction. */
static int reimport(struct db *db, const struct import_kind *kind, struct overlimit_env *env, const char *source,
                    const char *text, struct err *e)
{
	struct buf body, scratch;
	buf_init(&body);
	buf_init(&scratch);
	while (*text == ' ' || *text == '\t')
		text++;
	if (*text != '{')
		csv_header(kind->schema, &body);
	buf_adds(&body, text);
	struct record_reader r;
	struct import_batch b;
	int rc = import_batch_init(&b, kind, 1) ? err_set(e, ERR_NOMEM, "out of memory") : 0;
	if (rc == 0)
		rc = record_open_memory(&r, body.p, body.n, source, kind->schema, e);
	if (rc == 0) {
		int64_t read = 0;
		import_fill(kind, env, &r, &b, -1, &read);
		if (b.read_rc < 0 && b.count == 0)
			rc = refused(b.read_err.msg, e);
		else if (b.count != 1)
			rc = err_reason(e, ERR_INVALID, "reimport_one_record", ERR_NO_ARGS,
			                "send exactly one record, on one line");
		else if (b.records[0].why_len) {
			char why[256];
			snprintf(why, sizeof why, "%.*s", (int)b.records[0].why_len, b.arena.p + b.records[0].why_off);
			rc = refused(why, e);
		}
		record_close(&r);
	}
	struct import_summary sum = { 0 };
	struct import_result result = { 0 };
	if (rc == 0) {
		if (kind->begin)
			kind->begin(env);
		rc = import_store(db, kind, env, source, &b, &sum, &result, &scratch, e);
	}
	if (rc == 0)
		rc = import_stored(db, kind, env, e);
	if (rc == 0 && result.outcome == IMPORT_CONFLICT)
		rc = refused(kind->conflict_reason, e);
	if (rc == 0)
		rc = stats_cache_changed(db, kind->module, e);
	import_batch_release(&b);
	buf_release(&body);
	buf_release(&scratch);
	return rc;
}

int overlimit_quarantine_reimport(struct http_request *rq, struct err *e)
{
	struct quarantined q = { 0 };
	json_t *row = NULL, *body = NULL;
	const char *note = "", *raw = NULL;
	int rc = quarantined_load(rq, &q, &row, e);
	if (rc == 0 && q.handled)
		rc = err_reason(e, ERR_CONFLICT, "quarantine_handled", ERR_ARGS(ERR_INT("id", q.id)),
		                "quarantined record %lld has been handled already", (long long)q.id);
	if (rc == 0 && !(body = http_body_json(rq, e)))
		rc = e->code;
	if (rc == 0 && (rc = body_note(body, false, &note, e)) == 0) {
		raw = http_json_text(body, "raw");
		if (!raw || !*raw || strchr(raw, '\n'))
			rc = err_reason(e, ERR_INVALID, "reimport_one_record", ERR_NO_ARGS,
			                "send the corrected record as \"raw\": one line");
	}
	const struct import_kind *kind = strcmp(q.kind, "unload") == 0 ? &unload_import : &detection_import;
	struct overlimit_env env = { 0 };
	overlimit_site_table_init(&env.sites);
	env.rules.book = overlimit_api_book();
	env.photos = strcmp(q.kind, "unload") == 0 ? NULL : overlimit_api_photos();
	if (rc == 0)
		rc = overlimit_sites_load(rq->db, &env.sites, e);
	if (rc == 0 && (rc = db_begin(rq->db, e)) == 0) {
		char source[300];
		snprintf(source, sizeof source, "%s#reimport", q.source);
		rc = reimport(rq->db, kind, &env, source, raw, e);
		if (rc == 0)
			rc = mark_handled(rq->db, &q, row, "reimported", note, caller_of(rq)->login, e);
		rc = rc ? rc : db_commit(rq->db, e);
		if (rc)
			db_rollback(rq->db);
	}
	overlimit_site_table_release(&env.sites);
	json_decref(body);
	json_decref(row);
	return rc ? rc : answer_row(rq, e);
}
