/* The calendar's HTTP route: the last day of a period, for any signed-in
 * user (a case page, a form that shows a deadline before it is saved). */
#include "calendar.h"
#include "base/access.h"
#include "base/datetime.h"

#include <stdio.h>

/* Loaded at start, read by every thread, freed at stop. */
static struct calendar_book *api_book;

/* GET /api/v1/calendar/due?from=YYYY-MM-DD&kind=working|calendar&n=N
 * -> {"from", "kind", "n", "due", "provisional", "calendar": {"first", "last"}} */
static int due_get(struct http_request *rq, struct err *e)
{
	const char *from_text = http_query(rq, "from"), *kind_text = http_query(rq, "kind");
	const char *n_text = http_query(rq, "n");
	int32_t from, due;
	enum calendar_kind kind;
	int64_t n;
	bool provisional;
	if (!from_text || date_parse(slice_from(from_text), &from))
		return err_set(e, ERR_INVALID, "from must be a date YYYY-MM-DD");
	if (!kind_text || calendar_kind_parse(slice_from(kind_text), &kind))
		return err_set(e, ERR_INVALID, "kind must be working or calendar");
	if (!n_text || slice_to_int(slice_from(n_text), &n) || n < 1 || n > CALENDAR_MAX_PERIOD)
		return err_set(e, ERR_INVALID, "n must be a whole number from 1 to %d", CALENDAR_MAX_PERIOD);
	int rc = calendar_due(api_book, from, kind, (int)n, &due, &provisional, e);
	if (rc)
		return rc;
	char a[11], b[11], first[11], last[11];
	date_format(from, a);
	date_format(due, b);
	date_format(api_book->first_day, first);
	date_format(api_book->last_day, last);
	json_t *o = json_pack("{s:s,s:s,s:i,s:s,s:b,s:{s:s,s:s}}", "from", a, "kind", calendar_kind_name(kind), "n",
	                      (int)n, "due", b, "provisional", provisional, "calendar", "first", first, "last", last);
	return o ? http_json(rq, 200, o) : err_set(e, ERR_NOMEM, "out of memory writing the answer");
}

const struct http_route calendar_routes[] = {
	{ HTTP_GET, "/api/v1/calendar/due", due_get, ROLES_ALL },
	{ 0 },
};

int calendar_api_start(const char *rules_dir, struct err *e)
{
	return calendar_book_load(rules_dir, &api_book, e);
}

void calendar_api_stop(void)
{
	calendar_book_free(api_book);
	api_book = NULL;
}
