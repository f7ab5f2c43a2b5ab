/* The server's pure parts: route matching (http.c's static, reached by
 * including the file), the roles of a user, and a site's flags. */
#include "../../../src/base/http.c"
#include "base/datetime.h"
#include "overlimit/overlimit.h"
#include "people/people.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static void test_route_match(void **state)
{
	(void)state;
	struct slice p[HTTP_MAX_PARAMS];
	assert_true(route_match("/api/v1/session", "/api/v1/session", p));
	assert_false(route_match("/api/v1/session", "/api/v1/session/", p));
	assert_false(route_match("/api/v1/session", "/api/v1/sessions", p));
	assert_false(route_match("/api/v1/session/password", "/api/v1/session", p));
	assert_true(route_match("/api/v1/users/{}/disable", "/api/v1/users/li.si/disable", p));
	assert_int_equal(p[0].n, 5);
	assert_memory_equal(p[0].p, "li.si", 5);
	/* {} is one non-empty segment, never a slash. */
	assert_false(route_match("/api/v1/users/{}/disable", "/api/v1/users//disable", p));
	assert_false(route_match("/api/v1/users/{}/disable", "/api/v1/users/a/b/disable", p));
	assert_true(route_match("/api/v1/detections/{}", "/api/v1/detections/123", p));
	assert_false(route_match("/api/v1/detections/{}", "/api/v1/detections.csv", p));
	assert_true(route_match("/api/v1/detections.csv", "/api/v1/detections.csv", p));
}

static unsigned roles_mask(const char *roles)
{
	int unknown;
	return access_roles_parse(roles, &unknown);
}

static void test_roles_mask(void **state)
{
	(void)state;
	assert_int_equal(roles_mask("officer"), ROLE_OFFICER);
	assert_int_equal(roles_mask("officer,legal"), ROLE_OFFICER | ROLE_LEGAL);
	assert_int_equal(roles_mask("admin,inspector,chief"), ROLE_ADMIN | ROLE_INSPECTOR | ROLE_CHIEF);
	/* A prefix or an unknown name grants nothing. */
	assert_int_equal(roles_mask("admi"), 0);
	assert_int_equal(roles_mask("administrator"), 0);
	assert_int_equal(roles_mask(""), 0);
}

/* The rule the authorizer applies, and GET /api/v1/routes reports. */
static void test_access_allows(void **state)
{
	(void)state;
	struct caller officer = { .roles = ROLE_OFFICER }, fresh = { .roles = ROLE_ADMIN, .must_change_password = true };
	assert_true(access_allows(ACCESS_PUBLIC, NULL));
	assert_true(access_allows(ACCESS_DEVICE, NULL));
	assert_false(access_allows(ACCESS_SESSION, NULL));
	assert_false(access_allows(ROLES_ALL, NULL));
	assert_true(access_allows(ACCESS_SESSION, &fresh));
	assert_false(access_allows(ROLE_ADMIN, &fresh)); /* the first password change comes first */
	assert_true(access_allows(ROLE_OFFICER | ROLE_CHIEF, &officer));
	assert_false(access_allows(ROLE_LEGAL | ROLE_ADMIN, &officer));
	assert_string_equal(access_kind(ROLE_ADMIN), "roles");
	assert_string_equal(access_kind(ACCESS_SESSION), "session");
	json_t *names = access_roles_json(ROLE_OFFICER | ROLE_ADMIN);
	assert_int_equal(json_array_size(names), 2);
	assert_string_equal(json_string_value(json_array_get(names, 1)), "admin");
	json_decref(names);
}

static void test_site_status(void **state)
{
	(void)state;
	struct site s = { .cert_valid_from = days_from_civil(2026, 1, 1),
		          .cert_valid_to = days_from_civil(2026, 12, 31),
		          .silent_after_s = 3600 };
	struct site_status st;
	/* Noon local time on a day: (day * 86400) + 4 h is 12:00 at UTC+08:00. */
	int64_t noon_dec1 = (int64_t)days_from_civil(2026, 12, 1) * 86400 + 4 * 3600;
	s.last_seen_at = noon_dec1 - 3600;
	site_status(&s, noon_dec1, &st);
	assert_false(st.cert_expired);
	assert_false(st.cert_expiring); /* 30 days left: not yet within 30 */
	assert_false(st.silent);        /* exactly the interval: not yet silent */
	site_status(&s, noon_dec1 + 86400, &st);
	assert_true(st.cert_expiring); /* 29 days left */
	assert_true(st.silent);
	int64_t last_second = (int64_t)days_from_civil(2027, 1, 1) * 86400 - LOCAL_UTC_OFFSET_S - 1;
	site_status(&s, last_second, &st);
	assert_false(st.cert_expired); /* 23:59:59 on the last valid day */
	assert_true(st.cert_expiring);
	site_status(&s, last_second + 1, &st);
	assert_true(st.cert_expired); /* 00:00:00 the day after */
	assert_false(st.cert_expiring);
	s.last_seen_at = 0;
	site_status(&s, noon_dec1, &st);
	assert_true(st.silent); /* never heard from */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_roles_mask),
		cmocka_unit_test(test_access_allows),
		cmocka_unit_test(test_site_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
