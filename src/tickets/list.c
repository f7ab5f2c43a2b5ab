/* GET /api/v1/tickets (docs/api.md): the tickets of the caller's scope,
 * filtered by state, category, unit, channel or a search, and by what was
 * overdue on a day: a clock whose deadline had passed by the end of that
 * day without its act. Each row says so, with its deadlines. */
#include "tickets.h"
#include "base/datetime.h"
#include "base/list.h"
#include "cases/party.h"
#include "people/people.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct ticket_filter {
	const struct caller *scope;
	const char *state, *category, *unit, *channel, *q;
	int overdue, at_risk;
	int64_t now, remind_until; /* at risk: a deadline in (now, remind_until] */
	int32_t risk_from, risk_to; /* ... its day's key between these */
	int64_t case_id; /* the tickets that opened it (0: any) */
	int64_t end; /* the end of the day asked about */
	int32_t key; /* that day, YYYYMMDD */
};

/* At risk now ($12), within the reminder's hours ($13): an open clock
 * whose deadline falls in them; a day's deadline (it runs out at the
 * day's end) when its day is from $14 to $15. */
#define AT_RISK_SQL                                                                                     \
	"(t.state NOT IN ('merged', 'closed') AND ("                                                    \
	"(t.contacted_at = 0 AND t.resolved_at = 0 AND t.contact_due_at > $12 AND t.contact_due_at <= $13)" \
	" OR (t.resolved_at = 0 AND t.resolve_due BETWEEN $14 AND $15)"                                  \
	" OR (t.closed_at = 0 AND t.close_due BETWEEN $14 AND $15)))"

/* Overdue by the end of day $6 ($7 its key): contact, resolve or close. */
#define OVERDUE_SQL                                                                                           \
	"(t.state <> 'merged' AND t.received_at < $6 AND ("                                                     \
	"(t.contact_due_at < $6 AND (t.contacted_at = 0 OR t.contacted_at > $6)"                              \
	" AND (t.resolved_at = 0 OR t.resolved_at > $6))"                                                      \
	" OR (t.resolve_due < $7 AND (t.resolved_at = 0 OR t.resolved_at > $6))"                               \
	" OR (t.close_due < $7 AND (t.closed_at = 0 OR t.closed_at > $6))))"

static void filter_bind(struct db_stmt *st, const void *arg)
{
	const struct ticket_filter *f = arg;
	people_bind_scope(st, f->scope);
	db_bind_text(st, 3, f->state, strlen(f->state));
	db_bind_text(st, 4, f->category, strlen(f->category));
	db_bind_int(st, 5, f->overdue);
	db_bind_int(st, 6, f->end);
	db_bind_int(st, 7, f->key);
	db_bind_text(st, 8, f->unit, strlen(f->unit));
	db_bind_text(st, 9, f->channel, strlen(f->channel));
	db_bind_text(st, 10, f->q, strlen(f->q));
	db_bind_int(st, 11, f->case_id);
	db_bind_int(st, 12, f->now);
	db_bind_int(st, 13, f->remind_until);
	db_bind_int(st, 14, f->risk_from);
	db_bind_int(st, 15, f->risk_to);
	db_bind_int(st, 16, f->at_risk);
}

static json_t *list_item(struct db_stmt *st)
{
	const char *phone = db_col_text(st, 8);
	char masked[64] = "";
	if (strlen(phone) < sizeof masked)
		party_mask_phone(slice_from(phone), masked);
	const struct ticket_category *c = ticket_category_find(tickets_rules(), db_col_text(st, 5));
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:o,s:{s:s,s:s},s:s,s:s,s:s,s:s,s:{s:o,s:o,s:o},s:b,s:s,s:b}", "id",
	                 (json_int_t)db_col_int(st, 0), "number", db_col_text(st, 1), "channel", db_col_text(st, 2),
	                 "source_no", db_col_text(st, 3), "kind", db_col_text(st, 4), "category", db_col_text(st, 5),
	                 "received_at", datetime_json_local(db_col_int(st, 6)), "caller", "name", db_col_text(st, 7),
	                 "phone", masked, "plate", db_col_text(st, 9), "state", db_col_text(st, 10), "unit",
	                 db_col_text(st, 11), "officer", db_col_text(st, 12), "deadlines", "contact",
	                 datetime_json_local(db_col_int(st, 13)), "resolve",
	                 date_json(date_from_key((int32_t)db_col_int(st, 14))), "close",
	                 date_json(date_from_key((int32_t)db_col_int(st, 15))), "overdue", db_col_int(st, 16) != 0,
	                 "category_name", c ? c->name : "", "at_risk", db_col_int(st, 17) != 0);
}

static const struct list_sort sorts[] = {
	{ "received_at", "t.received_at", 'i', NULL },
	{ "number", "t.number", 't', NULL },
	{ "state", "t.state", 't', NULL },
	{ "resolve_due", "t.resolve_due", 'i', NULL },
	{ "close_due", "t.close_due", 'i', NULL },
	{ "category", "t.category", 't', NULL },
	{ 0 },
};

