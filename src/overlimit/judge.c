/* `sunroad judge`: verdicts as CSV, without touching any database. */
#include "overlimit.h"
#include "photos.h"
#include "../base/datetime.h"

#include <string.h>

int overlimit_rules_cache_at(struct rules_cache *c, int32_t day, const struct overlimit_rules **out, struct err *e)
{
	if (!c->valid || day < c->rules.valid_from || day >= c->rules.valid_until) {
		int rc = overlimit_rulebook_at(c->book, day, &c->rules, e);
		c->valid = rc == 0;
		if (rc)
			return rc;
	}
	*out = &c->rules;
	return 0;
}

/* Validates one read record into d, finds its site and judges it. On
 * failure why says what is wrong. */
int overlimit_judge_record(struct overlimit_env *env, const struct record_reader *r, struct detection *d,
                           const struct site **site, struct verdict *v, struct err *why)
{
	if (r->why.code) {
		*why = r->why;
		return why->code;
	}
	const struct slice *value = r->value;
	struct slice brought[DF_COUNT];
	int rc;
	if (env->photos_from && (r->present & 1u << DF_PHOTOS) && r->value[DF_PHOTOS].n) {
		/* ingest --photos: the photos named into the store first, and the
		 * record validated as naming them by their hash. */
		memcpy(brought, r->value, sizeof brought);
		rc = overlimit_photos_bring(env->photos, env->photos_from, slice_trim(r->value[DF_PHOTOS]),
		                            env->photos_field, sizeof env->photos_field, &brought[DF_PHOTOS], why);
		if (rc)
			return rc;
		value = brought;
	}
	if ((rc = overlimit_detection_parse(value, r->present, d, why)))
		return rc;
	if (env->photos && d->photos.n && (rc = overlimit_photos_check(env->photos, d->photos, why)))
		return rc;
	*site = overlimit_site_table_find(&env->sites, d->site);
	if (!*site)
		return err_set(why, ERR_NOTFOUND,
		               "site '%.*s' is not in the site registry (import it with `sunroad sites import`)",
		               (int)d->site.n, d->site.p);
	const struct overlimit_rules *rules;
	if ((rc = overlimit_rules_cache_at(&env->rules, local_day(d->passed_at), &rules, why)))
		return rc;
	overlimit_verdict_judge(rules, *site, d, v);
	return 0;
}

/* Appends ",<v>" to p; returns the new end. */
static char *put_int(char *p, int64_t v)
{
	*p++ = ',';
	return put_decimal(p, v);
}

static char *put_text(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

/* One verdict row; built in a local array since this runs a million times
 * a second. The site code is validated: it never needs CSV quoting. */
static void write_row(struct buf *out, const struct detection *d, const struct verdict *v)
{
	char row[256], *p = row;
	memcpy(p, d->site.p, d->site.n);
	p += d->site.n;
	p = put_int(p, d->seq);
	p = put_int(p, v->limit_kg);
	p = put_int(p, v->judged_kg);
	p = put_int(p, v->over_kg);
	p = put_int(p, v->over_size);
	p = put_int(p, v->ton100);
	p = put_text(p, v->overlimit ? ",overlimit," : ",ok,");
	p = put_text(p, penalty_names[v->penalty]);
	p = put_int(p, v->fine_fen / 100);
	p = put_int(p, v->admissible);
	*p++ = '\n';
	buf_add(out, row, (size_t)(p - row));
}

int overlimit_judge_file(struct overlimit_env *env, const char *path, FILE *out, struct err *e)
{
	struct record_reader r;
	int rc = record_open(&r, path, &detection_schema, e);
	if (rc)
		return rc;
	struct buf rows;
	buf_init(&rows);
	buf_adds(&rows, "site,seq,limit_kg,judged_kg,over_kg,over_size,ton100,verdict,penalty,fine_yuan,admissible\n");
	while ((rc = record_next(&r, e)) == 1) {
		struct detection d;
		const struct site *site;
		struct verdict v;
		struct err why = { 0 };
		if (overlimit_judge_record(env, &r, &d, &site, &v, &why)) {
			fprintf(stderr, "%s: line %lld: %s\n", path, (long long)r.line, why.msg);
			continue;
		}
		write_row(&rows, &d, &v);
		if (rows.n > (1u << 16)) {
			fwrite(rows.p, 1, rows.n, out);
			buf_clear(&rows);
		}
	}
	fwrite(rows.p, 1, rows.n, out);
	buf_release(&rows);
	record_close(&r);
	if (rc == 0 && fflush(out))
		rc = err_set(e, ERR_IO, "cannot write the verdicts to standard output");
	return rc;
}
