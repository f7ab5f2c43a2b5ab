/* The detections as files (docs/api.md): the direct exports,
 * GET /api/v1/detections.csv and .xlsx (at most export_direct_max rows,
 * saying when they are capped), and the `detections` kind of the
 * background exports (export_jobs.h), both with the list's filter, sort
 * and scope, in the same columns. */
#include "api.h"
#include "../base/access.h"
#include "../base/datetime.h"
#include "../base/export.h"
#include "../base/export_jobs.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct export_column columns[] = {
	{ .title = "站点" },
	{ .title = "序号", .number = true },
	{ .title = "通过时间", .datetime = true, .width = 20 },
	{ .title = "车牌" },
	{ .title = "车牌颜色" },
	{ .title = "车型" },
	{ .title = "轴数", .number = true },
	{ .title = "总质量(kg)", .number = true },
	{ .title = "限值(kg)", .number = true },
	{ .title = "判定质量(kg)", .number = true },
	{ .title = "超限(kg)", .number = true },
	{ .title = "超限" },
	{ .title = "百吨王" },
	{ .title = "处罚" },
	{ .title = "罚款(元)", .number = true },
	{ .title = "可作证据" },
	{ .title = "审核" },
};
#define NCOLUMNS (int)(sizeof columns / sizeof columns[0])

