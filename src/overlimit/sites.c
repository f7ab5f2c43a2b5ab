/* The site registry: weigh-in-motion points and fixed stations, their
 * weighing devices' accuracy class and verification certificate. */
#include "overlimit.h"
#include "../base/audit.h"
#include "../base/auth.h"
#include "../base/datetime.h"
#include "../base/stats_cache.h"
#include "../people/people.h"

#include <jansson.h>
#include <sodium.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum site_field {
	SF_CODE,
	SF_NAME,
	SF_KIND,
	SF_ROAD,
	SF_KM,
	SF_LAT,
	SF_LON,
	SF_CLASS,
	SF_CERT_NO,
	SF_CERT_FROM,
	SF_CERT_TO,
	SF_UNIT,         /* optional: the unit whose users see the site (HQ) */
	SF_SILENT_AFTER, /* optional: seconds of silence that flag the site (3600) */
	SF_COUNT
};

static const char *const site_field_names[SF_COUNT] = {
	"code",          "name", "kind",           "road",    "km",
	"lat",           "lon",  "accuracy_class", "cert_no", "cert_valid_from",
	"cert_valid_to", "unit", "silent_after_s",
};

static const struct record_schema site_schema = {
	.names = site_field_names,
	.count = SF_COUNT,
	.required = (1u << SF_UNIT) - 1,
	.text = 1u << SF_NAME | 1u << SF_ROAD | 1u << SF_CERT_NO | 1u << SF_UNIT,
};

void overlimit_site_table_init(struct site_table *t)
{
	memset(t, 0, sizeof *t);
}

void overlimit_site_table_release(struct site_table *t)
{
	free(t->sites);
	free(t->slots);
	overlimit_site_table_init(t);
}

static uint32_t code_hash(struct slice code)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < code.n; i++)
		h = (h ^ (unsigned char)code.p[i]) * 16777619u;
	return h;
}

