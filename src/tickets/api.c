/* The ticket desk over HTTP (docs/api.md, Tickets): a ticket received,
 * shown, and carried by its acts; each act checked by the fold (flow.c),
 * stored with what it decided and audited. */
#include "tickets.h"
#include "store.h"
#include "base/audit.h"
#include "base/body.h"
#include "base/datetime.h"
#include "cases/cases.h"
#include "cases/party.h"
#include "people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct ticket_rulebook *rulebook;
static struct calendar_book *calendar;

int tickets_start(const char *rules_dir, struct err *e)
{
	int rc = ticket_rulebook_load(rules_dir, &rulebook, e);
	return rc ? rc : calendar_book_load(rules_dir, &calendar, e);
}

void tickets_stop(void)
{
	ticket_rulebook_free(rulebook);
	calendar_book_free(calendar);
	rulebook = NULL;
	calendar = NULL;
}

const struct ticket_rulebook *tickets_rules(void)
{
	return rulebook;
}

const struct calendar_book *tickets_calendar(void)
{
	return calendar;
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* ---- TICKET ------------------------------------------------------------- */

/* The acts the desk takes now, for the page's actions. */
static json_t *allowed_acts(const struct ticket_status *s, int64_t now)
{
	json_t *out = json_array();
	for (int t = 0; t < TEV_COUNT; t++) {
		if (t == TEV_ABSORB || t == TEV_LINK_CASE)
			continue;
		struct ticket_status copy = *s;
		struct ticket_event ev = { .type = (enum ticket_event_type)t, .at = now, .satisfaction = 1, .days = 1,
			                   .clock = CLOCK_CLOSE };
		struct ticket_refusal why;
		if (ticket_record(rulebook, calendar, &copy, &ev, now, &why, NULL) == 0)
			json_array_append_new(out, json_string(ticket_event_name((enum ticket_event_type)t)));
	}
	return out;
}

static json_t *clock_json(const struct ticket_status *s, enum ticket_clock_name which, int64_t now)
{
	struct ticket_clock_view v;
	ticket_clock_view(rulebook, calendar, s, which, now, &v);
	return json_pack("{s:s,s:o,s:o,s:I,s:o,s:o}", "state", ticket_clock_state_name(v.state), "due",
	                 datetime_json_local(v.due_at), "done_at", v.done_at ? datetime_json_local(v.done_at) : json_null(),
	                 "left_s", (json_int_t)v.left_s, "urge_on", v.urge_on ? date_json(v.urge_on) : json_null(),
	                 "circular_on", v.circular_on ? date_json(v.circular_on) : json_null());
}

/* Open tickets of the same caller phone, or of the same plate and
 * category, within the rulebook's days: proposed for merging. */
static json_t *duplicates(struct db *db, const struct ticket_loaded *t)
{
	json_t *out = json_array();
	const char *phone = json_string_value(json_object_get(json_object_get(t->row, "caller"), "phone"));
	const char *plate = json_string_value(json_object_get(json_object_get(t->row, "subject"), "plate"));
	const char *category = json_string_value(json_object_get(t->row, "category"));
	int64_t span = (int64_t)rulebook->duplicate_days * 86400;
	struct err e = { 0 };
	struct db_stmt *st = db_prepare(db,
	                                "SELECT id, number, channel, CASE WHEN caller_phone = $2 AND $2 <> '' THEN 1 ELSE 0 END FROM tickets"
	                                " WHERE id <> $1 AND state NOT IN ('merged', 'closed')"
	                                " AND received_at BETWEEN $5 AND $6"
	                                " AND ((caller_phone = $2 AND $2 <> '') OR (plate = $3 AND $3 <> '' AND category = $4))"
	                                " ORDER BY received_at, id LIMIT 20",
	                                &e);
	if (!st)
		return out;
	db_bind_int(st, 1, t->id);
	db_bind_text(st, 2, phone ? phone : "", phone ? strlen(phone) : 0);
	db_bind_text(st, 3, plate ? plate : "", plate ? strlen(plate) : 0);
	db_bind_text(st, 4, category ? category : "", category ? strlen(category) : 0);
	db_bind_int(st, 5, t->status.received_at - span);
	db_bind_int(st, 6, t->status.received_at + span);
	while (db_step(st, &e) == DB_ROW)
		json_array_append_new(out, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)db_col_int(st, 0), "number",
		                                     db_col_text(st, 1), "channel", db_col_text(st, 2), "same",
		                                     db_col_int(st, 3) ? "caller" : "plate"));
	return out;
}

