/* Penalty cases over HTTP (docs/api.md): open a case from a screened
 * detection or an on-site act, read it with its deadlines, record the acts
 * of the procedure. Every act is checked by procedure.c against the rules
 * of its day and stored with what it set; the case row keeps the fold
 * (state, next deadline) for the lists. Every case is of a unit, and a
 * caller reaches only the cases of its scope. */
#include "cases.h"
#include "documents_http.h"
#include "party.h"
#include "violations.h"
#include "base/access.h"
#include "base/audit.h"
#include "base/datetime.h"
#include "base/list.h"
#include "overlimit/api.h"
#include "people/people.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct case_rulebook *rulebook;
static struct calendar_book *calendar;
static struct violation_catalogue *catalogue;

int cases_api_start(const char *rules_dir, struct err *e)
{
	int rc = case_rulebook_load(rules_dir, &rulebook, e);
	rc = rc ? rc : calendar_book_load(rules_dir, &calendar, e);
	rc = rc ? rc : violations_load(rules_dir, &catalogue, e);
	return rc ? rc : cases_review_start(rules_dir, e);
}

void cases_api_stop(void)
{
	case_rulebook_free(rulebook);
	calendar_book_free(calendar);
	violations_free(catalogue);
	cases_review_stop();
	rulebook = NULL;
	calendar = NULL;
	catalogue = NULL;
}

const struct violation_catalogue *cases_violations(void)
{
	return catalogue;
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* ---- reading a request ------------------------------------------------ */

/* A day given as "YYYY-MM-DD" in body[key], or fallback when absent. */
static int body_day(const json_t *body, const char *key, int32_t fallback, int32_t *day, struct err *e)
{
	const json_t *v = json_object_get(body, key);
	*day = fallback;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || date_parse(slice_from(json_string_value(v)), day))
		return err_reason(e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("field", key)),
		                  "%s must be a date YYYY-MM-DD", key);
	return 0;
}

/* Yuan (a number with at most two decimals, or its text) as fen. */
static int body_yuan(const json_t *body, const char *key, bool required, int64_t *fen, struct err *e)
{
	const json_t *v = json_object_get(body, key);
	*fen = 0;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		return err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", key)), "%s is required",
		                  key);
	}
	double yuan = json_is_number(v) ? json_number_value(v) : json_is_string(v) ? strtod(json_string_value(v), NULL) : -1;
	double cents = yuan * 100;
	if (!(yuan >= 0 && yuan <= 1e9) || fabs(cents - round(cents)) > 1e-6)
		return err_reason(e, ERR_INVALID, "amount_invalid", ERR_ARGS(ERR_TEXT("field", key)),
		                  "%s must be an amount in yuan, at most two decimals", key);
	*fen = (int64_t)llround(cents);
	return 0;
}

/* A text member of at most max bytes ("" when absent and not required). */
static int body_text(const json_t *body, const char *key, bool required, size_t max, const char **out, struct err *e)
{
	const json_t *v = json_object_get(body, key);
	*out = json_string_value(v);
	if (v && !json_is_null(v) && !*out)
		return err_reason(e, ERR_INVALID, "field_type", ERR_ARGS(ERR_TEXT("field", key)), "%s must be text", key);
	if (!*out || !**out) {
		*out = "";
		if (required)
			return err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", key)),
			                  "%s is required", key);
	}
	if (strlen(*out) > max)
		return err_reason(e, ERR_INVALID, "field_too_long", ERR_ARGS(ERR_TEXT("field", key), ERR_INT("max", max)),
		                  "%s is longer than %zu bytes", key, max);
	return 0;
}

/* body.footage: the numbers of body-worn camera recordings, 1 to 8
 * texts of 1 to 64 bytes each; absent: none. A new array into *out. */
static int body_footage(const json_t *body, json_t **out, struct err *e)
{
	const json_t *given = json_object_get(body, "footage");
	*out = json_array();
	if (!given || json_is_null(given))
		return 0;
	size_t i, n = json_array_size(given);
	const json_t *v;
	bool ok = json_is_array(given) && n <= 8;
	json_array_foreach(given, i, v) ok = ok && json_is_string(v) && json_string_length(v) >= 1 &&
	                                     json_string_length(v) <= 64;
	if (!ok) {
		json_decref(*out);
		*out = NULL;
		return err_reason(e, ERR_INVALID, "footage_invalid", ERR_ARGS(ERR_TEXT("field", "footage"), ERR_INT("max", 8)),
		                  "footage is a list of at most 8 recording numbers of 1 to 64 bytes");
	}
	json_array_foreach(given, i, v) json_array_append(*out, (json_t *)v);
	return 0;
}

static int64_t path_id(const struct http_request *rq, struct err *e)
{
	int64_t id;
	if (slice_to_int(rq->param[0], &id) || id < 1) {
		err_reason(e, ERR_NOTFOUND, "case_unknown", ERR_NO_ARGS, "no such case");
		return 0;
	}
	return id;
}

int32_t cases_today(void)
{
	return local_day(now_s());
}

/* ---- the officers ------------------------------------------------------- */

/* The officers given by badge: each an enabled user who may enforce (an
 * officer or a chief), no one twice, at least the rule's number, and, when
 * the certificate's validity is on record, valid on the opening day.
 * Their [{badge, login, name, cert_valid_to}] into *out, cert_valid_to
 * ("YYYY-MM-DD", or null when not on record) kept as it was that day. */
