/* What a database backend implements; only db.c and the backends see this. */
#ifndef SUNROAD_DB_BACKEND_H
#define SUNROAD_DB_BACKEND_H

#include "db.h"

struct db_backend_ops {
	const char *name;
	/* Starts a transaction that holds off other migrators until it ends. */
	const char *begin_sql; /* starts a transaction that will write */
	const char *begin_migration_sql;
	int (*open)(struct db *db, const char *target, const struct db_options *opt, struct err *e);
	void (*close)(struct db *db);
	int (*exec)(struct db *db, const char *sql, struct err *e);
	struct db_stmt *(*prepare)(struct db *db, const char *sql, struct err *e);
	void (*bind_int)(struct db_stmt *st, int n, int64_t v);
	void (*bind_double)(struct db_stmt *st, int n, double v);
	void (*bind_text)(struct db_stmt *st, int n, const char *p, size_t len);
	void (*bind_null)(struct db_stmt *st, int n);
	int (*step)(struct db_stmt *st, struct err *e);
	int64_t (*changes)(struct db_stmt *st);
	int64_t (*col_int)(struct db_stmt *st, int col);
	double (*col_double)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	bool (*col_is_null)(struct db_stmt *st, int col);
	/* Optional: NULL where the backend has no bulk path. */
	int (*copy_begin)(struct db *db, const char *sql, struct err *e);
	int (*copy_data)(struct db *db, const char *p, size_t n, struct err *e);
	int (*copy_end)(struct db *db, struct err *e);
};

struct db {
	const struct db_backend_ops *ops;
	void *impl; /* the backend's connection state */
	bool in_transaction;
};

/* Every statement starts with its connection, so db.c can reach the ops. */
struct db_stmt_head {
	struct db *db;
};

extern const struct db_backend_ops db_sqlite_ops;
extern const struct db_backend_ops db_pg_ops;

/* The migrations compiled into the binary (generated from migrations/):
 * NNNN_name.sql runs on every backend, NNNN_name.sqlite.sql and
 * NNNN_name.postgres.sql on theirs only. */
struct migration {
	int version;
	const char *name;
	const char *backend; /* "" for all */
	const char *sql;
};
extern const struct migration migrations[];
extern const size_t migrations_count;

#endif