json_t *tickets_json(struct db *db, const struct ticket_loaded *t, const struct caller *caller, int64_t now)
{
	const struct ticket_status *s = &t->status;
	json_t *o = json_deep_copy(t->row);
	/* The caller's phone whole to those who call back; masked otherwise. */
	const char *phone = json_string_value(json_object_get(json_object_get(t->row, "caller"), "phone"));
	if (phone && *phone && !(caller->roles & TICKET_WRITERS)) {
		char masked[64] = "";
		if (strlen(phone) < sizeof masked)
			party_mask_phone(slice_from(phone), masked);
		json_object_set_new(json_object_get(o, "caller"), "phone", json_string(masked));
	}
	const struct ticket_category *c = ticket_category_find(rulebook, json_string_value(json_object_get(o, "category")));
	if (c)
		json_object_set_new(o, "category_name", json_string(c->name));
	json_object_set_new(o, "state", json_string(ticket_state_name(s->state)));
	json_object_set_new(o, "unit", json_string(s->unit));
	json_object_set_new(o, "officer", json_string(s->officer));
	json_object_set_new(o, "deadlines",
	                    json_pack("{s:o,s:o,s:o,s:b,s:b}", "contact", datetime_json_local(s->due.contact_at), "resolve",
	                              date_json(s->due.resolve), "close", date_json(s->due.close), "provisional",
	                              s->due.resolve_provisional || s->due.close_provisional, "close_by_category",
	                              s->due.close_by_category));
	json_t *clocks = json_object();
	for (int k = 0; k < CLOCK_COUNT; k++)
		json_object_set_new(clocks, ticket_clock_name((enum ticket_clock_name)k),
		                    clock_json(s, (enum ticket_clock_name)k, now));
	json_object_set_new(o, "clocks", clocks);
	json_object_set_new(o, "satisfaction", s->satisfaction ? json_integer(s->satisfaction) : json_null());
	json_object_set_new(o, "reopened", json_integer(s->reopened));
	json_object_set_new(o, "returns", json_integer(s->returns));
	json_object_set_new(o, "events", json_incref(t->events));
	json_object_set_new(o, "duplicates", duplicates(db, t));
	json_object_set_new(o, "allowed", allowed_acts(s, now));
	const struct ticket_clock_rule *rule = ticket_clock_rule_on(rulebook, local_day(s->received_at));
	json_object_set_new(o, "citation", json_string(rule ? rule->citation : ""));
	return o;
}

static int answer(struct http_request *rq, int status, int64_t id, struct err *e)
{
	struct ticket_loaded t;
	int rc = tickets_load(rq->db, caller_of(rq), id, &t, e);
	if (rc == 0)
		rc = http_json(rq, status, tickets_json(rq->db, &t, caller_of(rq), now_s()));
	tickets_loaded_free(&t);
	return rc;
}

static int64_t path_id(const struct http_request *rq, struct err *e)
{
	int64_t id;
	if (slice_to_int(rq->param[0], &id) || id < 1) {
		err_reason(e, ERR_NOTFOUND, "ticket_unknown", ERR_NO_ARGS, "no such ticket");
		return 0;
	}
	return id;
}

/* ---- POST /api/v1/tickets ------------------------------------------------ */

