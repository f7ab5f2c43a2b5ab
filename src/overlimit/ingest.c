/* `sunroad ingest`: detections into the database with their verdicts. */
#include "overlimit.h"
#include "ingest.h"
#include "../base/datetime.h"
#include "../base/hash.h"

#include <pthread.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The columns of a stored detection, in the order detection_values and
 * copy_detection give them. */
#define DETECTION_COLUMN_LIST                                                                                  \
	"id, site_id, seq, passed_at, day, plate, plate_color, kind, axles, gross_kg, axle_kg, single_drive,"   \
	" single_tire_axles, length_mm, width_mm, height_mm, speed_kmh, lane, photos, digest, limit_kg, judged_kg," \
	" over_kg, over_size, ton100, overlimit, penalty, fine_fen, admissible, inadmissible, ruleset_id"
#define DETECTION_COLUMNS 31 /* of DETECTION_COLUMN_LIST: each binary COPY row says how many */

/* The local date as the integer YYYYMMDD the reports group by. */
int32_t overlimit_day_key(int64_t unix_s)
{
	return date_key(local_day(unix_s));
}

/* "7000;9000;..." (as stored) into out; returns its length. Hot: no printf. */
static size_t format_axle_kg(const struct detection *d, char out[MAX_AXLES * 8])
{
	char *p = out;
	for (int i = 0; i < d->axle_count; i++) {
		if (i)
			*p++ = ';';
		p = put_decimal(p, d->axle_kg[i]);
	}
	return (size_t)(p - out);
}

static struct db_arg text_arg(const char *arena, uint32_t off, size_t n)
{
	return (struct db_arg){ .type = DB_ARG_TEXT, .p = n ? arena + off : "", .n = n };
}

/* The values of x in the order of DETECTION_COLUMN_LIST. */
static void detection_values(const struct detection_row *x, const char *arena, struct db_arg v[DETECTION_COLUMNS])
{
	const struct detection *d = &x->d;
	const struct verdict *r = &x->v;
	const char *penalty = penalty_names[r->penalty];
	v[0] = DB_INT(overlimit_detection_key(x->site_id, d->seq));
	v[1] = DB_INT(x->site_id);
	v[2] = DB_INT(d->seq);
	v[3] = DB_INT(d->passed_at);
	v[4] = DB_INT(x->day);
	v[5] = text_arg(arena, x->plate_off, d->plate.n);
	v[6] = text_arg(arena, x->color_off, d->plate_color.n);
	v[7] = (struct db_arg){ .type = DB_ARG_TEXT, .p = d->kind == VEHICLE_TRUCK ? "truck" : "train", .n = 5 };
	v[8] = DB_INT(d->axles);
	v[9] = DB_INT(d->gross_kg);
	v[10] = text_arg(arena, x->axles_off, x->axles_n);
	v[11] = DB_INT(d->single_drive);
	v[12] = DB_INT(d->single_tire_axles);
	v[13] = DB_INT(d->length_mm);
	v[14] = DB_INT(d->width_mm);
	v[15] = DB_INT(d->height_mm);
	v[16] = d->has_speed ? DB_DOUBLE(d->speed_kmh) : DB_NULL;
	v[17] = DB_INT(d->lane);
	v[18] = text_arg(arena, x->photos_off, d->photos.n);
	v[19] = DB_INT((int64_t)x->digest);
	v[20] = DB_INT(r->limit_kg);
	v[21] = DB_INT(r->judged_kg);
	v[22] = DB_INT(r->over_kg);
	v[23] = DB_INT(r->over_size);
	v[24] = DB_INT(r->ton100);
	v[25] = DB_INT(r->overlimit);
	v[26] = (struct db_arg){ .type = DB_ARG_TEXT, .p = penalty, .n = strlen(penalty) };
	v[27] = DB_INT(r->fine_fen);
	v[28] = DB_INT(r->admissible);
	v[29] = DB_INT((int64_t)r->inadmissible);
	v[30] = DB_INT(x->ruleset->id);
}

/* Returns 1 when stored, 0 when the key was already there, or an error. */
static int store_detection(struct db *db, const struct detection_row *x, const char *arena, struct err *e)
{
	struct db_arg v[DETECTION_COLUMNS];
	detection_values(x, arena, v);
	return db_get_int(db,
	                  "INSERT INTO detections (" DETECTION_COLUMN_LIST ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
	                  " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27,"
	                  " $28, $29, $30, $31) ON CONFLICT DO NOTHING RETURNING 1",
	                  v, DETECTION_COLUMNS, NULL, e);
}

