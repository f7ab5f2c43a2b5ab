/* The migrations: each module's numbered schema files, applied in the
 * modules' order (base first, each module after those it requires), each in
 * its own transaction together with its schema_version row, so a crash
 * leaves every module at a whole version. Several processes may start at
 * once on a new database: a migration runs under a lock, and only if still
 * pending then.
 *
 * A database of sunroad 0.1.0 numbered its migrations 1..4 globally; the
 * files that hold what those did say so (`-- legacy: N`), and such a
 * database is brought into the per-module record once, in place. */
#include "db_backend.h"
#include "log.h"
#include "module.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char create_sql[] = "CREATE TABLE IF NOT EXISTS schema_version ("
                                 " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
                                 " applied_at BIGINT NOT NULL, PRIMARY KEY (module, version))";

int db_schema_version(struct db *db, const char *module, struct err *e)
{
	int64_t v = 0;
	int rc = db_get_int(db, "SELECT coalesce(max(version), 0) FROM schema_version WHERE module = $1",
	                    DB_ARGS(DB_TEXT(module)), &v, e);
	if (rc != 1)
		return rc < 0 ? rc : err_set(e, ERR_DB, "schema_version: no row");
	return (int)v;
}

static bool applies_here(const struct db *db, const struct migration *m)
{
	return !*m->backend || strcmp(m->backend, db->ops->name) == 0;
}

static int record(struct db *db, const char *module, int version, const char *name, struct err *e)
{
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO schema_version (module, version, name, applied_at) VALUES ($1, $2, $3, $4)", e);
	if (!st)
		return e ? e->code : ERR_DB;
	db_bind_text(st, 1, module, strlen(module));
	db_bind_int(st, 2, version);
	db_bind_text(st, 3, name, strlen(name));
	db_bind_int(st, 4, (int64_t)time(NULL));
	int rc = db_step(st, e);
	return rc < 0 ? rc : 0;
}

/* A table of 0.1.0 has no module column: rename it away, make the new one,
 * and record as applied every file its global version covered. */
static int adopt_legacy(struct db *db, struct err *e)
{
	struct err probe = { 0 };
	struct db_stmt *st = db_prepare(db, "SELECT module FROM schema_version WHERE 1 = 0", &probe);
	if (st) {
		db_step(st, NULL);
		return 0;
	}
	int rc = db_exec(db, db->ops->begin_migration_sql, e);
	if (rc)
		return rc;
	db->in_transaction = true;
	int64_t version = -1; /* left alone when the lookup fails */
	db_get_int(db, "SELECT coalesce(max(version), 0) FROM schema_version", DB_NO_ARGS, &version, e);
	int legacy = (int)version;
	if (legacy < 0 || (rc = db_exec(db, "ALTER TABLE schema_version RENAME TO schema_version_legacy", e)) ||
	    (rc = db_exec(db, create_sql, e)))
		goto fail;
	for (size_t i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		if (m->legacy && m->legacy <= legacy && applies_here(db, m) &&
		    (rc = record(db, m->module, m->version, m->name, e)))
			goto fail;
	}
	if ((rc = db_exec(db, "DROP TABLE schema_version_legacy", e)) || (rc = db_commit(db, e)))
		goto fail;
	log_info("schema record upgraded from sunroad 0.1.0", "legacy_version=%d", legacy);
	return 0;
fail:
	db_rollback(db);
	err_prefix(e, "upgrading the schema record of sunroad 0.1.0");
	return rc ? rc : (e ? e->code : ERR_DB);
}

/* Whether (module, version) is recorded; negative on error. */
static int applied(struct db *db, const char *module, int version, struct err *e)
{
	return db_get_int(db, "SELECT 1 FROM schema_version WHERE module = $1 AND version = $2",
	                  DB_ARGS(DB_TEXT(module), DB_INT(version)), NULL, e);
}

static int apply(struct db *db, const struct migration *m, struct err *e)
{
	int rc = db_exec(db, db->ops->begin_migration_sql, e);
	if (rc)
		return rc;
	db->in_transaction = true;
	int done = applied(db, m->module, m->version, e);
	if (done == 1)
		return db_commit(db, e);
	if (done < 0 || (rc = db_exec(db, m->sql, e)) || (rc = record(db, m->module, m->version, m->name, e)) ||
	    (rc = db_commit(db, e))) {
		db_rollback(db);
		err_prefix(e, "migration %s/%04d_%s", m->module, m->version, m->name);
		return done < 0 ? done : rc;
	}
	log_info("migration applied", "module=%s version=%d name=%s", m->module, m->version, m->name);
	return 0;
}

/* Marks in done[] every file of (module, version) (one per dialect where
 * they differ); false when this build has none. */
static bool mark_known(const char *module, int version, bool *done)
{
	bool found = false;
	for (size_t i = 0; i < migrations_count; i++)
		if (strcmp(migrations[i].module, module) == 0 && migrations[i].version == version)
			found = done[i] = true;
	return found;
}

/* Marks in done[] (one per migration of this build) those the database
 * has, in one read; a database migrated by a newer sunroad is refused, not
 * damaged. */
static int read_applied(struct db *db, bool *done, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT module, version, name FROM schema_version", e);
	if (!st)
		return e ? e->code : ERR_DB;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		const char *module = db_col_text(st, 0);
		int version = (int)db_col_int(st, 1);
		if (!mark_known(module, version, done)) {
			rc = err_set(e, ERR_DB,
			             "the database has migration %s/%04d_%s, which is newer than this sunroad; "
			             "upgrade sunroad",
			             module, version, db_col_text(st, 2));
			db_step(st, NULL);
			return rc;
		}
	}
	return rc < 0 ? rc : 0;
}

int db_migrate(struct db *db, struct err *e)
{
	/* On PostgreSQL, IF NOT EXISTS still fails when another process is
	 * creating the table at this very moment: wait a little and ask again. */
	int rc = db_exec(db, create_sql, e);
	for (int attempt = 1; rc && attempt < 10; attempt++) {
		usleep(20000 * attempt);
		rc = db_exec(db, create_sql, e);
	}
	bool *done = calloc(migrations_count ? migrations_count : 1, sizeof *done);
	if (!done)
		return err_set(e, ERR_NOMEM, "out of memory migrating the database");
	if (rc || (rc = adopt_legacy(db, e)) || (rc = read_applied(db, done, e))) {
		free(done);
		return rc;
	}
	size_t n;
	const struct module *const *order = modules_ordered(&n);
	for (size_t k = 0; k < n && rc == 0; k++)
		for (size_t i = 0; i < migrations_count && rc == 0; i++) {
			const struct migration *m = &migrations[i];
			if (!done[i] && strcmp(m->module, order[k]->name) == 0 && applies_here(db, m))
				rc = apply(db, m, e); /* which checks again, under the lock */
		}
	free(done);
	return rc;
}
