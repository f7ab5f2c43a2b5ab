/* The SQLite backend: WAL journal, foreign keys, a busy timeout, and a cache
 * of prepared statements keyed by their SQL text. A connection belongs to
 * one thread at a time, so SQLite's own per-call mutex is left off. */
#include "db_backend.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 64

struct sqlite_stmt {
	struct db_stmt_head head;
	sqlite3_stmt *stmt;
	const char *sql;
	unsigned char param_index[MAX_PARAMS + 1]; /* $n -> SQLite's index */
	struct sqlite_stmt *next;
};

struct sqlite_conn {
	sqlite3 *handle;
	struct sqlite_stmt *cache;
	int64_t last_changes;
};

#define CONN(db) ((struct sqlite_conn *)(db)->impl)
#define STMT(st) ((struct sqlite_stmt *)(st))

/* A write the storage refuses (a full disk, a read-only file, a file
 * system that failed or turned read-only) is no bug: the operator frees
 * space or repairs the disk, and the client sends again. A busy answer
 * (503) with a reason that says which, rather than an internal error;
 * the transaction is rolled back, nothing of it written. (SQLite's
 * system errno is often gone by the time it reports an I/O error, so a
 * file system that turned read-only on an error is database_io.) */
static int sqlite_storage_error(sqlite3 *h, int primary, struct err *e, const char *what)
{
	int sys = sqlite3_system_errno(h);
	if (primary == SQLITE_FULL || (primary == SQLITE_IOERR && (sys == ENOSPC || sys == EDQUOT)))
		return err_reason(e, ERR_BUSY, "database_full", ERR_NO_ARGS,
		                  "%s: the database's disk is full (%s): nothing was written; free space and try again",
		                  what, sqlite3_errmsg(h));
	if (primary == SQLITE_READONLY || (primary == SQLITE_IOERR && sys == EROFS))
		return err_reason(e, ERR_BUSY, "database_read_only", ERR_NO_ARGS,
		                  "%s: the database's file or file system is read-only (%s): nothing was written; "
		                  "make it writable and try again",
		                  what, sqlite3_errmsg(h));
	if (primary == SQLITE_IOERR)
		return err_reason(e, ERR_BUSY, "database_io", ERR_NO_ARGS,
		                  "%s: the database's disk failed (%s, SQLite code %d): nothing was written; "
		                  "check the disk and its file system (read-only? see the kernel log)",
		                  what, sqlite3_errmsg(h), sqlite3_extended_errcode(h));
	return 0;
}

static int sqlite_error(sqlite3 *h, struct err *e, const char *what)
{
	int code = sqlite3_extended_errcode(h);
	int primary = code & 0xff;
	int storage = sqlite_storage_error(h, primary, e, what);
	if (storage)
		return storage;
	int err_code = primary == SQLITE_CONSTRAINT                         ? ERR_CONFLICT
	               : primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? ERR_BUSY
	               : primary == SQLITE_NOMEM                            ? ERR_NOMEM
	               : primary == SQLITE_CANTOPEN                         ? ERR_IO
	                                                                    : ERR_DB;
	return err_set(e, err_code, "%s: %s", what, sqlite3_errmsg(h));
}

