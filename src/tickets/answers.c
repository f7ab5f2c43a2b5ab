/* The answers sent back to a hotline platform (docs/tickets-import.md):
 * for each ticket of a channel closed in a period, and each ticket of the
 * channel merged into a closed one, a row with the platform's source
 * number, the result, the closing summary, the time it was closed and the
 * caller's satisfaction: `sunroad tickets answers` and GET
 * /api/v1/tickets/answers, as CSV or XLSX (base/export.c). */
#include "import.h"
#include "tickets.h"
#include "base/datetime.h"
#include "base/export.h"
#include "base/export_jobs.h"
#include "people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct export_column columns[] = {
	{ "工单编号", false, false, 22 },   { "办理结果", false, false, 40 },   { "办结答复", false, false, 40 },
	{ "办结时间", false, true, 20 },    { "满意度", false, false, 8 },      { "满意度评价", false, false, 12 },
	{ "系统工单号", false, false, 14 }, { "答复工单号", false, false, 14 }, { "承办单位", false, false, 12 },
};
#define NCOLUMNS ((int)(sizeof columns / sizeof columns[0]))

/* One answer: the source ticket and the closed ticket that answers it. */
struct answer {
	char *source_no, *number, *answered_by, *unit;
	int64_t ticket_id, closed_at, satisfaction;
};

static const char *satisfaction_word(int64_t s)
{
	static const char *const words[] = { "", "非常不满意", "不满意", "基本满意", "满意", "非常满意" };
	return s >= 1 && s <= 5 ? words[s] : "";
}

/* The last result and summary of ticket id's acts, copied into out. */
static int words_of(struct db *db, int64_t id, char **result, char **summary, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                "SELECT type, body FROM ticket_events WHERE ticket_id = $1"
	                                " AND type IN ('resolve', 'close') ORDER BY seq",
	                                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, id);
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		bool close = !strcmp(db_col_text(st, 0), "close");
		json_t *body = json_loads(db_col_text(st, 1), 0, NULL);
		const char *text = json_string_value(json_object_get(body, close ? "summary" : "result"));
		char **into = close ? summary : result;
		free(*into);
		*into = strdup(text ? text : "");
		json_decref(body);
	}
	return rc < 0 ? rc : 0;
}

static char *copy(const char *s)
{
	char *c = strdup(s ? s : "");
	if (!c) {
		fputs("sunroad: fatal: out of memory\n", stderr);
		abort();
	}
	return c;
}

/* Writes the answers of channel for tickets closed on days from..to (local)
 * in scope into x; *rows the number written. */
static int answers_write(struct db *db, const struct caller *scope, const char *channel, int32_t from, int32_t to,
                         struct export *x, long *rows, struct err *e)
{
	struct db_stmt *st =
	    db_prepare(db,
	               "SELECT s.source_no, s.number, t.id, t.number, t.closed_at, t.satisfaction,"
	               " t.unit_code FROM tickets t JOIN tickets s ON (s.id = t.id OR s.merged_into = t.id)"
	               " WHERE t.state = 'closed' AND t.closed_at >= $3 AND t.closed_at < $4"
	               " AND s.channel = $5 AND (t.unit_code IN (" SCOPE_UNITS_SQL ")"
	               " OR (t.unit_code = '' AND $1 = 1)) ORDER BY t.closed_at, t.id, s.id",
	               e);
	if (!st)
		return e->code;
	people_bind_scope(st, scope);
	db_bind_int(st, 3, (int64_t)from * 86400 - LOCAL_UTC_OFFSET_S);
	db_bind_int(st, 4, (int64_t)(to + 1) * 86400 - LOCAL_UTC_OFFSET_S);
	db_bind_text(st, 5, channel, strlen(channel));
	struct answer *all = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			struct answer *grown = realloc(all, cap * sizeof *grown);
			if (!grown) {
				db_step(st, NULL);
				rc = err_set(e, ERR_NOMEM, "out of memory reading the answers");
				break;
			}
			all = grown;
		}
		all[n++] =
		    (struct answer){ copy(db_col_text(st, 0)), copy(db_col_text(st, 1)), copy(db_col_text(st, 3)),
			             copy(db_col_text(st, 6)), db_col_int(st, 2),        db_col_int(st, 4),
			             db_col_int(st, 5) };
	}
	rc = rc < 0 ? rc : 0;
	char *result = NULL, *summary = NULL;
	int64_t words_for = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct answer *a = &all[i];
		if (a->ticket_id != words_for) {
			free(result);
			free(summary);
			result = summary = NULL;
			words_for = a->ticket_id;
			rc = words_of(db, a->ticket_id, &result, &summary, e);
		}
		char closed[26], satisfaction[8] = "";
		datetime_format_local(a->closed_at, closed);
		closed[10] = ' ';
		closed[19] = '\0'; /* "YYYY-MM-DD HH:MM:SS", the platforms' way */
		if (a->satisfaction)
			snprintf(satisfaction, sizeof satisfaction, "%lld", (long long)a->satisfaction);
		const char *cells[NCOLUMNS] = { a->source_no, result ? result : "", summary ? summary : "",
			                        closed,       satisfaction,         satisfaction_word(a->satisfaction),
			                        a->number,    a->answered_by,       a->unit };
		if (rc == 0)
			rc = export_row(x, cells, e);
		if (rc == 0)
			(*rows)++;
	}
	free(result);
	free(summary);
	for (size_t i = 0; i < n; i++) {
		free(all[i].source_no);
		free(all[i].number);
		free(all[i].answered_by);
		free(all[i].unit);
	}
	free(all);
	return rc;
}

