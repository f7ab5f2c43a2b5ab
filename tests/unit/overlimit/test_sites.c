/* A site's flags: its certificate expired or expiring, its devices silent,
 * at their boundaries (overlimit_site_status is pure: the clock is an argument). */
#include "base/datetime.h"
#include "overlimit/overlimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static void test_site_status(void **state)
{
	(void)state;
	struct site s = { .cert_valid_from = days_from_civil(2026, 1, 1),
		          .cert_valid_to = days_from_civil(2026, 12, 31),
		          .silent_after_s = 3600 };
	struct overlimit_site_status st;
	/* Noon local time on a day: (day * 86400) + 4 h is 12:00 at UTC+08:00. */
	int64_t noon_dec1 = (int64_t)days_from_civil(2026, 12, 1) * 86400 + 4 * 3600;
	s.last_seen_at = noon_dec1 - 3600;
	overlimit_site_status(&s, noon_dec1, &st);
	assert_false(st.cert_expired);
	assert_false(st.cert_expiring); /* 30 days left: not yet within 30 */
	assert_false(st.silent);        /* exactly the interval: not yet silent */
	overlimit_site_status(&s, noon_dec1 + 86400, &st);
	assert_true(st.cert_expiring); /* 29 days left */
	assert_true(st.silent);
	int64_t last_second = (int64_t)days_from_civil(2027, 1, 1) * 86400 - LOCAL_UTC_OFFSET_S - 1;
	overlimit_site_status(&s, last_second, &st);
	assert_false(st.cert_expired); /* 23:59:59 on the last valid day */
	assert_true(st.cert_expiring);
	overlimit_site_status(&s, last_second + 1, &st);
	assert_true(st.cert_expired); /* 00:00:00 the day after */
	assert_false(st.cert_expiring);
	s.last_seen_at = 0;
	overlimit_site_status(&s, noon_dec1, &st);
	assert_true(st.silent); /* never heard from */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