static int officers_read(struct db *db, const struct case_rules *r, const json_t *badges, int32_t day, json_t **out,
                         struct err *e)
{
	*out = NULL;
	size_t n = json_array_size(badges);
	if (!json_is_array(badges) || n < (size_t)r->min_officers || n > CASE_MAX_OFFICERS)
		return err_reason(e, ERR_INVALID, "officers_too_few",
		                  ERR_ARGS(ERR_TEXT("field", "officers"), ERR_INT("min", r->min_officers),
		                           ERR_TEXT("rule", "officers")),
		                  "a case needs at least %d officers, by their badges (%s)", r->min_officers,
		                  r->citation[CASE_RULE_OFFICERS]);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *badge = json_string_value(json_array_get(badges, i));
		for (size_t j = 0; badge && j < i; j++)
			if (strcmp(badge, json_string_value(json_array_get(badges, j))) == 0)
				badge = NULL;
		struct people_officer o;
		int rc = badge && *badge ? people_officer_by_badge(db, badge, &o, e) : 0;
		if (rc < 0) {
			json_decref(list);
			return rc;
		}
		bool may = rc == 1 && (o.roles & (ROLE_OFFICER | ROLE_CHIEF));
		bool on_record = may && (o.cert_from || o.cert_to);
		if (on_record && !people_cert_valid_on(&o, day)) {
			char a[11];
			date_format(day, a);
			json_decref(list);
			return err_reason(e, ERR_INVALID, "officer_uncertified",
			                  ERR_ARGS(ERR_TEXT("field", "officers"), ERR_TEXT("badge", badge), ERR_TEXT("day", a),
			                           ERR_TEXT("rule", "officers")),
			                  "the certificate of badge '%s' is not valid on %s (%s)", badge, a,
			                  r->citation[CASE_RULE_OFFICERS]);
		}
		if (may)
			json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:o}", "badge", badge, "login", o.login, "name", o.name,
			                                      "cert_valid_to", on_record ? date_json(o.cert_to) : json_null()));
		else {
			json_decref(list);
			return err_reason(e, ERR_INVALID, "officer_unknown",
			                  ERR_ARGS(ERR_TEXT("field", "officers"), ERR_TEXT("badge", badge ? badge : "")),
			                  "badge '%s' is no enabled officer's, or is given twice", badge ? badge : "");
		}
	}
	*out = list;
	return 0;
}

/* ---- a case: stored, loaded, shown --------------------------------------- */

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
	                 case_rule_name(d->rule), "from", date_json(d->from), "kind", calendar_kind_name(d->period.kind),
	                 "days", d->period.days);
}

static int deadline_read(const json_t *j, struct case_deadline *d)
{
	const char *day = json_string_value(json_object_get(j, "day"));
	const char *rule = json_string_value(json_object_get(j, "rule"));
	const char *from = json_string_value(json_object_get(j, "from"));
	const char *kind = json_string_value(json_object_get(j, "kind"));
	*d = (struct case_deadline){ .set = day != NULL, .provisional = json_is_true(json_object_get(j, "provisional")) };
	for (int k = 0; rule && k < CASE_RULE_COUNT; k++)
		if (strcmp(rule, case_rule_name((enum case_rule)k)) == 0)
			d->rule = (enum case_rule)k;
	/* What was counted, for a provisional day recounted once its year is announced. */
	if (from && kind && !date_parse(slice_from(from), &d->from) && !calendar_kind_parse(slice_from(kind), &d->period.kind))
		d->period.days = (int)json_integer_value(json_object_get(j, "days"));
	return day ? date_parse(slice_from(day), &d->day) : 0;
}

/* What recording ev decided, as stored. */
static json_t *sets_json(const struct case_event *ev)
{
	json_t *due = json_object();
	for (int i = 0; i < DUE_COUNT; i++)
		if (ev->sets[i].set)
			json_object_set_new(due, case_due_name((enum case_deadline_name)i), deadline_json(&ev->sets[i]));
	return json_pack("{s:o,s:b,s:b,s:I}", "deadlines", due, "hearing_offered", ev->hearing_offered, "late", ev->late,
	                 "late_fine_fen", (json_int_t)ev->late_fine_fen);
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

#define CASE_COLUMNS                                                                                             \
	"c.id, c.number, c.unit_code, c.procedure, c.violation, c.detection_id, c.occurred_at, c.place, c.facts,"    \
	" c.party_kind, c.party, c.vehicle, c.officers, c.proposed_fine_fen, c.opened_on, c.decision_due,"           \
	" c.decision_due_provisional, c.approved_by, c.state, c.next_due, c.created_by, c.created_at, c.footage"

/* A JSON column's value (NULL → null). */
static json_t *json_col(struct db_stmt *st, int col)
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
	enum case_party_kind party = strcmp(db_col_text(st, 9), "organisation") == 0 ? PARTY_ORGANISATION : PARTY_PERSON;
	c->officers = json_col(st, 12);
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
			snprintf(s->officers[i], sizeof s->officers[i], "%s", json_string_value(json_object_get(o, "badge")));
			s->nofficers = (int)i + 1;
		}
	}
	int64_t detection = db_col_is_null(st, 5) ? 0 : db_col_int(st, 5);
	c->row = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:s,s:o,s:o,s:O,s:I,s:o,s:s,s:s,s:o}", "id",
	                   (json_int_t)c->id, "number", c->number, "unit", c->unit, "procedure", db_col_text(st, 3),
	                   "violation", db_col_text(st, 4), "detection",
	                   detection ? json_integer(detection) : json_null(), "occurred_at",
	                   datetime_json_local(db_col_int(st, 6)), "place", db_col_text(st, 7), "facts", db_col_text(st, 8),
	                   "party_kind", db_col_text(st, 9), "party", json_col(st, 10), "vehicle", json_col(st, 11),
	                   "officers", c->officers, "proposed_fine_fen", (json_int_t)s->proposed_fine_fen, "opened_on",
	                   date_json(s->opened_on), "approved_by", db_col_text(st, 17), "created_by",
	                   db_col_text(st, 20), "created_at", datetime_json_local(db_col_int(st, 21)));
	if (c->row)
		json_object_set_new(c->row, "footage", json_col(st, 22));
	db_row_done(st);
	if (!c->row)
		return err_set(e, ERR_NOMEM, "out of memory reading a case");

	st = db_prepare(db, "SELECT seq, type, on_day, body, sets, actor, at FROM case_events WHERE case_id = $1 ORDER BY seq",
	                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, c->id);
	c->events = json_array();
	while ((rc = db_step(st, e)) == DB_ROW) {
		json_t *body = json_col(st, 3), *sets = json_col(st, 4);
		struct case_event ev;
		if (event_read(db_col_text(st, 1), (int32_t)db_col_int(st, 2), body, sets, &ev) == 0)
			case_replay(s, &ev);
		json_array_append_new(c->events,
		                      json_pack("{s:I,s:s,s:o,s:o,s:o,s:s,s:o}", "seq", (json_int_t)db_col_int(st, 0), "type",
		                                db_col_text(st, 1), "on", date_json(ev.on), "body", body, "sets", sets,
		                                "actor", db_col_text(st, 5), "at", datetime_json_local(db_col_int(st, 6))));
		c->nevents++;
	}
	/* A day counted past the calendar's last year is counted again once
	 * the year is announced: the case shows the day it was. */
	for (int k = 0; k < DUE_COUNT; k++)
		case_deadline_recount(calendar, &s->due[k]);
	return rc < 0 ? rc : 0;
}

