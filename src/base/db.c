/* Backend-independent half of the database API: choosing the backend from
 * the URL, transactions, and the numbered migrations. */
#include "db_backend.h"
#include "log.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OPS(st) (((struct db_stmt_head *)(st))->db->ops)

static int migrate(struct db *db, struct err *e);

int db_open(struct db **out, const char *url, const struct db_options *opt, struct err *e)
{
	static const struct db_options defaults = { 0 };
	const char *target = url;
	const struct db_backend_ops *ops = &db_sqlite_ops;
	*out = NULL;
	if (!opt)
		opt = &defaults;
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		ops = &db_pg_ops;
	else if (strncmp(url, "sqlite://", 9) == 0)
		target = url + 9;
	else if (strncmp(url, "sqlite:", 7) == 0)
		target = url + 7;
	if (!*target)
		return err_set(e, ERR_INVALID, "database URL '%s' names no file", url);

	struct db *db = calloc(1, sizeof *db);
	if (!db)
		return err_set(e, ERR_NOMEM, "out of memory opening the database");
	db->ops = ops;
	int rc = ops->open(db, target, opt, e);
	if (rc == 0)
		rc = migrate(db, e);
	if (rc) {
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;
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
	return db->ops->exec(db, sql, e);
}

struct db_stmt *db_prepare(struct db *db, const char *sql, struct err *e)
{
	return db->ops->prepare(db, sql, e);
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
	return OPS(st)->step(st, e);
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

int db_begin(struct db *db, struct err *e)
{
	int rc = db_exec(db, db->ops->begin_sql, e);
	db->in_transaction = rc == 0;
	return rc;
}

int db_commit(struct db *db, struct err *e)
{
	int rc = db_exec(db, "COMMIT", e);
	if (rc)
		db_rollback(db);
	db->in_transaction = false;
	return rc;
}

void db_rollback(struct db *db)
{
	if (db->in_transaction)
		db_exec(db, "ROLLBACK", NULL);
	db->in_transaction = false;
}

int db_schema_version(struct db *db, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT coalesce(max(version), 0) FROM schema_version", e);
	if (!st)
		return e ? e->code : ERR_DB;
	int rc = db_step(st, e);
	if (rc != DB_ROW)
		return rc < 0 ? rc : err_set(e, ERR_DB, "schema_version: no row");
	int v = (int)db_col_int(st, 0);
	db_step(st, NULL);
	return v;
}

/* Applies every compiled-in migration newer than the database, each in its
 * own transaction together with its schema_version row, so a crash leaves
 * the database at a whole version. */
static int migrate(struct db *db, struct err *e)
{
	static const char create[] = "CREATE TABLE IF NOT EXISTS schema_version ("
	                             " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
	/* On PostgreSQL, IF NOT EXISTS still fails when another process is
	 * creating the table at this very moment: wait a little and ask again. */
	int rc = db_exec(db, create, e);
	for (int attempt = 1; rc && attempt < 10; attempt++) {
		usleep(20000 * attempt);
		rc = db_exec(db, create, e);
	}
	if (rc)
		return rc;
	int current = db_schema_version(db, e);
	if (current < 0)
		return current;
	for (size_t i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= current || (*m->backend && strcmp(m->backend, db->ops->name) != 0))
			continue;
		/* Several processes may start at once on a new database: each
		 * migration runs under a lock, and only if still pending then. */
		if ((rc = db_exec(db, db->ops->begin_migration_sql, e)))
			return rc;
		db->in_transaction = true;
		int now = db_schema_version(db, e);
		if (now >= m->version) {
			if ((rc = db_commit(db, e)))
				return rc;
			current = now;
			continue;
		}
		if (now < 0 || (rc = db_exec(db, m->sql, e))) {
			rc = now < 0 ? now : rc;
			db_rollback(db);
			err_prefix(e, "migration %04d_%s", m->version, m->name);
			return rc;
		}
		struct db_stmt *st =
		    db_prepare(db, "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)", e);
		if (!st) {
			db_rollback(db);
			return e ? e->code : ERR_DB;
		}
		db_bind_int(st, 1, m->version);
		db_bind_text(st, 2, m->name, strlen(m->name));
		db_bind_int(st, 3, (int64_t)time(NULL));
		if ((rc = db_step(st, e)) < 0 || (rc = db_commit(db, e))) {
			db_rollback(db);
			return rc;
		}
		log_info("migration applied", "version=%d name=%s", m->version, m->name);
	}
	int newest = migrations_count ? migrations[migrations_count - 1].version : 0;
	if (current > newest)
		return err_set(e, ERR_DB,
		               "database schema version %d is newer than this sunroad (%d); "
		               "upgrade sunroad",
		               current, newest);
	return 0;
}
