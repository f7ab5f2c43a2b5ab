/* The cache of figures: computed once per key and data version, again
 * after a write bumps the version, kept apart by module and key; callers
 * asking at once for a key being computed wait for it and share it. */
#include "base/stats_cache.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <cmocka.h>

#include "fresh_db.h"

static int computed;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;

static int compute(void *arg, struct buf *out, struct err *e)
{
	(void)e;
	pthread_mutex_lock(&count_lock);
	computed++;
	pthread_mutex_unlock(&count_lock);
	usleep(20000); /* long enough for the others to come and wait */
	buf_adds(out, arg);
	return 0;
}

static int cannot_compute(void *arg, struct buf *out, struct err *e)
{
	(void)arg;
	(void)out;
	return err_set(e, ERR_DB, "cannot compute");
}

static const char *answer(struct db *db, const char *module, const char *key, const char *value, struct buf *out)
{
	struct err e = { 0 };
	buf_clear(out);
	assert_int_equal(stats_cache_answer(db, module, key, out, compute, (void *)value, &e), 0);
	return out->p;
}

static void test_versions(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
	assert_int_equal(db_exec(db, "INSERT INTO data_versions (name, version) VALUES ('test', 0)", &e), 0);
	struct buf out;
	buf_init(&out);
	computed = 0;
	assert_string_equal(answer(db, "test", "2023", "first", &out), "first");
	assert_string_equal(answer(db, "test", "2023", "second", &out), "first"); /* cached */
	assert_int_equal(computed, 1);
	assert_string_equal(answer(db, "test", "2024", "other key", &out), "other key");
	assert_string_equal(answer(db, "other", "2023", "other module", &out), "other module");
	assert_int_equal(computed, 3);
	/* A write bumps the version: the next answer is computed anew. */
	assert_int_equal(db_begin(db, &e), 0);
	assert_int_equal(stats_cache_changed(db, "test", &e), 0);
	assert_int_equal(db_commit(db, &e), 0);
	int64_t version;
	assert_int_equal(stats_cache_version(db, "test", &version, &e), 0);
	assert_int_equal(version, 1);
	assert_string_equal(answer(db, "test", "2023", "after the write", &out), "after the write");
	assert_int_equal(computed, 4);
	/* A failure is not kept. */
	buf_clear(&out);
	assert_int_equal(stats_cache_answer(db, "test", "bad", &out, cannot_compute, NULL, &e), ERR_DB);
	assert_string_equal(answer(db, "test", "bad", "now it works", &out), "now it works");
	buf_release(&out);
	stats_cache_clear();
	db_close(db);
}

static void *ask(void *arg)
{
	struct db *db;
	struct err e = { 0 };
	if (db_open(&db, fresh_db_url, NULL, &e))
		return "cannot open";
	struct buf out;
	buf_init(&out);
	int rc = stats_cache_answer(db, "test", "shared", &out, compute, arg, &e);
	const char *got = rc == 0 && strcmp(out.p, "the one answer") == 0 ? NULL : "another answer";
	buf_release(&out);
	db_close(db);
	return (void *)got;
}

static void test_waiters_share(void **state)
{
	(void)state;
	struct db *db = fresh_db_open();
	struct err e = { 0 };
	assert_int_equal(db_exec(db, "INSERT INTO data_versions (name, version) VALUES ('test', 0)", &e), 0);
	computed = 0;
	pthread_t threads[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, ask, "the one answer"), 0);
	for (int i = 0; i < 4; i++) {
		void *why;
		pthread_join(threads[i], &why);
		assert_null(why);
	}
	assert_int_equal(computed, 1);
	stats_cache_clear();
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_versions, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_waiters_share, fresh_db_setup, fresh_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