/* Whether the caller sees the party whole: the case's own officers and
 * whoever opened it, the legal reviewers and chiefs of its scope, the
 * admins. */
static bool handles(const struct caller *caller, const struct case_loaded *c)
{
	if (caller->roles & (ROLE_LEGAL | ROLE_CHIEF | ROLE_ADMIN) ||
	    strcmp(json_string_value(json_object_get(c->row, "created_by")), caller->login) == 0)
		return true;
	size_t i;
	json_t *o;
	json_array_foreach(c->officers, i, o)
	{
		if (strcmp(json_string_value(json_object_get(o, "login")), caller->login) == 0)
			return true;
	}
	return false;
}

/* text masked by mask (party.h) as a new JSON string. */
static json_t *masked(const char *text, size_t (*mask)(struct slice in, char *out))
{
	char *out = malloc(strlen(text) + 1);
	json_t *j = NULL;
	if (out) {
		mask(slice_from(text), out);
		j = json_string(out);
	}
	free(out);
	return j;
}

/* The party as this caller may see it. */
static json_t *party_shown(const json_t *party, bool whole)
{
	if (!json_is_object(party) || whole)
		return json_incref((json_t *)party);
	json_t *p = json_deep_copy(party);
	const char *id = json_string_value(json_object_get(party, "id_number"));
	const char *phone = json_string_value(json_object_get(party, "phone"));
	bool person = strcmp(json_string_value(json_object_get(party, "kind")), "person") == 0;
	if (id)
		json_object_set_new(p, "id_number", masked(id, person ? party_mask_resident_id : party_mask_credit_code));
	if (phone)
		json_object_set_new(p, "phone", masked(phone, party_mask_phone));
	return p;
}

/* The acts the procedure takes now: those it would record on some day
 * from the previous act's to today (an act is never in the future), for
 * the page's actions. */
static json_t *allowed_events(const struct case_rules *r, const struct case_status *s)
{
	json_t *out = json_array();
	int32_t last = cases_today();
	if (last > s->last_on + 400)
		last = s->last_on + 400;
	for (int t = 0; t < EVENT_TYPE_COUNT; t++) {
		bool allowed = false;
		for (int32_t day = s->last_on; day <= last && !allowed; day++) {
			struct case_status copy = *s;
			struct case_event ev = { .type = (enum case_event_type)t, .on = day, .days = 1, .chair = "-" };
			ev.fine_fen = t == EVENT_NOTIFY ? s->proposed_fine_fen : s->notified_fine_fen;
			ev.amount_fen = s->fine_fen + case_late_fine(r, s, day);
			struct case_refusal why;
			struct err e = { 0 };
			allowed = case_record(r, calendar, &copy, &ev, last, &why, &e) == 0;
		}
		if (allowed)
			json_array_append_new(out, json_string(case_event_name((enum case_event_type)t)));
	}
	return out;
}

/* login's {name, badge} into people once (an account removed since:
 * none), for the page to name who acted. */
static void person_add(struct db *db, json_t *people, const char *login)
{
	char name[129], badge[33];
	if (!login || !*login || json_object_get(people, login))
		return;
	struct err e = { 0 };
	if (people_user_label(db, login, name, badge, &e) == 1)
		json_object_set_new(people, login, json_pack("{s:s,s:s}", "name", name, "badge", badge));
}

