/* `sunroad unloads import`: unloading records (卸载), each tied to the stored
 * detection it belongs to; the same batching, idempotence and quarantine as
 * the detection ingest. */
#include "overlimit.h"
#include "ingest.h"
#include "../base/datetime.h"
#include "../base/hash.h"

#include <string.h>

enum unload_field { UF_SITE, UF_SEQ, UF_UNLOADED_KG, UF_UNLOADED_AT, UF_BADGE, UF_COUNT };

static const char *const unload_field_names[UF_COUNT] = { "site", "seq", "unloaded_kg", "unloaded_at", "badge" };

static const struct record_schema unload_schema = {
	.names = unload_field_names,
	.count = UF_COUNT,
	.required = 1u << UF_SITE | 1u << UF_SEQ | 1u << UF_UNLOADED_KG | 1u << UF_UNLOADED_AT,
	.text = 1u << UF_BADGE,
};

struct unload {
	const struct site *site;
	int64_t seq, unloaded_kg, unloaded_at;
	uint32_t badge_off, badge_len; /* staged: the badge in the batch's arena */
	struct slice badge;            /* stored: where those point */
};

/* The stored detection an unloading record points at. */
static int find_detection(struct db *db, int64_t site_id, int64_t seq, int64_t *passed_at, int64_t *gross_kg,
                          struct err *e)
{
	struct db_stmt *row;
	int rc = db_row(db, "SELECT passed_at, gross_kg FROM detections WHERE id = $1",
	                DB_ARGS(DB_INT(overlimit_detection_key(site_id, seq))), &row, e);
	if (rc != 1)
		return rc < 0 ? rc : ERR_NOTFOUND;
	*passed_at = db_col_int(row, 0);
	*gross_kg = db_col_int(row, 1);
	db_row_done(row);
	return 0;
}

/* Validates the record itself (on the reading thread: no database). */
static int parse_unload(void *ctx, const struct record_reader *r, void *row, struct buf *arena, struct err *why)
{
	struct overlimit_env *env = ctx;
	struct unload *u = row;
	const struct slice *v = r->value;
	uint32_t missing = unload_schema.required & ~r->present;
	if (missing)
		return err_set(why, ERR_INVALID, "%s is missing", unload_field_names[__builtin_ctz(missing)]);
	struct slice code = slice_trim(v[UF_SITE]);
	u->site = overlimit_site_table_find(&env->sites, code);
	if (!u->site)
		return err_set(why, ERR_INVALID, "site '%.*s' is not in the site registry",
		               (int)(code.n > 20 ? 20 : code.n), code.p);
	if (slice_to_int(slice_trim(v[UF_SEQ]), &u->seq) || u->seq < 0 || u->seq > SEQ_MAX)
		return err_set(why, ERR_INVALID, "seq is not a whole number in 0..2^40-1");
	if (slice_to_int(slice_trim(v[UF_UNLOADED_KG]), &u->unloaded_kg) || u->unloaded_kg < 1)
		return err_set(why, ERR_INVALID, "unloaded_kg is not a positive whole number of kg");
	const char *what;
	if (datetime_parse(slice_trim(v[UF_UNLOADED_AT]), &u->unloaded_at, &what))
		return err_set(why, ERR_INVALID, "unloaded_at: %s", what);
	struct slice badge = (r->present & (1u << UF_BADGE)) ? slice_trim(v[UF_BADGE]) : (struct slice){ "", 0 };
	if (badge.n > 32)
		return err_set(why, ERR_INVALID, "badge is longer than 32 bytes");
	u->badge_len = (uint32_t)badge.n;
	u->badge_off = import_keep(arena, badge);
	return 0;
}

/* Validates the record against the detection it belongs to: 0, 1 with why
 * set when it does not fit, or a database error. */