static const struct list ticket_list = {
	.columns = "t.id, t.number, t.channel, t.source_no, t.kind, t.category, t.received_at, t.caller_name,"
	           " t.caller_phone, t.plate, t.state, t.unit_code, t.officer, t.contact_due_at, t.resolve_due,"
	           " t.close_due, CASE WHEN " OVERDUE_SQL " THEN 1 ELSE 0 END, CASE WHEN " AT_RISK_SQL " THEN 1 ELSE 0 END",
	.ncolumns = 18,
	.from = "FROM tickets t WHERE (t.unit_code IN (" SCOPE_UNITS_SQL ") OR (t.unit_code = '' AND $1 = 1))"
	        " AND (CAST($3 AS TEXT) = '' OR t.state = $3 OR ($3 = 'open' AND t.state NOT IN ('closed', 'merged')))"
	        " AND (CAST($4 AS TEXT) = '' OR t.category = $4)"
	        " AND ($5 = 0 OR " OVERDUE_SQL ")"
	        " AND (CAST($8 AS TEXT) = '' OR t.unit_code = $8)"
	        " AND (CAST($9 AS TEXT) = '' OR t.channel = $9)"
	        " AND (CAST($10 AS TEXT) = '' OR t.number = $10 OR t.plate = $10 OR t.caller_phone = $10"
	        "  OR t.source_no = $10)"
	        " AND ($11 = 0 OR t.case_id = $11)"
	        " AND ($16 = 0 OR " AT_RISK_SQL ")",
	.nparams = 16,
	.id = "t.id",
	.sorts = sorts,
	.desc = true,
	.bind = filter_bind,
	.item = list_item,
};

static int flag(const char *v)
{
	return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

int tickets_get(struct http_request *rq, struct err *e)
{
	const char *on = http_query(rq, "on"), *category = http_query(rq, "category");
	int64_t now = (int64_t)time(NULL);
	int32_t day = local_day(now);
	if (on && *on && date_parse(slice_from(on), &day))
		return err_reason(e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("field", "on"), ERR_TEXT("got", on)),
		                  "on '%s' is not a date YYYY-MM-DD", on);
	const struct ticket_category *c = category && *category ? ticket_category_find(tickets_rules(), category) : NULL;
	if (category && *category && !c)
		return err_reason(e, ERR_INVALID, "code_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "category"), ERR_TEXT("got", category)),
		                  "category '%s' is not in rules/tickets.json", category);
	const char *state = http_query(rq, "state"), *unit = http_query(rq, "unit"), *channel = http_query(rq, "channel"),
	           *q = http_query(rq, "q");
	const struct ticket_code *ch = channel && *channel ? ticket_channel_find(tickets_rules(), channel) : NULL;
	const char *case_text = http_query(rq, "case");
	int64_t case_id = 0;
	if (case_text && *case_text && (slice_to_int(slice_from(case_text), &case_id) || case_id < 1))
		return err_reason(e, ERR_INVALID, "field_type", ERR_ARGS(ERR_TEXT("field", "case"), ERR_TEXT("type", "id")),
		                  "case is a case's id");
	struct ticket_filter f = {
		.scope = caller_of(rq),
		.state = state ? state : "",
		.category = c ? c->code : "",
		.unit = unit ? unit : "",
		.channel = ch ? ch->code : channel ? channel : "",
		.q = q ? q : "",
		.overdue = flag(http_query(rq, "overdue")),
		.case_id = case_id,
		.at_risk = flag(http_query(rq, "at_risk")),
		.now = now,
		.remind_until = now + (int64_t)tickets_rules()->remind_hours * 3600,
		.risk_from = date_key(local_day(now)),
		.risk_to = date_key(local_day(now + (int64_t)tickets_rules()->remind_hours * 3600) - 1),
		.end = (int64_t)(day + 1) * 86400 - LOCAL_UTC_OFFSET_S,
		.key = date_key(day),
	};
	struct list_query lq;
	int rc = list_parse(rq, &ticket_list, &lq, e);
	return rc ? rc : list_answer(rq, &ticket_list, &lq, &f, e);
}

int tickets_about_plate(struct db *db, const char *plate, int limit, json_t **items, int64_t *total, struct err *e)
{
	*items = json_array();
	*total = 0;
	int rc = db_get_int(db, "SELECT count(*) FROM tickets WHERE plate = $1 AND plate <> '' AND state <> 'merged'",
	                    DB_ARGS(DB_TEXT(plate)), total, e);
	struct db_stmt *st = rc < 0 ? NULL
	                            : db_prepare(db,
	                                         "SELECT id, number, category, state, received_at FROM tickets"
	                                         " WHERE plate = $1 AND plate <> '' AND state <> 'merged'"
	                                         " ORDER BY received_at DESC, id DESC LIMIT $2",
	                                         e);
	if (!st)
		return rc < 0 ? rc : e->code;
	db_bind_text(st, 1, plate, strlen(plate));
	db_bind_int(st, 2, limit);
	while ((rc = db_step(st, e)) == DB_ROW) {
		const struct ticket_category *c = ticket_category_find(tickets_rules(), db_col_text(st, 2));
		json_array_append_new(*items, json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)db_col_int(st, 0),
		                                        "number", db_col_text(st, 1), "category", db_col_text(st, 2),
		                                        "category_name", c ? c->name : "", "state", db_col_text(st, 3),
		                                        "received_at", datetime_json_local(db_col_int(st, 4))));
	}
	return rc < 0 ? rc : 0;
}