/* The case as GET /api/v1/cases/{id} answers it, for caller. */
static json_t *case_json(struct db *db, const struct case_loaded *c, const struct caller *caller,
                         const struct case_rules *r)
{
	const struct case_status *s = &c->status;
	json_t *o = json_deep_copy(c->row);
	json_object_set_new(o, "party", party_shown(json_object_get(c->row, "party"), handles(caller, c)));
	json_object_set_new(o, "state", json_string(case_state_name(s->state)));
	int64_t fine = s->state >= CASE_DECIDED ? s->fine_fen : s->notified_on ? s->notified_fine_fen : s->proposed_fine_fen;
	json_object_set_new(o, "fine_fen", json_integer(fine));
	json_object_set_new(o, "notified_fine_fen", s->notified_on ? json_integer(s->notified_fine_fen) : json_null());
	json_object_set_new(o, "hearing_offered", json_boolean(s->hearing_offered));
	json_object_set_new(o, "hearing_requested", json_boolean(s->hearing_requested));
	json_object_set_new(o, "reviewed", json_boolean(s->reviewed));
	json_object_set_new(o, "extension_days", json_integer(s->extension_days));
	int64_t late = s->state == CASE_PAID || s->state == CASE_CLOSED ? 0 : case_late_fine(r, s, cases_today());
	for (size_t i = 0; i < json_array_size(c->events); i++) {
		json_t *ev = json_array_get(c->events, i);
		if (strcmp(json_string_value(json_object_get(ev, "type")), "pay") == 0)
			late = json_integer_value(json_object_get(json_object_get(ev, "sets"), "late_fine_fen"));
	}
	json_object_set_new(o, "late_fine_fen", json_integer(late));
	json_object_set_new(o, "paid_fen", json_integer(s->paid_fen));
	json_t *due = json_object();
	for (int i = 0; i < DUE_COUNT; i++)
		json_object_set_new(due, case_due_name((enum case_deadline_name)i),
		                    s->due[i].set ? date_json(s->due[i].day) : json_null());
	json_object_set_new(o, "deadlines", due);
	json_t *detail = json_object();
	for (int i = 0; i < DUE_COUNT; i++)
		if (s->due[i].set)
			json_object_set_new(detail, case_due_name((enum case_deadline_name)i),
			                    json_pack("{s:o,s:b,s:s,s:s?,s:o}", "day", date_json(s->due[i].day), "provisional",
			                              s->due[i].provisional, "rule", case_rule_name(s->due[i].rule), "citation",
			                              r->citation[s->due[i].rule], "was",
			                              s->due[i].was ? date_json(s->due[i].was) : json_null()));
	json_object_set_new(o, "deadline_rules", detail);
	const struct case_deadline *next = case_next_due(s);
	json_object_set_new(o, "next_due",
	                    next ? json_pack("{s:s,s:o,s:i}", "name",
	                                     case_due_name((enum case_deadline_name)(next - s->due)), "day",
	                                     date_json(next->day), "days_left", (int)(next->day - cases_today()))
	                         : json_null());
	json_object_set_new(o, "events", json_incref(c->events));
	json_t *people = json_object();
	person_add(db, people, json_string_value(json_object_get(c->row, "created_by")));
	person_add(db, people, json_string_value(json_object_get(c->row, "approved_by")));
	for (size_t i = 0; i < json_array_size(c->events); i++)
		person_add(db, people, json_string_value(json_object_get(json_array_get(c->events, i), "actor")));
	json_object_set_new(o, "people", people);
	json_object_set_new(o, "documents", cases_documents_json(db, c->id));
	json_object_set_new(o, "allowed", allowed_events(r, s));
	return o;
}

int cases_rules_of(int32_t day, struct case_rules *r, struct err *e)
{
	return case_rules_on(rulebook, day, r, e);
}

const struct calendar_book *cases_calendar(void)
{
	return calendar;
}

static int case_answer(struct http_request *rq, int status, int64_t id, struct err *e)
{
	struct case_loaded c;
	struct case_rules r;
	int rc = cases_load(rq->db, caller_of(rq), id, &c, e);
	if (!rc)
		rc = cases_rules_of(cases_today(), &r, e);
	if (!rc)
		rc = http_json(rq, status, case_json(rq->db, &c, caller_of(rq), &r));
	cases_loaded_free(&c);
	return rc;
}

/* Keeps the fold on the case row, for the lists. */
static int store_fold(struct db *db, int64_t id, const struct case_status *s, struct err *e)
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

/* ---- POST /api/v1/cases --------------------------------------------------- */

/* What a case is opened with. */
struct opening {
	const char *violation, *place, *facts, *unit, *procedure;
	int64_t detection, occurred_at, proposed_fine_fen;
	int32_t opened_on;
	json_t *party, *vehicle, *officers, *footage;
	enum case_party_kind party_kind;
};

/* The detection a case is opened from: confirmed by screening and
 * admissible, of the caller's scope, without a case yet. */