/* The digest of the record stored under the key, or an error. */
static int stored_digest(struct db *db, int64_t site_id, int64_t seq, uint64_t *digest, struct err *e)
{
	int64_t v = 0;
	int rc = db_get_int(db, "SELECT digest FROM detections WHERE id = $1",
	                    DB_ARGS(DB_INT(overlimit_detection_key(site_id, seq))), &v, e);
	*digest = (uint64_t)v;
	return rc == 1 ? 0 : rc < 0 ? rc : err_set(e, ERR_DB, "stored record %lld vanished", (long long)seq);
}

static int parse_detection(void *ctx, const struct record_reader *r, void *row, struct buf *arena, struct err *why)
{
	struct overlimit_env *env = ctx;
	struct detection_row *x = row;
	const struct site *site;
	int rc = overlimit_judge_record(env, r, &x->d, &site, &x->v, why);
	if (rc == 0)
		rc = overlimit_passed_at_check(x->d.passed_at, r->value[DF_PASSED_AT], (int64_t)time(NULL),
		                               overlimit_clock_settings.max_clock_skew, why);
	if (rc)
		return rc;
	x->site_id = site->id;
	x->day = overlimit_day_key(x->d.passed_at);
	x->ruleset = env->rules.rules.ruleset; /* the rules just used: the cache's */
	x->digest = overlimit_detection_digest(&x->d);
	x->site_off = import_keep(arena, x->d.site);
	x->plate_off = import_keep(arena, x->d.plate);
	x->color_off = import_keep(arena, x->d.plate_color);
	x->photos_off = import_keep(arena, x->d.photos);
	char axles[MAX_AXLES * 8];
	x->axles_n = (uint32_t)format_axle_kg(&x->d, axles);
	x->axles_off = import_keep(arena, (struct slice){ axles, x->axles_n });
	return 0;
}

/* Makes sure the month of day has somewhere to go: a partition on
 * PostgreSQL (created in this transaction if missing), nothing on SQLite,
 * whose sunroad_ensure_partition() does nothing. Asked once per month and
 * transaction, since a rollback takes a new partition with it. */
static int ensure_partition(struct db *db, struct overlimit_env *env, int32_t day, struct err *e)
{
	if (!env->low_month || day / 100 < env->low_month)
		env->low_month = day / 100;
	if (day / 100 == env->partition_month)
		return 0;
	int rc = db_get_int(db, "SELECT sunroad_ensure_partition($1, CAST($2 AS INTEGER) = 1)",
	                    DB_ARGS(DB_INT(day), DB_INT(env->load_months)), NULL, e);
	if (rc < 0)
		return rc;
	env->partition_month = day / 100;
	return 0;
}

/* Makes sure the rule set x was judged by is stored (once per set and
 * transaction: a lookup in the env's short list otherwise). */
static int ensure_ruleset(struct db *db, struct overlimit_env *env, const struct detection_row *x, struct err *e)
{
	if (!x->ruleset)
		return err_set(e, ERR_INVALID, "seq %lld was judged by rules from no rulebook", (long long)x->d.seq);
	return overlimit_ruleset_store(db, env, x->ruleset, (int64_t)time(NULL), e);
}

static int store_detection_row(struct db *db, void *ctx, void *row, const char *arena, struct import_summary *sum,
                               struct import_result *out, struct err *why, struct err *e)
{
	(void)why; /* judged by the reader: valid here */
	struct overlimit_env *env = ctx;
	struct detection_row *x = row;
	struct detection *d = &x->d;
	d->site.p = arena + x->site_off;
	d->plate.p = arena + x->plate_off;
	d->plate_color.p = arena + x->color_off;
	d->photos.p = arena + x->photos_off;
	int rc = ensure_partition(db, env, x->day, e);
	if (rc == 0)
		rc = ensure_ruleset(db, env, x, e);
	if (rc)
		return rc;
	int stored = store_detection(db, x, arena, e);
	if (stored < 0)
		return stored;
	if (stored) {
		out->outcome = IMPORT_STORED;
		sum->tally[OVERLIMIT_TALLY_OVERLIMIT] += x->v.overlimit;
		sum->tally[OVERLIMIT_TALLY_TON100] += x->v.ton100;
		return overlimit_env_seen(db, env, x->site_id, d->passed_at, e);
	}
	uint64_t old = 0;
	rc = stored_digest(db, x->site_id, d->seq, &old, e);
	out->outcome = old == x->digest ? IMPORT_DUPLICATE : IMPORT_CONFLICT;
	out->site = d->site;
	out->seq = d->seq;
	return rc;
}

