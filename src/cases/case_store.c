/* A case stored and loaded (case_store.h): its row, its events with what
 * each set, and the fold replayed from them. */
#include "case_store.h"
#include "base/audit.h"
#include "base/datetime.h"
#include "people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cases_loaded_free(struct case_loaded *c)
{
	json_decref(c->row);
	json_decref(c->events);
	json_decref(c->officers);
}

static json_t *deadline_json(const struct case_deadline *d)
{
	if (!d->set)
		return json_null();
	return json_pack("{s:o,s:b,s:s,s:o,s:s,s:i}", "day", date_json(d->day), "provisional", d->provisional, "rule",
	                 case_rule_name(d->rule), "from", date_json(d->from), "kind",
	                 calendar_kind_name(d->period.kind), "days", d->period.days);
}

static int deadline_read(const json_t *j, struct case_deadline *d)
{
	const char *day = json_string_value(json_object_get(j, "day"));
	const char *rule = json_string_value(json_object_get(j, "rule"));
	const char *from = json_string_value(json_object_get(j, "from"));
	const char *kind = json_string_value(json_object_get(j, "kind"));
	*d = (struct case_deadline){ .set = day != NULL,
		                     .provisional = json_is_true(json_object_get(j, "provisional")) };
	for (int k = 0; rule && k < CASE_RULE_COUNT; k++)
		if (strcmp(rule, case_rule_name((enum case_rule)k)) == 0)
			d->rule = (enum case_rule)k;
	/* What was counted, for a provisional day recounted once its year is announced. */
	if (from && kind && !date_parse(slice_from(from), &d->from) &&
	    !calendar_kind_parse(slice_from(kind), &d->period.kind))
		d->period.days = (int)json_integer_value(json_object_get(j, "days"));
	return day ? date_parse(slice_from(day), &d->day) : 0;
}

json_t *case_sets_json(const struct case_event *ev)
{
	json_t *due = json_object();
	for (int i = 0; i < DUE_COUNT; i++)
		if (ev->sets[i].set)
			json_object_set_new(due, case_due_name((enum case_deadline_name)i),
			                    deadline_json(&ev->sets[i]));
	return json_pack("{s:o,s:b,s:b,s:I}", "deadlines", due, "hearing_offered", ev->hearing_offered, "late",
	                 ev->late, "late_fine_fen", (json_int_t)ev->late_fine_fen);
}

/* An event from its stored columns. */
static int event_read(const char *type, int32_t on_key, const json_t *body, const json_t *sets, struct case_event *ev)
{
	int t = case_event_parse(type);
	if (t < 0)
		return -1;
	*ev = (struct case_event){ .type = (enum case_event_type)t, .on = date_from_key(on_key) };
	ev->fine_fen = json_integer_value(json_object_get(body, "fine_fen"));
	ev->amount_fen = json_integer_value(json_object_get(body, "amount_fen"));
	ev->days = (int)json_integer_value(json_object_get(body, "days"));
	const char *chair = json_string_value(json_object_get(body, "chair"));
	snprintf(ev->chair, sizeof ev->chair, "%s", chair ? chair : "");
	const json_t *due = json_object_get(sets, "deadlines");
	for (int i = 0; i < DUE_COUNT; i++) {
		const json_t *d = json_object_get(due, case_due_name((enum case_deadline_name)i));
		if (d && deadline_read(d, &ev->sets[i]))
			return -1;
	}
	ev->hearing_offered = json_is_true(json_object_get(sets, "hearing_offered"));
	ev->late = json_is_true(json_object_get(sets, "late"));
	ev->late_fine_fen = json_integer_value(json_object_get(sets, "late_fine_fen"));
	return 0;
}

json_t *case_column_json(struct db_stmt *st, int col)
{
	const char *text = db_col_text(st, col);
	json_t *v = *text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
	return v ? v : json_null();
}

