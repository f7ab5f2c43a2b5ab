/* GET /api/v1/tickets/escalations (docs/api.md): the supervisor's 督办
 * list of a day, per unit: the open tickets whose clock is at risk (a
 * reminder is due: within remind_hours of its deadline) or overdue, and
 * how far an overdue one has gone (overdue; an urging notice from the day
 * after; a circular five working days later), with the notices that fall
 * on that day. Each ticket shows once, by its clock that runs out first.
 *
 * A day before today is seen as it stood at its end: acts done later do
 * not count yet. */
#include "tickets.h"
#include "base/datetime.h"
#include "people/people.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

enum level { LEVEL_AT_RISK, LEVEL_OVERDUE, LEVEL_URGE, LEVEL_CIRCULAR, LEVEL_COUNT };
static const char *const level_names[LEVEL_COUNT] = { "at_risk", "overdue", "urge", "circular" };

struct unit_list {
	json_t *items;
	int count[LEVEL_COUNT];
};

/* An act done after the instant seen has not been done yet. */
static int64_t by(int64_t done, int64_t at)
{
	return done && done <= at ? done : 0;
}

/* The ticket's most pressing clock at `at`: 1 with *which and *v when one
 * is at risk or overdue, 0 when none. */
static int pressing(const struct ticket_status *s, int64_t at, enum ticket_clock_name *which,
                    struct ticket_clock_view *v)
{
	int found = 0;
	for (int k = 0; k < CLOCK_COUNT; k++) {
		struct ticket_clock_view c;
		if (ticket_clock_view(tickets_rules(), tickets_calendar(), s, (enum ticket_clock_name)k, at, &c))
			continue;
		if (c.state != CLOCK_AT_RISK && c.state != CLOCK_OVERDUE)
			continue;
		if (!found || c.due_at < v->due_at) {
			*v = c;
			*which = (enum ticket_clock_name)k;
			found = 1;
		}
	}
	return found;
}

static enum level level_of(const struct ticket_clock_view *v, int32_t day)
{
	if (v->state == CLOCK_AT_RISK)
		return LEVEL_AT_RISK;
	if (v->circular_on && day >= v->circular_on)
		return LEVEL_CIRCULAR;
	return v->urge_on && day >= v->urge_on ? LEVEL_URGE : LEVEL_OVERDUE;
}

static json_t *item_json(struct db_stmt *st, enum ticket_clock_name which, const struct ticket_clock_view *v,
                         enum level level, int32_t day)
{
	const struct ticket_category *c = ticket_category_find(tickets_rules(), db_col_text(st, 2));
	/* The notice that falls on the day: the reminder of an at-risk clock,
	 * the urging notice or the circular on their days. */
	const char *notice = level == LEVEL_AT_RISK            ? "remind"
	                     : level == LEVEL_URGE && day == v->urge_on ? "urge"
	                     : level == LEVEL_CIRCULAR && day == v->circular_on ? "circular"
	                                                                         : NULL;
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:I,s:o,s:o,s:o}", "id", (json_int_t)db_col_int(st, 0),
	                 "number", db_col_text(st, 1), "category", db_col_text(st, 2), "category_name", c ? c->name : "",
	                 "state", db_col_text(st, 3), "officer", db_col_text(st, 5), "clock", ticket_clock_name(which),
	                 "level", level_names[level], "due", datetime_json_local(v->due_at), "left_s",
	                 (json_int_t)v->left_s, "urge_on", v->urge_on ? date_json(v->urge_on) : json_null(), "circular_on",
	                 v->circular_on ? date_json(v->circular_on) : json_null(), "notice",
	                 notice ? json_string(notice) : json_null());
}

static json_t *counts_json(const int count[LEVEL_COUNT])
{
	return json_pack("{s:i,s:i,s:i,s:i}", "at_risk", count[LEVEL_AT_RISK], "overdue",
	                 count[LEVEL_OVERDUE] + count[LEVEL_URGE] + count[LEVEL_CIRCULAR], "urge", count[LEVEL_URGE],
	                 "circular", count[LEVEL_CIRCULAR]);
}

/* The open tickets of the caller's scope (and unit, if given) at `at`,
 * by unit, most overdue first within each. */