static int from_detection(struct db *db, const struct caller *caller, int64_t id, struct opening *o, char *place, size_t size,
                          char *facts, size_t fsize, char *unit, struct err *e)
{
	struct overlimit_case_facts d;
	int64_t cases = 0;
	int rc = overlimit_case_facts(db, caller, id, &d, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_reason(e, ERR_NOTFOUND, "detection_unknown", ERR_ARGS(ERR_INT("id", id)),
		                  "no detection %lld of your units", (long long)id);
	if ((rc = db_get_int(db, "SELECT count(*) FROM cases WHERE detection_id = $1", DB_ARGS(DB_INT(id)), &cases, e)) < 0)
		return rc;
	if (cases > 0)
		return err_reason(e, ERR_CONFLICT, "detection_has_case", ERR_ARGS(ERR_INT("id", id)),
		                  "detection %lld has a case already", (long long)id);
	if (!d.admissible)
		return err_reason(e, ERR_CONFLICT, "detection_inadmissible", ERR_ARGS(ERR_INT("id", id)),
		                  "detection %lld is not admissible as evidence", (long long)id);
	if (!d.overlimit || !d.confirmed)
		return err_reason(e, ERR_CONFLICT, "detection_not_confirmed", ERR_ARGS(ERR_INT("id", id)),
		                  "detection %lld is not an over-limit record confirmed by screening", (long long)id);
	o->occurred_at = d.passed_at;
	o->proposed_fine_fen = d.fine_fen;
	snprintf(place, size, "%s", d.site_name);
	snprintf(unit, 33, "%s", d.site_unit);
	snprintf(facts, fsize,
	         "车牌号 %s 的货运车辆于 %s 经该检测点检测,车货总质量 %lld.%02lld 吨,限定标准 %lld.%02lld 吨,超限 "
	         "%lld.%02lld 吨。",
	         d.plate, place, (long long)(d.gross_kg / 1000), (long long)(d.gross_kg % 1000 / 10),
	         (long long)(d.limit_kg / 1000), (long long)(d.limit_kg % 1000 / 10), (long long)(d.over_kg / 1000),
	         (long long)(d.over_kg % 1000 / 10));
	o->vehicle = json_pack("{s:s,s:s}", "plate", d.plate, "color", d.plate_color);
	o->violation = "overlimit_mass";
	o->detection = id;
	return 0;
}

/* The party of a body: kind, name, id_number, phone, address. */
static int party_read(const json_t *given, json_t **party, enum case_party_kind *kind, struct err *e)
{
	*party = json_null();
	*kind = PARTY_PERSON;
	if (!given || json_is_null(given))
		return 0;
	const char *k = http_json_text(given, "kind");
	const char *fields[] = { "name", "id_number", "phone", "address", "representative" };
	if (!json_is_object(given) || !k || (strcmp(k, "person") && strcmp(k, "organisation")))
		return err_reason(e, ERR_INVALID, "party_kind", ERR_ARGS(ERR_TEXT("field", "party.kind")),
		                  "party.kind must be person or organisation");
	*kind = strcmp(k, "organisation") == 0 ? PARTY_ORGANISATION : PARTY_PERSON;
	json_t *p = json_pack("{s:s}", "kind", k);
	int rc = 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0] && !rc; i++) {
		const char *v;
		rc = body_text(given, fields[i], i == 0, 200, &v, e);
		char normal[PARTY_ID_SIZE > PARTY_PHONE_SIZE ? PARTY_ID_SIZE : PARTY_PHONE_SIZE];
		int32_t birth;
		/* An identity number by its check digit (GB 11643 for a person,
		 * GB 32100 for an organisation), a phone by its form. */
		if (!rc && *v && strcmp(fields[i], "id_number") == 0)
			rc = *kind == PARTY_PERSON ? party_resident_id_check(slice_from(v), cases_today(), normal, &birth, e)
			                           : party_credit_code_check(slice_from(v), normal, e);
		else if (!rc && *v && strcmp(fields[i], "phone") == 0)
			rc = party_phone_check(slice_from(v), normal, e);
		if (!rc && *v)
			json_object_set_new(p, fields[i],
			                    json_string(strcmp(fields[i], "id_number") && strcmp(fields[i], "phone") ? v : normal));
	}
	if (rc) {
		json_decref(p);
		return rc;
	}
	*party = p;
	return 0;
}

/* The vehicle of a body: {"plate","color",...}, the plate checked. */
static int vehicle_read(const json_t *given, json_t **vehicle, struct err *e)
{
	*vehicle = json_null();
	if (!given || json_is_null(given))
		return 0;
	if (!json_is_object(given))
		return err_reason(e, ERR_INVALID, "field_type", ERR_ARGS(ERR_TEXT("field", "vehicle")),
		                  "vehicle must be an object");
	const char *plate = http_json_text(given, "plate");
	char normal[PARTY_PLATE_SIZE];
	int rc = plate && *plate ? party_plate_check(slice_from(plate), normal, e) : 0;
	if (rc)
		return rc;
	*vehicle = json_deep_copy(given);
	if (plate && *plate)
		json_object_set_new(*vehicle, "plate", json_string(normal));
	return 0;
}

/* Takes the year's next number and stores the case: its id. */
static int case_insert(struct db *db, const struct case_rules *r, const struct opening *o, const struct case_status *s,
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
		rc = db_get_int(db,
		                "INSERT INTO cases (number, year, seq, unit_code, procedure, violation, detection_id,"
		                " occurred_at, place, facts, party_kind, party, vehicle, officers, proposed_fine_fen,"
		                " opened_on, decision_due, decision_due_provisional, approved_by, state, next_due,"
		                " created_by, created_at, footage) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
		                " $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id",
		                DB_ARGS(DB_TEXT(number), DB_INT(year), DB_INT(seq), DB_TEXT(o->unit), DB_TEXT(o->procedure),
		                        DB_TEXT(o->violation), o->detection ? DB_INT(o->detection) : DB_NULL,
		                        DB_INT(o->occurred_at), DB_TEXT(o->place), DB_TEXT(o->facts),
		                        DB_TEXT(o->party_kind == PARTY_ORGANISATION ? "organisation" : "person"),
		                        DB_TEXT(party), DB_TEXT(vehicle), DB_TEXT(officers), DB_INT(o->proposed_fine_fen),
		                        DB_INT(date_key(o->opened_on)), DB_INT(date_key(s->due[DUE_DECISION].day)),
		                        DB_INT(s->due[DUE_DECISION].provisional), DB_TEXT(approved_by),
		                        DB_TEXT(case_state_name(s->state)), next ? DB_INT(date_key(next->day)) : DB_NULL,
		                        DB_TEXT(actor), DB_INT(now_s()), DB_TEXT(footage)),
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
	                          "procedure", o->procedure, "party", o->party, "officers", o->officers, "proposed_fine_fen",
	                          (json_int_t)o->proposed_fine_fen, "opened_on", date_json(o->opened_on), "approved_by",
	                          approved_by);
	if (o->detection)
		json_object_set_new(after, "detection", json_integer(o->detection));
	if (json_array_size(o->footage))
		json_object_set(after, "footage", o->footage);
	return audit_append_json(db, actor, "case.open", object, NULL, after, now_s(), e);
}