static void rehash(struct site_table *t)
{
	int nslots = 16;
	while (nslots < t->count * 2 + 2)
		nslots *= 2;
	int *slots = malloc(sizeof *slots * (size_t)nslots);
	if (!slots)
		abort();
	memset(slots, -1, sizeof *slots * (size_t)nslots);
	for (int i = 0; i < t->count; i++) {
		uint32_t h = code_hash(slice_from(t->sites[i].code));
		int k = (int)(h & (uint32_t)(nslots - 1));
		while (slots[k] >= 0)
			k = (k + 1) & (nslots - 1);
		slots[k] = i;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
}

const struct site *overlimit_site_table_find(const struct site_table *t, struct slice code)
{
	if (!t->nslots)
		return NULL;
	int k = (int)(code_hash(code) & (uint32_t)(t->nslots - 1));
	for (; t->slots[k] >= 0; k = (k + 1) & (t->nslots - 1)) {
		const struct site *s = &t->sites[t->slots[k]];
		if (slice_eq(code, s->code))
			return s;
	}
	return NULL;
}

void overlimit_site_table_put(struct site_table *t, const struct site *s)
{
	struct site *old = (struct site *)overlimit_site_table_find(t, slice_from(s->code));
	if (old) {
		*old = *s;
		return;
	}
	struct site *sites = realloc(t->sites, sizeof *sites * (size_t)(t->count + 1));
	if (!sites)
		abort();
	t->sites = sites;
	t->sites[t->count++] = *s;
	rehash(t);
}

static int copy_text(struct slice s, char *out, size_t size, const char *name, struct err *e)
{
	s = slice_trim(s);
	if (s.n >= size)
		return err_set(e, ERR_INVALID, "%s is longer than %zu bytes", name, size - 1);
	memcpy(out, s.p, s.n);
	out[s.n] = '\0';
	return 0;
}

static int number_field(struct slice s, double min, double max, double *out, const char *name, struct err *e)
{
	char tmp[32], *end;
	s = slice_trim(s);
	if (s.n == 0 || s.n >= sizeof tmp)
		return err_set(e, ERR_INVALID, "%s is not a number", name);
	memcpy(tmp, s.p, s.n);
	tmp[s.n] = '\0';
	*out = strtod(tmp, &end);
	if (*end || !isfinite(*out) || *out < min || *out > max)
		return err_set(e, ERR_INVALID, "%s '%s' is not a number in %g..%g", name, tmp, min, max);
	return 0;
}

static int site_parse(const struct slice v[], uint32_t present, struct site *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	int rc;
	snprintf(s->unit, sizeof s->unit, "HQ");
	s->silent_after_s = SITE_SILENT_AFTER_DEFAULT;
	if ((present & 1u << SF_UNIT) && slice_trim(v[SF_UNIT]).n &&
	    (rc = copy_text(v[SF_UNIT], s->unit, sizeof s->unit, "unit", e)))
		return rc;
	if ((present & 1u << SF_SILENT_AFTER) && slice_trim(v[SF_SILENT_AFTER]).n) {
		double silent;
		if ((rc = number_field(v[SF_SILENT_AFTER], 60, 30 * 86400, &silent, "silent_after_s", e)))
			return rc;
		s->silent_after_s = (int32_t)silent;
	}
	if ((rc = copy_text(v[SF_CODE], s->code, sizeof s->code, "code", e)))
		return rc;
	if (!s->code[0] ||
	    strspn(s->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(s->code))
		return err_set(e, ERR_INVALID, "code '%s' is not 1-16 letters, digits, - or _", s->code);
	if ((rc = copy_text(v[SF_NAME], s->name, sizeof s->name, "name", e)) ||
	    (rc = copy_text(v[SF_ROAD], s->road, sizeof s->road, "road", e)) ||
	    (rc = copy_text(v[SF_CERT_NO], s->cert_no, sizeof s->cert_no, "cert_no", e)))
		return rc;
	struct slice kind = slice_trim(v[SF_KIND]);
	if (slice_eq(kind, "remote"))
		s->kind = SITE_REMOTE;
	else if (slice_eq(kind, "station"))
		s->kind = SITE_STATION;
	else
		return err_set(e, ERR_INVALID, "kind must be remote or station");
	if ((rc = number_field(v[SF_KM], 0, 100000, &s->km, "km", e)) ||
	    (rc = number_field(v[SF_LAT], -90, 90, &s->lat, "lat", e)) ||
	    (rc = number_field(v[SF_LON], -180, 180, &s->lon, "lon", e)))
		return rc;
	s->accuracy_class = overlimit_accuracy_class_parse(v[SF_CLASS]);
	if (s->accuracy_class < 0)
		return err_set(e, ERR_INVALID, "accuracy_class must be one of 0, 0.2, 0.5, 1, 2, 5, 10");
	if (date_parse(slice_trim(v[SF_CERT_FROM]), &s->cert_valid_from))
		return err_set(e, ERR_INVALID, "cert_valid_from is not a date YYYY-MM-DD");
	if (date_parse(slice_trim(v[SF_CERT_TO]), &s->cert_valid_to))
		return err_set(e, ERR_INVALID, "cert_valid_to is not a date YYYY-MM-DD");
	if (s->cert_valid_to < s->cert_valid_from)
		return err_set(e, ERR_INVALID, "cert_valid_to is before cert_valid_from");
	return 0;
}

int overlimit_sites_read_csv(struct site_table *t, const char *path, struct err *e)
{
	struct record_reader r;
	int rc = record_open(&r, path, &site_schema, e);
	if (rc)
		return rc;
	int bad = 0;
	while ((rc = record_next(&r, e)) == 1) {
		struct site s;
		struct err why = { 0 };
		if (r.why.code)
			why = r.why;
		else
			site_parse(r.value, r.present, &s, &why);
		if (why.code) {
			fprintf(stderr, "%s: line %lld: %s\n", path, (long long)r.line, why.msg);
			bad++;
			continue;
		}
		overlimit_site_table_put(t, &s);
	}
	record_close(&r);
	if (rc < 0)
		return rc;
	if (bad)
		return err_set(e, ERR_INVALID, "%s: %d bad row%s; nothing imported, fix the file and retry", path, bad,
		               bad == 1 ? "" : "s");
	return 0;
}

static const char upsert_site_sql[] =
    "INSERT INTO sites (code, name, kind, road, km, lat, lon, accuracy_class, cert_no,"
    " cert_valid_from, cert_valid_to, unit_code, silent_after_s)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,"
    " road = excluded.road, km = excluded.km, lat = excluded.lat, lon = excluded.lon,"
    " accuracy_class = excluded.accuracy_class, cert_no = excluded.cert_no,"
    " cert_valid_from = excluded.cert_valid_from, cert_valid_to = excluded.cert_valid_to,"
    " unit_code = excluded.unit_code, silent_after_s = excluded.silent_after_s";

/* A site as the audit log shows it. */
static void site_json(const struct site *s, struct buf *out)
{
	char cls[8], from[11], to[11];
	overlimit_accuracy_class_format(s->accuracy_class, cls);
	date_format(s->cert_valid_from, from);
	date_format(s->cert_valid_to, to);
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:f,s:s,s:s,s:s,s:s,s:s,s:i}", "code", s->code, "name", s->name, "kind",
	                      s->kind == SITE_REMOTE ? "remote" : "station", "road", s->road, "km", s->km,
	                      "accuracy_class", cls, "cert_no", s->cert_no, "cert_valid_from", from, "cert_valid_to",
	                      to, "unit", s->unit, "silent_after_s", (int)s->silent_after_s);
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
	buf_clear(out);
	buf_adds(out, text);
	free(text);
	json_decref(o);
}

