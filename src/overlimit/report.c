/* `sunroad report overlimit`: the period's figures, computed from the
 * database, by site and by month, as JSON, Chinese text or CSV. */
#include "overlimit.h"
#include "../base/datetime.h"
#include "../people/people.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct tally {
	int64_t detections, overlimit, ton100, unloaded_kg;
};

struct month_tally {
	int key; /* YYYYMM */
	struct tally t;
};

struct report {
	int32_t from, to;
	struct site_table sites;
	struct tally *by_site; /* parallel to sites.sites */
	struct month_tally *by_month;
	int months;
	struct tally total;
};

static void tally_add(struct tally *a, const struct tally *b)
{
	a->detections += b->detections;
	a->overlimit += b->overlimit;
	a->ton100 += b->ton100;
	a->unloaded_kg += b->unloaded_kg;
}

/* The over-limit rate in percent, rounded to 4 decimals so that every
 * backend prints the same bytes. */
static double rate_pct(const struct tally *t)
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

static int site_index(const struct report *r, int64_t site_id)
{
	for (int i = 0; i < r->sites.count; i++)
		if (r->sites.sites[i].id == site_id)
			return i;
	return -1;
}

/* Adds one (site, month) row of the query to the site's, the month's and
 * the period's tallies; rows of sites out of scope count nowhere. */
static void report_add(struct report *r, int64_t site_id, int month, const struct tally *t)
{
	int i = site_index(r, site_id);
	if (i < 0)
		return;
	tally_add(&r->by_site[i], t);
	for (int m = 0; m < r->months; m++)
		if (r->by_month[m].key == month)
			tally_add(&r->by_month[m].t, t);
	tally_add(&r->total, t);
}

static int report_compute(struct db *db, struct report *r, const struct caller *scope, struct err *e)
{
	int rc = sites_load_scoped(db, scope, &r->sites, e);
	if (rc)
		return rc;
	r->by_site = calloc((size_t)r->sites.count + 1, sizeof *r->by_site);
	int first = month_key(r->from), last = month_key(r->to);
	r->months = (last / 100 - first / 100) * 12 + last % 100 - first % 100 + 1;
	r->by_month = calloc((size_t)r->months, sizeof *r->by_month);
	if (!r->by_site || !r->by_month)
		return err_set(e, ERR_NOMEM, "out of memory computing the report");
	for (int i = 0, key = first; i < r->months; i++) {
		r->by_month[i].key = key;
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
		db_bind_int(st, 1, overlimit_day_key((int64_t)r->from * 86400));
		db_bind_int(st, 2, overlimit_day_key((int64_t)r->to * 86400));
		while ((rc = db_step(st, e)) == DB_ROW) {
			struct tally t = { db_col_int(st, 2), db_col_int(st, 3), db_col_int(st, 4), db_col_int(st, 5) };
			report_add(r, db_col_int(st, 0), (int)db_col_int(st, 1), &t);
		}
		rc = rc < 0 ? rc : 0;
	}
	return rc;
}

static void report_release(struct report *r)
{
	site_table_release(&r->sites);
	free(r->by_site);
	free(r->by_month);
}

static json_t *tally_json(json_t *obj, const struct tally *t)
{
	json_object_set_new(obj, "detections", json_integer(t->detections));
	json_object_set_new(obj, "overlimit", json_integer(t->overlimit));
	json_object_set_new(obj, "ton100", json_integer(t->ton100));
	json_object_set_new(obj, "unloaded_kg", json_integer(t->unloaded_kg));
	json_object_set_new(obj, "overlimit_rate_pct", json_real(rate_pct(t)));
	return obj;
}