/* ---- the bulk paths: COPY on PostgreSQL, one statement a batch on SQLite ---- */

/* The byte width of each integer column of DETECTION_COLUMN_LIST in
 * 0001_detections.postgres.sql (BIGINT 8, INTEGER 4, SMALLINT 2; 0: not
 * an integer): COPY's binary format takes each at its column's width. */
static const unsigned char detection_int_width[DETECTION_COLUMNS] = {
	8, 8, 8, 8, 4, 0, 0, 0, 2, 4, 0, 2, 2, 4, 4, 4, 0, 2, 0, 8, 4, 4, 4, 2, 2, 2, 0, 4, 2, 2, 8,
};

/* One detection in COPY's binary format: detection_values, each at its
 * column's width. */
static void copy_detection(struct buf *out, size_t i, const struct detection_row *x, const char *arena)
{
	(void)i;
	struct db_arg v[DETECTION_COLUMNS];
	detection_values(x, arena, v);
	db_copy_bin_row(out, DETECTION_COLUMNS);
	for (int k = 0; k < DETECTION_COLUMNS; k++) {
		switch (v[k].type) {
		case DB_ARG_INT:
			if (detection_int_width[k] == 8)
				db_copy_bin_int8(out, v[k].i);
			else if (detection_int_width[k] == 4)
				db_copy_bin_int4(out, (int32_t)v[k].i);
			else
				db_copy_bin_int2(out, (int16_t)v[k].i);
			break;
		case DB_ARG_DOUBLE:
			db_copy_bin_float8(out, v[k].d);
			break;
		case DB_ARG_TEXT:
			db_copy_bin_text(out, (struct slice){ v[k].p, v[k].n });
			break;
		case DB_ARG_NULL:
			db_copy_bin_null(out);
			break;
		}
	}
}

static const struct detection_row *row_at(const struct import_batch *b, size_t i)
{
	return (const void *)(b->rows + i * sizeof(struct detection_row));
}

/* The key of record i and its place in the batch, for the key staging
 * table (binary: INTEGER, BIGINT, BIGINT). */
static void copy_key(struct buf *out, size_t i, const struct detection_row *x, const char *arena)
{
	(void)arena;
	db_copy_bin_row(out, 3);
	db_copy_bin_int4(out, (int32_t)i);
	db_copy_bin_int8(out, overlimit_detection_key(x->site_id, x->d.seq));
	db_copy_bin_int8(out, (int64_t)x->digest);
}

/* COPYs the records i of b for which pick[i] holds, each formatted by
 * row (in COPY's binary format), with `sql` (a COPY ... FROM STDIN WITH
 * (FORMAT binary)). */
static int copy_records(struct db *db, const char *sql, const struct import_batch *b, const bool *pick,
                        void (*row)(struct buf *, size_t, const struct detection_row *, const char *), struct err *e)
{
	int rc = db_copy_begin(db, sql, e);
	if (rc)
		return rc;
	struct buf out;
	buf_init(&out);
	db_copy_bin_header(&out);
	for (size_t i = 0; i < b->count && rc == 0; i++) {
		if (!pick[i])
			continue;
		row(&out, i, row_at(b, i), b->arena.p);
		if (out.n > (1u << 16)) {
			rc = db_copy_data(db, out.p, out.n, e);
			buf_clear(&out);
		}
	}
	db_copy_bin_trailer(&out);
	if (rc == 0)
		rc = db_copy_data(db, out.p, out.n, e);
	buf_release(&out);
	int end = db_copy_end(db, e);
	return rc ? rc : end;
}

/* The picked records of b, COPYed into their months' partitions: through
 * detections each row would be routed and copied once more. A batch's
 * records come in runs of a month, one or two months a batch. */
static int copy_into_months(struct db *db, const struct import_batch *b, const bool *pick, struct err *e)
{
	bool *left = malloc(b->count + 1), *in_month = malloc(b->count + 1);
	int rc = left && in_month ? 0 : err_set(e, ERR_NOMEM, "out of memory copying a batch");
	if (rc == 0)
		memcpy(left, pick, b->count);
	for (size_t first = 0; rc == 0 && first < b->count; first++) {
		if (!left[first])
			continue;
		int32_t month = row_at(b, first)->day / 100;
		for (size_t i = 0; i < b->count; i++) {
			in_month[i] = left[i] && row_at(b, i)->day / 100 == month;
			left[i] &= !in_month[i];
		}
		/* The name from a number of ours, not from the input. */
		char sql[sizeof DETECTION_COLUMN_LIST + 96];
		snprintf(sql, sizeof sql, "COPY detections_%06d (" DETECTION_COLUMN_LIST ") FROM STDIN WITH (FORMAT binary)",
		         (int)month);
		rc = copy_records(db, sql, b, in_month, copy_detection, e);
	}
	free(left);
	free(in_month);
	return rc;
}

