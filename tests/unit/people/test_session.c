/* Logging in (src/people/session.c, included to reach its statics): the key
 * of a client address in the throttle and the kept form of an unknown
 * login (pure), and on a real database (SQLite, and PostgreSQL with
 * SUNROAD_TEST_PG) that parallel guesses get no more checks than the
 * lock-out allows, that a login that is no account answers as one does, and
 * that an address is throttled after its failures. */
#include "people/session.c"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../base/fresh_db.h"

static void test_address_key(void **state)
{
	(void)state;
	char key[64];
	address_key("192.0.2.7", key);
	assert_string_equal(key, "192.0.2.7");
	/* An IPv6 address is its /64: one subscriber's network. */
	address_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", key);
	assert_string_equal(key, "2001:db8:1:2::/64");
	address_key("2001:db8:1:2::1", key);
	assert_string_equal(key, "2001:db8:1:2::/64");
	/* An IPv4 address mapped into IPv6 stays one address. */
	address_key("::ffff:192.0.2.7", key);
	assert_string_equal(key, "::ffff:192.0.2.7");
}

static void test_name_cut(void **state)
{
	(void)state;
	char out[65], long_name[200];
	name_cut("zhang", out);
	assert_string_equal(out, "zhang");
	memset(long_name, 'a', 100);
	long_name[100] = '\0';
	name_cut(long_name, out);
	assert_int_equal(strlen(out), 64);
	/* 63 bytes, then a 3-byte character: cut before it, not in it. */
	memset(long_name, 'a', 63);
	snprintf(long_name + 63, sizeof long_name - 63, "张三");
	name_cut(long_name, out);
	assert_int_equal(strlen(out), 63);
}

/* A database with the user zhang (password Strong2026pass) and the policy
 * of the API suite: locked after 3 failures. */
static struct db *accounts_db(void)
{
	people_settings = (struct people_settings){ .session_idle = 1800,
		                                    .session_max = 43200,
		                                    .lockout_failures = 3,
		                                    .lockout_seconds = 900,
		                                    .login_address_failures = 1000,
		                                    .login_address_seconds = 900 };
	struct db *db = fresh_db_open();
	struct err e = { 0 };
	assert_int_equal(people_units_add(db, "B01", "东胜大队", "brigade", NULL, "test", &e), 0);
	struct user_new u = { .login = "zhang", .name = "张三", .roles = "officer", .unit = "B01", .badge = "" };
	assert_int_equal(people_users_add(db, &u, "Strong2026pass", "test", &e), 0);
	return db;
}

/* The guesses whose password was checked: each failed one is audited. */
static int64_t checked_guesses(struct db *db, const char *name)
{
	int64_t n = -1;
	struct err e = { 0 };
	assert_int_equal(db_get_int(db,
	                            "SELECT count(*) FROM audit_log WHERE object = $1"
	                            " AND action IN ('session.login_failed', 'session.locked')",
	                            DB_ARGS(DB_TEXT(name)), &n, &e),
	                 1);
	return n;
}

struct guesser {
	pthread_t thread;
	int n, rc;
};

static void *guess(void *arg)
{
	struct guesser *g = arg;
	struct db *db;
	struct err e = { 0 };
	g->rc = db_open(&db, fresh_db_url, NULL, &e);
	if (g->rc)
		return NULL;
	char password[32];
	snprintf(password, sizeof password, "Wrong-%d-password", g->n);
	struct session_new s;
	g->rc = people_session_login(db, "zhang", password, "192.0.2.1", (int64_t)time(NULL), &s, &e);
	db_close(db);
	return NULL;
}

static void test_parallel_guesses(void **state)
{
	(void)state;
	struct db *db = accounts_db();
	struct guesser g[8];
	for (int i = 0; i < 8; i++) {
		g[i] = (struct guesser){ .n = i };
		assert_int_equal(pthread_create(&g[i].thread, NULL, guess, &g[i]), 0);
	}
	int wrong = 0, locked = 0;
	for (int i = 0; i < 8; i++) {
		pthread_join(g[i].thread, NULL);
		wrong += g[i].rc == ERR_UNAUTHORIZED;
		locked += g[i].rc == ERR_LOCKED;
	}
	assert_int_equal(wrong, 2);
	assert_int_equal(locked, 6);
	assert_int_equal(checked_guesses(db, "zhang"), 3);
	struct session_new s;
	struct err e = { 0 };
	assert_int_equal(people_session_login(db, "zhang", "Strong2026pass", "192.0.2.1", (int64_t)time(NULL), &s, &e),
	                 ERR_LOCKED);
	db_close(db);
}

static void test_unknown_answers_as_known(void **state)
{
	(void)state;
	struct db *db = accounts_db();
	int64_t now = (int64_t)time(NULL);
	for (int i = 0; i < 5; i++) {
		struct session_new s;
		struct err known = { 0 }, unknown = { 0 };
		int a = people_session_login(db, "zhang", "Wrong-1-password", NULL, now, &s, &known);
		int b = people_session_login(db, "nobody", "Wrong-1-password", NULL, now, &s, &unknown);
		assert_int_equal(a, i < 2 ? ERR_UNAUTHORIZED : ERR_LOCKED);
		assert_int_equal(b, a);
		assert_string_equal(unknown.reason, known.reason);
		assert_string_equal(unknown.args, known.args);
		assert_string_equal(unknown.msg, known.msg);
	}
	assert_int_equal(checked_guesses(db, "nobody"), 3);
	db_close(db);
}

static void test_address_throttle(void **state)
{
	(void)state;
	struct db *db = accounts_db();
	people_settings.login_address_failures = 2;
	int64_t now = (int64_t)time(NULL);
	struct session_new s;
	struct err e = { 0 };
	/* A right password takes its attempt back: logins do not throttle. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(people_session_login(db, "zhang", "Strong2026pass", "2001:db8::1", now, &s, &e), 0);
	assert_int_equal(people_session_login(db, "nobody", "Wrong-1-password", "2001:db8::1", now, &s, &e),
	                 ERR_UNAUTHORIZED);
	assert_int_equal(people_session_login(db, "nobody", "Wrong-2-password", "2001:db8::2", now, &s, &e),
	                 ERR_UNAUTHORIZED);
	/* The /64 has failed twice: throttled, the right password too. */
	assert_int_equal(people_session_login(db, "zhang", "Strong2026pass", "2001:db8::3", now, &s, &e), ERR_TOO_MANY);
	assert_string_equal(e.reason, "login_throttled");
	assert_int_equal(s.retry_after, 900);
	/* Another address is not; the window's end frees the first. */
	assert_int_equal(people_session_login(db, "zhang", "Strong2026pass", "192.0.2.1", now, &s, &e), 0);
	assert_int_equal(people_session_login(db, "zhang", "Strong2026pass", "2001:db8::1", now + 900, &s, &e), 0);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address_key),
		cmocka_unit_test(test_name_cut),
		cmocka_unit_test_setup_teardown(test_parallel_guesses, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_answers_as_known, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_address_throttle, fresh_db_setup, fresh_db_teardown),
	};
	const struct CMUnitTest on_pg[] = {
		cmocka_unit_test_prestate_setup_teardown(test_parallel_guesses, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
		cmocka_unit_test_prestate_setup_teardown(test_unknown_answers_as_known, fresh_db_setup,
		                                         fresh_db_teardown, &fresh_db_on_pg),
		cmocka_unit_test_prestate_setup_teardown(test_address_throttle, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
	if (fresh_db_pg())
		failed += cmocka_run_group_tests_name("postgres", on_pg, NULL, NULL);
	return failed;
}
