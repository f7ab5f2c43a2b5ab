/* `sunroad taxi import companies|vehicles|drivers|training FILE...`: the
 * registry from CSV (or JSON Lines) through base/import.c: validated on
 * the reading thread, stored in batched transactions, idempotent by the
 * natural key (credit code, plate, certificate number; a training record
 * by driver, day and topic). A row already stored as it is counts as a
 * duplicate; a row whose key is stored with other values updates it (a
 * registry changes: a new phone, another company) and is counted as
 * updated. Every refused row goes to the quarantine (base table) with its
 * file, line, text and a reason that starts with a stable name
 * ("uscc_check_digit: credit_code: ..."), in the same transaction. Each
 * file's import is audited (taxi.import). */
#include "taxi.h"
#include "base/audit.h"
#include "base/datetime.h"
#include "base/hash.h"
#include "base/import.h"
#include "base/module.h"
#include "cases/party.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { TALLY_UPDATED = 0 };

#define MAX_TEXTS 9

/* A staged row: its texts in the batch's arena, its numbers. */
struct row {
	uint32_t off[MAX_TEXTS], len[MAX_TEXTS];
	int32_t day[3];
	int64_t number;
};

static struct slice text(const struct row *w, const char *arena, int i)
{
	return (struct slice){ arena + w->off[i], w->len[i] };
}

static void keep(struct row *w, struct buf *arena, int i, struct slice s)
{
	w->len[i] = (uint32_t)s.n;
	w->off[i] = import_keep(arena, s);
}

/* A value of the record, blanks cut ("" when its column is absent). */
static struct slice value(const struct record_reader *r, int i)
{
	return (r->present & (1u << i)) ? slice_trim(r->value[i]) : (struct slice){ "", 0 };
}

static int missing(const struct record_reader *r, const struct record_schema *s, struct err *why)
{
	for (int i = 0; i < s->count; i++)
		if ((s->required & (1u << i)) && value(r, i).n == 0)
			return err_set(why, ERR_INVALID, "field_missing: %s is missing", s->names[i]);
	return 0;
}

/* A party check's refusal as a quarantine reason: its stable name first. */
static int refused(struct err *why, const char *field, const struct err *e)
{
	return err_set(why, ERR_INVALID, "%s: %s: %s", e->reason ? e->reason : "invalid", field, e->msg);
}

static int name_check(struct slice s, const char *field, size_t max, struct err *why)
{
	if (s.n > max)
		return err_set(why, ERR_INVALID, "text_too_long: %s is longer than %zu bytes", field, max);
	for (size_t i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20)
			return err_set(why, ERR_INVALID, "text_control: %s has a control character", field);
	return 0;
}

static int day_check(struct slice s, const char *field, int32_t *day, struct err *why)
{
	if (date_parse(s, day))
		return err_set(why, ERR_INVALID, "date_invalid: %s '%.*s' is not a date YYYY-MM-DD", field,
		               (int)(s.n > 20 ? 20 : s.n), s.p);
	return 0;
}

/* Letters, digits and '-', 6 to 32 of them: a certificate number. */
static int code_check(struct slice s, const char *field, const char *reason, struct err *why)
{
	bool ok = s.n >= 6 && s.n <= 32;
	for (size_t i = 0; ok && i < s.n; i++) {
		char c = s.p[i];
		ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
	}
	return ok ? 0 : err_set(why, ERR_INVALID, "%s: %s must be 6 to 32 letters, digits or '-'", reason, field);
}

/* The id of the row whose key is key, 0 when none, or an error. */
static int64_t lookup(struct db *db, const char *sql, struct slice key, struct err *e)
{
	char k[80];
	snprintf(k, sizeof k, "%.*s", (int)(key.n < 79 ? key.n : 79), key.p);
	int64_t id = 0;
	int rc = db_get_int(db, sql, DB_ARGS(DB_TEXT(k)), &id, e);
	return rc < 0 ? rc : rc == 1 ? id : 0;
}

/* After an INSERT ... ON CONFLICT DO NOTHING of a row with digest: 1
 * stored, 0 the same was there, 2 another was (to update), or an error. */