/* A code of the rulebook, given as the code or the Chinese name. */
static int code_read(const json_t *body, const char *key, const char **code, struct err *e)
{
	const char *given;
	int rc = body_text(body, key, true, 64, &given, e);
	if (rc)
		return rc;
	const struct ticket_code *c = !strcmp(key, "channel") ? ticket_channel_find(rulebook, given)
	                              : !strcmp(key, "kind")  ? ticket_kind_find(rulebook, given)
	                                                      : NULL;
	const struct ticket_category *cat = !strcmp(key, "category") ? ticket_category_find(rulebook, given) : NULL;
	*code = c ? c->code : cat ? cat->code : NULL;
	if (!*code)
		return err_reason(e, ERR_INVALID, "code_unknown", ERR_ARGS(ERR_TEXT("field", key), ERR_TEXT("got", given)),
		                  "%s '%s' is not in rules/tickets.json (GET /api/v1/tickets/codes)", key, given);
	return 0;
}

/* The ticket's own facts of a body: who called, about whom, where. */
struct receipt {
	const char *channel, *kind, *category, *source_no, *text, *caller_name;
	char phone[PARTY_PHONE_SIZE], plate[PARTY_PLATE_SIZE];
	int64_t received_at;
	json_t *subject, *location;
};

static int receipt_read(const json_t *body, int64_t now, struct receipt *r, struct err *e)
{
	int rc = code_read(body, "channel", &r->channel, e);
	rc = rc ? rc : code_read(body, "kind", &r->kind, e);
	rc = rc ? rc : code_read(body, "category", &r->category, e);
	rc = rc ? rc : body_text(body, "source_no", false, 64, &r->source_no, e);
	rc = rc ? rc : body_text(body, "text", true, 4000, &r->text, e);
	rc = rc ? rc : body_instant(body, "received_at", now, &r->received_at, e);
	if (!rc && r->received_at > now + 60)
		rc = err_reason(e, ERR_INVALID, "date_in_future", ERR_ARGS(ERR_TEXT("field", "received_at")),
		                "received_at is in the future");
	const json_t *caller = json_object_get(body, "caller");
	if (!rc && caller && !json_is_object(caller))
		rc = err_reason(e, ERR_INVALID, "field_type", ERR_ARGS(ERR_TEXT("field", "caller"), ERR_TEXT("type", "object")),
		                "caller must be {\"name\", \"phone\"}");
	const char *phone = "";
	rc = rc ? rc : body_text(caller, "name", false, 100, &r->caller_name, e);
	rc = rc ? rc : body_text(caller, "phone", false, 32, &phone, e);
	if (!rc && *phone)
		rc = party_phone_check(slice_from(phone), r->phone, e);
	const json_t *subject = json_object_get(body, "subject"), *location = json_object_get(body, "location");
	if (!rc && ((subject && !json_is_object(subject)) || (location && !json_is_object(location))))
		rc = err_reason(e, ERR_INVALID, "field_type",
		                ERR_ARGS(ERR_TEXT("field", subject && !json_is_object(subject) ? "subject" : "location"),
		                         ERR_TEXT("type", "object")),
		                "subject and location are objects");
	const char *plate = json_string_value(json_object_get(subject, "plate"));
	if (!rc && plate && *plate)
		rc = party_plate_check(slice_from(plate), r->plate, e);
	if (rc)
		return rc;
	r->subject = subject ? json_deep_copy(subject) : json_object();
	if (*r->plate)
		json_object_set_new(r->subject, "plate", json_string(r->plate));
	r->location = location ? json_deep_copy(location) : json_object();
	return 0;
}

static int record(struct db *db, const struct caller *caller, struct ticket_loaded *t, struct ticket_event *ev,
                  json_t *stored, int64_t now, struct err *e);

/* A ticket a unit receives itself (a walk-in at a brigade) is that unit's
 * from the start: assigned to it, by whoever received it. */
