/* The detections list (GET /api/v1/detections) and the filter it shares
 * with the exports: by site, plate, verdict and period, in the caller's
 * scope, sorted by any column of the browser's table. */
#include "api.h"
#include "../base/datetime.h"
#include "../people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const verdicts[] = { "", "all", "overlimit", "ton100", "normal", "inadmissible" };

int overlimit_detection_filter_read(const char *(*get)(void *src, const char *name), void *src,
                                    const struct caller *scope, struct detection_filter *f, struct err *e)
{
	memset(f, 0, sizeof *f);
	f->scope = scope;
	const char *site = get(src, "site"), *plate = get(src, "plate"), *verdict = get(src, "verdict");
	f->site = site ? site : "";
	f->plate = plate ? plate : "";
	f->verdict = verdict ? verdict : "";
	bool known = false;
	for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++)
		known |= strcmp(f->verdict, verdicts[i]) == 0;
	if (!known)
		return err_reason(e, ERR_INVALID, "verdict_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "verdict"), ERR_TEXT("got", f->verdict)),
		                  "verdict '%s' must be overlimit, ton100, normal or inadmissible", f->verdict);
	if (strcmp(f->verdict, "all") == 0)
		f->verdict = "";
	int32_t from = days_from_civil(1900, 1, 1), to = days_from_civil(2999, 12, 31);
	int rc = page_dates_read(get(src, "from"), get(src, "to"), &from, &to, e);
	if (rc)
		return rc;
	f->from_s = (int64_t)from * 86400 - LOCAL_UTC_OFFSET_S;
	f->to_s = (int64_t)(to + 1) * 86400 - LOCAL_UTC_OFFSET_S;
	return 0;
}

static void filter_bind(struct db_stmt *st, const void *arg)
{
	const struct detection_filter *f = arg;
	people_bind_scope(st, f->scope);
	db_bind_text(st, 3, f->site, strlen(f->site));
	db_bind_text(st, 4, f->plate, strlen(f->plate));
	db_bind_int(st, 5, f->from_s);
	db_bind_int(st, 6, f->to_s);
	db_bind_text(st, 7, f->verdict, strlen(f->verdict));
	/* The day bounds let the list walk the (day, passed_at) index. */
	db_bind_int(st, 8, overlimit_day_key(f->from_s));
	db_bind_int(st, 9, overlimit_day_key(f->to_s - 1));
}

/* A row: DETECTION_COLUMNS and the site's name. */
static json_t *list_item(struct db_stmt *st)
{
	json_t *o = overlimit_detection_row_json(st);
	if (o)
		json_object_set_new(o, "site_name", json_string(db_col_text(st, 19)));
	return o;
}

/* The filter on the detections d alone (the sites and the screening are
 * joined only for columns): the caller's sites, of one code if given. */
#define FILTER                                                                                                  \
	"d.site_id IN (SELECT id FROM sites WHERE (CAST($3 AS TEXT) = '' OR code = $3)"                         \
	" AND unit_code IN (" SCOPE_UNITS_SQL "))"                                                              \
	" AND (CAST($4 AS TEXT) = '' OR d.plate LIKE '%' || $4 || '%')"                                         \
	" AND d.day BETWEEN $8 AND $9 AND d.passed_at >= $5 AND d.passed_at < $6"                               \
	" AND (CAST($7 AS TEXT) = '' OR ($7 = 'overlimit' AND d.overlimit = 1) OR ($7 = 'ton100' AND d.ton100 = 1)" \
	"  OR ($7 = 'normal' AND d.overlimit = 0) OR ($7 = 'inadmissible' AND d.admissible = 0))"

/* The columns of the browser's table, each sortable. */
static const struct list_sort sorts[] = {
	{ "passed_at", "d.passed_at", 'i', "d.day" },
	{ "site", "s.code", 't', NULL },
	{ "plate", "d.plate", 't', NULL },
	{ "axles", "d.axles", 'i', NULL },
	{ "gross_kg", "d.gross_kg", 'i', NULL },
	{ "limit_kg", "d.limit_kg", 'i', NULL },
	{ "over_kg", "d.over_kg", 'i', NULL },
	/* normal, over the limit, 百吨王: the heavier verdict sorts after */
	{ "verdict", "(d.overlimit + d.ton100)", 'i', NULL },
	{ "fine_fen", "d.fine_fen", 'i', NULL },
	{ "admissible", "d.admissible", 'i', NULL },
	{ "screening", "coalesce(sc.decision, '')", 't', NULL },
	{ 0 },
};