/* The index of the batch's first valid record with key, in an
 * open-addressing table of nslots (a power of two) first indexes. */
static size_t *first_slot(const struct import_batch *b, size_t *first, size_t nslots, int64_t key)
{
	size_t k = (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ULL >> 20) & (nslots - 1);
	while (first[k] != SIZE_MAX && overlimit_detection_key(row_at(b, first[k])->site_id, row_at(b, first[k])->d.seq) != key)
		k = (k + 1) & (nslots - 1);
	return &first[k];
}

/* The sites of a batch, ascending, each with the largest seq it brings
 * and the mark (the largest seq stored before: every record stored has a
 * seq at most its site's mark). */
struct site_mark {
	int64_t site_id, batch_max, mark;
};

static int by_site(const void *a, const void *b)
{
	int64_t x = ((const struct site_mark *)a)->site_id, y = ((const struct site_mark *)b)->site_id;
	return (x > y) - (x < y);
}

static struct site_mark *mark_of(struct site_mark *m, size_t n, int64_t site_id)
{
	struct site_mark key = { .site_id = site_id };
	return bsearch(&key, m, n, sizeof *m, by_site);
}

/* "{1,2,3}": a bigint[] parameter. */
static void int_array(struct buf *out, const struct site_mark *m, size_t n, bool max)
{
	buf_addc(out, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(out, ',');
		buf_add_int(out, max ? m[i].batch_max : m[i].site_id);
	}
	buf_addc(out, '}');
	buf_addc(out, '\0');
}

/* What a batch holds, worked out before anything is looked up, and what
 * the bulk paths find out per record: whether it is to be stored (pick:
 * valid, then new), whether an earlier record of the batch has its key
 * (later; first: each key's first record), whether it is at or below its
 * site's mark (probing) and found stored then (stored_before); the
 * batch's sites, ascending, with their marks. */
struct batch_plan {
	bool *pick, *later, *probing, *stored_before;
	size_t *first, nslots;
	struct site_mark *marks;
	size_t nmarks;
};

static void plan_release(struct batch_plan *p)
{
	free(p->pick);
	free(p->later);
	free(p->probing);
	free(p->stored_before);
	free(p->first);
	free(p->marks);
}

static int plan_batch(const struct import_batch *b, struct batch_plan *p, struct err *e)
{
	size_t n = b->count ? b->count : 1;
	*p = (struct batch_plan){ .pick = calloc(n, 1), .later = calloc(n, 1), .probing = calloc(n, 1),
		                  .stored_before = calloc(n, 1), .marks = calloc(n, sizeof *p->marks), .nslots = 16 };
	while (p->nslots < b->count * 2)
		p->nslots *= 2;
	p->first = malloc(p->nslots * sizeof *p->first);
	if (!p->pick || !p->later || !p->probing || !p->stored_before || !p->first || !p->marks)
		return err_set(e, ERR_NOMEM, "out of memory storing a batch");
	memset(p->first, 0xff, p->nslots * sizeof *p->first);
	for (size_t i = 0; i < b->count; i++) {
		p->pick[i] = !b->records[i].why_len;
		if (!p->pick[i])
			continue;
		const struct detection_row *x = row_at(b, i);
		size_t *slot = first_slot(b, p->first, p->nslots, overlimit_detection_key(x->site_id, x->d.seq));
		if (*slot == SIZE_MAX)
			*slot = i;
		else
			p->later[i] = true;
		size_t k = 0;
		while (k < p->nmarks && p->marks[k].site_id != x->site_id)
			k++;
		if (k == p->nmarks)
			p->marks[p->nmarks++] = (struct site_mark){ .site_id = x->site_id, .batch_max = x->d.seq, .mark = -1 };
		else if (x->d.seq > p->marks[k].batch_max)
			p->marks[k].batch_max = x->d.seq;
	}
	qsort(p->marks, p->nmarks, sizeof *p->marks, by_site);
	return 0;
}

/* Makes sure of each picked record's month partition and rule set, asked
 * once per run of records with the same ones (on PostgreSQL after the
 * sites' locks, before anything else that locks: see store_bulk_copy). */
