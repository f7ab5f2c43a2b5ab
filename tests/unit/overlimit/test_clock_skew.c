/* Records dated in the future (security review, issue 12, finding 5):
 * passed_at at most max_clock_skew minutes after the server's clock is
 * taken, a second more is refused with a reason the quarantine codes as
 * q_passed_at_future; a key twice is q_duplicate_field (finding 6). */
#include "overlimit/overlimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

/* 2026-12-03T08:00:00+08:00 */
#define NOW 1796256000LL

static void test_the_boundary(void **state)
{
	(void)state;
	struct err why = { 0 };
	struct slice text = slice_from("2026-12-03T08:10:00+08:00");
	assert_int_equal(overlimit_passed_at_check(NOW, text, NOW, 10, &why), 0);
	assert_int_equal(overlimit_passed_at_check(NOW - 86400 * 365, text, NOW, 10, &why), 0);
	assert_int_equal(overlimit_passed_at_check(NOW + 600, text, NOW, 10, &why), 0);
	assert_int_equal(overlimit_passed_at_check(NOW + 601, text, NOW, 10, &why), ERR_INVALID);
	assert_int_equal(overlimit_passed_at_check(NOW + 1, text, NOW, 0, &why), ERR_INVALID);
	assert_int_equal(overlimit_passed_at_check(NOW + 3600, text, NOW, 60, &why), 0);
}

static void test_the_reasons(void **state)
{
	(void)state;
	struct err why = { 0 };
	assert_int_equal(
	    overlimit_passed_at_check(32503651200LL, slice_from(" 2999-12-31T08:00:00+08:00 "), NOW, 10, &why),
	    ERR_INVALID);
	assert_string_equal(why.msg, "passed_at '2999-12-31T08:00:00+08:00' is more than 10 minutes ahead of the "
	                             "server's clock");
	struct overlimit_quarantine_reason r;
	overlimit_quarantine_reason(why.msg, &r);
	assert_string_equal(r.code, "q_passed_at_future");
	assert_int_equal(r.nargs, 2);
	assert_string_equal(r.name[0], "got");
	assert_string_equal(r.value[0], "2999-12-31T08:00:00+08:00");
	assert_string_equal(r.name[1], "minutes");
	assert_string_equal(r.value[1], "10");
	overlimit_quarantine_reason("has the field \"plate\" twice", &r);
	assert_string_equal(r.code, "q_duplicate_field");
	assert_int_equal(r.nargs, 1);
	assert_string_equal(r.value[0], "plate");
	/* An unreadable time keeps its own reason. */
	overlimit_quarantine_reason("passed_at 'soon': not an ISO 8601 date-time", &r);
	assert_string_equal(r.code, "q_passed_at");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_boundary),
		cmocka_unit_test(test_the_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
