/* The database: one API over every backend (SQLite now; PostgreSQL fits the
 * same calls). SQL uses $1, $2, ... parameters. Statements are prepared
 * through a cache owned by the connection: callers never finalize them.
 * A connection is used by one thread at a time. */
#ifndef SUNROAD_DB_H
#define SUNROAD_DB_H

#include "buf.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct db;
struct db_stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

struct db_options {
	bool sync_full; /* SQLite: synchronous=FULL instead of NORMAL */
	bool as_is;     /* no migrations: a restore looks at the target as it is */
};

/* Opens the database named by url ("sqlite:PATH", a plain PATH, or
 * "postgres://..."), creating it if needed, and applies pending migrations.
 * The caller frees *out with db_close. */
int db_open(struct db **out, const char *url, const struct db_options *opt, struct err *e);
void db_close(struct db *db);
/* The file a SQLite URL names ("sqlite:PATH", "sqlite://PATH", a plain
 * PATH), or NULL for a PostgreSQL URL. */
const char *db_sqlite_file(const char *url);

/* The backend's name: "sqlite" or "postgres". */
const char *db_backend(const struct db *db);

/* Runs SQL text without parameters (may hold several statements). */
int db_exec(struct db *db, const char *sql, struct err *e);

/* Returns the cached prepared statement for sql, reset (callers bind every
 * parameter before each step), or NULL with e set. sql must stay valid while db is open (use literals). */
struct db_stmt *db_prepare(struct db *db, const char *sql, struct err *e);

/* Binds parameter $n (1-based). Bound text is not copied: it must stay
 * valid until the statement's next db_step returns. */
void db_bind_int(struct db_stmt *st, int n, int64_t v);
void db_bind_double(struct db_stmt *st, int n, double v);
void db_bind_text(struct db_stmt *st, int n, const char *p, size_t len);
void db_bind_null(struct db_stmt *st, int n);

/* Runs the statement one step: DB_ROW when a row is ready, DB_DONE when it
 * finished (the statement is then reset for reuse), or a negative ERR_*. */
int db_step(struct db_stmt *st, struct err *e);

/* Rows changed by the last finished INSERT/UPDATE/DELETE on st's connection. */
int64_t db_changes(struct db_stmt *st);

/* Column getters for the current row; col is 0-based. Text stays valid until
 * the next step; NULL text reads as "". */
int64_t db_col_int(struct db_stmt *st, int col);
double db_col_double(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
bool db_col_is_null(struct db_stmt *st, int col);

/* ---- one-row lookups ---------------------------------------------------- */

/* A parameter of a lookup, bound in order as $1, $2, ...: DB_INT(v),
 * DB_DOUBLE(v), DB_TEXT(s) (not copied: it must outlive the call),
 * DB_NULL. */
struct db_arg {
	enum { DB_ARG_INT, DB_ARG_DOUBLE, DB_ARG_TEXT, DB_ARG_NULL } type;
	union {
		int64_t i;
		double d;
	};
	const char *p;
	size_t n;
};
#define DB_INT(v)    ((struct db_arg){ .type = DB_ARG_INT, .i = (v) })
#define DB_DOUBLE(v) ((struct db_arg){ .type = DB_ARG_DOUBLE, .d = (v) })
#define DB_TEXT(s) ((struct db_arg){ .type = DB_ARG_TEXT, .p = (s), .n = strlen(s) })
#define DB_NULL    ((struct db_arg){ .type = DB_ARG_NULL })
/* The arguments of a lookup as (array, count): DB_ARGS(DB_INT(id), DB_TEXT(code)). */
#define DB_ARGS(...)                            \
	(const struct db_arg[]){ __VA_ARGS__ }, \
	    (int)(sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg))
#define DB_NO_ARGS NULL, 0

/* Prepares sql, binds args and runs it to its first row: 1 with *row on it
 * (read its columns, then call db_row_done), 0 when it has none, or a
 * negative ERR_* with e set. */