/* One exported row as text cells (the CSV's and the XLSX's). */
static void cells_of(struct db_stmt *st, char (*cells)[EXPORT_CELL_SIZE])
{
	char at[26];
	datetime_format_local(db_col_int(st, 3), at);
	snprintf(cells[0], EXPORT_CELL_SIZE, "%s", db_col_text(st, 1));
	snprintf(cells[1], EXPORT_CELL_SIZE, "%lld", (long long)db_col_int(st, 2));
	snprintf(cells[2], EXPORT_CELL_SIZE, "%s", at);
	snprintf(cells[3], EXPORT_CELL_SIZE, "%s", db_col_text(st, 4));
	snprintf(cells[4], EXPORT_CELL_SIZE, "%s", overlimit_plate_color_zh(db_col_text(st, 5)));
	snprintf(cells[5], EXPORT_CELL_SIZE, "%s", strcmp(db_col_text(st, 6), "truck") == 0 ? "货车" : "汽车列车");
	for (int i = 0; i < 5; i++)
		snprintf(cells[6 + i], EXPORT_CELL_SIZE, "%lld", (long long)db_col_int(st, 7 + i));
	snprintf(cells[11], EXPORT_CELL_SIZE, "%s", db_col_int(st, 12) ? "是" : "否");
	snprintf(cells[12], EXPORT_CELL_SIZE, "%s", db_col_int(st, 13) ? "是" : "否");
	const char *penalty = db_col_text(st, 15);
	snprintf(cells[13], EXPORT_CELL_SIZE, "%s",
	         strcmp(penalty, "fine") == 0      ? "罚款"
	         : strcmp(penalty, "warning") == 0 ? "警告"
	                                           : "");
	int64_t fen = db_col_int(st, 16);
	snprintf(cells[14], EXPORT_CELL_SIZE, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
	snprintf(cells[15], EXPORT_CELL_SIZE, "%s", db_col_int(st, 17) ? "是" : "否");
	const char *decision = db_col_text(st, 18);
	snprintf(cells[16], EXPORT_CELL_SIZE, "%s",
	         strcmp(decision, "confirmed") == 0         ? "已确认"
	         : strcmp(decision, "dismissed") == 0       ? "已排除"
	         : db_col_int(st, 12) && db_col_int(st, 17) ? "待审核"
	                                                    : "");
}

/* The verdicts of ?verdict= as a file's name says them. */
static const struct {
	const char *name, *zh;
} verdict_words[] = {
	{ "overlimit", "超限" },
	{ "ton100", "百吨王" },
	{ "normal", "未超限" },
	{ "inadmissible", "不可作证据" },
};

/* A filter's date "YYYY-MM-DD" as YYYYMMDD ("" when absent). */
static void compact_date(const char *date, char out[9])
{
	int n = 0;
	for (const char *p = date ? date : ""; *p && n < 8; p++)
		if (*p != '-')
			out[n++] = *p;
	out[n] = '\0';
}

/* 检测记录_S0101_20230301-20230331_蒙K0_超限_导出20261202.xlsx: the parts
 * of the filter given (read already: they are valid), then the day. */
static void file_name(export_get get, void *src, enum export_format format, int64_t now, struct export_name *name)
{
	export_name_init(name, "检测记录", "detections");
	export_name_add(name, get(src, "site"), NULL);
	char from[9], to[9], period[24];
	compact_date(get(src, "from"), from);
	compact_date(get(src, "to"), to);
	if (from[0] || to[0]) {
		snprintf(period, sizeof period, "%s-%s", from, to);
		export_name_add(name, period, NULL);
	}
	const char *plate = get(src, "plate");
	if (plate && strlen(plate) <= 32)
		export_name_add(name, plate, NULL);
	const char *verdict = get(src, "verdict");
	for (size_t i = 0; verdict && i < sizeof verdict_words / sizeof verdict_words[0]; i++)
		if (strcmp(verdict, verdict_words[i].name) == 0)
			export_name_add(name, verdict_words[i].zh, verdict_words[i].name);
	export_name_end(name, now, format);
}

/* The filter and the sort of get(src): ERR_INVALID naming a value that
 * is not one. */
static int read_filter(export_get get, void *src, const struct caller *scope, struct detection_filter *f,
                       struct list_query *q, struct err *e)
{
	int rc = overlimit_detection_filter_read(get, src, scope, f, e);
	return rc ? rc : list_query_init(&overlimit_detection_list, get(src, "sort"), 0, q, e);
}

static const char *query_param(void *rq, const char *name)
{
	return http_query(rq, name);
}

/* The filtered detections (at most export_direct_max) as a file, with
 * the rows the filter matches in X-Total-Count. */
static int export_direct(struct http_request *rq, enum export_format format, struct err *e)
{
	struct detection_filter f;
	struct list_query q;
	int64_t total = 0;
	int rc = read_filter(query_param, rq, caller_of(rq), &f, &q, e);
	/* The turn covers the count too: it reads as many rows. */
	if (rc || (rc = export_direct_enter(rq, e)))
		return rc;
	struct export x;
	rc = list_count(rq->db, &overlimit_detection_list, &f, &total, e);
	if (rc == 0) {
		rc = export_begin(&x, format, "检测记录", columns, NCOLUMNS, &rq->out, e);
		if (rc == 0)
			rc = export_list(rq->db, &overlimit_detection_list, &q, &f, &x, export_settings.direct_max,
			                 10000, cells_of, NULL, NULL, e);
		rc = export_end(&x, rc, e);
	}
	export_direct_leave(rq);
	if (rc)
		return rc;
	struct export_name name;
	file_name(query_param, rq, format, (int64_t)time(NULL), &name);
	export_direct_headers(rq, total);
	return export_send(rq, &x, &name);
}

int overlimit_export_csv(struct http_request *rq, struct err *e)
{
	return export_direct(rq, EXPORT_CSV, e);
}

int overlimit_export_xlsx(struct http_request *rq, struct err *e)
{
	return export_direct(rq, EXPORT_XLSX, e);
}

/* ---- the background export ------------------------------------------------ */

static int prepare(export_get get, void *src, const struct caller *scope, enum export_format format, int64_t now,
                   struct export_name *name, struct err *e)
{
	struct detection_filter f;
	struct list_query q;
	int rc = read_filter(get, src, scope, &f, &q, e);
	if (rc == 0)
		file_name(get, src, format, now, name);
	return rc;
}

static int run_progress(void *arg, long rows)
{
	struct export_run *run = arg;
	return run->progress(run, rows, run->total);
}

static int run(struct export_run *run, struct err *e)
{
	struct detection_filter f;
	struct list_query q;
	int64_t total = 0;
	int rc = read_filter(run->get, run->src, run->scope, &f, &q, e);
	if (rc || (rc = list_count(run->db, &overlimit_detection_list, &f, &total, e)))
		return rc;
	run->total = (long)total;
	if (run->progress(run, 0, run->total))
		return err_set(e, ERR_BUSY, "the export was stopped");
	if (run->format == EXPORT_XLSX && total > EXPORT_XLSX_MAX_ROWS)
		return err_reason(e, ERR_TOO_LARGE, "export_too_large", ERR_ARGS(ERR_INT("max", EXPORT_XLSX_MAX_ROWS)),
		                  "%lld rows are more than an XLSX sheet holds (%ld): export them as CSV",
		                  (long long)total, EXPORT_XLSX_MAX_ROWS);
	struct export x;
	struct buf out;
	buf_init(&out);
	rc = export_begin_file(&x, run->format, "检测记录", columns, NCOLUMNS, run->path, &out, e);
	if (rc == 0)
		rc = export_list(run->db, &overlimit_detection_list, &q, &f, &x, 0, 5000, cells_of, run_progress, run,
		                 e);
	rc = export_end(&x, rc, e);
	buf_release(&out);
	return rc;
}

const struct export_kind overlimit_exports[] = {
	{ "detections", prepare, run },
	{ 0 },
};