static int sqlite_exec(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	if (sqlite3_exec(CONN(db)->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sqlite3 *h = CONN(db)->handle;
		int rc = sqlite_storage_error(h, sqlite3_extended_errcode(h) & 0xff, e, "database");
		if (!rc)
			rc = err_set(e, ERR_DB, "database: %s", msg ? msg : "unknown error");
		sqlite3_free(msg);
		return rc;
	}
	return 0;
}

/* sunroad_ensure_partition(day[, loading]): PostgreSQL makes monthly
 * partitions with it; SQLite has one table, so the same SQL runs here and
 * does nothing. */
static void no_partitions(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	if (argc < 1)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int64(ctx, sqlite3_value_int64(argv[0]) / 100);
}

static int sqlite_open(struct db *db, const char *path, const struct db_options *opt, struct err *e)
{
	struct sqlite_conn *c = calloc(1, sizeof *c);
	if (!c)
		return err_set(e, ERR_NOMEM, "out of memory opening %s", path);
	db->impl = c;
	int rc =
	    sqlite3_open_v2(path, &c->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = err_set(e, ERR_IO, "cannot open database %s: %s", path,
		             c->handle ? sqlite3_errmsg(c->handle) : "out of memory");
		return rc;
	}
	sqlite3_busy_timeout(c->handle, 10000);
	/* Measured (bench/RESULTS.md): 16 KiB pages (they take effect when
	 * the file is created) and a WAL checkpointed every 10 000 pages make
	 * the bulk ingest about 30 % faster than the defaults. An 8 MB page
	 * cache is as fast as 32 MB for the ingest (its working set is the
	 * right edge of each b-tree) and keeps the server's connections
	 * small: each one's cache fills slowly with whatever its thread
	 * reads, and the soak's RSS grew by a fifth that way with 32 MB; a
	 * miss reads the OS's page cache. Deleted rows are overwritten in the
	 * file (secure_delete: personal data deleted is gone from the pages;
	 * Debian's build has it on already, others may not; it costs the
	 * ingest 2 % of its instructions). */
	static const char pragmas[] = "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
	                              " PRAGMA cache_size=-8000; PRAGMA wal_autocheckpoint=10000; PRAGMA secure_delete=ON;";
	rc = sqlite_exec(db, pragmas, e);
	if (rc == 0)
		rc = sqlite_exec(db, opt->sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", e);
	if (rc == 0)
		sqlite3_create_function(c->handle, "sunroad_ensure_partition", -1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
		                        NULL, no_partitions, NULL, NULL);
	if (rc == 0 && db_sqlite_rows_register(c->handle) != SQLITE_OK)
		rc = sqlite_error(c->handle, e, "registering db_rows");
	if (rc)
		err_prefix(e, "%s", path);
	return rc;
}

static void sqlite_close(struct db *db)
{
	struct sqlite_conn *c = CONN(db);
	for (struct sqlite_stmt *s = c->cache, *next; s; s = next) {
		next = s->next;
		sqlite3_finalize(s->stmt);
		free(s);
	}
	sqlite3_close(c->handle);
	free(c);
	db->impl = NULL;
}

static struct db_stmt *sqlite_prepare(struct db *db, const char *sql, struct err *e)
{
	struct sqlite_conn *c = CONN(db);
	struct sqlite_stmt **link = &c->cache;
	for (struct sqlite_stmt *s = c->cache; s; link = &s->next, s = s->next) {
		if (s->sql == sql || strcmp(s->sql, sql) == 0) {
			/* Move to the front: the hot statements stay cheap to find. */
			*link = s->next;
			s->next = c->cache;
			c->cache = s;
			sqlite3_reset(s->stmt);
			return (struct db_stmt *)s;
		}
	}
	struct sqlite_stmt *s = calloc(1, sizeof *s);
	if (!s) {
		err_set(e, ERR_NOMEM, "out of memory preparing a statement");
		return NULL;
	}
	if (sqlite3_prepare_v3(c->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt, NULL) != SQLITE_OK) {
		sqlite_error(c->handle, e, "preparing SQL");
		free(s);
		return NULL;
	}
	int count = sqlite3_bind_parameter_count(s->stmt);
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(s->stmt, i);
		int n = name && name[0] == '$' ? (int)strtol(name + 1, NULL, 10) : 0;
		if (n < 1 || n > MAX_PARAMS) {
			err_set(e, ERR_DB, "SQL parameter %d is not written $1..$%d: %s", i, MAX_PARAMS, sql);
			sqlite3_finalize(s->stmt);
			free(s);
			return NULL;
		}
		s->param_index[n] = (unsigned char)i;
	}
	s->head.db = db;
	s->sql = sql;
	s->next = c->cache;
	c->cache = s;
	return (struct db_stmt *)s;
}

static int param(struct db_stmt *st, int n)
{
	return n >= 1 && n <= MAX_PARAMS ? STMT(st)->param_index[n] : 0;
}

static void sqlite_bind_int(struct db_stmt *st, int n, int64_t v)
{
	sqlite3_bind_int64(STMT(st)->stmt, param(st, n), v);
}

static void sqlite_bind_double(struct db_stmt *st, int n, double v)
{
	sqlite3_bind_double(STMT(st)->stmt, param(st, n), v);
}

static void sqlite_bind_text(struct db_stmt *st, int n, const char *p, size_t len)
{
	/* Static: the caller keeps the text until the step (db.h). */
	sqlite3_bind_text(STMT(st)->stmt, param(st, n), p, (int)len, SQLITE_STATIC);
}

static void sqlite_bind_null(struct db_stmt *st, int n)
{
	sqlite3_bind_null(STMT(st)->stmt, param(st, n));
}

static int sqlite_step(struct db_stmt *st, struct err *e)
{
	struct sqlite_stmt *s = STMT(st);
	sqlite3 *h = sqlite3_db_handle(s->stmt);
	int rc = sqlite3_step(s->stmt);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE) {
		CONN(s->head.db)->last_changes = sqlite3_changes64(h);
		sqlite3_reset(s->stmt);
		return DB_DONE;
	}
	rc = sqlite_error(h, e, "database");
	sqlite3_reset(s->stmt);
	return rc;
}

static int64_t sqlite_changes(struct db_stmt *st)
{
	return CONN(STMT(st)->head.db)->last_changes;
}

static int64_t sqlite_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(STMT(st)->stmt, col);
}

static double sqlite_col_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(STMT(st)->stmt, col);
}

static const char *sqlite_col_text(struct db_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(STMT(st)->stmt, col);
	return t ? (const char *)t : "";
}

static bool sqlite_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(STMT(st)->stmt, col) == SQLITE_NULL;
}

static int sqlite_insert_rows(struct db *db, const char *sql, const struct db_rows *rows, int64_t *changed,
                              struct err *e)
{
	struct db_stmt *st = sqlite_prepare(db, sql, e);
	if (!st)
		return e->code;
	sqlite3_bind_pointer(STMT(st)->stmt, param(st, 1), (void *)rows, DB_ROWS_POINTER, NULL);
	int rc = sqlite_step(st, e);
	if (rc == DB_ROW) {
		sqlite3_reset(STMT(st)->stmt);
		return err_set(e, ERR_DB, "db_rows: the statement answered rows: %s", sql);
	}
	if (rc == 0 && changed)
		*changed = CONN(db)->last_changes;
	return rc;
}

const struct db_backend_ops db_sqlite_ops = {
	.name = "sqlite",
	/* Every transaction writes: taking the write lock first makes a second
	 * writer wait out the busy timeout instead of failing on upgrade. */
	.begin_sql = "BEGIN IMMEDIATE",
	.begin_migration_sql = "BEGIN IMMEDIATE",
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.prepare = sqlite_prepare,
	.bind_int = sqlite_bind_int,
	.bind_double = sqlite_bind_double,
	.bind_text = sqlite_bind_text,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.changes = sqlite_changes,
	.col_int = sqlite_col_int,
	.col_double = sqlite_col_double,
	.col_text = sqlite_col_text,
	.col_is_null = sqlite_col_is_null,
	.insert_rows = sqlite_insert_rows,
};
