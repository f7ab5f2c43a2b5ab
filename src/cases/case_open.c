/* Opening a case (POST /api/v1/cases, docs/api.md): from a detection
 * confirmed by screening, or from an on-site act with its violation of
 * the catalogue; its officers, party and vehicle checked, its deadlines
 * set by procedure.c under the rules of the opening day, and stored
 * (case_store.c). */
#include "case_store.h"
#include "request_body.h"
#include "violations.h"
#include "base/datetime.h"
#include "overlimit/api.h"
#include "people/people.h"

#include <stdio.h>
#include <string.h>

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
			                  ERR_ARGS(ERR_TEXT("field", "officers"), ERR_TEXT("badge", badge),
			                           ERR_TEXT("day", a), ERR_TEXT("rule", "officers")),
			                  "the certificate of badge '%s' is not valid on %s (%s)", badge, a,
			                  r->citation[CASE_RULE_OFFICERS]);
		}
		if (may)
			json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:o}", "badge", badge, "login", o.login,
			                                      "name", o.name, "cert_valid_to",
			                                      on_record ? date_json(o.cert_to) : json_null()));
		else {
			json_decref(list);
			return err_reason(
			    e, ERR_INVALID, "officer_unknown",
			    ERR_ARGS(ERR_TEXT("field", "officers"), ERR_TEXT("badge", badge ? badge : "")),
			    "badge '%s' is no enabled officer's, or is given twice", badge ? badge : "");
		}
	}
	*out = list;
	return 0;
}

/* The detection a case is opened from: confirmed by screening and
 * admissible, of the caller's scope, without a case yet. */
static int from_detection(struct db *db, const struct caller *caller, int64_t id, struct case_opening *o, char *place,
                          size_t size, char *facts, size_t fsize, char *unit, struct err *e)
{
	struct overlimit_case_facts d;
	int64_t cases = 0;
	int rc = overlimit_case_facts(db, caller, id, &d, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_reason(e, ERR_NOTFOUND, "detection_unknown", ERR_ARGS(ERR_INT("id", id)),
		                  "no detection %lld of your units", (long long)id);
	if ((rc = db_get_int(db, "SELECT count(*) FROM cases WHERE detection_id = $1", DB_ARGS(DB_INT(id)), &cases,
	                     e)) < 0)
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
			rc = *kind == PARTY_PERSON
			         ? party_resident_id_check(slice_from(v), cases_today(), normal, &birth, e)
			         : party_credit_code_check(slice_from(v), normal, e);
		else if (!rc && *v && strcmp(fields[i], "phone") == 0)
			rc = party_phone_check(slice_from(v), normal, e);
		if (!rc && *v)
			json_object_set_new(
			    p, fields[i],
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

int cases_open(struct db *db, const struct caller *caller, const json_t *body, int64_t *id, struct err *e)
{
	struct case_opening o = { .unit = caller->unit, .procedure = "standard", .party = NULL };
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
		rc = case_body_footage(body, &o.footage, e);
	if (!rc)
		rc = party_read(json_object_get(body, "party"), &o.party, &o.party_kind, e);
	if (!rc && json_object_get(body, "detection")) {
		json_t *d = json_object_get(body, "detection");
		rc = json_is_integer(d)
		         ? from_detection(db, caller, json_integer_value(d), &o, place, sizeof place, facts,
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
		const struct violation *v = rc ? NULL : violation_find(cases_violations(), o.violation);
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
				rc = err_reason(e, ERR_INVALID, "date_invalid",
				                ERR_ARGS(ERR_TEXT("field", "occurred_at")),
				                "occurred_at must be a date-time (ISO 8601) or a date");
		}
		if (!rc)
			rc = body_text(body, "place", true, 200, &o.place, e);
		if (!rc)
			rc = body_text(body, "facts", true, 2000, &o.facts, e);
		if (!rc)
			rc = case_body_yuan(body, "fine_yuan", false, &o.proposed_fine_fen, e);
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
		                "the act is older than %d years (%s)", r.limitation_years,
		                r.citation[CASE_RULE_LIMITATION]);
	struct case_status s;
	if (!rc)
		rc = case_open(&r, cases_calendar(), o.opened_on, strcmp(o.procedure, "summary") == 0, o.party_kind,
		               o.proposed_fine_fen, &s, e);
	char number[64];
	/* A chief who opens a case approves it; an officer's waits for one. */
	const char *approved_by = caller->roles & (ROLE_CHIEF | ROLE_ADMIN) ? caller->login : "";
	/* Within a caller's transaction (a case opened from a ticket) it
	 * commits or rolls back with the rest. */
	bool own = !db_in_transaction(db);
	if (!rc && !(rc = own ? db_begin(db, e) : 0)) {
		rc = case_insert(db, &r, &o, &s, approved_by, caller->login, id, number, e);
		rc = rc || !own ? rc : db_commit(db, e);
		if (rc && own)
			db_rollback(db);
	}
	json_decref(o.party);
	json_decref(o.vehicle);
	json_decref(o.officers);
	json_decref(o.footage);
	return rc;
}