/* Audits each site whose registry entry (certificate included) changes. */
static int audit_site_changes(struct db *db, const struct site_table *t, const char *actor, struct err *e)
{
	struct site_table stored;
	overlimit_site_table_init(&stored);
	int rc = overlimit_sites_load(db, &stored, e);
	struct buf before, after;
	buf_init(&before);
	buf_init(&after);
	for (int i = 0; i < t->count && rc == 0; i++) {
		const struct site *old = overlimit_site_table_find(&stored, slice_from(t->sites[i].code));
		site_json(&t->sites[i], &after);
		if (old)
			site_json(old, &before);
		else
			buf_clear(&before);
		if (!old || strcmp(before.p, after.p) != 0)
			rc = audit_append(db, actor, old ? "site.update" : "site.add", t->sites[i].code, before.p,
			                  after.p, (int64_t)time(NULL), e);
	}
	buf_release(&before);
	buf_release(&after);
	overlimit_site_table_release(&stored);
	return rc;
}

int overlimit_sites_store(struct db *db, struct site_table *t, const char *actor, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc == 0)
		rc = audit_site_changes(db, t, actor, e);
	for (int i = 0; i < t->count && rc == 0; i++) {
		const struct site *s = &t->sites[i];
		int found = people_unit_exists(db, s->unit, e);
		if (found <= 0) {
			rc = found < 0
			         ? found
			         : err_set(e, ERR_NOTFOUND, "site %s: no unit '%s'; add it first (sunroad units add)",
			                   s->code, s->unit);
			break;
		}
		struct db_stmt *st = db_prepare(db, upsert_site_sql, e);
		if (!st) {
			rc = e->code;
			break;
		}
		char cls[8]; /* bound text lives until the step */
		overlimit_accuracy_class_format(s->accuracy_class, cls);
		db_bind_text(st, 1, s->code, strlen(s->code));
		db_bind_text(st, 2, s->name, strlen(s->name));
		db_bind_text(st, 3, s->kind == SITE_REMOTE ? "remote" : "station", s->kind == SITE_REMOTE ? 6 : 7);
		db_bind_text(st, 4, s->road, strlen(s->road));
		db_bind_double(st, 5, s->km);
		db_bind_double(st, 6, s->lat);
		db_bind_double(st, 7, s->lon);
		db_bind_text(st, 8, cls, strlen(cls));
		db_bind_text(st, 9, s->cert_no, strlen(s->cert_no));
		db_bind_int(st, 10, date_key(s->cert_valid_from));
		db_bind_int(st, 11, date_key(s->cert_valid_to));
		db_bind_text(st, 12, s->unit, strlen(s->unit));
		db_bind_int(st, 13, s->silent_after_s);
		rc = db_step(st, e);
	}
	/* The figures name the sites: answers cached before are stale now. */
	if (rc >= 0)
		rc = stats_cache_changed(db, "overlimit", e);
	if (rc < 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = db_commit(db, e)))
		return rc;
	/* Read back to learn the ids. */
	struct site_table stored;
	overlimit_site_table_init(&stored);
	rc = overlimit_sites_load(db, &stored, e);
	for (int i = 0; i < t->count && rc == 0; i++) {
		const struct site *s = overlimit_site_table_find(&stored, slice_from(t->sites[i].code));
		t->sites[i].id = s ? s->id : 0;
	}
	overlimit_site_table_release(&stored);
	return rc;
}

int overlimit_sites_load(struct db *db, struct site_table *t, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                "SELECT id, code, name, kind, road, km, lat, lon, accuracy_class, cert_no,"
	                                " cert_valid_from, cert_valid_to, unit_code, silent_after_s, last_seen_at"
	                                " FROM sites ORDER BY code",
	                                e);
	if (!st)
		return e->code;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct site s;
		memset(&s, 0, sizeof s);
		s.id = db_col_int(st, 0);
		snprintf(s.code, sizeof s.code, "%s", db_col_text(st, 1));
		snprintf(s.name, sizeof s.name, "%s", db_col_text(st, 2));
		s.kind = strcmp(db_col_text(st, 3), "remote") == 0 ? SITE_REMOTE : SITE_STATION;
		snprintf(s.road, sizeof s.road, "%s", db_col_text(st, 4));
		s.km = db_col_double(st, 5);
		s.lat = db_col_double(st, 6);
		s.lon = db_col_double(st, 7);
		s.accuracy_class = overlimit_accuracy_class_parse(slice_from(db_col_text(st, 8)));
		snprintf(s.cert_no, sizeof s.cert_no, "%s", db_col_text(st, 9));
		s.cert_valid_from = date_from_key((int32_t)db_col_int(st, 10));
		s.cert_valid_to = date_from_key((int32_t)db_col_int(st, 11));
		snprintf(s.unit, sizeof s.unit, "%s", db_col_text(st, 12));
		s.silent_after_s = (int32_t)db_col_int(st, 13);
		s.last_seen_at = db_col_int(st, 14); /* NULL reads as 0: never */
		overlimit_site_table_put(t, &s);
	}
	return rc < 0 ? rc : 0;
}