static int assign_to_receiver(struct db *db, const struct caller *caller, int64_t id, int64_t at, int64_t now,
                              struct err *e)
{
	struct ticket_loaded t;
	int rc = tickets_load(db, NULL, id, &t, e);
	struct ticket_event ev = { .type = TEV_ASSIGN, .at = at };
	snprintf(ev.unit, sizeof ev.unit, "%s", caller->unit);
	snprintf(ev.officer, sizeof ev.officer, "%s", caller->login);
	json_t *stored = json_pack("{s:s,s:s}", "unit", caller->unit, "officer", caller->login);
	if (!rc)
		rc = record(db, caller, &t, &ev, stored, now, e);
	json_decref(stored);
	tickets_loaded_free(&t);
	return rc;
}

int tickets_create(struct db *db, const struct caller *caller, const json_t *body, int64_t *id, struct err *e)
{
	int64_t now = now_s();
	struct receipt r = { 0 };
	int rc = receipt_read(body, now, &r, e);
	struct ticket_deadlines due;
	if (!rc)
		rc = ticket_clock(rulebook, ticket_category_find(rulebook, r.category), calendar, r.received_at, &due, e);
	char number[32] = "";
	if (!rc && !(rc = db_begin(db, e))) {
		int y, m, d;
		civil_from_days(local_day(r.received_at), &y, &m, &d);
		int64_t seq = 0;
		rc = db_get_int(db,
		                "INSERT INTO ticket_numbers (year, last_seq) VALUES ($1, 1) ON CONFLICT (year)"
		                " DO UPDATE SET last_seq = ticket_numbers.last_seq + 1 RETURNING last_seq",
		                DB_ARGS(DB_INT(y)), &seq, e);
		rc = rc < 0 ? rc : 0;
		ticket_number_format(rulebook, y, seq, number, sizeof number);
		json_t *deadlines = ticket_deadlines_json(&due);
		char *subject = json_dumps(r.subject, JSON_COMPACT | JSON_SORT_KEYS);
		char *location = json_dumps(r.location, JSON_COMPACT | JSON_SORT_KEYS);
		char *deadlines_text = json_dumps(deadlines, JSON_COMPACT | JSON_SORT_KEYS);
		if (!rc && (!subject || !location || !deadlines_text))
			rc = err_set(e, ERR_NOMEM, "out of memory storing a ticket");
		if (!rc)
			rc = db_get_int(db,
			                "INSERT INTO tickets (number, year, seq, channel, source_no, kind, category, received_at,"
			                " caller_name, caller_phone, plate, subject, location, text, state, unit_code, officer,"
			                " contact_due_at, resolve_due, close_due, deadlines, contacted_at, resolved_at, closed_at,"
			                " satisfaction, sources, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
			                " $9, $10, $11, $12, $13, $14, 'received', '', '', $15, $16, $17, $18, 0, 0, 0, 0, '[]',"
			                " $19, $20) RETURNING id",
			                DB_ARGS(DB_TEXT(number), DB_INT(y), DB_INT(seq), DB_TEXT(r.channel), DB_TEXT(r.source_no),
			                        DB_TEXT(r.kind), DB_TEXT(r.category), DB_INT(r.received_at),
			                        DB_TEXT(r.caller_name), DB_TEXT(r.phone), DB_TEXT(r.plate), DB_TEXT(subject),
			                        DB_TEXT(location), DB_TEXT(r.text), DB_INT(due.contact_at),
			                        DB_INT(date_key(due.resolve)), DB_INT(date_key(due.close)),
			                        DB_TEXT(deadlines_text), DB_TEXT(caller->login), DB_INT(now)),
			                id, e);
		rc = rc < 0 ? rc : 0;
		if (!rc) {
			char object[32];
			snprintf(object, sizeof object, "ticket:%lld", (long long)*id);
			rc = audit_append_json(db, caller->login, "ticket.receive", object, NULL,
			                       json_pack("{s:s,s:s,s:s,s:s,s:o,s:O}", "number", number, "channel", r.channel,
			                                 "kind", r.kind, "category", r.category, "received_at",
			                                 datetime_json_local(r.received_at), "deadlines", deadlines),
			                       now, e);
		}
		if (!rc && !caller->sees_all)
			rc = assign_to_receiver(db, caller, *id, r.received_at, now, e);
		free(subject);
		free(location);
		free(deadlines_text);
		json_decref(deadlines);
		rc = rc ? rc : db_commit(db, e);
		if (rc)
			db_rollback(db);
	}
	json_decref(r.subject);
	json_decref(r.location);
	return rc;
}