static int check_against_detection(struct db *db, const struct unload *u, struct err *why, struct err *e)
{
	int64_t passed_at = 0, gross_kg = 0;
	int rc = find_detection(db, u->site->id, u->seq, &passed_at, &gross_kg, e);
	if (rc == ERR_NOTFOUND)
		return err_set(why, ERR_NOTFOUND,
		               "no stored detection %s seq %lld: import the detections first, then this file again",
		               u->site->code, (long long)u->seq),
		       1;
	if (rc)
		return rc;
	if (u->unloaded_kg > gross_kg)
		return err_set(why, ERR_INVALID, "unloaded_kg %lld is more than the vehicle's gross %lld kg",
		               (long long)u->unloaded_kg, (long long)gross_kg),
		       1;
	if (u->unloaded_at < passed_at)
		return err_set(why, ERR_INVALID, "unloaded_at is before the detection's passed_at"), 1;
	return 0;
}

static uint64_t unload_digest(const struct unload *u)
{
	uint64_t h = HASH_SEED;
	h = hash_int(h, u->site->id);
	h = hash_int(h, u->seq);
	h = hash_int(h, u->unloaded_kg);
	h = hash_int(h, u->unloaded_at);
	return hash_bytes(h, u->badge.p, u->badge.n);
}

/* 1 stored, 0 the same record was there, 2 a different one was, or error. */
static int store_unload(struct db *db, const struct unload *u, struct err *e)
{
	uint64_t digest = unload_digest(u);
	struct db_stmt *st =
	    db_prepare(db,
	               "INSERT INTO unloads (detection_id, site_id, seq, unloaded_kg, unloaded_at, badge, digest)"
	               " VALUES ($7, $1, $2, $3, $4, $5, $6) ON CONFLICT (detection_id) DO NOTHING",
	               e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, u->site->id);
	db_bind_int(st, 2, u->seq);
	db_bind_int(st, 3, u->unloaded_kg);
	db_bind_int(st, 4, u->unloaded_at);
	db_bind_text(st, 5, u->badge.p, u->badge.n);
	db_bind_int(st, 6, (int64_t)digest);
	db_bind_int(st, 7, overlimit_detection_key(u->site->id, u->seq));
	int rc = db_step(st, e);
	if (rc < 0)
		return rc;
	if (db_changes(st) == 1)
		return 1;
	int64_t stored = 0;
	if ((rc = db_get_int(db, "SELECT digest FROM unloads WHERE detection_id = $1",
	                     DB_ARGS(DB_INT(overlimit_detection_key(u->site->id, u->seq))), &stored, e)) != 1)
		return rc < 0 ? rc : err_set(e, ERR_DB, "stored unloading record vanished");
	return (uint64_t)stored == digest ? 0 : 2;
}

static int store_unload_row(struct db *db, void *ctx, void *row, const char *arena, struct import_summary *sum,
                            struct import_result *out, struct err *why, struct err *e)
{
	struct unload *u = row;
	(void)ctx;
	u->badge = (struct slice){ arena + u->badge_off, u->badge_len };
	int rc = check_against_detection(db, u, why, e);
	if (rc == 1) {
		out->outcome = IMPORT_INVALID;
		return 0;
	}
	if (rc)
		return rc;
	int stored = store_unload(db, u, e);
	if (stored < 0)
		return stored;
	out->outcome = stored == 1 ? IMPORT_STORED : stored == 0 ? IMPORT_DUPLICATE : IMPORT_CONFLICT;
	out->site = slice_from(u->site->code);
	out->seq = u->seq;
	if (stored == 1)
		sum->tally[OVERLIMIT_TALLY_UNLOADED_KG] += u->unloaded_kg;
	return 0;
}

const struct import_kind unload_import = {
	.name = "unload",
	.schema = &unload_schema,
	.conflict_reason = "conflict: a different unloading record for this detection is already stored",
	.row_size = sizeof(struct unload),
	.parse = parse_unload,
	.store = store_unload_row,
	.module = "overlimit",
};

int overlimit_unloads_import_file(struct db *db, struct overlimit_env *env, const char *path, long batch,
                                  struct ingest_summary *sum, struct err *e)
{
	struct import_summary done = { 0 };
	int rc = import_run(db, &unload_import, env, path, batch, &done, e);
	overlimit_summary_add(sum, &done);
	return rc;
}