int db_row(struct db *db, const char *sql, const struct db_arg *args, int nargs, struct db_stmt **row, struct err *e);
/* Ends a statement read with db_row: runs it to its end, so it is reset
 * and holds no lock. */
void db_row_done(struct db_stmt *row);
/* The first column of the first row of sql as an integer (NULL reads 0):
 * 1 with *out set (out may be NULL), 0 when there is no row, or an error. */
int db_get_int(struct db *db, const char *sql, const struct db_arg *args, int nargs, int64_t *out, struct err *e);
/* The same as text, copied into out[size] (cut to fit). */
int db_get_text(struct db *db, const char *sql, const struct db_arg *args, int nargs, char *out, size_t size,
                struct err *e);

int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
/* Rolls back the open transaction, if any; never fails loudly. */
void db_rollback(struct db *db);
/* Whether a transaction is open: a step that is also done on its own
 * (opening a case) joins its caller's instead of beginning one. */
bool db_in_transaction(const struct db *db);

/* Bulk loading, where the backend has it (PostgreSQL's COPY; SQLite has
 * none, and db_can_copy says so). db_copy_begin runs `COPY ... FROM STDIN`
 * (text format); db_copy_data sends rows, each a line of tab-separated
 * fields (see db_copy_field); db_copy_end finishes and reports errors. */
bool db_can_copy(const struct db *db);
/* Appends s to out as one field of COPY's text format (backslash, tab,
 * newline and carriage return escaped). */
void db_copy_field(struct buf *out, struct slice s);
/* COPY's binary format (`COPY ... FROM STDIN WITH (FORMAT binary)`),
 * cheaper for the server than text: numbers arrive as machine integers,
 * not digits to parse. The rows start with db_copy_bin_header, each with
 * db_copy_bin_row (its number of fields), then one call per field in the
 * table's column order and of the column's exact width (int8: BIGINT,
 * int4: INTEGER, int2: SMALLINT); db_copy_bin_trailer after the last. */
void db_copy_bin_header(struct buf *out);
void db_copy_bin_row(struct buf *out, int nfields);
void db_copy_bin_int8(struct buf *out, int64_t v);
void db_copy_bin_int4(struct buf *out, int32_t v);
void db_copy_bin_int2(struct buf *out, int16_t v);
void db_copy_bin_float8(struct buf *out, double v);
void db_copy_bin_text(struct buf *out, struct slice s);
void db_copy_bin_null(struct buf *out);
void db_copy_bin_trailer(struct buf *out);
int db_copy_begin(struct db *db, const char *sql, struct err *e);
int db_copy_data(struct db *db, const char *p, size_t n, struct err *e);
int db_copy_end(struct db *db, struct err *e);

/* Many rows in one statement, where the backend has no COPY (SQLite):
 * sql reads them from the table-valued function db_rows($1), whose
 * columns c0, c1, ... are each row's values, as in
 *   INSERT INTO t (a, b) SELECT c0, c1 FROM db_rows($1)
 * One statement for a batch instead of one a row saves what each
 * statement costs (its cursors, its reset): most of the SQLite ingest's
 * time besides the b-trees' own work (bench/RESULTS.md). row sets the
 * ncols values of row i; their text must stay valid until the next call. */
struct db_rows {
	size_t nrows;
	int ncols; /* at most DB_ROWS_COLUMNS */
	void (*row)(void *ctx, size_t i, struct db_arg *values);
	void *ctx;
};
#define DB_ROWS_COLUMNS 64
/* Runs sql over rows; *changed (may be NULL): the rows it changed.
 * ERR_UNSUPPORTED on a backend without db_rows (PostgreSQL: use COPY). */
int db_insert_rows(struct db *db, const char *sql, const struct db_rows *rows, int64_t *changed, struct err *e);

/* The newest applied migration of module (0: none). */
int db_schema_version(struct db *db, const char *module, struct err *e);

#endif