static int write_json(const struct report *r, FILE *out, struct err *e)
{
	char from[11], to[11];
	date_format(r->from, from);
	date_format(r->to, to);
	json_t *root = json_object();
	json_object_set_new(root, "from", json_string(from));
	json_object_set_new(root, "to", json_string(to));
	tally_json(root, &r->total);
	json_t *sites = json_array(), *months = json_array();
	for (int i = 0; i < r->sites.count; i++) {
		const struct site *s = &r->sites.sites[i];
		json_t *o = json_object();
		json_object_set_new(o, "site", json_string(s->code));
		json_object_set_new(o, "name", json_string(s->name));
		json_object_set_new(o, "kind", json_string(s->kind == SITE_REMOTE ? "remote" : "station"));
		json_array_append_new(sites, tally_json(o, &r->by_site[i]));
	}
	for (int i = 0; i < r->months; i++) {
		char month[8];
		snprintf(month, sizeof month, "%04d-%02d", r->by_month[i].key / 100 % 10000, r->by_month[i].key % 100);
		json_t *o = json_object();
		json_object_set_new(o, "month", json_string(month));
		json_array_append_new(months, tally_json(o, &r->by_month[i].t));
	}
	json_object_set_new(root, "by_site", sites);
	json_object_set_new(root, "by_month", months);
	int rc = json_dumpf(root, out, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(root);
	fputc('\n', out);
	return rc ? err_set(e, ERR_IO, "cannot write the report") : 0;
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

static void table_row(FILE *out, const char *code, const char *kind, const struct tally *t, const char *name)
{
	char detections[24], overlimit[24], ton100[24], tonnes[32], rate[24];
	snprintf(detections, sizeof detections, "%lld", (long long)t->detections);
	snprintf(overlimit, sizeof overlimit, "%lld", (long long)t->overlimit);
	snprintf(ton100, sizeof ton100, "%lld", (long long)t->ton100);
	format_tonnes(t->unloaded_kg, tonnes);
	snprintf(rate, sizeof rate, "%.2f%%", rate_pct(t));
	cell(out, code, 6, false);
	cell(out, kind, 8, false);
	cell(out, detections, 10, true);
	cell(out, overlimit, 8, true);
	cell(out, ton100, 8, true);
	cell(out, tonnes, 12, true);
	cell(out, rate, 8, true);
	fprintf(out, " %s\n", name);
}

static void write_text(const struct report *r, FILE *out)
{
	char period[64], tonnes[32];
	period_label(r->from, r->to, period);
	format_tonnes(r->total.unloaded_kg, tonnes);
	fprintf(out, "%s,全市共检测货车%lld台,查处超限运输车辆%lld台(其中百吨王%lld辆),卸载货物%s吨,超限率%.2f%%。\n\n",
	        period, (long long)r->total.detections, (long long)r->total.overlimit, (long long)r->total.ton100,
	        tonnes, rate_pct(&r->total));
	cell(out, "站点", 6, false);
	cell(out, "类型", 8, false);
	cell(out, "检测数", 10, true);
	cell(out, "超限数", 8, true);
	cell(out, "百吨王", 8, true);
	cell(out, "卸载(吨)", 12, true);
	cell(out, "超限率", 8, true);
	fprintf(out, " 名称\n");
	for (int i = 0; i < r->sites.count; i++) {
		const struct site *s = &r->sites.sites[i];
		table_row(out, s->code, s->kind == SITE_REMOTE ? "非现场" : "检测站", &r->by_site[i], s->name);
	}
	table_row(out, "合计", "", &r->total, "");
}

static void csv_row(FILE *out, const char *scope, const char *code, const char *name, const struct tally *t)
{
	struct buf b;
	buf_init(&b);
	char tonnes[32];
	format_tonnes(t->unloaded_kg, tonnes);
	buf_adds(&b, scope);
	buf_addc(&b, ',');
	buf_add_csv_field(&b, slice_from(code));
	buf_addc(&b, ',');
	buf_add_csv_field(&b, slice_from(name));
	buf_addf(&b, ",%lld,%lld,%lld,%s,%.4f\r\n", (long long)t->detections, (long long)t->overlimit,
	         (long long)t->ton100, tonnes, rate_pct(t));
	fwrite(b.p, 1, b.n, out);
	buf_release(&b);
}

/* UTF-8 with a byte-order mark and CRLF: what Excel in zh-CN opens right. */
static void write_csv(const struct report *r, FILE *out)
{
	fputs("\xEF\xBB\xBF"
	      "分组,代码,名称,检测数,超限数,百吨王,卸载吨数,超限率(%)\r\n",
	      out);
	for (int i = 0; i < r->sites.count; i++)
		csv_row(out, "站点", r->sites.sites[i].code, r->sites.sites[i].name, &r->by_site[i]);
	for (int i = 0; i < r->months; i++) {
		char code[8], name[16];
		int key = r->by_month[i].key;
		snprintf(code, sizeof code, "%04d-%02d", key / 100 % 10000, key % 100);
		snprintf(name, sizeof name, "%d年%d月", key / 100 % 10000, key % 100);
		csv_row(out, "月份", code, name, &r->by_month[i].t);
	}
	char period[64];
	period_label(r->from, r->to, period);
	csv_row(out, "合计", "", period, &r->total);
}

int report_overlimit(struct db *db, int32_t from, int32_t to, enum report_format format, const struct caller *scope,
                     FILE *out, struct err *e)
{
	struct report r = { .from = from, .to = to };
	site_table_init(&r.sites);
	int rc = report_compute(db, &r, scope, e);
	if (rc == 0) {
		if (format == REPORT_JSON)
			rc = write_json(&r, out, e);
		else if (format == REPORT_TEXT)
			write_text(&r, out);
		else
			write_csv(&r, out);
	}
	report_release(&r);
	if (rc == 0 && fflush(out))
		rc = err_set(e, ERR_IO, "cannot write the report");
	return rc;
}
