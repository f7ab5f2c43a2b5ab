/* GET /api/v1/repeat-offenders?on=DAY: vehicles, drivers and carriers over
 * the thresholds of 条例 Art.66 in the days ending on DAY (365 by the
 * rulebook), counted from the decided over-limit cases of the caller's
 * units, each with the measure the article names for a person to take. */
#include "cases.h"
#include "party.h"
#include "base/datetime.h"
#include "people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One vehicle, driver or carrier and its cases. */
struct offender {
	char key[128];
	json_t *item; /* what the answer shows of it */
	json_t *cases, *ids; /* the numbers and ids of its cases */
	json_t *plates;      /* carriers: the distinct plates */
};

struct tally {
	struct offender *o;
	size_t n, cap;
};

static struct offender *find(struct tally *t, const char *key, json_t *(*make)(const json_t *from), const json_t *from)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->o[i].key, key) == 0)
			return &t->o[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		struct offender *grown = realloc(t->o, cap * sizeof *grown);
		if (!grown)
			return NULL;
		t->o = grown;
		t->cap = cap;
	}
	struct offender *o = &t->o[t->n++];
	snprintf(o->key, sizeof o->key, "%s", key);
	o->item = make(from);
	o->cases = json_array();
	o->ids = json_array();
	o->plates = json_array();
	return o;
}

static json_t *vehicle_item(const json_t *v)
{
	return json_pack("{s:s,s:s?}", "plate", json_string_value(json_object_get(v, "plate")), "color",
	                 json_string_value(json_object_get(v, "color")));
}

/* A driver's certificate number is a resident ID: masked, as in every list. */
static json_t *driver_item(const json_t *d)
{
	const char *licence = json_string_value(json_object_get(d, "licence"));
	char shown[64] = "";
	if (licence && strlen(licence) < sizeof shown)
		party_mask_resident_id(slice_from(licence), shown);
	return json_pack("{s:s?,s:s}", "name", json_string_value(json_object_get(d, "name")), "licence", shown);
}

static json_t *carrier_item(const json_t *c)
{
	return json_pack("{s:s?,s:s?,s:I}", "name", json_string_value(json_object_get(c, "name")), "credit_code",
	                 json_string_value(json_object_get(c, "credit_code")), "fleet",
	                 (json_int_t)json_integer_value(json_object_get(c, "fleet")));
}

static void tally_free(struct tally *t)
{
	for (size_t i = 0; i < t->n; i++) {
		json_decref(t->o[i].item);
		json_decref(t->o[i].cases);
		json_decref(t->o[i].ids);
		json_decref(t->o[i].plates);
	}
	free(t->o);
}

static void add_case(struct offender *o, const char *number, json_int_t id)
{
	json_array_append_new(o->cases, json_string(number));
	json_array_append_new(o->ids, json_integer(id));
}

static bool has_text(json_t *array, const char *text)
{
	size_t i;
	json_t *v;
	json_array_foreach(array, i, v)
	{
		if (strcmp(json_string_value(v), text) == 0)
			return true;
	}
	return false;
}

/* The offenders of a tally over the threshold, with the measure. */
static json_t *over(struct tally *t, int more_than, const char *measure)
{
	json_t *out = json_array();
	for (size_t i = 0; i < t->n; i++) {
		size_t n = json_array_size(t->o[i].cases);
		if ((int)n <= more_than)
			continue;
		json_t *item = json_deep_copy(t->o[i].item);
		json_object_set_new(item, "count", json_integer((json_int_t)n));
		json_object_set(item, "cases", t->o[i].cases);
		json_object_set(item, "case_ids", t->o[i].ids);
		json_object_set_new(item, "recommendation", json_string(measure));
		json_array_append_new(out, item);
	}
	return out;
}

