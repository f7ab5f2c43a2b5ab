/* The over-limit figures of a period, computed once from the database (by
 * site and by month) into struct overlimit_figures, and their writers:
 * JSON (the report's and the stats API's), Chinese text, CSV. `sunroad
 * report overlimit` is one of each. */
#include "overlimit.h"
#include "../base/datetime.h"
#include "../base/export.h"
#include "../people/people.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void tally_add(struct overlimit_tally *a, const struct overlimit_tally *b)
{
	a->detections += b->detections;
	a->overlimit += b->overlimit;
	a->ton100 += b->ton100;
	a->unloaded_kg += b->unloaded_kg;
}

double overlimit_rate_pct(const struct overlimit_tally *t)
{
	if (!t->detections)
		return 0;
	int64_t scaled = (t->overlimit * 1000000 * 2 + t->detections) / (t->detections * 2);
	return (double)scaled / 10000;
}

static int month_key(int32_t day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	return y * 100 + m;
}

static int site_index(const struct overlimit_figures *f, int64_t site_id)
{
	for (int i = 0; i < f->sites.count; i++)
		if (f->sites.sites[i].id == site_id)
			return i;
	return -1;
}

/* Adds one (site, month) row of the query to the site's, the month's and
 * the period's tallies; rows of sites out of scope count nowhere. */
static void figures_add(struct overlimit_figures *f, int64_t site_id, int month, const struct overlimit_tally *t)
{
	int i = site_index(f, site_id);
	if (i < 0)
		return;
	tally_add(&f->by_site[i], t);
	for (int m = 0; m < f->months; m++)
		if (f->by_month[m].key == month)
			tally_add(&f->by_month[m].t, t);
	tally_add(&f->total, t);
}

int overlimit_figures_compute(struct db *db, int32_t from, int32_t to, const struct caller *scope,
                              struct overlimit_figures *f, struct err *e)
{
	*f = (struct overlimit_figures){ .from = from, .to = to };
	overlimit_site_table_init(&f->sites);
	int rc = overlimit_sites_load_scoped(db, scope, &f->sites, e);
	if (rc)
		return rc;
	f->by_site = calloc((size_t)f->sites.count + 1, sizeof *f->by_site);
	int first = month_key(from), last = month_key(to);
	f->months = (last / 100 - first / 100) * 12 + last % 100 - first % 100 + 1;
	f->by_month = calloc((size_t)f->months, sizeof *f->by_month);
	if (!f->by_site || !f->by_month)
		return err_set(e, ERR_NOMEM, "out of memory computing the figures");
	for (int i = 0, key = first; i < f->months; i++) {
		f->by_month[i].key = key;
		key = key % 100 == 12 ? (key / 100 + 1) * 100 + 1 : key + 1;
	}
	/* Two queries: the detections alone (one scan, no join), then the few
	 * unloading records joined to their detections' site and day. */
	static const char *const sql[2] = {
		"SELECT site_id, day / 100, count(*), sum(overlimit), sum(ton100), 0 FROM detections"
		" WHERE day BETWEEN $1 AND $2 GROUP BY site_id, day / 100",
		"SELECT d.site_id, d.day / 100, 0, 0, 0, sum(u.unloaded_kg) FROM unloads u"
		" JOIN detections d ON d.id = u.detection_id WHERE d.day BETWEEN $1 AND $2 GROUP BY d.site_id, d.day / "
		"100",
	};
	for (int q = 0; q < 2 && rc == 0; q++) {
		struct db_stmt *st = db_prepare(db, sql[q], e);
		if (!st)
			return e->code;
		db_bind_int(st, 1, overlimit_day_key((int64_t)from * 86400));
		db_bind_int(st, 2, overlimit_day_key((int64_t)to * 86400));
		while ((rc = db_step(st, e)) == DB_ROW) {
			struct overlimit_tally t = { db_col_int(st, 2), db_col_int(st, 3), db_col_int(st, 4),
				                     db_col_int(st, 5) };
			figures_add(f, db_col_int(st, 0), (int)db_col_int(st, 1), &t);
		}
		rc = rc < 0 ? rc : 0;
	}
	return rc;
}