int cases_open(struct db *db, const struct caller *caller, const json_t *body, int64_t *id, struct err *e)
{
	struct opening o = { .unit = caller->unit, .procedure = "standard", .party = NULL };
	char place[256] = "", facts[1024] = "", unit[33] = "";
	struct case_rules r;
	int32_t now = cases_today();
	int rc = body_day(body, "on", now, &o.opened_on, e);
	if (!rc && o.opened_on > now)
		rc = err_reason(e, ERR_INVALID, "date_in_future", ERR_ARGS(ERR_TEXT("field", "on")),
		                "the opening day is in the future");
	if (!rc)
		rc = cases_rules_of(o.opened_on, &r, e);
	const char *procedure = NULL;
	if (!rc)
		rc = body_text(body, "procedure", false, 16, &procedure, e);
	if (!rc && *procedure) {
		if (strcmp(procedure, "standard") && strcmp(procedure, "summary"))
			rc = err_reason(e, ERR_INVALID, "procedure_unknown", ERR_ARGS(ERR_TEXT("field", "procedure")),
			                "procedure must be standard or summary");
		o.procedure = procedure;
	}
	if (!rc)
		rc = officers_read(db, &r, json_object_get(body, "officers"), o.opened_on, &o.officers, e);
	if (!rc)
		rc = body_footage(body, &o.footage, e);
	if (!rc)
		rc = party_read(json_object_get(body, "party"), &o.party, &o.party_kind, e);
	if (!rc && json_object_get(body, "detection")) {
		json_t *d = json_object_get(body, "detection");
		rc = json_is_integer(d) ? from_detection(db, caller, json_integer_value(d), &o, place, sizeof place, facts,
		                                         sizeof facts, unit, e)
		                        : err_reason(e, ERR_INVALID, "field_type", ERR_ARGS(ERR_TEXT("field", "detection")),
		                                     "detection must be a detection's id");
		o.place = place;
		o.facts = facts;
		o.unit = unit;
		/* The plate is the detection's; the driver and the carrier are
		 * what the officers found out. */
		json_t *given = json_object_get(body, "vehicle");
		const char *key;
		json_t *value;
		if (!rc && json_is_object(given))
			json_object_foreach(given, key, value) if (strcmp(key, "plate") && strcmp(key, "color"))
			    json_object_set(o.vehicle, key, value);
	} else if (!rc) {
		const char *occurred;
		rc = body_text(body, "violation", true, 64, &o.violation, e);
		const struct violation *v = rc ? NULL : violation_find(catalogue, o.violation);
		if (!rc && !v)
			rc = err_reason(e, ERR_INVALID, "violation_unknown",
			                ERR_ARGS(ERR_TEXT("field", "violation"), ERR_TEXT("got", o.violation)),
			                "violation '%s' is not in the catalogue (rules/violations.json)", o.violation);
		if (!rc && strcmp(o.procedure, "summary") == 0 && !v->summary_allowed)
			rc = err_reason(e, ERR_INVALID, "summary_not_allowed", ERR_ARGS(ERR_TEXT("field", "procedure")),
			                "violation '%s' is not decided by the summary procedure", o.violation);
		if (!rc)
			rc = body_text(body, "occurred_at", true, 40, &occurred, e);
		const char *why = NULL;
		if (!rc && datetime_parse(slice_from(occurred), &o.occurred_at, &why)) {
			int32_t day;
			if (date_parse(slice_from(occurred), &day) == 0)
				o.occurred_at = (int64_t)day * 86400 - LOCAL_UTC_OFFSET_S;
			else
				rc = err_reason(e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("field", "occurred_at")),
				                "occurred_at must be a date-time (ISO 8601) or a date");
		}
		if (!rc)
			rc = body_text(body, "place", true, 200, &o.place, e);
		if (!rc)
			rc = body_text(body, "facts", true, 2000, &o.facts, e);
		if (!rc)
			rc = body_yuan(body, "fine_yuan", false, &o.proposed_fine_fen, e);
		/* Without an amount, the discretion standard's default; with one,
		 * within the violation's range (the over-limit ones are priced by
		 * their verdict's rules). */
		if (!rc && v->penalty.kind == VIOLATION_RANGE)
			rc = json_object_get(body, "fine_yuan") ? violation_fine_check(v, o.proposed_fine_fen, e)
			                                        : violation_default_fine(v, &o.proposed_fine_fen, e);
		if (!rc)
			rc = vehicle_read(json_object_get(body, "vehicle"), &o.vehicle, e);
	}
	/* No case for an act the law no longer punishes. */
	int32_t occurred_day = local_day(o.occurred_at);
	int y, m, d;
	civil_from_days(occurred_day, &y, &m, &d);
	if (!rc && o.opened_on < occurred_day)
		rc = err_reason(e, ERR_INVALID, "opened_before_act", ERR_ARGS(ERR_TEXT("field", "on")),
		                "a case cannot be opened before the act");
	if (!rc && o.opened_on > days_from_civil(y + r.limitation_years, m, d))
		rc = err_reason(e, ERR_CONFLICT, "limitation_expired",
		                ERR_ARGS(ERR_INT("years", r.limitation_years), ERR_TEXT("rule", "limitation")),
		                "the act is older than %d years (%s)", r.limitation_years, r.citation[CASE_RULE_LIMITATION]);
	struct case_status s;
	if (!rc)
		rc = case_open(&r, calendar, o.opened_on, strcmp(o.procedure, "summary") == 0, o.party_kind,
		               o.proposed_fine_fen, &s, e);
	char number[64];
	/* A chief who opens a case approves it; an officer's waits for one. */
	const char *approved_by = caller->roles & (ROLE_CHIEF | ROLE_ADMIN) ? caller->login : "";
	if (!rc && !(rc = db_begin(db, e))) {
		rc = case_insert(db, &r, &o, &s, approved_by, caller->login, id, number, e);
		rc = rc ? rc : db_commit(db, e);
		if (rc)
			db_rollback(db);
	}
	json_decref(o.party);
	json_decref(o.vehicle);
	json_decref(o.officers);
	json_decref(o.footage);
	return rc;
}