static int inserted_or(struct db *db, struct db_stmt *ins, const char *digest_sql, const char *key, uint64_t digest,
                       struct err *e)
{
	int rc = db_step(ins, e);
	if (rc < 0)
		return rc;
	if (db_changes(ins) == 1)
		return 1;
	int64_t stored = 0;
	if ((rc = db_get_int(db, digest_sql, DB_ARGS(DB_TEXT(key)), &stored, e)) != 1)
		return rc < 0 ? rc : err_set(e, ERR_DB, "the stored row of %s vanished", key);
	return (uint64_t)stored == digest ? 0 : 2;
}

static void outcome(int stored, struct import_summary *sum, struct import_result *out)
{
	out->outcome = stored == 0 ? IMPORT_DUPLICATE : IMPORT_STORED;
	if (stored == 2)
		sum->tally[TALLY_UPDATED]++;
}

static uint64_t digest_of(const struct row *w, const char *arena, int ntexts, int ndays, int64_t number)
{
	uint64_t h = HASH_SEED;
	for (int i = 0; i < ntexts; i++)
		h = hash_bytes(hash_int(h, w->len[i]), arena + w->off[i], w->len[i]);
	for (int i = 0; i < ndays; i++)
		h = hash_int(h, w->day[i]);
	return hash_int(h, number) & 0x7fffffffffffffffULL;
}

/* ---- companies: credit_code, name ------------------------------------ */

enum { C_CODE, C_NAME, C_COUNT };
static const char *const company_names[] = { "credit_code", "name" };
static const struct record_schema company_schema = {
	company_names,
	C_COUNT,
	1u << C_CODE | 1u << C_NAME,
	1u << C_NAME,
};

static int company_parse(void *ctx, const struct record_reader *r, void *row, struct buf *arena, struct err *why)
{
	(void)ctx;
	struct row *w = row;
	char code[PARTY_ID_SIZE];
	struct err e = { 0 };
	if (missing(r, &company_schema, why))
		return why->code;
	if (party_credit_code_check(value(r, C_CODE), code, &e))
		return refused(why, "credit_code", &e);
	if (name_check(value(r, C_NAME), "name", 200, why))
		return why->code;
	keep(w, arena, 0, slice_from(code));
	keep(w, arena, 1, value(r, C_NAME));
	return 0;
}

static int company_store(struct db *db, void *ctx, void *row, const char *arena, struct import_summary *sum,
                         struct import_result *out, struct err *why, struct err *e)
{
	(void)why;
	(void)ctx;
	struct row *w = row;
	char code[PARTY_ID_SIZE];
	snprintf(code, sizeof code, "%.*s", (int)w->len[0], arena + w->off[0]);
	struct slice name = text(w, arena, 1);
	uint64_t digest = digest_of(w, arena, 2, 0, 0);
	struct db_stmt *st = db_prepare(db,
	                                "INSERT INTO taxi_companies (credit_code, name, digest, created_at)"
	                                " VALUES ($1, $2, $3, $4) ON CONFLICT (credit_code) DO NOTHING",
	                                e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, code, strlen(code));
	db_bind_text(st, 2, name.p, name.n);
	db_bind_int(st, 3, (int64_t)digest);
	db_bind_int(st, 4, (int64_t)time(NULL));
	int stored = inserted_or(db, st, "SELECT digest FROM taxi_companies WHERE credit_code = $1", code, digest, e);
	if (stored < 0)
		return stored;
	if (stored == 2) {
		st = db_prepare(db, "UPDATE taxi_companies SET name = $2, digest = $3 WHERE credit_code = $1", e);
		if (!st)
			return e->code;
		db_bind_text(st, 1, code, strlen(code));
		db_bind_text(st, 2, name.p, name.n);
		db_bind_int(st, 3, (int64_t)digest);
		int rc = db_step(st, e);
		if (rc < 0)
			return rc;
	}
	outcome(stored, sum, out);
	return 0;
}

/* ---- vehicles: plate, permit_no, company ---------------------------- */

