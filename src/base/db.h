/* The database: one API over every backend (SQLite now; PostgreSQL fits the
 * same calls). SQL uses $1, $2, ... parameters. Statements are prepared
 * through a cache owned by the connection: callers never finalize them.
 * A connection is used by one thread at a time. */
#ifndef SUNROAD_DB_H
#define SUNROAD_DB_H

#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

struct db_options {
	bool sync_full; /* SQLite: synchronous=FULL instead of NORMAL */
};

/* Opens the database named by url ("sqlite:PATH", a plain PATH, or
 * "postgres://..."), creating it if needed, and applies pending migrations.
 * The caller frees *out with db_close. */
int db_open(struct db **out, const char *url, const struct db_options *opt, struct err *e);
void db_close(struct db *db);

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

int db_begin(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
/* Rolls back the open transaction, if any; never fails loudly. */
void db_rollback(struct db *db);

/* Bulk loading, where the backend has it (PostgreSQL's COPY; SQLite has
 * none, and db_can_copy says so). db_copy_begin runs `COPY ... FROM STDIN`
 * (text format); db_copy_data sends rows, each a line of tab-separated
 * fields (see db_copy_field); db_copy_end finishes and reports errors. */
bool db_can_copy(const struct db *db);
int db_copy_begin(struct db *db, const char *sql, struct err *e);
int db_copy_data(struct db *db, const char *p, size_t n, struct err *e);
int db_copy_end(struct db *db, struct err *e);

/* The newest applied migration of module (0: none). */
int db_schema_version(struct db *db, const char *module, struct err *e);

#endif