int tickets_post(struct http_request *rq, struct err *e)
{
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	int64_t id = 0;
	int rc = tickets_create(rq->db, caller_of(rq), body, &id, e);
	json_decref(body);
	return rc ? rc : answer(rq, 201, id, e);
}

int ticket_get(struct http_request *rq, struct err *e)
{
	int64_t id = path_id(rq, e);
	return id ? answer(rq, 200, id, e) : e->code;
}

/* GET /api/v1/tickets/codes: the channels, kinds and categories. */
int tickets_codes_get(struct http_request *rq, struct err *e)
{
	(void)e;
	json_t *channels = json_array(), *kinds = json_array(), *categories = json_array();
	for (int i = 0; i < rulebook->nchannels; i++)
		json_array_append_new(channels, json_pack("{s:s,s:s}", "code", rulebook->channels[i].code, "name",
		                                          rulebook->channels[i].name));
	for (int i = 0; i < rulebook->nkinds; i++)
		json_array_append_new(kinds,
		                      json_pack("{s:s,s:s}", "code", rulebook->kinds[i].code, "name", rulebook->kinds[i].name));
	for (int i = 0; i < rulebook->ncategories; i++) {
		const struct ticket_category *c = &rulebook->categories[i];
		json_array_append_new(categories, json_pack("{s:s,s:s,s:s,s:s?}", "code", c->code, "name", c->name, "group",
		                                            c->group, "violation", c->violation));
	}
	return http_json(rq, 200,
	                 json_pack("{s:o,s:o,s:o}", "channels", channels, "kinds", kinds, "categories", categories));
}

/* ---- POST /api/v1/tickets/{id}/events -------------------------------------- */

/* Who may record each act: a supervisor rules on returns and approves
 * extensions; the desk and the units do the rest. */
static unsigned roles_of_act(enum ticket_event_type t)
{
	return t == TEV_RULE || t == TEV_EXTEND ? (ROLE_CHIEF | ROLE_ADMIN) : TICKET_WRITERS;
}

static int refusal(const struct ticket_refusal *why, struct err *e)
{
	return err_reason(e, ERR_CONFLICT, why->reason, ERR_ARGS(ERR_TEXT("rule", why->rule)),
	                  "%s: refused by the rule %s", why->reason, why->rule);
}

