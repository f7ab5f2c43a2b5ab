/* The over-limit figures over HTTP (docs/api.md): GET /api/v1/stats/
 * overlimit, the figures of a period for the caller's scope (the report's
 * JSON, cached per data version, and the screening figures with each
 * site's unit, computed on every call since a decision does not change
 * the data version), and GET /api/v1/stats/range, the first and last day
 * with detections in the caller's scope. */
#include "api.h"
#include "../base/datetime.h"
#include "../base/stats_cache.h"
#include "../people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A date query parameter, or fallback when absent. */
static int query_date(struct http_request *rq, const char *name, int32_t fallback, int32_t *out, struct err *e)
{
	const char *s = http_query(rq, name);
	*out = fallback;
	if (s && *s && date_parse(slice_from(s), out))
		return err_reason(e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("field", name), ERR_TEXT("got", s)),
		                  "%s '%s' is not a date YYYY-MM-DD", name, s);
	return 0;
}

/* What the figures of a period are computed from. */
struct stats_request {
	struct db *db;
	int32_t from, to;
	const struct caller *scope;
};

static int stats_compute(void *arg, struct buf *out, struct err *e)
{
	const struct stats_request *s = arg;
	struct overlimit_figures f;
	int rc = overlimit_figures_compute(s->db, s->from, s->to, s->scope, &f, e);
	json_t *root = rc ? NULL : overlimit_figures_json(&f);
	char *text = root ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
	if (rc == 0 && text)
		buf_adds(out, text);
	else if (rc == 0)
		rc = err_set(e, ERR_NOMEM, "out of memory writing the figures");
	free(text);
	json_decref(root);
	overlimit_figures_release(&f);
	return rc;
}

static void screening_json(json_t *obj, const struct overlimit_screening_tally *t)
{
	json_object_set_new(obj, "pending", json_integer(t->pending));
	json_object_set_new(obj, "confirmed", json_integer(t->confirmed));
	json_object_set_new(obj, "dismissed", json_integer(t->dismissed));
	json_object_set_new(obj, "intended_fine_fen", json_integer(t->intended_fine_fen));
}

/* Adds to root (the report's JSON) the screening figures, the period's and
 * each site's, and each site's unit. */
static int screening_add(const struct stats_request *s, json_t *root, struct err *e)
{
	struct overlimit_figures f;
	int rc = overlimit_figures_screening(s->db, s->from, s->to, s->scope, &f, e);
	if (rc == 0) {
		screening_json(root, &f.screening);
		json_t *sites = json_object_get(root, "by_site");
		size_t i;
		json_t *o;
		json_array_foreach(sites, i, o)
		{
			const char *code = json_string_value(json_object_get(o, "site"));
			const struct site *site =
			    code ? overlimit_site_table_find(&f.sites, (struct slice){ code, strlen(code) }) : NULL;
			if (!site)
				continue;
			json_object_set_new(o, "unit", json_string(site->unit));
			screening_json(o, &f.screening_by_site[site - f.sites.sites]);
		}
	}
	overlimit_figures_release(&f);
	return rc;
}

/* The figures of a period for the caller's scope, computed once per data
 * version (every import and feed commit bumps it) and scope, with the
 * screening figures computed each time. */
int overlimit_stats_get(struct http_request *rq, struct err *e)
{
	const struct caller *c = caller_of(rq);
	struct stats_request s = { .db = rq->db, .scope = c };
	if (!http_query(rq, "from") || !http_query(rq, "to"))
		return err_reason(e, ERR_INVALID, "field_required",
		                  ERR_ARGS(ERR_TEXT("field", http_query(rq, "from") ? "to" : "from")),
		                  "give the period as ?from=YYYY-MM-DD&to=YYYY-MM-DD");
	int rc = query_date(rq, "from", 0, &s.from, e);
	if (rc || (rc = query_date(rq, "to", 0, &s.to, e)))
		return rc;
	if (s.to < s.from)
		return err_reason(
		    e, ERR_INVALID, "range_reversed",
		    ERR_ARGS(ERR_TEXT("from", http_query(rq, "from")), ERR_TEXT("to", http_query(rq, "to"))),
		    "the period must run forwards: to is before from");
	if (s.to - s.from > 3660)
		return err_reason(e, ERR_INVALID, "range_too_long", ERR_ARGS(ERR_INT("max_years", 10)),
		                  "the period must span at most ten years");
	char key[80];
	snprintf(key, sizeof key, "%d|%d|%d|%s", s.from, s.to, c->sees_all, c->sees_all ? "" : c->unit);
	struct buf cached;
	buf_init(&cached);
	rc = stats_cache_answer(rq->db, "overlimit", key, &cached, stats_compute, &s, e);
	json_t *root = rc ? NULL : json_loadb(cached.p ? cached.p : "", cached.n, 0, NULL);
	buf_release(&cached);
	if (rc == 0 && !root)
		rc = err_set(e, ERR_NOMEM, "out of memory reading the figures");
	if (rc == 0)
		rc = screening_add(&s, root, e);
	if (rc) {
		json_decref(root);
		return rc;
	}
	return http_json(rq, 200, root);
}

/* The first and last day of the detections of the caller's sites, up to
 * the day the clock skew reaches: another unit's dates are not the
 * caller's to see, and a record dated in the future (stored before
 * max_clock_skew refused them) does not push every dashboard's default
 * period into it. Each end is one walk of the day index from its side. */
int overlimit_stats_range(struct http_request *rq, struct err *e)
{
	const struct caller *c = caller_of(rq);
	int64_t latest = (int64_t)time(NULL) + overlimit_clock_settings.max_clock_skew * 60;
	struct db_stmt *st;
	int rc = db_row(rq->db,
	                "SELECT (SELECT day FROM detections WHERE day <= $3 AND site_id IN (" SCOPED_SITE_IDS ")"
	                " ORDER BY day LIMIT 1),"
	                " (SELECT day FROM detections WHERE day <= $3 AND site_id IN (" SCOPED_SITE_IDS ")"
	                " ORDER BY day DESC LIMIT 1)",
	                DB_ARGS(DB_INT(c->sees_all), DB_TEXT(c->unit), DB_INT(overlimit_day_key(latest))), &st, e);
	if (rc <= 0)
		return rc < 0 ? rc : err_set(e, ERR_DB, "no row from an aggregate");
	json_t *o = json_object();
	for (int i = 0; i < 2; i++) {
		int64_t key = db_col_int(st, i);
		char text[11];
		if (!db_col_is_null(st, i))
			date_format(days_from_civil((int)(key / 10000), (int)(key / 100 % 100), (int)(key % 100)),
			            text);
		json_object_set_new(o, i ? "to" : "from", db_col_is_null(st, i) ? json_null() : json_string(text));
	}
	db_row_done(st);
	return http_json(rq, 200, o);
}
