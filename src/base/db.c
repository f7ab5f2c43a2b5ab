/* Backend-independent half of the database API: choosing the backend from
 * the URL, one-row lookups and transactions. The migrations are in migrate.c. */
#include "buf.h"
#include "db_backend.h"
#include "metrics.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OPS(st) (((struct db_stmt_head *)(st))->db->ops)

int db_open(struct db **out, const char *url, const struct db_options *opt, struct err *e)
{
	static const struct db_options defaults = { 0 };
	const char *file = db_sqlite_file(url), *target = file ? file : url;
	const struct db_backend_ops *ops = file ? &db_sqlite_ops : &db_pg_ops;
	*out = NULL;
	if (!opt)
		opt = &defaults;
	if (!*target)
		return err_set(e, ERR_INVALID, "database URL '%s' names no file", url);

	struct db *db = calloc(1, sizeof *db);
	if (!db)
		return err_set(e, ERR_NOMEM, "out of memory opening the database");
	db->ops = ops;
	int rc = ops->open(db, target, opt, e);
	if (rc == 0 && !opt->as_is)
		rc = db_migrate(db, e);
	if (rc) {
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

const char *db_sqlite_file(const char *url)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return NULL;
	if (strncmp(url, "sqlite://", 9) == 0)
		return url + 9;
	return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->impl)
		db->ops->close(db);
	free(db);
}

const char *db_backend(const struct db *db)
{
	return db->ops->name;
}

int db_exec(struct db *db, const char *sql, struct err *e)
{
	int rc = db->ops->exec(db, sql, e);
	if (rc < 0)
		metrics_db_error();
	return rc;
}

struct db_stmt *db_prepare(struct db *db, const char *sql, struct err *e)
{
	struct db_stmt *st = db->ops->prepare(db, sql, e);
	if (!st)
		metrics_db_error();
	return st;
}

void db_bind_int(struct db_stmt *st, int n, int64_t v)
{
	OPS(st)->bind_int(st, n, v);
}

void db_bind_double(struct db_stmt *st, int n, double v)
{
	OPS(st)->bind_double(st, n, v);
}

void db_bind_text(struct db_stmt *st, int n, const char *p, size_t len)
{
	OPS(st)->bind_text(st, n, p, len);
}

void db_bind_null(struct db_stmt *st, int n)
{
	OPS(st)->bind_null(st, n);
}

int db_step(struct db_stmt *st, struct err *e)
{
	int rc = OPS(st)->step(st, e);
	if (rc < 0)
		metrics_db_error();
	return rc;
}

int64_t db_changes(struct db_stmt *st)
{
	return OPS(st)->changes(st);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return OPS(st)->col_int(st, col);
}