/* The act's own members of a body into ev and the body stored. */
static int act_read(struct db *db, const json_t *body, struct ticket_event *ev, json_t *stored, struct err *e)
{
	const char *text = "";
	int rc = 0;
	switch (ev->type) {
	case TEV_ASSIGN:
	case TEV_RULE: {
		const char *unit = "", *officer = "", *decision = "";
		if (ev->type == TEV_RULE) {
			rc = body_text(body, "decision", true, 16, &decision, e);
			if (!rc && strcmp(decision, "accept") && strcmp(decision, "reject"))
				rc = err_reason(e, ERR_INVALID, "decision_unknown", ERR_ARGS(ERR_TEXT("field", "decision")),
				                "decision must be accept or reject");
			ev->accept = !rc && !strcmp(decision, "accept");
			json_object_set_new(stored, "accept", json_boolean(ev->accept));
		}
		rc = rc ? rc : body_text(body, "unit", ev->type == TEV_ASSIGN, 32, &unit, e);
		rc = rc ? rc : body_text(body, "officer", false, 64, &officer, e);
		if (!rc && *unit) {
			int found = people_unit_exists(db, unit, e);
			rc = found < 0 ? found
			     : found   ? 0
			               : err_reason(e, ERR_NOTFOUND, "unit_unknown",
			                            ERR_ARGS(ERR_TEXT("field", "unit"), ERR_TEXT("unit", unit)), "no unit '%s'", unit);
		}
		if (!rc && *officer) {
			char name[129], badge[33];
			int found = people_user_label(db, officer, name, badge, e);
			rc = found < 0 ? found
			     : found   ? 0
			               : err_reason(e, ERR_INVALID, "officer_unknown", ERR_ARGS(ERR_TEXT("field", "officer")),
			                            "no user '%s'", officer);
		}
		snprintf(ev->unit, sizeof ev->unit, "%s", unit);
		snprintf(ev->officer, sizeof ev->officer, "%s", officer);
		json_object_set_new(stored, "unit", json_string(unit));
		json_object_set_new(stored, "officer", json_string(officer));
		break;
	}
	case TEV_CALLBACK: {
		const json_t *sat = json_object_get(body, "satisfaction");
		if (!json_is_integer(sat) || json_integer_value(sat) < 1 || json_integer_value(sat) > 5)
			return err_reason(e, ERR_INVALID, "satisfaction_invalid", ERR_ARGS(ERR_TEXT("field", "satisfaction")),
			                  "satisfaction is a whole number from 1 (very unsatisfied) to 5 (very satisfied)");
		ev->satisfaction = (int)json_integer_value(sat);
		json_object_set_new(stored, "satisfaction", json_integer(ev->satisfaction));
		break;
	}
	case TEV_EXTEND: {
		const char *clock = "";
		const json_t *days = json_object_get(body, "days");
		rc = body_text(body, "clock", false, 16, &clock, e);
		if (!rc && *clock && strcmp(clock, "resolve") && strcmp(clock, "close"))
			rc = err_reason(e, ERR_INVALID, "clock_unknown", ERR_ARGS(ERR_TEXT("field", "clock")),
			                "clock is resolve or close");
		if (!rc && (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 365))
			rc = err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "days")),
			                "days must be a whole number of days");
		ev->clock = !strcmp(clock, "close") ? CLOCK_CLOSE : CLOCK_RESOLVE;
		ev->days = rc ? 0 : (int)json_integer_value(days);
		json_object_set_new(stored, "clock", json_string(ticket_clock_name(ev->clock)));
		json_object_set_new(stored, "days", json_integer(ev->days));
		break;
	}
	default:
		break;
	}
	/* The words each act carries: a reason, a result, a summary. */
	static const struct {
		enum ticket_event_type type;
		const char *key;
	} words[] = { { TEV_RETURN, "reason" }, { TEV_EXTEND, "reason" },  { TEV_RESOLVE, "result" },
		      { TEV_REOPEN, "reason" }, { TEV_CLOSE, "summary" } };
	for (size_t i = 0; !rc && i < sizeof words / sizeof words[0]; i++)
		if (words[i].type == ev->type) {
			rc = body_text(body, words[i].key, true, 4000, &text, e);
			json_object_set_new(stored, words[i].key, json_string(text));
		}
	const char *note = "";
	rc = rc ? rc : body_text(body, "note", false, 4000, &note, e);
	if (!rc && *note)
		json_object_set_new(stored, "note", json_string(note));
	return rc;
}

