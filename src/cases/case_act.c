/* Recording an act of the procedure on a case (POST
 * /api/v1/cases/{id}/events, docs/api.md): the caller's roles checked for
 * the act, the act checked by procedure.c against the rules of its day,
 * stored with what it set, the fold kept on the case row, audited. */
#include "case_store.h"
#include "request_body.h"
#include "violations.h"
#include "base/audit.h"
#include "base/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	return err_reason(
	    e, ERR_CONFLICT, why->reason,
	    ERR_ARGS(ERR_TEXT("rule", case_rule_name(why->rule)), ERR_TEXT("day", day), ERR_TEXT("yuan", yuan)),
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
		rc = err_reason(e, ERR_INVALID, "event_unknown",
		                ERR_ARGS(ERR_TEXT("field", "type"), ERR_TEXT("got", type_name)),
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
		rc = case_body_yuan(body, "fine_yuan", ev.type == EVENT_DECIDE, &ev.fine_fen, e);
	if (!rc && ev.type == EVENT_PAY)
		rc = case_body_yuan(body, "amount_yuan", true, &ev.amount_fen, e);
	if (!rc && ev.type == EVENT_EXTEND) {
		json_t *days = json_object_get(body, "days");
		if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 365)
			rc = err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "days")),
			                "days must be a whole number of days");
		ev.days = (int)json_integer_value(days);
	}
	if (!rc)
		rc = body_text(body, "reason",
		                    ev.type == EVENT_EXTEND || ev.type == EVENT_REFER || ev.type == EVENT_WAIVE, 2000,
		                    &reason, e);
	if (!rc)
		rc = body_text(body, "chair", ev.type == EVENT_HEARING, 32, &chair, e);
	if (!rc)
		rc = body_text(body, "note", false, 2000, &note, e);
	json_t *footage = NULL;
	if (!rc)
		rc = case_body_footage(body, &footage, e);
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
			const struct violation *v = violation_find(cases_violations(), code);
			if (!v || !v->first_offence_waivable)
				rc = err_reason(
				    e, ERR_CONFLICT, "waiver_not_allowed", ERR_ARGS(ERR_TEXT("violation", code)),
				    "the first-offence waiver does not apply to '%s' (rules/violations.json)", code);
		}
		if (!rc && ev.type == EVENT_NOTIFY && json_is_null(json_object_get(c.row, "party")))
			rc = err_reason(e, ERR_CONFLICT, "party_missing", ERR_ARGS(ERR_TEXT("rule", "notice")),
			                "the notice names the party: give the case its party first");
		struct case_refusal why = { 0 };
		if (!rc) {
			int got = case_record(&r, cases_calendar(), &c.status, &ev, now, &why, e);
			rc = got == 1 ? refusal(&r, &why, e) : got;
		}
		if (!rc) {
			json_t *stored = json_pack("{s:I,s:I,s:i,s:s,s:s,s:s}", "fine_fen", (json_int_t)ev.fine_fen,
			                           "amount_fen", (json_int_t)ev.amount_fen, "days", ev.days, "reason",
			                           reason, "chair", chair, "note", note);
			if (json_array_size(footage))
				json_object_set(stored, "footage", footage);
			json_t *sets = case_sets_json(&ev);
			char *body_text_ = json_dumps(stored, JSON_COMPACT | JSON_SORT_KEYS);
			char *sets_text = json_dumps(sets, JSON_COMPACT | JSON_SORT_KEYS);
			rc = body_text_ && sets_text
			         ? db_get_int(
			               db,
			               "INSERT INTO case_events (case_id, seq, type, on_day, body, sets, actor, at)"
			               " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
			               DB_ARGS(DB_INT(id), DB_INT(c.nevents + 1), DB_TEXT(type_name),
			                       DB_INT(date_key(ev.on)), DB_TEXT(body_text_), DB_TEXT(sets_text),
			                       DB_TEXT(caller->login), DB_INT(cases_now())),
			               NULL, e)
			         : err_set(e, ERR_NOMEM, "out of memory storing an act");
			rc = rc < 0 ? rc : case_store_fold(db, id, &c.status, e);
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
				rc = audit_append_json(db, caller->login, action, object, NULL, json_incref(stored),
				                       cases_now(), e);
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
