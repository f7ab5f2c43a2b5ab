/* The rulebook: loading, rejecting malformed books, and choosing the rule
 * in force by effective date. */
#include "base/buf.h"
#include "base/datetime.h"
#include "overlimit/overlimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static struct buf book_text;

static int read_book(void **state)
{
	(void)state;
	FILE *f = fopen("rules/overlimit.json", "r");
	if (!f)
		return -1;
	buf_init(&book_text);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&book_text, chunk, n);
	fclose(f);
	return 0;
}

static int32_t day(const char *s)
{
	int32_t d;
	assert_int_equal(date_parse(slice_from(s), &d), 0);
	return d;
}

/* The book with one substring replaced, to break it on purpose. */
static int parse_edited(const char *from, const char *to, struct rulebook **out, struct err *e)
{
	const char *at = strstr(book_text.p, from);
	assert_non_null(at);
	struct buf edited;
	buf_init(&edited);
	buf_add(&edited, book_text.p, (size_t)(at - book_text.p));
	buf_adds(&edited, to);
	buf_adds(&edited, at + strlen(from));
	int rc = overlimit_rulebook_parse(out, edited.p, edited.n, "edited", e);
	buf_release(&edited);
	return rc;
}

static void test_builtin_matches_file(void **state)
{
	(void)state;
	struct rulebook *file, *builtin;
	struct err e = { 0 };
	assert_int_equal(overlimit_rulebook_load(&file, "rules", &e), 0);
	/* A directory without the rulebook is an error, never a silent default. */
	assert_int_equal(overlimit_rulebook_load(&builtin, "/nonexistent", &e), ERR_IO);
	assert_int_equal(chdir("/"), 0);
	int rc = overlimit_rulebook_load(&builtin, NULL, &e);
	assert_int_equal(rc, 0);
	assert_string_equal(overlimit_rulebook_origin(builtin), "built-in");
	struct overlimit_rules a, b;
	assert_int_equal(overlimit_rulebook_at(file, day("2023-06-01"), &a, &e), 0);
	assert_int_equal(overlimit_rulebook_at(builtin, day("2023-06-01"), &b, &e), 0);
	assert_memory_equal(a.limit_kg, b.limit_kg, sizeof a.limit_kg);
	assert_int_equal(a.cap_fen, 3000000);
	assert_int_equal(a.fine_per_step_fen, 50000);
	assert_int_equal(a.error_bp[overlimit_accuracy_class_index(500)], 500);
	assert_string_equal(a.source[RULE_MASS_FINE].citation, b.source[RULE_MASS_FINE].citation);
	assert_non_null(strstr(a.source[RULE_MASS_FINE].citation, "第四十三条"));
	overlimit_rulebook_free(file);
	overlimit_rulebook_free(builtin);
}

static void test_before_the_law_is_an_error(void **state)
{
	(void)state;
	struct rulebook *book;
	struct overlimit_rules r;
	struct err e = { 0 };
	assert_int_equal(overlimit_rulebook_parse(&book, book_text.p, book_text.n, "t", &e), 0);
	assert_int_equal(overlimit_rulebook_at(book, day("2016-09-20"), &r, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "in force on 2016-09-20"));
	assert_int_equal(overlimit_rulebook_at(book, day("2016-09-21"), &r, &e), 0);
	overlimit_rulebook_free(book);
}

static void test_newer_version_takes_over_on_its_date(void **state)
{
	(void)state;
	struct rulebook *book;
	struct err e = { 0 };
	const char *newer = "{ \"id\": \"fine_cap\", \"title\": \"t\", \"citation\": \"c\","
	                    " \"effective_from\": \"2025-01-01\", \"max_yuan\": 20000 },\n"
	                    "    {\n      \"id\": \"ton100\"";
	assert_int_equal(parse_edited("{\n      \"id\": \"ton100\"", newer, &book, &e), 0);
	struct overlimit_rules r;
	assert_int_equal(overlimit_rulebook_at(book, day("2024-12-31"), &r, &e), 0);
	assert_int_equal(r.cap_fen, 3000000);
	assert_int_equal(r.valid_until, day("2025-01-01"));
	assert_int_equal(overlimit_rulebook_at(book, day("2025-01-01"), &r, &e), 0);
	assert_int_equal(r.cap_fen, 2000000);
	assert_int_equal(r.valid_from, day("2025-01-01"));
	assert_string_equal(r.source[RULE_FINE_CAP].citation, "c");
	overlimit_rulebook_free(book);
}

static void test_malformed_books_are_refused(void **state)
{
	(void)state;
	struct {
		const char *from, *to, *expect;
	} cases[] = {
		{ "\"rules\": [", "\"rules\": [ 1,", "rules[0]" },
		{ "\"id\": \"ton100\"", "\"id\": \"ton1000\"", "unknown rule id \"ton1000\"" },
		{ "\"fine_per_step_yuan\": 500", "\"fine_per_step_yuan\": \"500\"", "fine_per_step_yuan" },
		{ "\"rounding\": \"floor\"", "\"rounding\": \"nearest\"", "rounding" },
		{ "{ \"class\": \"10\", \"error_bp\": 1000 }", "{ \"class\": \"7\", \"error_bp\": 1000 }", "class" },
		{ "\"effective_from\": \"2016-09-21\"", "\"effective_from\": \"2016-21-09\"", "not a date" },
		{ "\"limit_kg\": 18000 }", "\"limit_kg\": -1 }", "limit_kg" },
		{ "{ \"axles\": 5, \"kind\": \"any\", \"limit_kg\": 43000 },", "", "no row for 5-axle" },
		{ "\"citation\": \"《超限运输车辆行驶公路管理规定》第四十三条第二款\",", "", "citation" },
		{ "\"max_yuan\": 30000\n    }", "\"max_yuan\": 30000,,\n    }", "line" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rulebook *book = NULL;
		struct err e = { 0 };
		int rc = parse_edited(cases[i].from, cases[i].to, &book, &e);
		if (rc == 0)
			fail_msg("case %zu: the malformed book was accepted", i);
		if (!strstr(e.msg, cases[i].expect))
			fail_msg("case %zu: message '%s' lacks '%s'", i, e.msg, cases[i].expect);
		assert_null(book);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_before_the_law_is_an_error),
		cmocka_unit_test(test_newer_version_takes_over_on_its_date),
		cmocka_unit_test(test_malformed_books_are_refused),
		cmocka_unit_test(test_builtin_matches_file), /* last: it leaves the tree */
	};
	return cmocka_run_group_tests(tests, read_book, NULL);
}