/* Records ev on ticket t (loaded in the transaction), stored and audited. */
static int record(struct db *db, const struct caller *caller, struct ticket_loaded *t, struct ticket_event *ev,
                  json_t *stored, int64_t now, struct err *e)
{
	struct ticket_refusal why = { 0 };
	int got = ticket_record(rulebook, calendar, &t->status, ev, now, &why, e);
	int rc = got == 1 ? refusal(&why, e) : got;
	const char *type = ticket_event_name(ev->type);
	if (!rc)
		rc = ticket_event_insert(db, t->id, t->nevents + 1, type, ev->at, stored, ev, caller->login, now, e);
	if (!rc)
		rc = ticket_store_fold(db, t->id, &t->status, e);
	if (!rc) {
		char object[32], action[48];
		snprintf(object, sizeof object, "ticket:%lld", (long long)t->id);
		snprintf(action, sizeof action, "ticket.%s", type);
		json_t *after = json_deep_copy(stored);
		json_object_set_new(after, "at", datetime_json_local(ev->at));
		json_object_set_new(after, "number", json_string(t->number));
		json_object_set_new(after, "state", json_string(ticket_state_name(t->status.state)));
		rc = audit_append_json(db, caller->login, action, object, NULL, after, now, e);
	}
	return rc;
}

static int64_t earlier(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* merge: this ticket goes into another, which keeps its source and its
 * deadlines (the earlier of each) and answers for it. */
static int merge(struct db *db, const struct caller *caller, struct ticket_loaded *t, struct ticket_event *ev,
                 const json_t *body, json_t *stored, int64_t now, struct err *e)
{
	const json_t *into = json_object_get(body, "into");
	if (!json_is_integer(into))
		return err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "into")),
		                  "into is the id of the ticket this one is merged into");
	int64_t target_id = json_integer_value(into);
	if (target_id == t->id)
		return err_reason(e, ERR_CONFLICT, "merge_into_itself", ERR_ARGS(ERR_TEXT("rule", "merge")),
		                  "a ticket is not merged into itself");
	struct ticket_loaded target;
	int rc = tickets_load(db, caller, target_id, &target, e);
	json_object_set_new(stored, "into", json_integer(target_id));
	if (!rc) {
		json_object_set_new(stored, "into_number", json_string(target.number));
		rc = record(db, caller, t, ev, stored, now, e);
	}
	if (!rc) {
		struct ticket_deadlines both = target.status.due;
		const struct ticket_deadlines *mine = &t->status.due;
		both.contact_at = earlier(both.contact_at, mine->contact_at);
		both.resolve = (int32_t)earlier(both.resolve, mine->resolve);
		both.close = (int32_t)earlier(both.close, mine->close);
		struct ticket_event absorb = { .type = TEV_ABSORB, .at = ev->at, .sets_due = true, .sets = both };
		json_t *source = json_pack("{s:I,s:s,s:O,s:O,s:O,s:O}", "id", (json_int_t)t->id, "number", t->number,
		                           "channel", json_object_get(t->row, "channel"), "source_no",
		                           json_object_get(t->row, "source_no"), "received_at",
		                           json_object_get(t->row, "received_at"), "caller",
		                           json_object_get(t->row, "caller"));
		json_object_set_new(source, "deadlines", ticket_deadlines_json(mine));
		json_t *absorbed = json_pack("{s:I,s:s}", "from", (json_int_t)t->id, "from_number", t->number);
		struct ticket_refusal why;
		int got = ticket_record(rulebook, calendar, &target.status, &absorb, now, &why, e);
		rc = got == 1 ? refusal(&why, e) : got;
		if (!rc)
			rc = ticket_event_insert(db, target.id, target.nevents + 1, "absorb", ev->at, absorbed, &absorb,
			                         caller->login, now, e);
		if (!rc)
			rc = ticket_store_fold(db, target.id, &target.status, e);
		json_t *sources = json_deep_copy(json_object_get(target.row, "sources"));
		if (!json_is_array(sources)) {
			json_decref(sources);
			sources = json_array();
		}
		json_array_append_new(sources, source);
		char *text = json_dumps(sources, JSON_COMPACT | JSON_SORT_KEYS);
		if (!rc)
			rc = text ? db_get_int(db, "UPDATE tickets SET sources = $2 WHERE id = $1 RETURNING id",
			                       DB_ARGS(DB_INT(target.id), DB_TEXT(text)), NULL, e)
			          : err_set(e, ERR_NOMEM, "out of memory merging");
		if (rc >= 0)
			rc = db_get_int(db, "UPDATE tickets SET merged_into = $2 WHERE id = $1 RETURNING id",
			                DB_ARGS(DB_INT(t->id), DB_INT(target.id)), NULL, e);
		rc = rc < 0 ? rc : 0;
		free(text);
		json_decref(sources);
		json_decref(absorbed);
	}
	tickets_loaded_free(&target);
	return rc;
}