static int plan_ensure(struct db *db, struct overlimit_env *env, const struct import_batch *b,
                       const struct batch_plan *p, struct err *e)
{
	int rc = 0;
	const struct detection_row *last = NULL;
	for (size_t i = 0; i < b->count && rc == 0; i++) {
		if (!p->pick[i])
			continue;
		const struct detection_row *x = row_at(b, i);
		/* Records come in runs of one month and rule set. */
		if (last && last->ruleset == x->ruleset && last->day / 100 == x->day / 100)
			continue;
		rc = ensure_partition(db, env, x->day, e);
		if (rc == 0)
			rc = ensure_ruleset(db, env, x, e);
		last = x;
	}
	return rc;
}

/* Which records are at or below their site's mark, to be looked up. */
static void plan_probing(const struct import_batch *b, struct batch_plan *p)
{
	for (size_t i = 0; i < b->count; i++) {
		const struct detection_row *x = row_at(b, i);
		p->probing[i] = p->pick[i] && x->d.seq <= mark_of(p->marks, p->nmarks, x->site_id)->mark;
	}
}

/* Stored now: the first record of each key not stored before, the
 * records still picked afterwards. A later one with its key is its
 * duplicate or conflict. */
static int plan_settle(struct db *db, struct overlimit_env *env, const struct import_batch *b, struct batch_plan *p,
                       struct import_summary *sum, struct import_result *out, struct err *e)
{
	int rc = 0;
	for (size_t i = 0; i < b->count && rc == 0; i++) {
		if (!p->pick[i])
			continue;
		const struct detection_row *x = row_at(b, i);
		if (!p->later[i] && !p->stored_before[i]) {
			out[i].outcome = IMPORT_STORED;
			sum->tally[OVERLIMIT_TALLY_OVERLIMIT] += x->v.overlimit;
			sum->tally[OVERLIMIT_TALLY_TON100] += x->v.ton100;
			rc = overlimit_env_seen(db, env, x->site_id, x->d.passed_at, e);
			continue;
		}
		p->pick[i] = false;
		out[i].site = (struct slice){ b->arena.p + x->site_off, x->d.site.n };
		out[i].seq = x->d.seq;
		if (p->later[i] && !p->stored_before[i]) {
			size_t head = *first_slot(b, p->first, p->nslots, overlimit_detection_key(x->site_id, x->d.seq));
			out[i].outcome = row_at(b, head)->digest == x->digest ? IMPORT_DUPLICATE : IMPORT_CONFLICT;
		}
	}
	return rc;
}

/* PostgreSQL: a record is new when its seq is above its site's mark;
 * only one at or below it (a re-sent file, a device filling a gap) is
 * looked up, by its key. Two writers of the same site take turns: each
 * holds the site's lock, in ascending site order (no deadlock), from
 * reading the marks to the commit that stores its records and moves the
 * marks on. So each (site, seq) is stored once across the partitions
 * without a unique index over them: the records are COPYed straight into
 * their months' partitions, whose only work is their own indexes (none
 * while a month is loading, schema 0010). */
static int store_bulk_copy(struct db *db, struct overlimit_env *env, const struct import_batch *b,
                           struct batch_plan *p, struct import_summary *sum, struct import_result *out, struct err *e)
{
	struct buf sites, maxes;
	buf_init(&sites);
	buf_init(&maxes);
	int_array(&sites, p->marks, p->nmarks, false);
	int_array(&maxes, p->marks, p->nmarks, true);

	/* The sites' turns, in the array's (ascending) order, then their marks. */
	int rc = db_get_int(db,
	                    "SELECT count(pg_advisory_xact_lock(hashtext('sunroad.detection_marks'), CAST(s AS INTEGER)))"
	                    " FROM unnest(CAST($1 AS BIGINT[])) AS s",
	                    DB_ARGS(DB_TEXT(sites.p)), NULL, e) < 0
	                 ? e->code
	                 : 0;
	/* Only then anything else that takes a lock (a new month's partition,
	 * a rule set stored): a writer waiting for a site holds nothing the
	 * one holding it could wait for. */
	if (rc == 0)
		rc = plan_ensure(db, env, b, p, e);
	struct db_stmt *st = NULL;
	if (rc == 0 && !(st = db_prepare(db, "SELECT site_id, max_seq FROM detection_marks WHERE site_id = ANY(CAST($1 AS BIGINT[]))", e)))
		rc = e->code;
	if (st)
		db_bind_text(st, 1, sites.p, sites.n - 1);
	int step = rc ? rc : DB_ROW;
	while (step == DB_ROW && (step = db_step(st, e)) == DB_ROW) {
		struct site_mark *m = mark_of(p->marks, p->nmarks, db_col_int(st, 0));
		if (m)
			m->mark = db_col_int(st, 1);
	}
	rc = step < 0 ? step : rc;