int repeat_offenders_get(struct http_request *rq, struct err *e)
{
	const char *on_text = http_query(rq, "on");
	int32_t on = cases_today();
	if (on_text && *on_text && date_parse(slice_from(on_text), &on))
		return err_reason(e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("field", "on"), ERR_TEXT("got", on_text)),
		                  "on '%s' is not a date YYYY-MM-DD", on_text);
	struct case_rules r;
	int rc = cases_rules_of(on, &r, e);
	if (rc)
		return rc;
	int32_t from = on - r.repeat_days + 1;
	/* Decided over-limit cases whose act lies in the window: referred and
	 * waived ones were not punished by this agency. */
	struct db_stmt *st = db_prepare(
	    rq->db,
	    "SELECT c.number, c.vehicle, c.occurred_at, c.id FROM cases c WHERE c.unit_code IN (" SCOPE_UNITS_SQL ")"
	    " AND c.violation IN ('overlimit_mass', 'overlimit_size')"
	    " AND c.state IN ('decided', 'served', 'paid', 'demanded', 'enforced', 'closed')"
	    " AND c.occurred_at >= $3 AND c.occurred_at < $4 ORDER BY c.occurred_at, c.id",
	    e);
	if (!st)
		return e->code;
	people_bind_scope(st, caller_of(rq));
	db_bind_int(st, 3, (int64_t)from * 86400 - LOCAL_UTC_OFFSET_S);
	db_bind_int(st, 4, (int64_t)(on + 1) * 86400 - LOCAL_UTC_OFFSET_S);
	struct tally vehicles = { 0 }, drivers = { 0 }, carriers = { 0 };
	bool oom = false;
	while ((rc = db_step(st, e)) == DB_ROW) {
		json_t *v = json_loads(db_col_text(st, 1), JSON_DECODE_ANY, NULL);
		const char *number = db_col_text(st, 0);
		json_int_t id = (json_int_t)db_col_int(st, 3);
		const char *plate = json_string_value(json_object_get(v, "plate"));
		const json_t *driver = json_object_get(v, "driver"), *carrier = json_object_get(v, "carrier");
		const char *licence = json_string_value(json_object_get(driver, "licence"));
		const char *code = json_string_value(json_object_get(carrier, "credit_code"));
		struct offender *o;
		if (plate && *plate && (o = find(&vehicles, plate, vehicle_item, v)))
			add_case(o, number, id);
		else if (plate && *plate)
			oom = true;
		if (licence && *licence && (o = find(&drivers, licence, driver_item, driver)))
			add_case(o, number, id);
		if (code && *code && (o = find(&carriers, code, carrier_item, carrier))) {
			add_case(o, number, id);
			if (plate && !has_text(o->plates, plate))
				json_array_append_new(o->plates, json_string(plate));
		}
		json_decref(v);
	}
	json_t *answer = NULL;
	if (rc >= 0 && !oom) {
		json_t *over_carriers = json_array();
		for (size_t i = 0; i < carriers.n; i++) {
			int64_t fleet = json_integer_value(json_object_get(carriers.o[i].item, "fleet"));
			int64_t n = (int64_t)json_array_size(carriers.o[i].plates);
			/* Over 10 % of the fleet: n / fleet > bp / 10000. */
			if (fleet <= 0 || n * 10000 <= fleet * r.repeat_fleet_bp)
				continue;
			json_t *item = json_deep_copy(carriers.o[i].item);
			json_object_set_new(item, "vehicles", json_integer(n));
			json_object_set_new(item, "share_bp", json_integer(n * 10000 / fleet));
			json_object_set(item, "cases", carriers.o[i].cases);
			json_object_set(item, "case_ids", carriers.o[i].ids);
			json_object_set_new(item, "recommendation", json_string("suspend_carrier"));
			json_array_append_new(over_carriers, item);
		}
		char a[11], b[11];
		date_format(from, a);
		date_format(on, b);
		answer = json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "from", a, "on", b, "citation",
		                   r.citation[CASE_RULE_REPEAT_OFFENDERS], "vehicles",
		                   over(&vehicles, r.repeat_more_than[0], "revoke_vehicle_permit"), "drivers",
		                   over(&drivers, r.repeat_more_than[1], "stop_driver"), "carriers", over_carriers);
	}
	tally_free(&vehicles);
	tally_free(&drivers);
	tally_free(&carriers);
	if (rc < 0)
		return rc;
	if (oom)
		return err_set(e, ERR_NOMEM, "out of memory counting repeat offenders");
	return http_json(rq, 200, answer);
}