/* link_case: the case given ("case": its id) or opened here from the
 * ticket ("open": its body); a ticket leads to one case. */
static int link_case(struct db *db, const struct caller *caller, const struct ticket_loaded *t, const json_t *body,
                     json_t *stored, struct err *e)
{
	const json_t *c = json_object_get(body, "case"), *open = json_object_get(body, "open");
	if (json_is_integer(json_object_get(t->row, "case")))
		return err_reason(e, ERR_CONFLICT, "ticket_has_case", ERR_ARGS(ERR_TEXT("rule", "link")),
		                  "the ticket already led to a case");
	int64_t case_id = 0;
	int rc;
	if (open && !c) {
		rc = ticket_case_open(db, caller, t, open, &case_id, e);
	} else if (json_is_integer(c)) {
		struct case_loaded loaded;
		case_id = json_integer_value(c);
		rc = cases_load(db, caller, case_id, &loaded, e);
		cases_loaded_free(&loaded);
	} else {
		rc = err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "case")),
		                "case is the id of the case opened from the ticket (or open: the case to open)");
	}
	json_object_set_new(stored, "case", json_integer(case_id));
	if (!rc && db_get_int(db, "UPDATE tickets SET case_id = $2 WHERE id = $1 RETURNING id",
	                      DB_ARGS(DB_INT(t->id), DB_INT(case_id)), NULL, e) < 0)
		rc = e->code;
	return rc;
}

int tickets_act(struct db *db, const struct caller *caller, int64_t id, const json_t *body, struct err *e)
{
	int64_t now = now_s();
	const char *type_name;
	struct ticket_event ev = { 0 };
	int rc = body_text(body, "type", true, 32, &type_name, e);
	int type = rc ? -1 : ticket_event_parse(type_name);
	if (!rc && (type < 0 || type == TEV_ABSORB))
		rc = err_reason(e, ERR_INVALID, "event_unknown", ERR_ARGS(ERR_TEXT("field", "type"), ERR_TEXT("got", type_name)),
		                "type '%s' is no act of the desk", type_name);
	ev.type = (enum ticket_event_type)type;
	if (!rc && !(caller->roles & roles_of_act(ev.type)))
		rc = err_reason(e, ERR_FORBIDDEN, "event_role", ERR_ARGS(ERR_TEXT("type", type_name)),
		                "your roles do not record '%s'", type_name);
	if (!rc)
		rc = body_instant(body, "at", now, &ev.at, e);
	json_t *stored = json_object();
	struct ticket_loaded t = { 0 };
	if (!rc && !(rc = db_begin(db, e))) {
		rc = tickets_load(db, caller, id, &t, e);
		rc = rc ? rc : act_read(db, body, &ev, stored, e);
		if (!rc && ev.type == TEV_LINK_CASE)
			rc = link_case(db, caller, &t, body, stored, e);
		if (!rc)
			rc = ev.type == TEV_MERGE ? merge(db, caller, &t, &ev, body, stored, now, e)
			                          : record(db, caller, &t, &ev, stored, now, e);
		rc = rc ? rc : db_commit(db, e);
		if (rc)
			db_rollback(db);
	}
	tickets_loaded_free(&t);
	json_decref(stored);
	return rc;
}

int ticket_events_post(struct http_request *rq, struct err *e)
{
	int64_t id = path_id(rq, e);
	if (!id)
		return e->code;
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	int rc = tickets_act(rq->db, caller_of(rq), id, body, e);
	json_decref(body);
	return rc ? rc : answer(rq, 200, id, e);
}
