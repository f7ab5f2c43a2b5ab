/* The database API: migrations, parameters, transactions, errors; on
 * SQLite, and on PostgreSQL too when SUNROAD_TEST_PG names a server (the
 * URL of a maintenance database): the same tests on a fresh database. */
#include "base/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fresh_db.h"

static void test_migrations_apply_once(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
	int v = db_schema_version(db, "overlimit", &e);
	assert_true(v >= 1);
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM schema_version", &e);
	assert_int_equal(db_step(st, &e), DB_ROW);
	int64_t applied = db_col_int(st, 0);
	db_step(st, &e);
	db_close(db);
	db = fresh_db_open();
	assert_int_equal(db_schema_version(db, "overlimit", &e), v);
	assert_int_equal(db_schema_version(db, "no_such_module", &e), 0);
	st = db_prepare(db, "SELECT count(*) FROM schema_version", &e);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_int(st, 0), applied); /* nothing applied twice */
	db_step(st, &e);
	/* A database from a newer sunroad is refused, not damaged. */
	assert_int_equal(db_exec(db, "INSERT INTO schema_version VALUES ('overlimit', 9999, 'future', 0)", &e), 0);
	db_close(db);
	assert_int_equal(db_open(&db, fresh_db_url, NULL, &e), ERR_DB);
	assert_non_null(strstr(e.msg, "newer"));
	assert_non_null(strstr(e.msg, "overlimit/9999_future"));
}

static void test_numbered_parameters(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
	static const char sql[] = "SELECT CAST($2 AS TEXT) || '-' || CAST($1 AS TEXT) || '-' || CAST($2 AS TEXT),"
	                          " CASE WHEN CAST($3 AS BIGINT) IS NULL THEN 1 ELSE 0 END";
	struct db_stmt *st = db_prepare(db, sql, &e);
	assert_non_null(st);
	db_bind_text(st, 1, "a", 1);
	db_bind_text(st, 2, "b", 1);
	db_bind_null(st, 3);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_string_equal(db_col_text(st, 0), "b-a-b");
	assert_int_equal(db_col_int(st, 1), 1);
	assert_int_equal(db_step(st, &e), DB_DONE);
	/* The cache hands the same statement back, reset and unbound. */
	assert_ptr_equal(db_prepare(db, sql, &e), st);
	assert_null(db_prepare(db, "SELECT ?", &e));
	if (strcmp(db_backend(db), "sqlite") == 0)
		assert_non_null(strstr(e.msg, "$1"));
	db_close(db);
}

static void test_transactions_and_errors(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
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
	assert_non_null(strcasestr(e.msg, "not null") ? e.msg : strcasestr(e.msg, "not-null"));
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
	char sqlite_url[80];
	snprintf(sqlite_url, sizeof sqlite_url, "sqlite:%s", fresh_db_path);
	assert_int_equal(db_open(&db, sqlite_url, NULL, &e), 0);
	assert_string_equal(db_backend(db), "sqlite");
	/* Deleted rows are overwritten in the file (docs/security.md). */
	int64_t on = 0;
	assert_int_equal(db_get_int(db, "PRAGMA secure_delete", DB_NO_ARGS, &on, &e), 1);
	assert_int_equal(on, 1);
	db_close(db);
}

