/* A ticket in the database (schema/0001_tickets): its row, its events and
 * their fold, and the row kept in step with the fold for the lists. */
#include "tickets.h"
#include "store.h"
#include "base/datetime.h"
#include "people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *ticket_deadlines_json(const struct ticket_deadlines *d)
{
	return json_pack("{s:o,s:o,s:o,s:b,s:b,s:b}", "contact_at", datetime_json_local(d->contact_at), "resolve",
	                 date_json(d->resolve), "close", date_json(d->close), "resolve_provisional",
	                 d->resolve_provisional, "close_provisional", d->close_provisional, "close_by_category",
	                 d->close_by_category);
}

int ticket_deadlines_read(const json_t *j, struct ticket_deadlines *d)
{
	const char *contact = json_string_value(json_object_get(j, "contact_at"));
	const char *resolve = json_string_value(json_object_get(j, "resolve"));
	const char *close = json_string_value(json_object_get(j, "close"));
	const char *why;
	*d = (struct ticket_deadlines){ 0 };
	if (!contact || !resolve || !close || datetime_parse(slice_from(contact), &d->contact_at, &why) ||
	    date_parse(slice_from(resolve), &d->resolve) || date_parse(slice_from(close), &d->close))
		return -1;
	d->resolve_provisional = json_is_true(json_object_get(j, "resolve_provisional"));
	d->close_provisional = json_is_true(json_object_get(j, "close_provisional"));
	d->close_by_category = json_is_true(json_object_get(j, "close_by_category"));
	return 0;
}

/* An event as stored back into the fold's terms. */
static int event_read(const char *type, int64_t at, const json_t *body, const json_t *sets, struct ticket_event *ev)
{
	int t = ticket_event_parse(type);
	if (t < 0)
		return -1;
	*ev = (struct ticket_event){ .type = (enum ticket_event_type)t, .at = at };
	const char *unit = json_string_value(json_object_get(body, "unit"));
	const char *officer = json_string_value(json_object_get(body, "officer"));
	snprintf(ev->unit, sizeof ev->unit, "%s", unit ? unit : "");
	snprintf(ev->officer, sizeof ev->officer, "%s", officer ? officer : "");
	ev->accept = json_is_true(json_object_get(body, "accept"));
	ev->satisfaction = (int)json_integer_value(json_object_get(body, "satisfaction"));
	ev->days = (int)json_integer_value(json_object_get(body, "days"));
	const char *clock = json_string_value(json_object_get(body, "clock"));
	ev->clock = clock && !strcmp(clock, "close") ? CLOCK_CLOSE : CLOCK_RESOLVE;
	const json_t *due = json_object_get(sets, "deadlines");
	if (due) {
		if (ticket_deadlines_read(due, &ev->sets))
			return -1;
		ev->sets_due = true;
	}
	return 0;
}

#define TICKET_COLUMNS                                                                                          \
	"t.id, t.number, t.channel, t.source_no, t.kind, t.category, t.received_at, t.caller_name, t.caller_phone," \
	" t.subject, t.location, t.text, t.deadlines, t.merged_into, t.case_id, t.sources, t.created_by,"         \
	" t.created_at"

static json_t *json_col(struct db_stmt *st, int col)
{
	json_t *j = json_loads(db_col_text(st, col), JSON_DECODE_ANY, NULL);
	return j ? j : json_null();
}

void tickets_loaded_free(struct ticket_loaded *t)
{
	json_decref(t->row);
	json_decref(t->events);
	t->row = t->events = NULL;
}