int cases_load(struct db *db, const struct caller *scope, int64_t id, struct case_loaded *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	struct db_stmt *st = db_prepare(db,
	                                "SELECT " CASE_COLUMNS " FROM cases c WHERE c.id = $3"
	                                " AND ($4 = 0 OR c.unit_code IN (" SCOPE_UNITS_SQL "))",
	                                e);
	if (!st)
		return e->code;
	people_bind_scope(st, scope ? scope : &(struct caller){ .sees_all = true });
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, scope != NULL);
	int rc = db_step(st, e);
	if (rc != DB_ROW)
		return rc < 0 ? rc
		              : err_reason(e, ERR_NOTFOUND, "case_unknown", ERR_ARGS(ERR_INT("id", id)),
		                           "no case %lld (or not of your units)", (long long)id);
	c->id = db_col_int(st, 0);
	snprintf(c->number, sizeof c->number, "%s", db_col_text(st, 1));
	snprintf(c->unit, sizeof c->unit, "%s", db_col_text(st, 2));
	bool summary = strcmp(db_col_text(st, 3), "summary") == 0;
	enum case_party_kind party =
	    strcmp(db_col_text(st, 9), "organisation") == 0 ? PARTY_ORGANISATION : PARTY_PERSON;
	c->officers = case_column_json(st, 12);
	struct case_status *s = &c->status;
	memset(s, 0, sizeof *s);
	s->state = CASE_OPENED;
	s->summary = summary;
	s->party = party;
	s->opened_on = s->last_on = date_from_key((int32_t)db_col_int(st, 14));
	s->proposed_fine_fen = db_col_int(st, 13);
	s->approved = *db_col_text(st, 17) != '\0';
	s->due[DUE_DECISION] = (struct case_deadline){ .set = true,
		                                       .day = date_from_key((int32_t)db_col_int(st, 15)),
		                                       .provisional = db_col_int(st, 16) != 0,
		                                       .rule = CASE_RULE_DECISION,
		                                       .from = s->opened_on };
	struct case_rules opening;
	if (cases_rules_of(s->opened_on, &opening, NULL) == 0)
		s->due[DUE_DECISION].period = opening.decision;
	size_t i;
	json_t *o;
	json_array_foreach(c->officers, i, o)
	{
		if ((int)i < CASE_MAX_OFFICERS) {
			snprintf(s->officers[i], sizeof s->officers[i], "%s",
			         json_string_value(json_object_get(o, "badge")));
			s->nofficers = (int)i + 1;
		}
	}
	int64_t detection = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
	c->row = json_pack(
	    "{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:s,s:o,s:o,s:O,s:I,s:o,s:s,s:s,s:o}", "id", (json_int_t)c->id,
	    "number", c->number, "unit", c->unit, "procedure", db_col_text(st, 3), "violation", db_col_text(st, 4),
	    "detection", detection ? json_integer(detection) : json_null(), "occurred_at",
	    datetime_json_local(db_col_int(st, 6)), "place", db_col_text(st, 7), "facts", db_col_text(st, 8),
	    "party_kind", db_col_text(st, 9), "party", case_column_json(st, 10), "vehicle", case_column_json(st, 11),
	    "officers", c->officers, "proposed_fine_fen", (json_int_t)s->proposed_fine_fen, "opened_on",
	    date_json(s->opened_on), "approved_by", db_col_text(st, 17), "created_by", db_col_text(st, 20),
	    "created_at", datetime_json_local(db_col_int(st, 21)));
	if (c->row)
		json_object_set_new(c->row, "footage", case_column_json(st, 22));
	db_row_done(st);
	if (!c->row)
		return err_set(e, ERR_NOMEM, "out of memory reading a case");

	st = db_prepare(
	    db, "SELECT seq, type, on_day, body, sets, actor, at FROM case_events WHERE case_id = $1 ORDER BY seq", e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, c->id);
	c->events = json_array();
	while ((rc = db_step(st, e)) == DB_ROW) {
		json_t *body = case_column_json(st, 3), *sets = case_column_json(st, 4);
		struct case_event ev;
		if (event_read(db_col_text(st, 1), (int32_t)db_col_int(st, 2), body, sets, &ev) == 0)
			case_replay(s, &ev);
		json_array_append_new(
		    c->events, json_pack("{s:I,s:s,s:o,s:o,s:o,s:s,s:o}", "seq", (json_int_t)db_col_int(st, 0), "type",
		                         db_col_text(st, 1), "on", date_json(ev.on), "body", body, "sets", sets,
		                         "actor", db_col_text(st, 5), "at", datetime_json_local(db_col_int(st, 6))));
		c->nevents++;
	}
	/* A day counted past the calendar's last year is counted again once
	 * the year is announced: the case shows the day it was. */
	for (int k = 0; k < DUE_COUNT; k++)
		case_deadline_recount(cases_calendar(), &s->due[k]);
	return rc < 0 ? rc : 0;
}

