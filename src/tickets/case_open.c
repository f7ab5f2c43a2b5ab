/* A penalty case opened from a ticket (link_case with "open"): the case's
 * body as POST /api/v1/cases takes it, with what the officer leaves out
 * taken from the ticket: the violation its category is, the time it was
 * received, its location, its text and its plate. The case is opened in
 * the ticket's transaction, so the case and the link stand or fall
 * together. */
#include "tickets.h"
#include "cases/cases.h"

#include <stdio.h>
#include <string.h>

/* Where the ticket says it happened, in words: a road and kilometre, a
 * point, or the location's own description. */
static void place_of(const json_t *location, char *out, size_t size)
{
	const json_t *road = json_object_get(location, "road"), *km = json_object_get(location, "km");
	const json_t *lat = json_object_get(location, "lat"), *lon = json_object_get(location, "lon");
	const char *text = json_string_value(json_object_get(location, "text"));
	if (json_is_string(road) && json_is_number(km))
		snprintf(out, size, "%s K%.3f", json_string_value(road), json_number_value(km));
	else if (json_is_string(road))
		snprintf(out, size, "%s", json_string_value(road));
	else if (json_is_number(lat) && json_is_number(lon))
		snprintf(out, size, "%.6f,%.6f", json_number_value(lat), json_number_value(lon));
	else
		snprintf(out, size, "%s", text ? text : "");
}

static void default_text(json_t *body, const char *key, const char *value)
{
	if (!json_object_get(body, key) && value && *value)
		json_object_set_new(body, key, json_string(value));
}

int ticket_case_open(struct db *db, const struct caller *caller, const struct ticket_loaded *t, const json_t *open,
                     int64_t *case_id, struct err *e)
{
	if (!json_is_object(open))
		return err_reason(e, ERR_INVALID, "field_type", ERR_ARGS(ERR_TEXT("field", "open"), ERR_TEXT("type", "object")),
		                  "open is the body of the case to open (POST /api/v1/cases)");
	if (json_object_get(open, "detection"))
		return err_reason(e, ERR_INVALID, "field_unknown", ERR_ARGS(ERR_TEXT("field", "open.detection")),
		                  "a case opened from a ticket is not a detection's");
	json_t *body = json_deep_copy(open);
	const struct ticket_category *c =
	    ticket_category_find(tickets_rules(), json_string_value(json_object_get(t->row, "category")));
	default_text(body, "violation", c ? c->violation : NULL);
	default_text(body, "occurred_at", json_string_value(json_object_get(t->row, "received_at")));
	char place[256];
	place_of(json_object_get(t->row, "location"), place, sizeof place);
	default_text(body, "place", place);
	/* A text longer than a case's facts may be is refused by the case: the
	 * officer writes the facts then. */
	default_text(body, "facts", json_string_value(json_object_get(t->row, "text")));
	const char *plate = json_string_value(json_object_get(json_object_get(t->row, "subject"), "plate"));
	json_t *vehicle = json_object_get(body, "vehicle");
	if (plate && *plate && !vehicle)
		json_object_set_new(body, "vehicle", json_pack("{s:s}", "plate", plate));
	else if (plate && *plate && json_is_object(vehicle) && !json_object_get(vehicle, "plate"))
		json_object_set_new(vehicle, "plate", json_string(plate));
	int rc = cases_open(db, caller, body, case_id, e);
	json_decref(body);
	return rc;
}
