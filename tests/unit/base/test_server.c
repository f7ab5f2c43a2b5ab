/* The server's pure parts: route matching (http.c's static, reached by
 * including the file) and who may call a route (access.c). */
#include "../../../src/base/http.c"
#include "base/datetime.h"
#include "base/access.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_roles_mask),
		cmocka_unit_test(test_access_allows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
