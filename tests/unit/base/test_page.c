/* Pages of a list: cursors round-trip every key shape, anything else a
 * client sends as ?after= is refused by name, and a page holds limit items
 * with a "next" exactly when more rows follow. */
#include "base/page.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fresh_db.h"

/* The cursor of key (JSON text), read back into p with shape. */
static int round_trip(const char *key_json, const char *shape, struct page *p)
{
	json_t *key = json_loads(key_json, 0, NULL);
	json_t *cursor = page_cursor(key);
	assert_non_null(cursor);
	/* Opaque and safe in a URL as it is. */
	const char *text = json_string_value(cursor);
	assert_int_equal(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
	                 strlen(text));
	struct err e = { 0 };
	int rc = page_read_after(p, shape, text, &e);
	json_decref(cursor);
	json_decref(key);
	return rc;
}

static void test_cursors(void **state)
{
	(void)state;
	struct page p = { 0 };
	assert_int_equal(round_trip("[1677632400, 9223372036854775807]", "ii", &p), 0);
	assert_true(p.after);
	assert_int_equal(p.after_int[0], 1677632400);
	assert_int_equal(p.after_int[1], INT64_MAX);
	assert_int_equal(round_trip("[\"李/四 ?&=\"]", "t", &p), 0);
	assert_string_equal(p.after_text[0], "李/四 ?&=");
	assert_int_equal(round_trip("[-5]", "i", &p), 0);
	assert_int_equal(p.after_int[0], -5);
	/* The cursor of another list is refused. */
	assert_int_equal(round_trip("[1, 2]", "i", &p), ERR_INVALID);
	assert_int_equal(round_trip("[\"x\"]", "i", &p), ERR_INVALID);
	assert_int_equal(round_trip("[1]", "ii", &p), ERR_INVALID);
	/* No cursor: the first page, the caller's start keys kept. */
	p = (struct page){ .after_int = { 42 } };
	assert_int_equal(page_read_after(&p, "i", "", NULL), 0);
	assert_false(p.after);
	assert_int_equal(p.after_int[0], 42);
	assert_int_equal(page_read_after(&p, "i", NULL, NULL), 0);
	/* Anything else is no cursor, said so. */
	static const char *const bad[] = { "garbage", "12", "1677632400.5", "e30", "W10", "%%%", "WzFd=" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct err e = { 0 };
		if (page_read_after(&p, "i", bad[i], &e) != ERR_INVALID)
			fail_msg("'%s' was taken for a cursor", bad[i]);
		assert_non_null(strstr(e.msg, "cursor"));
	}
}

static json_t *row_item(struct db_stmt *st)
{
	return json_pack("{s:I,s:s}", "id", (json_int_t)db_col_int(st, 0), "name", db_col_text(st, 1));
}

/* One page of table t by id descending, after the cursor `after`. */
static json_t *page_of(struct db *db, long limit, const char *after)
{
	struct page p = { .limit = limit, .key_col = { 0 }, .after_int = { INT64_MAX } };
	assert_int_equal(page_read_after(&p, "i", after, NULL), 0);
	struct err e = { 0 };
	struct db_stmt *st = db_prepare(db, "SELECT id, name FROM t WHERE id < $1 ORDER BY id DESC LIMIT $2", &e);
	db_bind_int(st, 1, p.after_int[0]);
	db_bind_int(st, 2, p.limit + 1);
	struct http_request rq = { 0 };
	buf_init(&rq.out);
	assert_int_equal(page_answer(&rq, &p, st, row_item, &e), 0);
	assert_int_equal(rq.status, 200);
	json_t *answer = json_loadb(rq.out.p, rq.out.n, 0, NULL);
	buf_release(&rq.out);
	assert_non_null(answer);
	return answer;
}

static void test_pages(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
	assert_int_equal(db_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)", &e), 0);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')", &e), 0);
	json_t *first = page_of(db, 2, NULL);
	assert_int_equal(json_array_size(json_object_get(first, "items")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(first, "items"), 1), "id")),
	                 4);
	const char *next = json_string_value(json_object_get(first, "next"));
	assert_non_null(next);
	json_t *second = page_of(db, 2, next);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(second, "items"), 0), "id")),
	                 3);
	json_t *third = page_of(db, 2, json_string_value(json_object_get(second, "next")));
	/* The last page: one item, and "next" is null, not absent. */
	assert_int_equal(json_array_size(json_object_get(third, "items")), 1);
	assert_true(json_is_null(json_object_get(third, "next")));
	/* A page exactly full with nothing after it has no next either. */
	json_t *all = page_of(db, 5, NULL);
	assert_int_equal(json_array_size(json_object_get(all, "items")), 5);
	assert_true(json_is_null(json_object_get(all, "next")));
	json_decref(first);
	json_decref(second);
	json_decref(third);
	json_decref(all);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursors),
		cmocka_unit_test_setup_teardown(test_pages, fresh_db_setup, fresh_db_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