	/* At or below the mark, looked up (a later record of the batch with
	 * the same key too: it is compared with what is stored, if anything
	 * is). */
	plan_probing(b, p);
	bool probe = false;
	for (size_t i = 0; i < b->count; i++)
		probe |= p->probing[i];
	/* A key is looked up by an index: a month still loading gets its
	 * indexes first (schema 0010). */
	if (rc == 0 && probe)
		rc = db_get_int(db, "SELECT sunroad_index_months(false)", DB_NO_ARGS, NULL, e) < 0 ? e->code : 0;
	if (rc == 0 && probe) {
		/* Emptied first: a group of the device feed stores several posts
		 * in one transaction, and the previous post's keys are still in
		 * it (ON COMMIT empties it only at the end). */
		rc = db_exec(db,
		             "CREATE TEMP TABLE IF NOT EXISTS sunroad_keys (ord INTEGER NOT NULL, id BIGINT NOT NULL,"
		             " digest BIGINT NOT NULL) ON COMMIT DELETE ROWS",
		             e);
		if (!rc)
			rc = db_exec(db, "TRUNCATE sunroad_keys", e);
		if (!rc)
			rc = copy_records(db, "COPY sunroad_keys (ord, id, digest) FROM STDIN WITH (FORMAT binary)", b,
			                  p->probing, copy_key, e);
		/* An index probe per key and partition; a key is stored once. */
		if (!rc && !(st = db_prepare(db,
		                             "SELECT s.ord, (SELECT CASE WHEN d.digest = s.digest THEN 1 ELSE 0 END"
		                             " FROM detections d WHERE d.id = s.id LIMIT 1) FROM sunroad_keys s",
		                             e)))
			rc = e->code;
		step = rc ? rc : DB_ROW;
		while (step == DB_ROW && (step = db_step(st, e)) == DB_ROW) {
			size_t i = (size_t)db_col_int(st, 0);
			if (i >= b->count || !p->probing[i] || db_col_is_null(st, 1))
				continue; /* not stored before */
			p->stored_before[i] = true;
			out[i].outcome = db_col_int(st, 1) ? IMPORT_DUPLICATE : IMPORT_CONFLICT;
		}
		rc = step < 0 ? step : rc;
	}
	if (rc == 0)
		rc = plan_settle(db, env, b, p, sum, out, e);
	if (rc == 0)
		rc = copy_into_months(db, b, p->pick, e);
	/* The marks move on in the same transaction. */
	if (rc == 0 && p->nmarks)
		rc = db_get_int(db,
		                "INSERT INTO detection_marks (site_id, max_seq) SELECT * FROM unnest(CAST($1 AS BIGINT[]), CAST($2 AS BIGINT[]))"
		                " ON CONFLICT (site_id) DO UPDATE SET max_seq = GREATEST(detection_marks.max_seq, EXCLUDED.max_seq)",
		                DB_ARGS(DB_TEXT(sites.p), DB_TEXT(maxes.p)), NULL, e) < 0
		         ? e->code
		         : 0;
	buf_release(&sites);
	buf_release(&maxes);
	return rc;
}

/* The picked records of a batch as db_rows. */
struct picked_rows {
	const struct import_batch *b;
	size_t *which;
};

static void picked_row(void *ctx, size_t i, struct db_arg *values)
{
	struct picked_rows *r = ctx;
	detection_values(row_at(r->b, r->which[i]), r->b->arena.p, values);
}

/* SQLite: the transaction holds the database's only write lock (BEGIN
 * IMMEDIATE), so a site's mark is simply its largest key stored, found
 * at the end of the site's range of keys. The records at or below it go
 * one by one (an INSERT that tells a key already there); the new ones
 * all in one statement, which is about twice as fast as a statement a
 * record (bench/RESULTS.md). */