int case_store_fold(struct db *db, int64_t id, const struct case_status *s, struct err *e)
{
	const struct case_deadline *next = case_next_due(s);
	struct db_stmt *st = db_prepare(db, "UPDATE cases SET state = $2, next_due = $3 WHERE id = $1", e);
	if (!st)
		return e->code;
	const char *state = case_state_name(s->state);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, state, strlen(state));
	if (next)
		db_bind_int(st, 3, date_key(next->day));
	else
		db_bind_null(st, 3);
	int rc = db_step(st, e);
	return rc < 0 ? rc : 0;
}

int case_insert(struct db *db, const struct case_rules *r, const struct case_opening *o, const struct case_status *s,
                const char *approved_by, const char *actor, int64_t *id, char number[64], struct err *e)
{
	int year;
	int m, d;
	civil_from_days(o->opened_on, &year, &m, &d);
	int64_t seq = 0;
	int rc = db_get_int(db,
	                    "INSERT INTO case_numbers (year, last_seq) VALUES ($1, 1) ON CONFLICT (year)"
	                    " DO UPDATE SET last_seq = case_numbers.last_seq + 1 RETURNING last_seq",
	                    DB_ARGS(DB_INT(year)), &seq, e);
	if (rc < 0)
		return rc;
	case_number_format(r, year, seq, number, 64);
	char *party = json_dumps(o->party, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
	char *vehicle = json_dumps(o->vehicle, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
	char *officers = json_dumps(o->officers, JSON_COMPACT | JSON_SORT_KEYS);
	char *footage = json_dumps(o->footage, JSON_COMPACT);
	const struct case_deadline *next = case_next_due(s);
	if (!party || !vehicle || !officers || !footage)
		rc = err_set(e, ERR_NOMEM, "out of memory storing a case");
	else
		rc = db_get_int(
		    db,
		    "INSERT INTO cases (number, year, seq, unit_code, procedure, violation, detection_id,"
		    " occurred_at, place, facts, party_kind, party, vehicle, officers, proposed_fine_fen,"
		    " opened_on, decision_due, decision_due_provisional, approved_by, state, next_due,"
		    " created_by, created_at, footage) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
		    " $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id",
		    DB_ARGS(DB_TEXT(number), DB_INT(year), DB_INT(seq), DB_TEXT(o->unit), DB_TEXT(o->procedure),
		            DB_TEXT(o->violation), o->detection ? DB_INT(o->detection) : DB_NULL,
		            DB_INT(o->occurred_at), DB_TEXT(o->place), DB_TEXT(o->facts),
		            DB_TEXT(o->party_kind == PARTY_ORGANISATION ? "organisation" : "person"), DB_TEXT(party),
		            DB_TEXT(vehicle), DB_TEXT(officers), DB_INT(o->proposed_fine_fen),
		            DB_INT(date_key(o->opened_on)), DB_INT(date_key(s->due[DUE_DECISION].day)),
		            DB_INT(s->due[DUE_DECISION].provisional), DB_TEXT(approved_by),
		            DB_TEXT(case_state_name(s->state)), next ? DB_INT(date_key(next->day)) : DB_NULL,
		            DB_TEXT(actor), DB_INT(cases_now()), DB_TEXT(footage)),
		    id, e);
	free(footage);
	free(party);
	free(vehicle);
	free(officers);
	if (rc < 0)
		return rc;
	char object[32];
	snprintf(object, sizeof object, "case:%lld", (long long)*id);
	json_t *after = json_pack("{s:s,s:s,s:s,s:O,s:O,s:I,s:o,s:s}", "number", number, "violation", o->violation,
	                          "procedure", o->procedure, "party", o->party, "officers", o->officers,
	                          "proposed_fine_fen", (json_int_t)o->proposed_fine_fen, "opened_on",
	                          date_json(o->opened_on), "approved_by", approved_by);
	if (o->detection)
		json_object_set_new(after, "detection", json_integer(o->detection));
	if (json_array_size(o->footage))
		json_object_set(after, "footage", o->footage);
	return audit_append_json(db, actor, "case.open", object, NULL, after, cases_now(), e);
}

/* cases.h: a module's view of the cases of a kind (taxi's reputation). */
int cases_by_violation(struct db *db, const char *prefix, const char *person, json_t **out, struct err *e)
{
	*out = NULL;
	char like[80], who[80];
	snprintf(like, sizeof like, "%s%%", prefix);
	snprintf(who, sizeof who, "%%\"%s\"%%", person ? person : "");
	struct db_stmt *st =
	    db_prepare(db,
	               "SELECT c.id, c.number, c.violation, c.state, c.occurred_at, c.party_kind, c.party, c.vehicle,"
	               " (SELECT min(ev.on_day) FROM case_events ev WHERE ev.case_id = c.id AND ev.type = 'decide')"
	               " FROM cases c WHERE c.violation LIKE $1"
	               " AND (CAST($2 AS TEXT) = '' OR c.party LIKE $3 OR c.vehicle LIKE $3)"
	               " ORDER BY c.occurred_at, c.id",
	               e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, like, strlen(like));
	db_bind_text(st, 2, person ? person : "", person ? strlen(person) : 0);
	db_bind_text(st, 3, who, strlen(who));
	json_t *list = json_array();
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		/* LIKE's '_' matches any character, and the text match any member. */
		if (strncmp(db_col_text(st, 2), prefix, strlen(prefix)) != 0)
			continue;
		json_t *party = json_loads(db_col_text(st, 6), 0, NULL),
		       *vehicle = json_loads(db_col_text(st, 7), 0, NULL);
		const char *licence = json_string_value(json_object_get(json_object_get(vehicle, "driver"), "licence"));
		const char *id_number = strcmp(db_col_text(st, 5), "person") == 0
		                            ? json_string_value(json_object_get(party, "id_number"))
		                            : NULL;
		const char *name = json_string_value(json_object_get(json_object_get(vehicle, "driver"), "name"));
		const char *plate = json_string_value(json_object_get(vehicle, "plate"));
		licence = licence ? licence : "";
		id_number = id_number ? id_number : "";
		if (!person || strcmp(licence, person) == 0 || strcmp(id_number, person) == 0) {
			bool decided = !db_col_is_null(st, 8);
			json_array_append_new(
			    list,
			    json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0),
			              "number", db_col_text(st, 1), "violation", db_col_text(st, 2), "state",
			              db_col_text(st, 3), "occurred_on", date_json(local_day(db_col_int(st, 4))),
			              "decided_on",
			              decided ? date_json(date_from_key((int32_t)db_col_int(st, 8))) : json_null(),
			              "licence", licence, "id_number", id_number, "name", name ? name : "", "plate",
			              plate ? plate : ""));
		}
		json_decref(party);
		json_decref(vehicle);
	}
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return 0;
}