int cases_post(struct http_request *rq, struct err *e)
{
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	int64_t id = 0;
	int rc = cases_open(rq->db, caller_of(rq), body, &id, e);
	json_decref(body);
	return rc ? rc : case_answer(rq, 201, id, e);
}

/* ---- GET /api/v1/cases/{id} ------------------------------------------------ */

int case_get(struct http_request *rq, struct err *e)
{
	int64_t id = path_id(rq, e);
	return id ? case_answer(rq, 200, id, e) : e->code;
}

/* ---- POST /api/v1/cases/{id}/events ---------------------------------------- */

/* Who may record each act: the reviewer reviews, a chief extends and
 * approves, the officers (and their chiefs) do the rest. */
static unsigned roles_of_event(enum case_event_type t)
{
	switch (t) {
	case EVENT_REVIEW:
		return ROLE_LEGAL | ROLE_ADMIN;
	case EVENT_EXTEND:
	case EVENT_APPROVE:
		return ROLE_CHIEF | ROLE_ADMIN;
	default:
		return ROLE_OFFICER | ROLE_CHIEF | ROLE_ADMIN;
	}
}

/* The refusal as an error naming the rule. */
static int refusal(const struct case_rules *r, const struct case_refusal *why, struct err *e)
{
	char day[11] = "";
	if (why->day)
		date_format(why->day, day);
	char yuan[32];
	snprintf(yuan, sizeof yuan, "%lld.%02lld", (long long)(why->fen / 100), (long long)(why->fen % 100));
	const char *citation = r->citation[why->rule] ? r->citation[why->rule] : "";
	return err_reason(e, ERR_CONFLICT, why->reason,
	                  ERR_ARGS(ERR_TEXT("rule", case_rule_name(why->rule)), ERR_TEXT("day", day),
	                           ERR_TEXT("yuan", yuan)),
	                  "%s: refused by the rule %s (%s)%s%s", why->reason, case_rule_name(why->rule), citation,
	                  *day ? ", day " : "", day);
}

int cases_act(struct db *db, const struct caller *caller, int64_t id, const json_t *body, struct err *e)
{
	const char *type_name;
	struct case_event ev = { 0 };
	int rc = body_text(body, "type", true, 32, &type_name, e);
	int type = rc ? -1 : case_event_parse(type_name);
	if (!rc && type < 0)
		rc = err_reason(e, ERR_INVALID, "event_unknown", ERR_ARGS(ERR_TEXT("field", "type"), ERR_TEXT("got", type_name)),
		                "type '%s' is no act of the procedure", type_name);
	ev.type = (enum case_event_type)type;
	if (!rc && !(caller->roles & roles_of_event(ev.type)))
		rc = err_reason(e, ERR_FORBIDDEN, "event_role", ERR_ARGS(ERR_TEXT("type", type_name)),
		                "your roles do not record '%s'", type_name);
	int32_t now = cases_today();
	if (!rc)
		rc = body_day(body, "on", now, &ev.on, e);
	const char *reason = "", *chair = "", *note = "";
	if (!rc && (ev.type == EVENT_NOTIFY || ev.type == EVENT_DECIDE))
		rc = body_yuan(body, "fine_yuan", ev.type == EVENT_DECIDE, &ev.fine_fen, e);
	if (!rc && ev.type == EVENT_PAY)
		rc = body_yuan(body, "amount_yuan", true, &ev.amount_fen, e);
	if (!rc && ev.type == EVENT_EXTEND) {
		json_t *days = json_object_get(body, "days");
		if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 365)
			rc = err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "days")),
			                "days must be a whole number of days");
		ev.days = (int)json_integer_value(days);
	}
	if (!rc)
		rc = body_text(body, "reason", ev.type == EVENT_EXTEND || ev.type == EVENT_REFER || ev.type == EVENT_WAIVE,
		               2000, &reason, e);
	if (!rc)
		rc = body_text(body, "chair", ev.type == EVENT_HEARING, 32, &chair, e);
	if (!rc)
		rc = body_text(body, "note", false, 2000, &note, e);
	json_t *footage = NULL;
	if (!rc)
		rc = body_footage(body, &footage, e);
	snprintf(ev.chair, sizeof ev.chair, "%s", chair);

	struct case_rules r;
	struct case_loaded c = { 0 };
	if (!rc)
		rc = cases_rules_of(ev.on, &r, e);
	if (!rc && !(rc = db_begin(db, e))) {
		rc = cases_load(db, caller, id, &c, e);
		/* A notice without a fine given intends the proposed one. */
		if (!rc && ev.type == EVENT_NOTIFY && !json_object_get(body, "fine_yuan"))
			ev.fine_fen = c.status.proposed_fine_fen;
		if (!rc && ev.type == EVENT_WAIVE) {
			const char *code = json_string_value(json_object_get(c.row, "violation"));
			const struct violation *v = violation_find(catalogue, code);
			if (!v || !v->first_offence_waivable)
				rc = err_reason(e, ERR_CONFLICT, "waiver_not_allowed", ERR_ARGS(ERR_TEXT("violation", code)),
				                "the first-offence waiver does not apply to '%s' (rules/violations.json)", code);
		}
		if (!rc && ev.type == EVENT_NOTIFY && json_is_null(json_object_get(c.row, "party")))
			rc = err_reason(e, ERR_CONFLICT, "party_missing", ERR_ARGS(ERR_TEXT("rule", "notice")),
			                "the notice names the party: give the case its party first");
		struct case_refusal why = { 0 };
		if (!rc) {
			int got = case_record(&r, calendar, &c.status, &ev, now, &why, e);
			rc = got == 1 ? refusal(&r, &why, e) : got;
		}
		if (!rc) {
			json_t *stored = json_pack("{s:I,s:I,s:i,s:s,s:s,s:s}", "fine_fen", (json_int_t)ev.fine_fen,
			                           "amount_fen", (json_int_t)ev.amount_fen, "days", ev.days, "reason", reason,
			                           "chair", chair, "note", note);
			if (json_array_size(footage))
				json_object_set(stored, "footage", footage);
			json_t *sets = sets_json(&ev);
			char *body_text_ = json_dumps(stored, JSON_COMPACT | JSON_SORT_KEYS);
			char *sets_text = json_dumps(sets, JSON_COMPACT | JSON_SORT_KEYS);
			rc = body_text_ && sets_text
			         ? db_get_int(db,
			                      "INSERT INTO case_events (case_id, seq, type, on_day, body, sets, actor, at)"
			                      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
			                      DB_ARGS(DB_INT(id), DB_INT(c.nevents + 1), DB_TEXT(type_name),
			                              DB_INT(date_key(ev.on)), DB_TEXT(body_text_), DB_TEXT(sets_text),
			                              DB_TEXT(caller->login), DB_INT(now_s())),
			                      NULL, e)
			         : err_set(e, ERR_NOMEM, "out of memory storing an act");
			rc = rc < 0 ? rc : store_fold(db, id, &c.status, e);
			/* The approval is the case's: the opening form shows who gave it. */
			if (!rc && ev.type == EVENT_APPROVE)
				rc = db_get_int(db, "UPDATE cases SET approved_by = $2 WHERE id = $1 RETURNING id",
				                DB_ARGS(DB_INT(id), DB_TEXT(caller->login)), NULL, e) < 0
				         ? e->code
				         : 0;
			if (!rc) {
				char object[32], action[48];
				snprintf(object, sizeof object, "case:%lld", (long long)id);
				snprintf(action, sizeof action, "case.%s", type_name);
				json_object_set_new(stored, "on", date_json(ev.on));
				json_object_set_new(stored, "number", json_string(c.number));
				json_object_set_new(stored, "state", json_string(case_state_name(c.status.state)));
				rc = audit_append_json(db, caller->login, action, object, NULL, json_incref(stored), now_s(), e);
			}
			free(body_text_);
			free(sets_text);
			json_decref(stored);
			json_decref(sets);
		}
		rc = rc ? rc : db_commit(db, e);
		if (rc)
			db_rollback(db);
	}
	cases_loaded_free(&c);
	json_decref(footage);
	return rc;
}