int overlimit_figures_screening(struct db *db, int32_t from, int32_t to, const struct caller *scope,
                                struct overlimit_figures *f, struct err *e)
{
	*f = (struct overlimit_figures){ .from = from, .to = to };
	overlimit_site_table_init(&f->sites);
	int rc = overlimit_sites_load_scoped(db, scope, &f->sites, e);
	if (rc)
		return rc;
	f->screening_by_site = calloc((size_t)f->sites.count + 1, sizeof *f->screening_by_site);
	if (!f->screening_by_site)
		return err_set(e, ERR_NOMEM, "out of memory computing the figures");
	/* The queue's rule: admissible over-limit detections without a decision
	 * are pending. By passed_at rather than day, over the instants of the
	 * local (UTC+08:00) days [from, to], so that the partial index of the
	 * over-limit detections finds them without reading the others: this
	 * is computed on every call, not cached. */
	struct db_stmt *st =
	    db_prepare(db,
	               "SELECT d.site_id, sum(CASE WHEN sc.detection_id IS NULL THEN 1 ELSE 0 END),"
	               " sum(CASE WHEN sc.decision = 'confirmed' THEN 1 ELSE 0 END),"
	               " sum(CASE WHEN sc.decision = 'dismissed' THEN 1 ELSE 0 END),"
	               " sum(CASE WHEN sc.detection_id IS NULL OR sc.decision = 'confirmed' THEN d.fine_fen ELSE 0 END)"
	               " FROM detections d LEFT JOIN screening sc ON sc.detection_id = d.id"
	               " WHERE d.overlimit = 1 AND d.passed_at >= $1 AND d.passed_at < $2 AND d.admissible = 1"
	               " GROUP BY d.site_id",
	               e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, (int64_t)from * 86400 - LOCAL_UTC_OFFSET_S);
	db_bind_int(st, 2, ((int64_t)to + 1) * 86400 - LOCAL_UTC_OFFSET_S);
	while ((rc = db_step(st, e)) == DB_ROW) {
		int i = site_index(f, db_col_int(st, 0));
		if (i < 0)
			continue;
		struct overlimit_screening_tally t = { db_col_int(st, 1), db_col_int(st, 2), db_col_int(st, 3),
			                               db_col_int(st, 4) };
		f->screening_by_site[i] = t;
		f->screening.pending += t.pending;
		f->screening.confirmed += t.confirmed;
		f->screening.dismissed += t.dismissed;
		f->screening.intended_fine_fen += t.intended_fine_fen;
	}
	return rc < 0 ? rc : 0;
}

void overlimit_figures_release(struct overlimit_figures *f)
{
	overlimit_site_table_release(&f->sites);
	free(f->screening_by_site);
	f->screening_by_site = NULL;
	free(f->by_site);
	free(f->by_month);
	f->by_site = NULL;
	f->by_month = NULL;
}

static json_t *tally_json(json_t *obj, const struct overlimit_tally *t)
{
	json_object_set_new(obj, "detections", json_integer(t->detections));
	json_object_set_new(obj, "overlimit", json_integer(t->overlimit));
	json_object_set_new(obj, "ton100", json_integer(t->ton100));
	json_object_set_new(obj, "unloaded_kg", json_integer(t->unloaded_kg));
	json_object_set_new(obj, "overlimit_rate_pct", json_real(overlimit_rate_pct(t)));
	return obj;
}

