/* GET /api/v1/tickets/stats (docs/api.md): the figures of the tickets
 * received in a period, in the caller's scope, computed in SQL from the
 * columns the fold keeps (schema/0001_tickets): how many by channel, kind,
 * category and unit; for each clock of "137" how many were done by their
 * deadline among those whose deadline has passed or that are done, and how
 * many are late and still open; the callbacks' satisfaction; the reopened
 * and the merged. A merged ticket is answered by the one it went into: it
 * counts only as merged.
 *
 * resolve_due and close_due are days (YYYYMMDD) met by the end of that
 * local day; DAY_END turns one into that instant with integer arithmetic
 * both SQLite and PostgreSQL do alike (days from the civil date, as
 * base/datetime.c counts them). */
#include "tickets.h"
#include "base/datetime.h"
#include "base/page.h"
#include "people/people.h"

#include <string.h>
#include <time.h>

/* The year of a YYYYMMDD counted from March (January and February belong
 * to the year before), its month from March (0..11), its day. */
#define CIVIL_Y(c) \
	"(CAST(" c " AS BIGINT) / 10000 - CASE WHEN CAST(" c " AS BIGINT) / 100 % 100 <= 2 THEN 1 ELSE 0 END)"
#define CIVIL_M(c) "((CAST(" c " AS BIGINT) / 100 % 100 + 9) % 12)"
#define CIVIL_D(c) "(CAST(" c " AS BIGINT) % 100)"
/* The day number (days since 1970-01-01) of a YYYYMMDD of 1970 or later. */
#define DAY_NUMBER(c)                                                                                                 \
	"(365 * " CIVIL_Y(c) " + " CIVIL_Y(c) " / 4 - " CIVIL_Y(c) " / 100 + " CIVIL_Y(c) " / 400 + (153 * " CIVIL_M( \
	    c) " + 2) / 5 + " CIVIL_D(c) " - 1 - 719468)"
/* The instant a day's deadline runs out: the end of that day, UTC+8. */
#define DAY_END(c) "((" DAY_NUMBER(c) " + 1) * 86400 - 28800)"

/* The tickets received in [$3, $4) of the scope $1, $2, merged or not, with
 * each clock's deadline and act as instants; $5 is now. */
#define PERIOD_CTE                                                                                                \
	"WITH t AS (SELECT id, state, unit_code, channel, kind, category, satisfaction,"                          \
	" contact_due_at AS c_due, CASE WHEN contacted_at > 0 THEN contacted_at ELSE resolved_at END AS c_done,"  \
	" " DAY_END("resolve_due") " AS r_due, resolved_at AS r_done,"                                            \
	                           " " DAY_END(                                                                   \
	                               "close_due") " AS z_due, closed_at AS z_done, CAST($5 AS BIGINT) AS now_s" \
	                                            " FROM tickets WHERE (unit_code IN (" SCOPE_UNITS_SQL         \
	                                            ") OR (unit_code = '' AND $1 = 1))"                           \
	                                            " AND received_at >= $3 AND received_at < $4) "

/* One clock's three sums: done by the deadline; counted (done, or its
 * deadline passed); late and still open. */
#define CLOCK_SUMS(due, done)                                                                 \
	"COALESCE(SUM(CASE WHEN " done " > 0 AND " done " <= " due " THEN 1 ELSE 0 END), 0)," \
	" COALESCE(SUM(CASE WHEN " done " > 0 OR " due " < now_s THEN 1 ELSE 0 END), 0),"     \
	" COALESCE(SUM(CASE WHEN " done " = 0 AND " due " < now_s THEN 1 ELSE 0 END), 0)"
#define ALL_CLOCKS CLOCK_SUMS("c_due", "c_done") ", " CLOCK_SUMS("r_due", "r_done") ", " CLOCK_SUMS("z_due", "z_done")

struct stats_query {
	const struct caller *scope;
	int64_t start, end, now;
};

static struct db_stmt *stats_prepare(struct db *db, const struct stats_query *q, const char *sql, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return NULL;
	people_bind_scope(st, q->scope);
	db_bind_int(st, 3, q->start);
	db_bind_int(st, 4, q->end);
	db_bind_int(st, 5, q->now);
	return st;
}

/* The share done / of in percent, to a tenth; null when none counted. */
static json_t *percent(int64_t done, int64_t of)
{
	if (of <= 0)
		return json_null();
	int64_t tenths = (done * 1000 + of / 2) / of;
	return json_real((double)tenths / 10.0);
}