int events_post(struct http_request *rq, struct err *e)
{
	int64_t id = path_id(rq, e);
	if (!id)
		return e->code;
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	int rc = cases_act(rq->db, caller_of(rq), id, body, e);
	json_decref(body);
	return rc ? rc : case_answer(rq, 200, id, e);
}

/* ---- GET /api/v1/cases: the list -------------------------------------------- */

struct case_filter {
	const struct caller *scope;
	const char *state;
};

static void filter_bind(struct db_stmt *st, const void *arg)
{
	const struct case_filter *f = arg;
	people_bind_scope(st, f->scope);
	db_bind_text(st, 3, f->state, strlen(f->state));
}

static json_t *list_item(struct db_stmt *st)
{
	json_t *party = json_col(st, 10);
	json_t *shown = party_shown(party, false);
	json_decref(party);
	int64_t next = db_col_is_null(st, 19) ? 0 : db_col_int(st, 19);
	int32_t next_day = next ? date_from_key((int32_t)next) : 0;
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:I,s:o,s:s,s:o,s:o}", "id", (json_int_t)db_col_int(st, 0),
	                 "number", db_col_text(st, 1), "unit", db_col_text(st, 2), "procedure", db_col_text(st, 3),
	                 "violation", db_col_text(st, 4), "occurred_at", datetime_json_local(db_col_int(st, 6)), "place",
	                 db_col_text(st, 7), "party", shown, "vehicle", json_col(st, 11), "proposed_fine_fen",
	                 (json_int_t)db_col_int(st, 13), "opened_on", date_json(date_from_key((int32_t)db_col_int(st, 14))),
	                 "state", db_col_text(st, 18), "next_due", next ? date_json(next_day) : json_null(), "days_left",
	                 next ? json_integer(next_day - cases_today()) : json_null());
}

static const struct list_sort sorts[] = {
	{ "id", "c.id", 'i', NULL },
	{ "number", "c.number", 't', NULL },
	{ "opened_on", "c.opened_on", 'i', NULL },
	{ "state", "c.state", 't', NULL },
	{ "next_due", "coalesce(c.next_due, 99999999)", 'i', NULL },
	{ 0 },
};

static const struct list case_list = {
	.columns = CASE_COLUMNS,
	.ncolumns = 22,
	.from = "FROM cases c WHERE c.unit_code IN (" SCOPE_UNITS_SQL ")"
	        " AND (CAST($3 AS TEXT) = '' OR c.state = $3"
	        "  OR ($3 = 'open' AND c.state NOT IN ('closed')))",
	.nparams = 3,
	.id = "c.id",
	.sorts = sorts,
	.desc = true,
	.bind = filter_bind,
	.item = list_item,
};

int cases_get(struct http_request *rq, struct err *e)
{
	struct case_filter f = { .scope = caller_of(rq), .state = http_query(rq, "state") };
	f.state = f.state ? f.state : "";
	struct list_query q;
	int rc = list_parse(rq, &case_list, &q, e);
	return rc ? rc : list_answer(rq, &case_list, &q, &f, e);
}

const struct http_route cases_routes[] = { CASES_ROUTES, { 0 } };