static int collect(struct db *db, const struct caller *scope, const char *unit, int64_t at, int32_t day,
                   json_t *units, int total[LEVEL_COUNT], struct err *e)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT t.id, t.number, t.category, t.state, t.unit_code, t.officer, t.received_at, t.contact_due_at,"
	    " t.resolve_due, t.close_due, t.contacted_at, t.resolved_at, t.closed_at FROM tickets t"
	    " WHERE (t.unit_code IN (" SCOPE_UNITS_SQL ") OR (t.unit_code = '' AND $1 = 1))"
	    " AND t.state <> 'merged' AND t.received_at <= $3 AND (t.closed_at = 0 OR t.closed_at > $3)"
	    " AND (CAST($4 AS TEXT) = '' OR t.unit_code = $4)"
	    " ORDER BY t.unit_code, t.received_at, t.id",
	    e);
	if (!st)
		return e->code;
	people_bind_scope(st, scope);
	db_bind_int(st, 3, at);
	db_bind_text(st, 4, unit, strlen(unit));
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct ticket_status s = { .state = TICKET_ASSIGNED };
		s.received_at = db_col_int(st, 6);
		s.due.contact_at = db_col_int(st, 7);
		s.due.resolve = date_from_key((int32_t)db_col_int(st, 8));
		s.due.close = date_from_key((int32_t)db_col_int(st, 9));
		s.contacted_at = by(db_col_int(st, 10), at);
		s.resolved_at = by(db_col_int(st, 11), at);
		s.closed_at = by(db_col_int(st, 12), at);
		enum ticket_clock_name which;
		struct ticket_clock_view v;
		if (!pressing(&s, at, &which, &v))
			continue;
		const char *code = db_col_text(st, 4);
		json_t *u = json_object_get(units, code);
		if (!u) {
			u = json_pack("{s:[]}", "items");
			json_object_set_new(units, code, u);
		}
		enum level level = level_of(&v, day);
		json_array_append_new(json_object_get(u, "items"), item_json(st, which, &v, level, day));
		json_object_set_new(u, level_names[level], json_integer(json_integer_value(json_object_get(u, level_names[level])) + 1));
		total[level]++;
	}
	return rc < 0 ? rc : 0;
}

/* Most pressing first: the longest overdue, then the least time left. */
static int by_left(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "left_s"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "left_s"));
	return (x > y) - (x < y);
}

static json_t *units_json(json_t *by_code)
{
	json_t *out = json_array();
	const char *code;
	json_t *u;
	json_object_foreach(by_code, code, u)
	{
		json_t *items = json_object_get(u, "items");
		size_t n = json_array_size(items);
		json_t **sorted = n ? calloc(n, sizeof *sorted) : NULL;
		for (size_t i = 0; sorted && i < n; i++)
			sorted[i] = json_incref(json_array_get(items, i));
		if (sorted)
			qsort(sorted, n, sizeof *sorted, by_left);
		json_t *list = json_array();
		for (size_t i = 0; sorted && i < n; i++)
			json_array_append_new(list, sorted[i]);
		free(sorted);
		int count[LEVEL_COUNT];
		for (int l = 0; l < LEVEL_COUNT; l++)
			count[l] = (int)json_integer_value(json_object_get(u, level_names[l]));
		json_t *entry = counts_json(count);
		json_object_set_new(entry, "unit", json_string(code));
		json_object_set_new(entry, "items", list);
		json_array_append_new(out, entry);
	}
	return out;
}

int tickets_escalations_get(struct http_request *rq, struct err *e)
{
	int64_t now = (int64_t)time(NULL);
	int32_t today = local_day(now), day = today;
	const char *on = http_query(rq, "on"), *unit = http_query(rq, "unit");
	if (on && *on && date_parse(slice_from(on), &day))
		return err_reason(e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("field", "on"), ERR_TEXT("got", on)),
		                  "on '%s' is not a date YYYY-MM-DD", on);
	if (day > today)
		return err_reason(e, ERR_INVALID, "date_in_future", ERR_ARGS(ERR_TEXT("field", "on")),
		                  "the day asked about is in the future");
	int64_t at = day == today ? now : (int64_t)(day + 1) * 86400 - LOCAL_UTC_OFFSET_S - 1;
	const struct ticket_rulebook *rb = tickets_rules();
	json_t *by_code = json_object();
	int total[LEVEL_COUNT] = { 0 };
	int rc = collect(rq->db, caller_of(rq), unit ? unit : "", at, day, by_code, total, e);
	if (rc) {
		json_decref(by_code);
		return rc;
	}
	json_t *out = json_pack("{s:o,s:o,s:i,s:i,s:i,s:o,s:o}", "on", date_json(day), "at", datetime_json_local(at),
	                        "remind_hours", rb->remind_hours, "urge_days", rb->urge_days, "circular_working_days",
	                        rb->circular_working_days, "totals", counts_json(total), "units", units_json(by_code));
	json_decref(by_code);
	return http_json(rq, 200, out);
}