enum { V_PLATE, V_PERMIT, V_COMPANY, V_COUNT };
static const char *const vehicle_names[] = { "plate", "permit_no", "company" };
static const struct record_schema vehicle_schema = {
	vehicle_names,
	V_COUNT,
	1u << V_PLATE | 1u << V_PERMIT | 1u << V_COMPANY,
	1u << V_PLATE | 1u << V_PERMIT,
};

static int vehicle_parse(void *ctx, const struct record_reader *r, void *row, struct buf *arena, struct err *why)
{
	(void)ctx;
	struct row *w = row;
	char plate[PARTY_PLATE_SIZE], code[PARTY_ID_SIZE];
	struct err e = { 0 };
	if (missing(r, &vehicle_schema, why))
		return why->code;
	if (party_plate_check(value(r, V_PLATE), plate, &e))
		return refused(why, "plate", &e);
	if (code_check(value(r, V_PERMIT), "permit_no", "permit_format", why))
		return why->code;
	if (party_credit_code_check(value(r, V_COMPANY), code, &e))
		return refused(why, "company", &e);
	keep(w, arena, 0, slice_from(plate));
	keep(w, arena, 1, value(r, V_PERMIT));
	keep(w, arena, 2, slice_from(code));
	return 0;
}

static int vehicle_store(struct db *db, void *ctx, void *row, const char *arena, struct import_summary *sum,
                         struct import_result *out, struct err *why, struct err *e)
{
	(void)ctx;
	struct row *w = row;
	int64_t company = lookup(db, "SELECT id FROM taxi_companies WHERE credit_code = $1", text(w, arena, 2), e);
	if (company < 0)
		return (int)company;
	if (company == 0) {
		err_set(why, ERR_INVALID, "company_unknown: company %.*s is not in the registry: import it first",
		        (int)w->len[2], arena + w->off[2]);
		out->outcome = IMPORT_INVALID;
		return 0;
	}
	char plate[PARTY_PLATE_SIZE];
	snprintf(plate, sizeof plate, "%.*s", (int)w->len[0], arena + w->off[0]);
	struct slice permit = text(w, arena, 1);
	uint64_t digest = digest_of(w, arena, 3, 0, 0);
	struct db_stmt *st = db_prepare(db,
	                                "INSERT INTO taxi_vehicles (plate, permit_no, company_id, digest, created_at)"
	                                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (plate) DO NOTHING",
	                                e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, plate, strlen(plate));
	db_bind_text(st, 2, permit.p, permit.n);
	db_bind_int(st, 3, company);
	db_bind_int(st, 4, (int64_t)digest);
	db_bind_int(st, 5, (int64_t)time(NULL));
	int stored = inserted_or(db, st, "SELECT digest FROM taxi_vehicles WHERE plate = $1", plate, digest, e);
	if (stored < 0)
		return stored;
	if (stored == 2) {
		st = db_prepare(
		    db, "UPDATE taxi_vehicles SET permit_no = $2, company_id = $3, digest = $4 WHERE plate = $1", e);
		if (!st)
			return e->code;
		db_bind_text(st, 1, plate, strlen(plate));
		db_bind_text(st, 2, permit.p, permit.n);
		db_bind_int(st, 3, company);
		db_bind_int(st, 4, (int64_t)digest);
		int rc = db_step(st, e);
		if (rc < 0)
			return rc;
	}
	outcome(stored, sum, out);
	return 0;
}

/* ---- drivers ---------------------------------------------------------- */

enum { D_CERT, D_NAME, D_ID, D_FROM, D_TO, D_COMPANY, D_PHONE, D_PLATE, D_FIRST, D_COUNT };
static const char *const driver_names[] = { "certificate_no", "name",  "id_number", "valid_from",     "valid_to",
	                                    "company",        "phone", "plate",     "first_qualified" };
static const struct record_schema driver_schema = {
	driver_names,
	D_COUNT,
	1u << D_CERT | 1u << D_NAME | 1u << D_ID | 1u << D_FROM | 1u << D_TO | 1u << D_COMPANY | 1u << D_PHONE,
	1u << D_NAME | 1u << D_PLATE,
};