double db_col_double(struct db_stmt *st, int col)
{
	return OPS(st)->col_double(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return OPS(st)->col_text(st, col);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
	return OPS(st)->col_is_null(st, col);
}

int db_row(struct db *db, const char *sql, const struct db_arg *args, int nargs, struct db_stmt **row, struct err *e)
{
	*row = NULL;
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return e ? e->code : ERR_DB;
	for (int i = 0; i < nargs; i++) {
		if (args[i].type == DB_ARG_INT)
			db_bind_int(st, i + 1, args[i].i);
		else if (args[i].type == DB_ARG_DOUBLE)
			db_bind_double(st, i + 1, args[i].d);
		else if (args[i].type == DB_ARG_TEXT)
			db_bind_text(st, i + 1, args[i].p, args[i].n);
		else
			db_bind_null(st, i + 1);
	}
	int rc = db_step(st, e);
	if (rc != DB_ROW)
		return rc < 0 ? rc : 0;
	*row = st;
	return 1;
}

void db_row_done(struct db_stmt *row)
{
	while (row && db_step(row, NULL) == DB_ROW)
		;
}

int db_get_int(struct db *db, const char *sql, const struct db_arg *args, int nargs, int64_t *out, struct err *e)
{
	struct db_stmt *row;
	int rc = db_row(db, sql, args, nargs, &row, e);
	if (rc == 1) {
		if (out)
			*out = db_col_int(row, 0);
		db_row_done(row);
	}
	return rc;
}

int db_get_text(struct db *db, const char *sql, const struct db_arg *args, int nargs, char *out, size_t size,
                struct err *e)
{
	struct db_stmt *row;
	int rc = db_row(db, sql, args, nargs, &row, e);
	if (rc == 1) {
		snprintf(out, size, "%s", db_col_text(row, 0));
		db_row_done(row);
	}
	return rc;
}

bool db_can_copy(const struct db *db)
{
	return db->ops->copy_begin != NULL;
}

int db_copy_begin(struct db *db, const char *sql, struct err *e)
{
	if (!db->ops->copy_begin)
		return err_set(e, ERR_UNSUPPORTED, "the %s backend has no COPY", db->ops->name);
	return db->ops->copy_begin(db, sql, e);
}

int db_copy_data(struct db *db, const char *p, size_t n, struct err *e)
{
	return db->ops->copy_data(db, p, n, e);
}

int db_copy_end(struct db *db, struct err *e)
{
	return db->ops->copy_end(db, e);
}

int db_insert_rows(struct db *db, const char *sql, const struct db_rows *rows, int64_t *changed, struct err *e)
{
	if (!db->ops->insert_rows)
		return err_set(e, ERR_UNSUPPORTED, "the %s backend has no db_rows", db->ops->name);
	if (rows->ncols < 1 || rows->ncols > DB_ROWS_COLUMNS)
		return err_set(e, ERR_INVALID, "db_rows: %d columns (1 to %d)", rows->ncols, DB_ROWS_COLUMNS);
	int rc = db->ops->insert_rows(db, sql, rows, changed, e);
	if (rc < 0)
		metrics_db_error();
	return rc;
}

int db_begin(struct db *db, struct err *e)
{
	int rc = db_exec(db, db->ops->begin_sql, e);
	db->in_transaction = rc == 0;
	return rc;
}

int db_commit(struct db *db, struct err *e)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = db_exec(db, "COMMIT", e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	metrics_db_commit((int64_t)(t1.tv_sec - t0.tv_sec) * 1000000000 + (t1.tv_nsec - t0.tv_nsec), rc != 0);
	if (rc)
		db_rollback(db);
	db->in_transaction = false;
	return rc;
}

void db_copy_field(struct buf *out, struct slice s)
{
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
			buf_addc(out, '\\');
			c = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : c;
		}
		buf_addc(out, c);
	}
}

/* ---- COPY's binary format: big-endian, each field its length first ---- */

/* Writes v's low `bytes` bytes at p, most significant first. */
static char *be(char *p, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (char)(v & 0xff);
	return p + bytes;
}

/* Appends n bytes written by be(): one growth check, not one per byte
 * run (a detection's row is 31 fields, a year 38 million). */
static void put_be(struct buf *out, uint64_t v, int bytes)
{
	buf_grow(out, (size_t)bytes);
	out->n = (size_t)(be(out->p + out->n, v, bytes) - out->p);
	out->p[out->n] = '\0';
}

/* A fixed-width field: its length, then its value. */
static void put_field(struct buf *out, uint64_t v, int bytes)
{
	buf_grow(out, 4 + (size_t)bytes);
	char *p = be(out->p + out->n, (uint64_t)bytes, 4);
	out->n = (size_t)(be(p, v, bytes) - out->p);
	out->p[out->n] = '\0';
}

void db_copy_bin_header(struct buf *out)
{
	/* The signature, then flags (none) and the header extension's length (0). */
	buf_add(out, "PGCOPY\n\377\r\n\0", 11);
	put_be(out, 0, 4);
	put_be(out, 0, 4);
}

void db_copy_bin_row(struct buf *out, int nfields)
{
	put_be(out, (uint64_t)nfields, 2);
}

void db_copy_bin_int8(struct buf *out, int64_t v)
{
	put_field(out, (uint64_t)v, 8);
}

void db_copy_bin_int4(struct buf *out, int32_t v)
{
	put_field(out, (uint32_t)v, 4);
}

void db_copy_bin_int2(struct buf *out, int16_t v)
{
	put_field(out, (uint16_t)v, 2);
}

void db_copy_bin_float8(struct buf *out, double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	put_field(out, bits, 8);
}

void db_copy_bin_text(struct buf *out, struct slice s)
{
	put_be(out, s.n, 4);
	buf_add(out, s.p, s.n);
}

void db_copy_bin_null(struct buf *out)
{
	put_be(out, UINT32_MAX, 4); /* a length of -1 */
}

void db_copy_bin_trailer(struct buf *out)
{
	put_be(out, UINT16_MAX, 2); /* a field count of -1 */
}

bool db_in_transaction(const struct db *db)
{
	return db->in_transaction;
}

void db_rollback(struct db *db)
{
	if (db->in_transaction)
		db_exec(db, "ROLLBACK", NULL);
	db->in_transaction = false;
}
