/* The CASE of a caller (case_json.h). */
#include "case_json.h"
#include "documents_http.h"
#include "party.h"
#include "base/datetime.h"
#include "people/people.h"

#include <stdlib.h>
#include <string.h>

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

json_t *case_party_shown(const json_t *party, bool whole)
{
	if (!json_is_object(party) || whole)
		return json_incref((json_t *)party);
	json_t *p = json_deep_copy(party);
	const char *id = json_string_value(json_object_get(party, "id_number"));
	const char *phone = json_string_value(json_object_get(party, "phone"));
	bool person = strcmp(json_string_value(json_object_get(party, "kind")), "person") == 0;
	if (id)
		json_object_set_new(p, "id_number",
		                    masked(id, person ? party_mask_resident_id : party_mask_credit_code));
	if (phone)
		json_object_set_new(p, "phone", masked(phone, party_mask_phone));
	return p;
}

json_t *case_vehicle_shown(const json_t *vehicle, bool whole)
{
	const char *licence = json_string_value(json_object_get(json_object_get(vehicle, "driver"), "licence"));
	if (whole || !licence)
		return json_incref((json_t *)vehicle);
	json_t *v = json_deep_copy(vehicle);
	json_object_set_new(json_object_get(v, "driver"), "licence", masked(licence, party_mask_resident_id));
	return v;
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
			allowed = case_record(r, cases_calendar(), &copy, &ev, last, &why, &e) == 0;
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

json_t *case_json(struct db *db, const struct case_loaded *c, const struct caller *caller, const struct case_rules *r)
{
	const struct case_status *s = &c->status;
	json_t *o = json_deep_copy(c->row);
	json_object_set_new(o, "party", case_party_shown(json_object_get(c->row, "party"), handles(caller, c)));
	json_object_set_new(o, "vehicle", case_vehicle_shown(json_object_get(c->row, "vehicle"), handles(caller, c)));
	json_object_set_new(o, "state", json_string(case_state_name(s->state)));
	int64_t fine = s->state >= CASE_DECIDED ? s->fine_fen
	               : s->notified_on         ? s->notified_fine_fen
	                                        : s->proposed_fine_fen;
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
			                    json_pack("{s:o,s:b,s:s,s:s?,s:o}", "day", date_json(s->due[i].day),
			                              "provisional", s->due[i].provisional, "rule",
			                              case_rule_name(s->due[i].rule), "citation",
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