static int store_bulk_rows(struct db *db, struct overlimit_env *env, const struct import_batch *b,
                           struct batch_plan *p, struct import_summary *sum, struct import_result *out, struct err *e)
{
	int rc = plan_ensure(db, env, b, p, e);
	for (size_t k = 0; k < p->nmarks && rc == 0; k++) {
		int64_t lo = overlimit_detection_key(p->marks[k].site_id, 0), top = 0;
		int found = db_get_int(db, "SELECT max(id) FROM detections WHERE id BETWEEN $1 AND $2",
		                       DB_ARGS(DB_INT(lo), DB_INT(lo + SEQ_MAX)), &top, e);
		if (found < 0)
			rc = found;
		else if (top >= lo) /* max() of none is NULL, read as 0 */
			p->marks[k].mark = top - lo;
	}
	plan_probing(b, p);
	struct err why;
	for (size_t i = 0; i < b->count && rc == 0; i++) {
		if (!p->probing[i])
			continue;
		rc = store_detection_row(db, env, (void *)row_at(b, i), b->arena.p, sum, &out[i], &why, e);
		p->pick[i] = false; /* settled */
	}
	if (rc == 0)
		rc = plan_settle(db, env, b, p, sum, out, e);
	struct picked_rows rows = { .b = b, .which = malloc((b->count ? b->count : 1) * sizeof *rows.which) };
	size_t n = 0;
	if (!rows.which)
		rc = rc ? rc : err_set(e, ERR_NOMEM, "out of memory storing a batch");
	for (size_t i = 0; i < b->count && rc == 0; i++)
		if (p->pick[i])
			rows.which[n++] = i;
	int64_t changed = 0;
	if (rc == 0 && n)
		rc = db_insert_rows(db,
		                    "INSERT INTO detections (" DETECTION_COLUMN_LIST ") SELECT c0, c1, c2, c3, c4, c5, c6, c7,"
		                    " c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21, c22, c23, c24, c25,"
		                    " c26, c27, c28, c29, c30 FROM db_rows($1)",
		                    &(struct db_rows){ .nrows = n, .ncols = DETECTION_COLUMNS, .row = picked_row, .ctx = &rows },
		                    &changed, e);
	if (rc == 0 && (size_t)changed != n)
		rc = err_set(e, ERR_DB, "stored %lld of %zu new detections", (long long)changed, n);
	free(rows.which);
	return rc;
}

static int store_detections_bulk(struct db *db, void *ctx, const struct import_batch *b, struct import_summary *sum,
                                 struct import_result *out, struct err *e)
{
	struct batch_plan p;
	int rc = plan_batch(b, &p, e);
	if (rc == 0)
		rc = db_can_copy(db) ? store_bulk_copy(db, ctx, b, &p, sum, out, e) : store_bulk_rows(db, ctx, b, &p, sum, out, e);
	plan_release(&p);
	return rc;
}

static void begin(void *ctx)
{
	overlimit_env_begin(ctx);
}

/* The months this writer loaded and has moved past get their indexes
 * (schema 0010): the records come in time order, mostly. */
static int committed(struct db *db, void *ctx, struct err *e)
{
	const struct overlimit_env *env = ctx;
	if (!env->load_months || !env->low_month)
		return 0;
	if (env->builder) {
		month_builder_moved(env->builder, env->writer, env->low_month);
		return 0;
	}
	return db_get_int(db, "SELECT sunroad_loaded($1)", DB_ARGS(DB_INT(env->low_month)), NULL, e) < 0 ? e->code : 0;
}

/* A site sending files is alive too: its last_seen_at moves on. */
static int stored(struct db *db, void *ctx, struct err *e)
{
	return overlimit_env_touch_sites(db, ctx, e);
}

/* A site's records all go to the same writer (import.h, route). */
static uint64_t route_by_site(const struct record_reader *r)
{
	if (r->why.code || !(r->present & 1u << DF_SITE))
		return 0;
	return hash_bytes(HASH_SEED, r->value[DF_SITE].p, r->value[DF_SITE].n);
}

const struct import_kind detection_import = {
	.name = "detection",
	.schema = &detection_schema,
	.conflict_reason = "conflict: a different record with this site and seq is already stored",
	.row_size = sizeof(struct detection_row),
	.parse = parse_detection,
	.store = store_detection_row,
	.store_bulk = store_detections_bulk,
	.stored = stored,
	.begin = begin,
	.committed = committed,
	.module = "overlimit",
	.route = route_by_site,
};

void overlimit_summary_add(struct ingest_summary *sum, const struct import_summary *done)
{
	sum->read += done->read;
	sum->accepted += done->accepted;
	sum->duplicates += done->duplicates;
	sum->conflicts += done->conflicts;
	sum->quarantined += done->quarantined;
	sum->overlimit += done->tally[OVERLIMIT_TALLY_OVERLIMIT];
	sum->ton100 += done->tally[OVERLIMIT_TALLY_TON100];
	sum->unloaded_kg += done->tally[OVERLIMIT_TALLY_UNLOADED_KG];
}