int overlimit_sites_new_key(struct db *db, const char *code, const char *actor, char key[SITE_KEY_SIZE], struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	unsigned char raw[32];
	char hash[AUTH_TOKEN_HASH_SIZE];
	randombytes_buf(raw, sizeof raw);
	memcpy(key, "sr_", 3);
	sodium_bin2hex(key + 3, SITE_KEY_SIZE - 3, raw, sizeof raw);
	auth_token_hash(key, hash);
	sodium_memzero(raw, sizeof raw);

	int rc = db_begin(db, e);
	if (rc == 0 &&
	    (rc = db_get_int(db, "SELECT 1 FROM sites WHERE code = $1", DB_ARGS(DB_TEXT(code)), NULL, e)) >= 0)
		rc = rc ? 0
		        : err_reason(e, ERR_NOTFOUND, "site_unknown", ERR_ARGS(ERR_TEXT("site", code)),
		                     "no site '%s' (see `sunroad sites list`)", code);
	struct db_stmt *st = NULL;
	if (rc == 0 && !(st = db_prepare(db,
	                                 "INSERT INTO site_keys (site_code, key_hash, issued_at) VALUES ($1, $2, $3)"
	                                 " ON CONFLICT (site_code) DO UPDATE SET key_hash = excluded.key_hash,"
	                                 " issued_at = excluded.issued_at",
	                                 e)))
		rc = e->code;
	int64_t now = (int64_t)time(NULL);
	if (rc == 0) {
		db_bind_text(st, 1, code, strlen(code));
		db_bind_text(st, 2, hash, strlen(hash));
		db_bind_int(st, 3, now);
		rc = db_step(st, e);
		rc = rc < 0 ? rc : 0;
	}
	/* The log shows that a key was issued, never the key itself. */
	if (rc == 0)
		rc = audit_append(db, actor, "site.key", code, "", "{\"issued\":true,\"previous_revoked\":true}", now,
		                  e);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

void overlimit_site_status(const struct site *s, int64_t now, struct overlimit_site_status *out)
{
	int32_t today = local_day(now);
	out->cert_expired = today > s->cert_valid_to;
	out->cert_expiring = !out->cert_expired && s->cert_valid_to - today < 30;
	out->silent = s->last_seen_at == 0 || now - s->last_seen_at > s->silent_after_s;
}

int overlimit_sites_load_scoped(struct db *db, const struct caller *scope, struct site_table *t, struct err *e)
{
	struct site_table all;
	overlimit_site_table_init(&all);
	int rc = overlimit_sites_load(db, scope && !scope->sees_all ? &all : t, e);
	if (rc || !scope || scope->sees_all) {
		overlimit_site_table_release(&all);
		return rc;
	}
	struct db_stmt *st =
	    db_prepare(db, "SELECT code FROM sites WHERE unit_code IN (" SCOPE_UNITS_SQL ") ORDER BY code", e);
	if (!st) {
		overlimit_site_table_release(&all);
		return e->code;
	}
	people_bind_scope(st, scope);
	while ((rc = db_step(st, e)) == DB_ROW) {
		const struct site *s = overlimit_site_table_find(&all, slice_from(db_col_text(st, 0)));
		if (s)
			overlimit_site_table_put(t, s);
	}
	overlimit_site_table_release(&all);
	return rc < 0 ? rc : 0;
}

int overlimit_sites_key_owner(struct db *db, const char *key, char site[17], struct err *e)
{
	char hash[AUTH_TOKEN_HASH_SIZE];
	auth_token_hash(key, hash);
	int rc =
	    db_get_text(db, "SELECT site_code FROM site_keys WHERE key_hash = $1", DB_ARGS(DB_TEXT(hash)), site, 17, e);
	if (rc == 0)
		return err_set(e, ERR_UNAUTHORIZED,
		               "the key is unknown or revoked (sunroad sites key SITE issues one)");
	return rc < 0 ? rc : 0;
}