static int driver_parse(void *ctx, const struct record_reader *r, void *row, struct buf *arena, struct err *why)
{
	(void)ctx;
	struct row *w = row;
	char id[PARTY_ID_SIZE], code[PARTY_ID_SIZE], phone[PARTY_PHONE_SIZE], plate[PARTY_PLATE_SIZE] = "";
	struct err e = { 0 };
	if (missing(r, &driver_schema, why))
		return why->code;
	if (code_check(value(r, D_CERT), "certificate_no", "certificate_format", why))
		return why->code;
	if (name_check(value(r, D_NAME), "name", 64, why))
		return why->code;
	if (party_resident_id_check(value(r, D_ID), local_day((int64_t)time(NULL)), id, NULL, &e))
		return refused(why, "id_number", &e);
	if (day_check(value(r, D_FROM), "valid_from", &w->day[0], why) ||
	    day_check(value(r, D_TO), "valid_to", &w->day[1], why))
		return why->code;
	if (w->day[1] < w->day[0])
		return err_set(why, ERR_INVALID, "validity_order: valid_to is before valid_from");
	w->day[2] = w->day[0];
	if (value(r, D_FIRST).n && day_check(value(r, D_FIRST), "first_qualified", &w->day[2], why))
		return why->code;
	if (w->day[2] > w->day[0])
		return err_set(why, ERR_INVALID, "first_qualified_order: first_qualified is after valid_from");
	if (party_credit_code_check(value(r, D_COMPANY), code, &e))
		return refused(why, "company", &e);
	if (party_phone_check(value(r, D_PHONE), phone, &e))
		return refused(why, "phone", &e);
	if (value(r, D_PLATE).n && party_plate_check(value(r, D_PLATE), plate, &e))
		return refused(why, "plate", &e);
	struct slice cert = value(r, D_CERT);
	char upper[40];
	snprintf(upper, sizeof upper, "%.*s", (int)cert.n, cert.p);
	for (char *c = upper; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	keep(w, arena, 0, slice_from(upper));
	keep(w, arena, 1, value(r, D_NAME));
	keep(w, arena, 2, slice_from(id));
	keep(w, arena, 3, slice_from(code));
	keep(w, arena, 4, slice_from(phone));
	keep(w, arena, 5, slice_from(plate));
	return 0;
}

static int driver_store(struct db *db, void *ctx, void *row, const char *arena, struct import_summary *sum,
                        struct import_result *out, struct err *why, struct err *e)
{
	(void)ctx;
	struct row *w = row;
	int64_t company = lookup(db, "SELECT id FROM taxi_companies WHERE credit_code = $1", text(w, arena, 3), e);
	if (company < 0)
		return (int)company;
	if (company == 0) {
		err_set(why, ERR_INVALID, "company_unknown: company %.*s is not in the registry: import it first",
		        (int)w->len[3], arena + w->off[3]);
		out->outcome = IMPORT_INVALID;
		return 0;
	}
	if (w->len[5]) {
		int64_t vehicle = lookup(db, "SELECT id FROM taxi_vehicles WHERE plate = $1", text(w, arena, 5), e);
		if (vehicle < 0)
			return (int)vehicle;
		if (vehicle == 0) {
			err_set(why, ERR_INVALID,
			        "vehicle_unknown: vehicle %.*s is not in the registry: import the vehicles first",
			        (int)w->len[5], arena + w->off[5]);
			out->outcome = IMPORT_INVALID;
			return 0;
		}
	}
	char cert[40];
	snprintf(cert, sizeof cert, "%.*s", (int)w->len[0], arena + w->off[0]);
	uint64_t digest = digest_of(w, arena, 6, 3, 0);
	static const char *const sql[2] = {
		"INSERT INTO taxi_drivers (certificate_no, name, id_number, company_id, phone, plate, valid_from,"
		" valid_to, first_qualified, digest, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
		" ON CONFLICT (certificate_no) DO NOTHING",
		"UPDATE taxi_drivers SET name = $2, id_number = $3, company_id = $4, phone = $5, plate = $6,"
		" valid_from = $7, valid_to = $8, first_qualified = $9, digest = $10 WHERE certificate_no = $1",
	};
	int stored = 1;
	for (int k = 0; k < 2; k++) {
		struct db_stmt *st = db_prepare(db, sql[k], e);
		if (!st)
			return e->code;
		db_bind_text(st, 1, cert, strlen(cert));
		for (int i = 1; i <= 2; i++)
			db_bind_text(st, 1 + i, arena + w->off[i], w->len[i]);
		db_bind_int(st, 4, company);
		db_bind_text(st, 5, arena + w->off[4], w->len[4]);
		db_bind_text(st, 6, arena + w->off[5], w->len[5]);
		for (int i = 0; i < 3; i++)
			db_bind_int(st, 7 + i, date_key(w->day[i]));
		db_bind_int(st, 10, (int64_t)digest);
		if (k == 0) {
			db_bind_int(st, 11, (int64_t)time(NULL)); /* created_at: the INSERT's alone */
			stored = inserted_or(db, st, "SELECT digest FROM taxi_drivers WHERE certificate_no = $1", cert,
			                     digest, e);
			if (stored < 0)
				return stored;
			if (stored != 2)
				break;
		} else {
			int rc = db_step(st, e);
			if (rc < 0)
				return rc;
		}
	}
	outcome(stored, sum, out);
	return 0;
}

/* ---- training: certificate_no, day, hours, topic --------------------- */

enum { T_CERT, T_DAY, T_HOURS, T_TOPIC, T_COUNT };
static const char *const training_names[] = { "certificate_no", "day", "hours", "topic" };
static const struct record_schema training_schema = {
	training_names,
	T_COUNT,
	1u << T_CERT | 1u << T_DAY | 1u << T_HOURS | 1u << T_TOPIC,
	1u << T_TOPIC,
};

static int training_parse(void *ctx, const struct record_reader *r, void *row, struct buf *arena, struct err *why)
{
	(void)ctx;
	struct row *w = row;
	if (missing(r, &training_schema, why))
		return why->code;
	if (code_check(value(r, T_CERT), "certificate_no", "certificate_format", why) ||
	    day_check(value(r, T_DAY), "day", &w->day[0], why) || name_check(value(r, T_TOPIC), "topic", 200, why))
		return why->code;
	if (w->day[0] > local_day((int64_t)time(NULL)))
		return err_set(why, ERR_INVALID, "date_in_future: day is after today");
	if (slice_to_int(value(r, T_HOURS), &w->number) || w->number < 1 || w->number > 24)
		return err_set(why, ERR_INVALID, "hours_invalid: hours must be a whole number 1..24");
	struct slice cert = value(r, T_CERT);
	char upper[40];
	snprintf(upper, sizeof upper, "%.*s", (int)cert.n, cert.p);
	for (char *c = upper; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	keep(w, arena, 0, slice_from(upper));
	keep(w, arena, 1, value(r, T_TOPIC));
	return 0;
}

static int training_store(struct db *db, void *ctx, void *row, const char *arena, struct import_summary *sum,
                          struct import_result *out, struct err *why, struct err *e)
{
	(void)ctx;
	struct row *w = row;
	int64_t driver = lookup(db, "SELECT id FROM taxi_drivers WHERE certificate_no = $1", text(w, arena, 0), e);
	if (driver < 0)
		return (int)driver;
	if (driver == 0) {
		err_set(why, ERR_INVALID, "driver_unknown: no driver has certificate %.*s: import the drivers first",
		        (int)w->len[0], arena + w->off[0]);
		out->outcome = IMPORT_INVALID;
		return 0;
	}
	struct slice topic = text(w, arena, 1);
	struct db_stmt *st = db_prepare(db,
	                                "INSERT INTO taxi_training (driver_id, day, topic, hours, created_at)"
	                                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (driver_id, day, topic) DO NOTHING",
	                                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, driver);
	db_bind_int(st, 2, date_key(w->day[0]));
	db_bind_text(st, 3, topic.p, topic.n);
	db_bind_int(st, 4, w->number);
	db_bind_int(st, 5, (int64_t)time(NULL));
	int rc = db_step(st, e);
	if (rc < 0)
		return rc;
	int stored = 1;
	if (db_changes(st) != 1) {
		st = db_prepare(db,
		                "UPDATE taxi_training SET hours = $4 WHERE driver_id = $1 AND day = $2 AND topic = $3"
		                " AND hours <> $4",
		                e);
		if (!st)
			return e->code;
		db_bind_int(st, 1, driver);
		db_bind_int(st, 2, date_key(w->day[0]));
		db_bind_text(st, 3, topic.p, topic.n);
		db_bind_int(st, 4, w->number);
		if ((rc = db_step(st, e)) < 0)
			return rc;
		stored = db_changes(st) == 1 ? 2 : 0;
	}
	outcome(stored, sum, out);
	return 0;
}

/* ---- the kinds and the verb ------------------------------------------ */

static const struct {
	const char *name; /* as the verb takes it */
	struct import_kind kind;
} kinds[] = {
	{ "companies",
	  { .name = "taxi_company",
	    .schema = &company_schema,
	    .conflict_reason = "conflict",
	    .row_size = sizeof(struct row),
	    .parse = company_parse,
	    .store = company_store,
	    .module = "taxi" } },
	{ "vehicles",
	  { .name = "taxi_vehicle",
	    .schema = &vehicle_schema,
	    .conflict_reason = "conflict",
	    .row_size = sizeof(struct row),
	    .parse = vehicle_parse,
	    .store = vehicle_store,
	    .module = "taxi" } },
	{ "drivers",
	  { .name = "taxi_driver",
	    .schema = &driver_schema,
	    .conflict_reason = "conflict",
	    .row_size = sizeof(struct row),
	    .parse = driver_parse,
	    .store = driver_store,
	    .module = "taxi" } },
	{ "training",
	  { .name = "taxi_training",
	    .schema = &training_schema,
	    .conflict_reason = "conflict",
	    .row_size = sizeof(struct row),
	    .parse = training_parse,
	    .store = training_store,
	    .module = "taxi" } },
};

int taxi_cmd_import(struct cli *cli)
{
	if (cli->nargs < 2)
		return cli_usage(cli);
	int k = -1;
	for (int i = 0; i < (int)(sizeof kinds / sizeof kinds[0]); i++)
		if (strcmp(cli->args[0], kinds[i].name) == 0)
			k = i;
	if (k < 0) {
		fprintf(stderr, "sunroad: taxi import: '%s' is not companies, vehicles, drivers or training\n",
		        cli->args[0]);
		return cli_usage(cli);
	}
	int status = 0;
	struct import_summary all = { 0 };
	for (int i = 1; i < cli->nargs; i++) {
		struct import_summary sum = { 0 };
		struct err e = { 0 };
		if (import_run(cli->db, &kinds[k].kind, NULL, cli->args[i], cli->config->batch, &sum, &e)) {
			cli_fail(&e);
			status = 1;
		}
		if (sum.read && audit_append_json(cli->db, cli->actor, "taxi.import", cli->args[i], NULL,
		                                  json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "kind", kinds[k].name, "read",
		                                            (json_int_t)sum.read, "accepted", (json_int_t)sum.accepted,
		                                            "updated", (json_int_t)sum.tally[TALLY_UPDATED],
		                                            "duplicates", (json_int_t)sum.duplicates, "quarantined",
		                                            (json_int_t)(sum.quarantined + sum.conflicts)),
		                                  (int64_t)time(NULL), &e)) {
			cli_fail(&e);
			status = 1;
		}
		all.read += sum.read;
		all.accepted += sum.accepted;
		all.duplicates += sum.duplicates;
		all.quarantined += sum.quarantined + sum.conflicts;
		all.tally[TALLY_UPDATED] += sum.tally[TALLY_UPDATED];
	}
	printf("%s: %lld read, %lld imported (%lld of them updated), %lld duplicates, %lld quarantined\n",
	       kinds[k].name, (long long)all.read, (long long)all.accepted, (long long)all.tally[TALLY_UPDATED],
	       (long long)all.duplicates, (long long)all.quarantined);
	if (all.quarantined)
		fprintf(stderr,
		        "sunroad: %lld record%s quarantined with the reason; see `sunroad quarantine list --db %s`\n",
		        (long long)all.quarantined, all.quarantined == 1 ? "" : "s", cli->config->db);
	return status;
}