/* The one-row lookups: a row, no row, text cut to fit, an error. */
static void test_one_row(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
	assert_int_equal(db_exec(db, "CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT, w TEXT)", &e), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES ('a', 7, 'seven'), ('b', NULL, NULL)", &e), 0);
	int64_t v = -1;
	assert_int_equal(db_get_int(db, "SELECT v FROM t WHERE k = $1", DB_ARGS(DB_TEXT("a")), &v, &e), 1);
	assert_int_equal(v, 7);
	assert_int_equal(db_get_int(db, "SELECT v FROM t WHERE k = $1", DB_ARGS(DB_TEXT("b")), &v, &e), 1);
	assert_int_equal(v, 0); /* NULL reads 0 */
	v = -1;
	assert_int_equal(db_get_int(db, "SELECT v FROM t WHERE k = $1", DB_ARGS(DB_TEXT("z")), &v, &e), 0);
	assert_int_equal(v, -1); /* untouched without a row */
	char text[4];
	assert_int_equal(db_get_text(db, "SELECT w FROM t WHERE v = $1", DB_ARGS(DB_INT(7)), text, sizeof text, &e), 1);
	assert_string_equal(text, "sev");
	struct db_stmt *row;
	assert_int_equal(
	    db_row(db, "SELECT k, v FROM t WHERE v > $1 OR v IS NULL ORDER BY k", DB_ARGS(DB_INT(0)), &row, &e), 1);
	assert_string_equal(db_col_text(row, 0), "a");
	db_row_done(row); /* more rows than one: run to the end all the same */
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM t", DB_NO_ARGS, &v, &e), 1);
	assert_int_equal(v, 2);
	/* A statement left at its end holds nothing: a writer can go on. */
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(db_exec(db, "DELETE FROM t WHERE k = 'b'", &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	assert_true(db_get_int(db, "SELECT nothing FROM t", DB_NO_ARGS, &v, &e) < 0);
	db_close(db);
}

/* SQLite: a write the storage refuses answers busy (503) with a reason
 * that says why, not an internal error (500): a full disk (here a
 * database held at its size by max_page_count), a read-only database
 * (query_only). The soak's fault phase does it with a real full tmpfs and
 * a file system turned read-only (bench/soak/faults.sh). */
static void test_storage_errors(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
	assert_int_equal(db_exec(db, "CREATE TABLE big (v BLOB)", &e), 0);
	assert_int_equal(db_exec(db, "PRAGMA max_page_count = 1", &e), 0);
	assert_int_equal(db_exec(db, "INSERT INTO big VALUES (randomblob(200000))", &e), ERR_BUSY);
	assert_non_null(e.reason);
	assert_string_equal(e.reason, "database_full");
	assert_non_null(strstr(e.msg, "disk is full"));
	struct db_stmt *st = db_prepare(db, "INSERT INTO big VALUES (randomblob(200000))", &e);
	assert_non_null(st);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_step(st, &e), ERR_BUSY);
	assert_string_equal(e.reason, "database_full");
	assert_int_equal(db_exec(db, "PRAGMA max_page_count = 1000000", &e), 0);
	assert_int_equal(db_exec(db, "PRAGMA query_only = 1", &e), 0);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_exec(db, "INSERT INTO big VALUES (x'00')", &e), ERR_BUSY);
	assert_string_equal(e.reason, "database_read_only");
	assert_non_null(strstr(e.msg, "read-only"));
	/* Another error stays what it was. */
	memset(&e, 0, sizeof e);
	assert_int_equal(db_exec(db, "SELEKT 1", &e), ERR_DB);
	assert_null(e.reason);
	db_close(db);
}

/* db_rows: a row source of typed values for one statement. */
struct three_rows {
	char text[8];
};

static void three_row(void *ctx, size_t i, struct db_arg *v)
{
	struct three_rows *t = ctx;
	snprintf(t->text, sizeof t->text, "row %zu", i); /* reused: valid until the next row */
	v[0] = DB_INT((int64_t)i + 10);
	v[1] = i == 1 ? DB_NULL : (struct db_arg){ .type = DB_ARG_TEXT, .p = t->text, .n = strlen(t->text) };
	v[2] = DB_DOUBLE(0.5 * (double)i);
}

static void test_insert_rows(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
	struct three_rows t;
	struct db_rows rows = { .nrows = 3, .ncols = 3, .row = three_row, .ctx = &t };
	int64_t changed = -1;
	if (strcmp(db_backend(db), "sqlite") != 0) {
		assert_int_equal(db_insert_rows(db, "SELECT 1", &rows, &changed, &e), ERR_UNSUPPORTED);
		db_close(db);
		return;
	}
	assert_int_equal(db_exec(db, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, w REAL NOT NULL)", &e), 0);
	static const char insert[] = "INSERT INTO t (k, v, w) SELECT c0, c1, c2 FROM db_rows($1)";
	assert_int_equal(db_insert_rows(db, insert, &rows, &changed, &e), 0);
	assert_int_equal(changed, 3);
	char text[64];
	assert_int_equal(db_get_text(db, "SELECT group_concat(k || ':' || coalesce(v, '-') || ':' || w, ',') FROM t",
	                             DB_NO_ARGS, text, sizeof text, &e),
	                 1);
	assert_string_equal(text, "10:row 0:0.0,11:-:0.5,12:row 2:1.0"); /* each row's own text */
	int64_t n = 0;
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM t WHERE typeof(v) = 'null' AND typeof(w) = 'real'",
	                            DB_NO_ARGS, &n, &e),
	                 1);
	assert_int_equal(n, 1);
	/* A constraint the rows break undoes the whole statement. */
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(db_insert_rows(db, insert, &rows, &changed, &e), ERR_CONFLICT);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM t", DB_NO_ARGS, &n, &e), 1);
	assert_int_equal(n, 3);
	db_rollback(db);
	/* No rows, too many columns, db_rows without its rows. */
	rows.nrows = 0;
	assert_int_equal(db_insert_rows(db, insert, &rows, &changed, &e), 0);
	assert_int_equal(changed, 0);
	rows.ncols = DB_ROWS_COLUMNS + 1;
	assert_int_equal(db_insert_rows(db, insert, &rows, &changed, &e), ERR_INVALID);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM db_rows", DB_NO_ARGS, &n, &e), ERR_DB);
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM db_rows($1)", DB_ARGS(DB_INT(1)), &n, &e), ERR_DB);
	assert_non_null(strstr(e.msg, "not a batch of rows"));
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrations_apply_once, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_numbered_parameters, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_transactions_and_errors, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_urls, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_one_row, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_storage_errors, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_insert_rows, fresh_db_setup, fresh_db_teardown),
	};
	const struct CMUnitTest pg_tests[] = {
		cmocka_unit_test_prestate_setup_teardown(test_one_row, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
		cmocka_unit_test_prestate_setup_teardown(test_migrations_apply_once, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
		cmocka_unit_test_prestate_setup_teardown(test_numbered_parameters, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
		cmocka_unit_test_prestate_setup_teardown(test_transactions_and_errors, fresh_db_setup,
		                                         fresh_db_teardown, &fresh_db_on_pg),
		cmocka_unit_test_prestate_setup_teardown(test_insert_rows, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
	if (fresh_db_pg())
		failed += cmocka_run_group_tests_name("postgres", pg_tests, NULL, NULL);
	return failed;
}