json_t *overlimit_figures_json(const struct overlimit_figures *f)
{
	char from[11], to[11];
	date_format(f->from, from);
	date_format(f->to, to);
	json_t *root = json_object();
	json_object_set_new(root, "from", json_string(from));
	json_object_set_new(root, "to", json_string(to));
	tally_json(root, &f->total);
	json_t *sites = json_array(), *months = json_array();
	for (int i = 0; i < f->sites.count; i++) {
		const struct site *s = &f->sites.sites[i];
		json_t *o = json_object();
		json_object_set_new(o, "site", json_string(s->code));
		json_object_set_new(o, "name", json_string(s->name));
		json_object_set_new(o, "kind", json_string(s->kind == SITE_REMOTE ? "remote" : "station"));
		json_array_append_new(sites, tally_json(o, &f->by_site[i]));
	}
	for (int i = 0; i < f->months; i++) {
		char month[8];
		snprintf(month, sizeof month, "%04d-%02d", f->by_month[i].key / 100 % 10000, f->by_month[i].key % 100);
		json_t *o = json_object();
		json_object_set_new(o, "month", json_string(month));
		json_array_append_new(months, tally_json(o, &f->by_month[i].t));
	}
	json_object_set_new(root, "by_site", sites);
	json_object_set_new(root, "by_month", months);
	return root;
}

/* Tonnes with two decimals from kg, rounded half up: "38011.96". */
static void format_tonnes(int64_t kg, char out[32])
{
	int64_t hundredths = (kg + 5) / 10;
	snprintf(out, 32, "%lld.%02lld", (long long)(hundredths / 100), (long long)(hundredths % 100));
}

/* "2023年", "2023年3月" or "2023-01-01至2023-06-30". */
static void period_label(int32_t from, int32_t to, char out[64])
{
	int fy, fm, fd, ty, tm, td, ny, nm, nd;
	civil_from_days(from, &fy, &fm, &fd);
	civil_from_days(to, &ty, &tm, &td);
	civil_from_days(to + 1, &ny, &nm, &nd);
	if (fy == ty && fm == 1 && fd == 1 && tm == 12 && td == 31)
		snprintf(out, 64, "%d年", fy);
	else if (fy == ty && fm == tm && fd == 1 && nd == 1)
		snprintf(out, 64, "%d年%d月", fy, fm);
	else {
		char a[11], b[11];
		date_format(from, a);
		date_format(to, b);
		snprintf(out, 64, "%s至%s", a, b);
	}
}

/* Columns on a terminal: a CJK character is two cells wide, ASCII one. */
static int display_width(const char *s)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			w++;
		else if (*p >= 0xE0)
			w += 2; /* a 3- or 4-byte sequence: CJK in our tables */
		else if (*p >= 0xC0)
			w++;
	}
	return w;
}

static void cell(FILE *out, const char *s, int width, bool right)
{
	int pad = width - display_width(s);
	if (right)
		fprintf(out, "%*s%s ", pad > 0 ? pad : 0, "", s);
	else
		fprintf(out, "%s%*s ", s, pad > 0 ? pad : 0, "");
}

static void table_row(FILE *out, const char *code, const char *kind, const struct overlimit_tally *t, const char *name)
{
	char detections[24], overlimit[24], ton100[24], tonnes[32], rate[24];
	snprintf(detections, sizeof detections, "%lld", (long long)t->detections);
	snprintf(overlimit, sizeof overlimit, "%lld", (long long)t->overlimit);
	snprintf(ton100, sizeof ton100, "%lld", (long long)t->ton100);
	format_tonnes(t->unloaded_kg, tonnes);
	snprintf(rate, sizeof rate, "%.2f%%", overlimit_rate_pct(t));
	cell(out, code, 6, false);
	cell(out, kind, 8, false);
	cell(out, detections, 10, true);
	cell(out, overlimit, 8, true);
	cell(out, ton100, 8, true);
	cell(out, tonnes, 12, true);
	cell(out, rate, 8, true);
	fprintf(out, " %s\n", name);
}