/* A clock's figures from three columns of st starting at col. */
static json_t *clock_figures(struct db_stmt *st, int col)
{
	int64_t on_time = db_col_int(st, col), counted = db_col_int(st, col + 1), late_open = db_col_int(st, col + 2);
	return json_pack("{s:I,s:I,s:I,s:I,s:o}", "on_time", (json_int_t)on_time, "due", (json_int_t)counted, "late",
	                 (json_int_t)(counted - on_time), "late_open", (json_int_t)late_open, "on_time_pct",
	                 percent(on_time, counted));
}

static json_t *average(int64_t sum, int64_t n)
{
	if (n <= 0)
		return json_null();
	int64_t hundredths = (sum * 100 + n / 2) / n;
	return json_real((double)hundredths / 100.0);
}

/* The figures of the whole period into out. */
static int totals(struct db *db, const struct stats_query *q, json_t *out, struct err *e)
{
	struct db_stmt *st = stats_prepare(
	    db, q,
	    PERIOD_CTE "SELECT COUNT(*), " ALL_CLOCKS ","
	               " COALESCE(SUM(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN satisfaction ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction = 1 THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction = 2 THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction = 3 THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction = 4 THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction = 5 THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id"
	               " AND e.type = 'reopen') THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END), 0)"
	               " FROM t WHERE state <> 'merged'",
	    e);
	if (!st)
		return e->code;
	int rc = db_step(st, e);
	if (rc != DB_ROW)
		return rc < 0 ? rc : err_set(e, ERR_DB, "no row from an aggregate");
	json_object_set_new(out, "total", json_integer(db_col_int(st, 0)));
	json_object_set_new(out, "clocks",
	                    json_pack("{s:o,s:o,s:o}", "contact", clock_figures(st, 1), "resolve", clock_figures(st, 4),
	                              "close", clock_figures(st, 7)));
	int64_t n = db_col_int(st, 10), sum = db_col_int(st, 11), satisfied = db_col_int(st, 15) + db_col_int(st, 16);
	json_t *distribution = json_object();
	for (int level = 1; level <= 5; level++) {
		char key[2] = { (char)('0' + level), 0 };
		json_object_set_new(distribution, key, json_integer(db_col_int(st, 11 + level)));
	}
	json_object_set_new(out, "satisfaction",
	                    json_pack("{s:I,s:o,s:o,s:I,s:o}", "callbacks", (json_int_t)n, "average", average(sum, n),
	                              "distribution", distribution, "satisfied", (json_int_t)satisfied, "satisfied_pct",
	                              percent(satisfied, n)));
	json_object_set_new(out, "reopened", json_integer(db_col_int(st, 17)));
	json_object_set_new(out, "closed", json_integer(db_col_int(st, 18)));
	db_row_done(st);
	int64_t merged = 0;
	st = stats_prepare(db, q, PERIOD_CTE "SELECT COUNT(*) FROM t WHERE state = 'merged' AND now_s > 0", e);
	if (!st)
		return e->code;
	if ((rc = db_step(st, e)) != DB_ROW)
		return rc < 0 ? rc : err_set(e, ERR_DB, "no row from an aggregate");
	merged = db_col_int(st, 0);
	db_row_done(st);
	json_object_set_new(out, "merged", json_integer(merged));
	return 0;
}

/* The count by one column of t, the largest first. */
#define COUNT_BY(c)                                                                                  \
	PERIOD_CTE "SELECT " c ", COUNT(*) FROM t WHERE state <> 'merged' AND now_s > 0 GROUP BY " c \
	           " ORDER BY COUNT(*) DESC, " c

/* The count by a column (sql: COUNT_BY of it): [{key, "name", "count"}],
 * the largest first (at most limit; 0: all). name(code) gives a code's
 * name. */
static int counts_by(struct db *db, const struct stats_query *q, const char *sql, const char *key, int limit,
                     const char *(*name)(const char *code), json_t **out, struct err *e)
{
	struct db_stmt *st = stats_prepare(db, q, sql, e);
	if (!st)
		return e->code;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (limit && (int)json_array_size(*out) >= limit)
			continue;
		const char *code = db_col_text(st, 0);
		json_array_append_new(*out, json_pack("{s:s,s:s,s:I}", key, code, "name", name(code), "count",
		                                      (json_int_t)db_col_int(st, 1)));
	}
	return rc < 0 ? rc : 0;
}