int tickets_load(struct db *db, const struct caller *scope, int64_t id, struct ticket_loaded *t, struct err *e)
{
	memset(t, 0, sizeof *t);
	struct db_stmt *st = db_prepare(db,
	                                "SELECT " TICKET_COLUMNS " FROM tickets t WHERE t.id = $3 AND ($4 = 0"
	                                " OR (t.unit_code = '' AND $1 = 1) OR t.unit_code IN (" SCOPE_UNITS_SQL "))",
	                                e);
	if (!st)
		return e->code;
	people_bind_scope(st, scope ? scope : &(struct caller){ .sees_all = true });
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, scope != NULL);
	int rc = db_step(st, e);
	if (rc != DB_ROW)
		return rc < 0 ? rc
		              : err_reason(e, ERR_NOTFOUND, "ticket_unknown", ERR_ARGS(ERR_INT("id", id)),
		                           "no ticket %lld (or not of your units)", (long long)id);
	t->id = db_col_int(st, 0);
	snprintf(t->number, sizeof t->number, "%s", db_col_text(st, 1));
	int64_t received_at = db_col_int(st, 6);
	json_t *deadlines = json_col(st, 12);
	struct ticket_deadlines due;
	if (ticket_deadlines_read(deadlines, &due)) {
		json_decref(deadlines);
		db_row_done(st);
		return err_set(e, ERR_DB, "ticket %lld: its stored deadlines cannot be read", (long long)t->id);
	}
	json_decref(deadlines);
	ticket_open(&t->status, received_at, &due);
	t->row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:{s:s,s:s},s:o,s:o,s:s,s:o,s:o,s:o,s:s,s:o}", "id",
	                   (json_int_t)t->id, "number", t->number, "channel", db_col_text(st, 2), "source_no",
	                   db_col_text(st, 3), "kind", db_col_text(st, 4), "category", db_col_text(st, 5), "received_at",
	                   datetime_json_local(received_at), "caller", "name", db_col_text(st, 7), "phone",
	                   db_col_text(st, 8), "subject", json_col(st, 9), "location", json_col(st, 10), "text",
	                   db_col_text(st, 11), "merged_into",
	                   db_col_is_null(st, 13) ? json_null() : json_integer(db_col_int(st, 13)), "case",
	                   db_col_is_null(st, 14) ? json_null() : json_integer(db_col_int(st, 14)), "sources",
	                   json_col(st, 15), "created_by", db_col_text(st, 16), "created_at",
	                   datetime_json_local(db_col_int(st, 17)));
	db_row_done(st);
	if (!t->row)
		return err_set(e, ERR_NOMEM, "out of memory reading a ticket");
	st = db_prepare(db,
	                "SELECT seq, type, at, body, sets, actor, recorded_at FROM ticket_events WHERE ticket_id = $1"
	                " ORDER BY seq",
	                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, t->id);
	t->events = json_array();
	while ((rc = db_step(st, e)) == DB_ROW) {
		json_t *body = json_col(st, 3), *sets = json_col(st, 4);
		struct ticket_event ev;
		if (event_read(db_col_text(st, 1), db_col_int(st, 2), body, sets, &ev) == 0)
			ticket_replay(&t->status, &ev);
		json_array_append_new(t->events, json_pack("{s:I,s:s,s:o,s:o,s:o,s:s,s:o}", "seq",
		                                           (json_int_t)db_col_int(st, 0), "type", db_col_text(st, 1), "at",
		                                           datetime_json_local(db_col_int(st, 2)), "body", body, "sets",
		                                           sets, "actor", db_col_text(st, 5), "recorded_at",
		                                           datetime_json_local(db_col_int(st, 6))));
		t->nevents++;
	}
	return rc < 0 ? rc : 0;
}

int ticket_store_fold(struct db *db, int64_t id, const struct ticket_status *s, struct err *e)
{
	json_t *due = ticket_deadlines_json(&s->due);
	char *text = json_dumps(due, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(due);
	if (!text)
		return err_set(e, ERR_NOMEM, "out of memory storing a ticket");
	int rc = db_get_int(db,
	                    "UPDATE tickets SET state = $2, unit_code = $3, officer = $4, contact_due_at = $5,"
	                    " resolve_due = $6, close_due = $7, deadlines = $8, contacted_at = $9, resolved_at = $10,"
	                    " closed_at = $11, satisfaction = $12 WHERE id = $1 RETURNING id",
	                    DB_ARGS(DB_INT(id), DB_TEXT(ticket_state_name(s->state)), DB_TEXT(s->unit),
	                            DB_TEXT(s->officer), DB_INT(s->due.contact_at), DB_INT(date_key(s->due.resolve)),
	                            DB_INT(date_key(s->due.close)), DB_TEXT(text), DB_INT(s->contacted_at),
	                            DB_INT(s->resolved_at), DB_INT(s->closed_at), DB_INT(s->satisfaction)),
	                    NULL, e);
	free(text);
	return rc < 0 ? rc : 0;
}

int ticket_event_insert(struct db *db, int64_t id, int seq, const char *type, int64_t at, json_t *body,
                        const struct ticket_event *ev, const char *actor, int64_t now, struct err *e)
{
	json_t *sets = json_object();
	if (ev->sets_due)
		json_object_set_new(sets, "deadlines", ticket_deadlines_json(&ev->sets));
	char *body_text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	char *sets_text = json_dumps(sets, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(sets);
	int rc = body_text && sets_text
	             ? db_get_int(db,
	                          "INSERT INTO ticket_events (ticket_id, seq, type, at, body, sets, actor, recorded_at)"
	                          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
	                          DB_ARGS(DB_INT(id), DB_INT(seq), DB_TEXT(type), DB_INT(at), DB_TEXT(body_text),
	                                  DB_TEXT(sets_text), DB_TEXT(actor), DB_INT(now)),
	                          NULL, e)
	             : err_set(e, ERR_NOMEM, "out of memory storing an act");
	free(body_text);
	free(sets_text);
	return rc < 0 ? rc : 0;
}