int overlimit_writers_open(struct overlimit_writers *w, struct db *db, struct overlimit_env *env, const char *url,
                           long n, struct err *e)
{
	*w = (struct overlimit_writers){ .n = 1, .db = { db }, .env = { env } };
	if (!db_can_copy(db))
		n = 1;
	/* Months an ingest that died was loading get their indexes now. */
	if (env->load_months && db_get_int(db, "SELECT sunroad_index_months(true)", DB_NO_ARGS, NULL, e) < 0)
		return e->code;
	for (; w->n < n && w->n < IMPORT_WRITERS_MAX; w->n++) {
		struct db *more = NULL;
		struct err why = { 0 };
		if (db_open(&more, url, NULL, &why)) {
			/* Fewer writers rather than none (the server's connection
			 * limit, say): the ingest goes on, more slowly. */
			fprintf(stderr,
			        "sunroad: ingest: %d writer%s instead of %ld: %s (allow the database role more"
			        " connections, or set ingest_writers to %d)\n",
			        w->n, w->n == 1 ? "" : "s", n, why.msg, w->n);
			break;
		}
		struct overlimit_env *copy = malloc(sizeof *copy);
		if (!copy) {
			db_close(more);
			return err_set(e, ERR_NOMEM, "out of memory opening a writer");
		}
		*copy = *env; /* the reader's registry and rules, read by nobody else */
		copy->nstored_sets = 0;
		overlimit_env_begin(copy);
		w->db[w->n] = more;
		w->env[w->n] = copy;
	}
	if (!env->load_months)
		return 0;
	struct err why = { 0 };
	if (month_builder_start(&w->builder, url, w, &why)) {
		/* The writers build the months' indexes themselves, holding up the load. */
		fprintf(stderr,
		        "sunroad: ingest: no connection for building the months' indexes (%s), so the writers will index"
		        " the months themselves, more slowly (allow the database role one connection more than"
		        " ingest_writers)\n",
		        why.msg);
		return 0;
	}
	for (int i = 0; i < w->n; i++) {
		w->env[i]->builder = w->builder;
		w->env[i]->writer = i;
	}
	return 0;
}

/* One writer's end of loading: its months get their indexes. */
struct writer_end {
	struct db *db;
	const struct month_builder *builder;
	struct err e;
	int rc;
};

/* With a builder, the writer builds the months nobody is building beside
 * it (the last ones; the builder may be in the middle of one); then it
 * lets its months go, indexing any still without their indexes. */
static void *end_loading(void *arg)
{
	struct writer_end *w = arg;
	w->rc = w->builder ? month_builder_help(w->builder, w->db, &w->e) : 0;
	if (w->rc == 0 && db_get_int(w->db, "SELECT sunroad_loaded(2147483647)", DB_NO_ARGS, NULL, &w->e) < 0)
		w->rc = w->e.code;
	return NULL;
}

int overlimit_writers_finish(const struct overlimit_writers *w, struct err *e)
{
	if (!w->env[0]->load_months)
		return 0;
	if (w->builder)
		month_builder_writers_done(w->builder);
	struct writer_end end[IMPORT_WRITERS_MAX] = { 0 };
	pthread_t thread[IMPORT_WRITERS_MAX];
	bool started[IMPORT_WRITERS_MAX] = { false };
	for (int i = 0; i < w->n; i++) {
		end[i].db = w->db[i];
		end[i].builder = w->builder;
		if (i > 0)
			started[i] = pthread_create(&thread[i], NULL, end_loading, &end[i]) == 0;
	}
	for (int i = 0; i < w->n; i++)
		if (!started[i])
			end_loading(&end[i]);
	int rc = 0;
	for (int i = 0; i < w->n; i++) {
		if (started[i])
			pthread_join(thread[i], NULL);
		if (end[i].rc && !rc) {
			rc = end[i].rc;
			*e = end[i].e;
		}
	}
	struct err why = { 0 };
	if (w->builder && month_builder_finish(w->builder, &why) && !rc) {
		rc = why.code;
		*e = why;
	}
	return rc;
}

void overlimit_writers_close(struct overlimit_writers *w)
{
	month_builder_free(w->builder);
	w->builder = NULL;
	w->env[0]->builder = NULL;
	for (int i = 1; i < w->n; i++) {
		db_close(w->db[i]);
		free(w->env[i]);
	}
	w->n = 1;
}

int overlimit_ingest_file(const struct overlimit_writers *w, const char *path, long batch, struct ingest_summary *sum,
                          struct err *e)
{
	struct import_summary done = { 0 };
	int rc =
	    import_run_writers(w->db, (void *const *)w->env, w->n, &detection_import, w->env[0], path, batch, &done, e);
	overlimit_summary_add(sum, &done);
	return rc;
}