static const char *channel_name(const char *code)
{
	const struct ticket_code *c = ticket_channel_find(tickets_rules(), code);
	return c ? c->name : code;
}

static const char *kind_name(const char *code)
{
	const struct ticket_code *c = ticket_kind_find(tickets_rules(), code);
	return c ? c->name : code;
}

static const char *category_name(const char *code)
{
	const struct ticket_category *c = ticket_category_find(tickets_rules(), code);
	return c ? c->name : code;
}

/* Each unit's tickets ('' for those not yet assigned), by count. */
static int per_unit(struct db *db, const struct stats_query *q, json_t **out, struct err *e)
{
	struct db_stmt *st = stats_prepare(
	    db, q,
	    PERIOD_CTE "SELECT unit_code, COUNT(*), " ALL_CLOCKS ","
	               " COALESCE(SUM(CASE WHEN state = 'closed' THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN 1 ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction BETWEEN 1 AND 5 THEN satisfaction ELSE 0 END), 0),"
	               " COALESCE(SUM(CASE WHEN satisfaction >= 4 THEN 1 ELSE 0 END), 0)"
	               " FROM t WHERE state <> 'merged' GROUP BY unit_code ORDER BY COUNT(*) DESC, unit_code",
	    e);
	if (!st)
		return e->code;
	*out = json_array();
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t n = db_col_int(st, 12), sum = db_col_int(st, 13);
		json_array_append_new(*out, json_pack("{s:s,s:I,s:I,s:{s:o,s:o,s:o},s:o,s:o}", "unit",
		                                      db_col_text(st, 0), "total", (json_int_t)db_col_int(st, 1),
		                                      "closed", (json_int_t)db_col_int(st, 11), "clocks", "contact",
		                                      clock_figures(st, 2), "resolve", clock_figures(st, 5), "close",
		                                      clock_figures(st, 8), "satisfaction_avg", average(sum, n),
		                                      "satisfied_pct", percent(db_col_int(st, 14), n)));
	}
	return rc < 0 ? rc : 0;
}

int tickets_stats_get(struct http_request *rq, struct err *e)
{
	int64_t now = (int64_t)time(NULL);
	int32_t today = local_day(now), from, to = today;
	int y, m, d;
	civil_from_days(today, &y, &m, &d);
	from = days_from_civil(y, 1, 1);
	int rc = page_query_dates(rq, &from, &to, e);
	if (rc)
		return rc;
	if (to - from > 3660)
		return err_reason(e, ERR_INVALID, "range_too_long", ERR_ARGS(ERR_INT("max_years", 10)),
		                  "the period must span at most ten years");
	struct stats_query q = {
		.scope = caller_of(rq),
		.start = (int64_t)from * 86400 - LOCAL_UTC_OFFSET_S,
		.end = (int64_t)(to + 1) * 86400 - LOCAL_UTC_OFFSET_S,
		.now = now,
	};
	json_t *out =
	    json_pack("{s:o,s:o,s:o}", "from", date_json(from), "to", date_json(to), "as_of", datetime_json_local(now));
	json_t *channels = NULL, *kinds = NULL, *categories = NULL, *units = NULL;
	if (!out)
		return err_set(e, ERR_NOMEM, "out of memory counting tickets");
	rc = totals(rq->db, &q, out, e);
	rc = rc ? rc : counts_by(rq->db, &q, COUNT_BY("channel"), "channel", 0, channel_name, &channels, e);
	rc = rc ? rc : counts_by(rq->db, &q, COUNT_BY("kind"), "kind", 0, kind_name, &kinds, e);
	rc = rc ? rc : counts_by(rq->db, &q, COUNT_BY("category"), "category", 10, category_name, &categories, e);
	rc = rc ? rc : per_unit(rq->db, &q, &units, e);
	json_object_set_new(out, "by_channel", channels ? channels : json_array());
	json_object_set_new(out, "by_kind", kinds ? kinds : json_array());
	json_object_set_new(out, "top_categories", categories ? categories : json_array());
	json_object_set_new(out, "by_unit", units ? units : json_array());
	if (rc) {
		json_decref(out);
		return rc;
	}
	return http_json(rq, 200, out);
}