void overlimit_figures_text(const struct overlimit_figures *f, FILE *out)
{
	char period[64], tonnes[32];
	period_label(f->from, f->to, period);
	format_tonnes(f->total.unloaded_kg, tonnes);
	fprintf(out, "%s,全市共检测货车%lld台,查处超限运输车辆%lld台(其中百吨王%lld辆),卸载货物%s吨,超限率%.2f%%。\n\n",
	        period, (long long)f->total.detections, (long long)f->total.overlimit, (long long)f->total.ton100,
	        tonnes, overlimit_rate_pct(&f->total));
	cell(out, "站点", 6, false);
	cell(out, "类型", 8, false);
	cell(out, "检测数", 10, true);
	cell(out, "超限数", 8, true);
	cell(out, "百吨王", 8, true);
	cell(out, "卸载(吨)", 12, true);
	cell(out, "超限率", 8, true);
	fprintf(out, " 名称\n");
	for (int i = 0; i < f->sites.count; i++) {
		const struct site *s = &f->sites.sites[i];
		table_row(out, s->code, s->kind == SITE_REMOTE ? "非现场" : "检测站", &f->by_site[i], s->name);
	}
	table_row(out, "合计", "", &f->total, "");
}

static const struct export_column csv_columns[] = {
	{ .title = "分组" },   { .title = "代码" },   { .title = "名称" },     { .title = "检测数" },
	{ .title = "超限数" }, { .title = "百吨王" }, { .title = "卸载吨数" }, { .title = "超限率(%)" },
};

static int csv_row(struct export *x, const char *group, const char *code, const char *name,
                   const struct overlimit_tally *t, struct err *e)
{
	char detections[24], overlimit[24], ton100[24], tonnes[32], rate[24];
	snprintf(detections, sizeof detections, "%lld", (long long)t->detections);
	snprintf(overlimit, sizeof overlimit, "%lld", (long long)t->overlimit);
	snprintf(ton100, sizeof ton100, "%lld", (long long)t->ton100);
	format_tonnes(t->unloaded_kg, tonnes);
	snprintf(rate, sizeof rate, "%.4f", overlimit_rate_pct(t));
	const char *cells[] = { group, code, name, detections, overlimit, ton100, tonnes, rate };
	return export_row(x, cells, e);
}

int overlimit_figures_csv(const struct overlimit_figures *f, struct buf *out, struct err *e)
{
	struct export x;
	int rc =
	    export_begin(&x, EXPORT_CSV, "", csv_columns, (int)(sizeof csv_columns / sizeof csv_columns[0]), out, e);
	for (int i = 0; i < f->sites.count && rc == 0; i++)
		rc = csv_row(&x, "站点", f->sites.sites[i].code, f->sites.sites[i].name, &f->by_site[i], e);
	for (int i = 0; i < f->months && rc == 0; i++) {
		char code[8], name[16];
		int key = f->by_month[i].key;
		snprintf(code, sizeof code, "%04d-%02d", key / 100 % 10000, key % 100);
		snprintf(name, sizeof name, "%d年%d月", key / 100 % 10000, key % 100);
		rc = csv_row(&x, "月份", code, name, &f->by_month[i].t, e);
	}
	char period[64];
	period_label(f->from, f->to, period);
	if (rc == 0)
		rc = csv_row(&x, "合计", "", period, &f->total, e);
	return export_end(&x, rc, e);
}

int overlimit_report_overlimit(struct db *db, int32_t from, int32_t to, enum report_format format,
                               const struct caller *scope, FILE *out, struct err *e)
{
	struct overlimit_figures f;
	struct buf text;
	buf_init(&text);
	int rc = overlimit_figures_compute(db, from, to, scope, &f, e);
	if (rc == 0 && format == REPORT_JSON) {
		json_t *root = overlimit_figures_json(&f);
		char *dumped = root ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
		json_decref(root);
		if (dumped) {
			buf_adds(&text, dumped);
			buf_addc(&text, '\n');
		} else {
			rc = err_set(e, ERR_NOMEM, "out of memory writing the report");
		}
		free(dumped);
	} else if (rc == 0 && format == REPORT_TEXT) {
		overlimit_figures_text(&f, out);
	} else if (rc == 0) {
		rc = overlimit_figures_csv(&f, &text, e);
	}
	overlimit_figures_release(&f);
	if (rc == 0 && (fwrite(text.p, 1, text.n, out) != text.n || fflush(out)))
		rc = err_set(e, ERR_IO, "cannot write the report");
	buf_release(&text);
	return rc;
}