const struct list overlimit_detection_list = {
	.columns = DETECTION_COLUMNS ", s.name",
	.ncolumns = 20,
	.from = "FROM detections d JOIN sites s ON s.id = d.site_id"
	        " LEFT JOIN screening sc ON sc.detection_id = d.id WHERE " FILTER,
	.count_from = "FROM detections d WHERE " FILTER,
	.nparams = 9,
	.id = "d.id",
	.sorts = sorts,
	.desc = true,
	.bind = filter_bind,
	.item = list_item,
};

int overlimit_case_facts(struct db *db, const struct caller *scope, int64_t id, struct overlimit_case_facts *out,
                         struct err *e)
{
	const struct caller all = { .sees_all = true };
	struct db_stmt *row;
	scope = scope ? scope : &all;
	int rc = db_row(db,
	                "SELECT d.passed_at, d.plate, d.plate_color, d.gross_kg, d.limit_kg, d.over_kg, d.fine_fen,"
	                " d.admissible, d.overlimit, coalesce(sc.decision, ''), s.name, s.unit_code"
	                " FROM detections d JOIN sites s ON s.id = d.site_id"
	                " LEFT JOIN screening sc ON sc.detection_id = d.id WHERE d.id = $3"
	                " AND s.unit_code IN (" SCOPE_UNITS_SQL ")",
	                DB_ARGS(DB_INT(scope->sees_all), DB_TEXT(scope->unit), DB_INT(id)), &row, e);
	if (rc != 1)
		return rc;
	*out = (struct overlimit_case_facts){
		.passed_at = db_col_int(row, 0),
		.gross_kg = db_col_int(row, 3),
		.limit_kg = db_col_int(row, 4),
		.over_kg = db_col_int(row, 5),
		.fine_fen = db_col_int(row, 6),
		.admissible = db_col_int(row, 7) != 0,
		.overlimit = db_col_int(row, 8) != 0,
		.confirmed = strcmp(db_col_text(row, 9), "confirmed") == 0,
	};
	snprintf(out->plate, sizeof out->plate, "%s", db_col_text(row, 1));
	snprintf(out->plate_color, sizeof out->plate_color, "%s", db_col_text(row, 2));
	snprintf(out->site_name, sizeof out->site_name, "%s", db_col_text(row, 10));
	snprintf(out->site_unit, sizeof out->site_unit, "%s", db_col_text(row, 11));
	db_row_done(row);
	return 1;
}

int overlimit_handled_list(struct db *db, int32_t from, int32_t to, struct overlimit_handled **out, size_t *n,
                           struct err *e)
{
	*out = NULL;
	*n = 0;
	struct db_stmt *st = db_prepare(db,
	                                "SELECT d.id, d.passed_at, coalesce(u.unloaded_at, 0), s.unit_code,"
	                                " coalesce(u.badge, ''), s.kind FROM detections d JOIN sites s ON s.id = d.site_id"
	                                " LEFT JOIN unloads u ON u.detection_id = d.id WHERE d.day BETWEEN $1 AND $2"
	                                " AND d.overlimit = 1 AND d.admissible = 1 ORDER BY d.passed_at, d.id",
	                                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, date_key(from));
	db_bind_int(st, 2, date_key(to));
	size_t cap = 0;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			struct overlimit_handled *grown = realloc(*out, cap * sizeof **out);
			if (!grown) {
				rc = err_set(e, ERR_NOMEM, "out of memory listing detections");
				break;
			}
			*out = grown;
		}
		struct overlimit_handled *h = &(*out)[(*n)++];
		*h = (struct overlimit_handled){ .id = db_col_int(st, 0),
			                         .passed_at = db_col_int(st, 1),
			                         .unloaded_at = db_col_int(st, 2),
			                         .station = strcmp(db_col_text(st, 5), "station") == 0 };
		snprintf(h->unit, sizeof h->unit, "%s", db_col_text(st, 3));
		snprintf(h->badge, sizeof h->badge, "%s", db_col_text(st, 4));
	}
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}

static const char *query_param(void *rq, const char *name)
{
	return http_query(rq, name);
}

int overlimit_detections_get(struct http_request *rq, struct err *e)
{
	struct detection_filter f;
	struct list_query q;
	int rc = overlimit_detection_filter_read(query_param, rq, caller_of(rq), &f, e);
	if (rc || (rc = list_parse(rq, &overlimit_detection_list, &q, e)))
		return rc;
	return list_answer(rq, &overlimit_detection_list, &q, &f, e);
}