static int format_read(const char *s, enum export_format *f)
{
	if (!s || !strcmp(s, "csv"))
		*f = EXPORT_CSV;
	else if (!strcmp(s, "xlsx"))
		*f = EXPORT_XLSX;
	else
		return -1;
	return 0;
}

int tickets_cmd_answers(struct cli *cli)
{
	const char *channel = cli_option(cli, "channel"), *out = cli_option(cli, "out");
	enum export_format format;
	if (!channel || !out || cli->nargs || format_read(cli_option(cli, "format"), &format))
		return cli_usage(cli);
	int32_t from = cli_date(cli, "from"), to = cli_date(cli, "to");
	struct err e = { 0 };
	bool loaded = !tickets_rules();
	if (loaded && tickets_start(cli->config->rules, &e))
		return cli_fail(&e);
	const struct ticket_code *c = ticket_channel_find(tickets_rules(), channel);
	int rc = c ? 0
	           : err_reason(&e, ERR_INVALID, "code_unknown", ERR_ARGS(ERR_TEXT("field", "channel")),
	                        "channel '%s' is not in rules/tickets.json", channel);
	struct export x;
	struct buf buffer;
	buf_init(&buffer);
	long rows = 0;
	if (rc == 0 && !(rc = export_begin_file(&x, format, "答复", columns, NCOLUMNS, out, &buffer, &e))) {
		struct caller all = { .sees_all = true };
		rc = answers_write(cli->db, &all, c->code, from, to, &x, &rows, &e);
		rc = export_end(&x, rc, &e);
	} else if (rc == 0) {
		export_end(&x, rc, &e);
	}
	buf_release(&buffer);
	if (rc == 0)
		printf("%s: %ld answers of channel %s\n", out, rows, c->code);
	if (loaded)
		tickets_stop();
	return rc ? cli_fail(&e) : 0;
}

static int day_query(struct http_request *rq, const char *name, int32_t *day, struct err *e)
{
	const char *s = http_query(rq, name);
	if (!s || date_parse(slice_from(s), day))
		return err_reason(e, ERR_INVALID, "date_invalid",
		                  ERR_ARGS(ERR_TEXT("field", name), ERR_TEXT("got", s ? s : "")),
		                  "%s must be a date YYYY-MM-DD", name);
	return 0;
}

int tickets_answers_get(struct http_request *rq, struct err *e)
{
	const char *channel = http_query(rq, "channel");
	const struct ticket_code *c = channel ? ticket_channel_find(tickets_rules(), channel) : NULL;
	if (!c)
		return err_reason(e, ERR_INVALID, "code_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "channel"), ERR_TEXT("got", channel ? channel : "")),
		                  "channel '%s' is not in rules/tickets.json", channel ? channel : "");
	int32_t from, to;
	int rc = day_query(rq, "from", &from, e);
	rc = rc ? rc : day_query(rq, "to", &to, e);
	if (rc)
		return rc;
	if (to < from || to - from > 366)
		return err_reason(e, ERR_INVALID, "period_invalid", ERR_ARGS(ERR_TEXT("field", "to")),
		                  "the period runs from 'from' to 'to', at most a year");
	enum export_format format;
	if (format_read(http_query(rq, "format"), &format))
		return err_reason(e, ERR_INVALID, "format_unknown", ERR_ARGS(ERR_TEXT("field", "format")),
		                  "format is csv or xlsx");
	if ((rc = export_direct_enter(rq, e)))
		return rc;
	struct export x;
	long rows = 0;
	rc = export_begin(&x, format, "答复", columns, NCOLUMNS, &rq->out, e);
	if (rc == 0)
		rc = answers_write(rq->db, caller_of(rq), c->code, from, to, &x, &rows, e);
	rc = export_end(&x, rc, e);
	export_direct_leave(rq);
	if (rc)
		return rc;
	char period[32], f[11], t[11];
	date_format(from, f);
	date_format(to, t);
	snprintf(period, sizeof period, "%s-%s", f, t);
	struct export_name name;
	export_name_init(&name, "工单答复", "answers");
	export_name_add(&name, c->code, NULL);
	export_name_add(&name, period, NULL);
	export_name_end(&name, (int64_t)time(NULL), format);
	return export_send(rq, &x, &name);
}
