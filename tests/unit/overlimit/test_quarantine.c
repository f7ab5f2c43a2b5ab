/* The quarantine's reasons as codes and arguments, from the imports' own
 * messages, and the site a raw record names. */
#include "overlimit/overlimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static const struct {
	const char *text, *code, *args; /* args: "name=value;name=value" */
} cases[] = {
	{ "gross_kg is missing", "q_field_missing", "field=gross_kg" },
	{ "gross_kg 1 is outside 500..300000", "q_out_of_range", "field=gross_kg;got=1;min=500;max=300000" },
	{ "lane 'x' is not a whole number", "q_not_integer", "field=lane;got=x" },
	{ "passed_at 'yesterday afternoon': not an ISO 8601 date-time like 2023-03-01T08:15:30+08:00", "q_passed_at",
	  "got=yesterday afternoon" },
	{ "axle_kg has 5 values but axles is 6", "q_axle_count", "got=5;axles=6" },
	{ "site 'ZZ9' is not in the site registry (import it with `sunroad sites import`)", "q_site_unknown",
	  "site=ZZ9" },
	{ "conflict: a different record with this site and seq is already stored", "q_conflict", "" },
	{ "has 20 fields but the header has 17", "q_field_count", "got=20;want=17" },
	{ "photo not uploaded: photos item 1 (front) is abab, which the photo store does not have", "q_photo_missing",
	  "n=1;kind=front" },
	{ "kind 'bus' is not truck or train", "q_kind", "got=bus" },
	{ "something nobody wrote a pattern for", "q_other", "" },
	{ "", "q_other", "" },
};

static void test_reasons(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct overlimit_quarantine_reason r;
		overlimit_quarantine_reason(cases[i].text, &r);
		assert_string_equal(r.code, cases[i].code);
		char args[256] = "";
		for (int a = 0; a < r.nargs; a++) {
			size_t n = strlen(args);
			snprintf(args + n, sizeof args - n, "%s%s=%s", a ? ";" : "", r.name[a], r.value[a]);
		}
		assert_string_equal(args, cases[i].args);
	}
}

static void test_site_of(void **state)
{
	(void)state;
	char site[17];
	overlimit_quarantine_site_of("R01,999999,2023-06-01T10:00:00+08:00,x", site);
	assert_string_equal(site, "R01");
	overlimit_quarantine_site_of("{\"seq\":1,\"site\": \"S-02\",\"plate\":\"x\"}", site);
	assert_string_equal(site, "S-02");
	overlimit_quarantine_site_of("not a site at all,1,2", site);
	assert_string_equal(site, "");
	overlimit_quarantine_site_of("{\"seq\":1}", site);
	assert_string_equal(site, "");
	overlimit_quarantine_site_of("", site);
	assert_string_equal(site, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_site_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
