/* The database API on SQLite: migrations, parameters, transactions,
 * errors. */
#include "base/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char path[64];

static int fresh(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/sunroad-test-%d.db", (int)getpid());
	unlink(path);
	return 0;
}

static int cleanup(void **state)
{
	(void)state;
	char p[80];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	return 0;
}

static struct db *open_ok(void)
{
	struct db *db;
	struct err e = { 0 };
	if (db_open(&db, path, NULL, &e))
		fail_msg("%s", e.msg);
	return db;
}

static void test_migrations_apply_once(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = open_ok();
	int v = db_schema_version(db, &e);
	assert_true(v >= 1);
	db_close(db);
	db = open_ok();
	assert_int_equal(db_schema_version(db, &e), v);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM schema_version", &e);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_int(st, 0), v);
	db_step(st, &e);
	/* A database from a newer sunroad is refused, not damaged. */
	assert_int_equal(db_exec(db, "INSERT INTO schema_version VALUES (9999, 'future', 0)", &e), 0);
	db_close(db);
	assert_int_equal(db_open(&db, path, NULL, &e), ERR_DB);
	assert_non_null(strstr(e.msg, "newer"));
}

static void test_numbered_parameters(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = open_ok();
	struct db_stmt *st = db_prepare(db, "SELECT $2 || '-' || $1 || '-' || $2, $3 IS NULL", &e);
	assert_non_null(st);
	db_bind_text(st, 1, "a", 1);
	db_bind_text(st, 2, "b", 1);
	db_bind_null(st, 3);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "b-a-b");
	assert_int_equal(db_col_int(st, 1), 1);
	assert_int_equal(db_step(st, &e), DB_DONE);
	/* The cache hands the same statement back, reset and unbound. */
	assert_ptr_equal(db_prepare(db, "SELECT $2 || '-' || $1 || '-' || $2, $3 IS NULL", &e), st);
	assert_null(db_prepare(db, "SELECT ?", &e));
	assert_non_null(strstr(e.msg, "$1"));
	db_close(db);
}

static void test_transactions_and_errors(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = open_ok();
	assert_int_equal(db_exec(db, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)", &e), 0);
	assert_int_equal(db_begin(db, &e), 0);
	struct db_stmt *ins = db_prepare(db, "INSERT INTO t VALUES ($1, $2) ON CONFLICT (k) DO NOTHING", &e);
	db_bind_int(ins, 1, 1);
	db_bind_text(ins, 2, "one", 3);
	assert_int_equal(db_step(ins, &e), DB_DONE);
	assert_int_equal(db_changes(ins), 1);
	db_bind_int(ins, 1, 1);
	db_bind_text(ins, 2, "uno", 3);
	assert_int_equal(db_step(ins, &e), DB_DONE);
	assert_int_equal(db_changes(ins), 0);
	db_rollback(db);
	struct db_stmt *count = db_prepare(db, "SELECT count(*) FROM t", &e);
	assert_int_equal(db_step(count, &e), DB_ROW);
	assert_int_equal(db_col_int(count, 0), 0);
	db_step(count, &e);
	ins = db_prepare(db, "INSERT INTO t VALUES ($1, $2)", &e);
	db_bind_int(ins, 1, 2);
	db_bind_null(ins, 2);
	assert_int_equal(db_step(ins, &e), ERR_CONFLICT);
	assert_non_null(strstr(e.msg, "NOT NULL"));
	assert_int_equal(db_exec(db, "SELEKT 1", &e), ERR_DB);
	assert_null(db_prepare(db, "SELECT nope FROM t", &e));
	db_close(db);
}

static void test_urls(void **state)
{
	(void)state;
	struct db *db;
	struct err e = { 0 };
	/* Nothing listens on port 1: a clear connection error, no libpq dump. */
	assert_int_equal(db_open(&db, "postgres://u@127.0.0.1:1/x", NULL, &e), ERR_IO);
	assert_non_null(strstr(e.msg, "cannot connect to PostgreSQL 127.0.0.1:1/x"));
	assert_null(strchr(e.msg, '\n'));
	assert_int_equal(db_open(&db, "sqlite:", NULL, &e), ERR_INVALID);
	assert_int_equal(db_open(&db, "/nonexistent/dir/x.db", NULL, &e), ERR_IO);
	char url[80];
	snprintf(url, sizeof url, "sqlite:%s", path);
	assert_int_equal(db_open(&db, url, NULL, &e), 0);
	assert_string_equal(db_backend(db), "sqlite");
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrations_apply_once, fresh, cleanup),
		cmocka_unit_test_setup_teardown(test_numbered_parameters, fresh, cleanup),
		cmocka_unit_test_setup_teardown(test_transactions_and_errors, fresh, cleanup),
		cmocka_unit_test_setup_teardown(test_urls, fresh, cleanup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
