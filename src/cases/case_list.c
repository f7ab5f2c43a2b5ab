/* The list of cases (GET /api/v1/cases, docs/api.md): the cases of the
 * caller's scope, by state, with their next deadline, the party masked. */
#include "case_json.h"
#include "case_store.h"
#include "base/datetime.h"
#include "base/list.h"
#include "people/people.h"

#include <string.h>

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
	json_t *party = case_column_json(st, 10), *vehicle = case_column_json(st, 11);
	json_t *shown = case_party_shown(party, false), *vehicle_shown = case_vehicle_shown(vehicle, false);
	json_decref(party);
	json_decref(vehicle);
	int64_t next = db_col_is_null(st, 19) ? 0 : db_col_int(st, 19);
	int32_t next_day = next ? date_from_key((int32_t)next) : 0;
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:I,s:o,s:s,s:o,s:o}", "id",
	                 (json_int_t)db_col_int(st, 0), "number", db_col_text(st, 1), "unit", db_col_text(st, 2),
	                 "procedure", db_col_text(st, 3), "violation", db_col_text(st, 4), "occurred_at",
	                 datetime_json_local(db_col_int(st, 6)), "place", db_col_text(st, 7), "party", shown, "vehicle",
	                 vehicle_shown, "proposed_fine_fen", (json_int_t)db_col_int(st, 13), "opened_on",
	                 date_json(date_from_key((int32_t)db_col_int(st, 14))), "state", db_col_text(st, 18),
	                 "next_due", next ? date_json(next_day) : json_null(), "days_left",
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
	.ncolumns = 23,
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
