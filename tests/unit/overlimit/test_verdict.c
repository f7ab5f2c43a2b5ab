/* The verdict at every boundary of 62号令 Art.3/Art.43 and JJG 907-2006,
 * from the table tests/data/verdicts.csv; and admissibility at the edges of
 * certificates and local days. */
#include "base/datetime.h"
#include "base/records.h"
#include "overlimit/overlimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct rulebook *book;
static struct overlimit_rules rules; /* points into book */

static int teardown(void **state)
{
	(void)state;
	overlimit_rulebook_free(book);
	return 0;
}

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	if (overlimit_rulebook_load(&book, "rules", &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	struct slice day = SLICE_LIT("2023-06-01");
	int32_t d;
	date_parse(day, &d);
	return overlimit_rulebook_at(book, d, &rules, &e);
}

static struct site site_with_class(int hundredths)
{
	struct site s = { .id = 1, .code = "R01", .kind = SITE_REMOTE, .accuracy_class = hundredths };
	struct slice from = SLICE_LIT("2023-01-01"), to = SLICE_LIT("2023-12-31");
	date_parse(from, &s.cert_valid_from);
	date_parse(to, &s.cert_valid_to);
	return s;
}

static struct detection detection_at(const char *when)
{
	struct detection d = { .site = SLICE_LIT("R01"),
		               .seq = 1,
		               .plate = SLICE_LIT("蒙K12345"),
		               .kind = VEHICLE_TRAIN,
		               .axles = 6,
		               .gross_kg = 30000 };
	const char *why;
	assert_int_equal(datetime_parse(slice_from(when), &d.passed_at, &why), 0);
	return d;
}

static long field_int(struct slice s)
{
	int64_t v = 0;
	assert_int_equal(slice_to_int(s, &v), 0);
	return (long)v;
}

static void test_verdict_table(void **state)
{
	(void)state;
	static const char *const names[] = {
		"case",           "kind",      "axles",    "single_drive", "single_tire_axles", "gross_kg",
		"accuracy_class", "length_mm", "width_mm", "height_mm",    "limit_kg",          "judged_kg",
		"over_kg",        "over_size", "ton100",   "verdict",      "penalty",           "fine_yuan"
	};
	struct record_schema schema = { names, 18, (1u << 18) - 1, 1u << 0 };
	struct record_reader r;
	struct err e = { 0 };
	if (record_open(&r, "tests/data/verdicts.csv", &schema, &e))
		fail_msg("%s", e.msg);
	int cases = 0;
	while (record_next(&r, &e) == 1) {
		const struct slice *v = r.value;
		assert_int_equal(r.why.code, 0);
		struct detection d = detection_at("2023-06-01T12:00:00+08:00");
		d.kind = slice_eq(v[1], "truck") ? VEHICLE_TRUCK : VEHICLE_TRAIN;
		d.axles = (int)field_int(v[2]);
		d.single_drive = field_int(v[3]) == 1;
		d.single_tire_axles = (int)field_int(v[4]);
		d.gross_kg = field_int(v[5]);
		d.length_mm = (int32_t)field_int(v[7]);
		d.width_mm = (int32_t)field_int(v[8]);
		d.height_mm = (int32_t)field_int(v[9]);
		struct site s = site_with_class(overlimit_accuracy_class_parse(v[6]));
		struct verdict out;
		overlimit_verdict_judge(&rules, &s, &d, &out);
		char got[256], want[256];
		snprintf(got, sizeof got, "%lld,%lld,%lld,%d,%d,%s,%s,%lld", (long long)out.limit_kg,
		         (long long)out.judged_kg, (long long)out.over_kg, out.over_size, out.ton100,
		         out.overlimit ? "overlimit" : "ok", penalty_names[out.penalty],
		         (long long)(out.fine_fen / 100));
		snprintf(want, sizeof want, "%.*s,%.*s,%.*s,%.*s,%.*s,%.*s,%.*s,%.*s", (int)v[10].n, v[10].p,
		         (int)v[11].n, v[11].p, (int)v[12].n, v[12].p, (int)v[13].n, v[13].p, (int)v[14].n, v[14].p,
		         (int)v[15].n, v[15].p, (int)v[16].n, v[16].p, (int)v[17].n, v[17].p);
		if (strcmp(got, want) != 0)
			fail_msg("case '%.*s' (line %lld): got %s, want %s", (int)v[0].n, v[0].p, (long long)r.line,
			         got, want);
		cases++;
	}
	record_close(&r);
	assert_true(cases > 100);
}

static void test_mass_fine_rounding_is_configurable(void **state)
{
	(void)state;
	struct overlimit_rules ceil_rules = rules;
	int64_t fen;
	ceil_rules.round_up = true;
	assert_int_equal(overlimit_verdict_mass_penalty(&ceil_rules, 1001, &fen), PENALTY_FINE);
	assert_int_equal(fen, 100000); /* two started steps */
	assert_int_equal(overlimit_verdict_mass_penalty(&rules, 1001, &fen), PENALTY_FINE);
	assert_int_equal(fen, 50000); /* the default: full steps only */
}

static void test_admissible_certificate_edges(void **state)
{
	(void)state;
	struct site s = site_with_class(500);
	struct verdict v;
	struct detection first = detection_at("2023-01-01T00:00:00+08:00");
	overlimit_verdict_judge(&rules, &s, &first, &v);
	assert_true(v.admissible); /* the certificate's first day counts */
	struct detection before = detection_at("2022-12-31T23:59:59+08:00");
	overlimit_verdict_judge(&rules, &s, &before, &v);
	assert_false(v.admissible);
	assert_int_equal(v.inadmissible, INADMISSIBLE_CERT);
	struct detection last = detection_at("2023-12-31T23:59:59+08:00");
	overlimit_verdict_judge(&rules, &s, &last, &v);
	assert_true(v.admissible); /* and so does its last day, to midnight local */
	struct detection after = detection_at("2024-01-01T00:00:00+08:00");
	overlimit_verdict_judge(&rules, &s, &after, &v);
	assert_false(v.admissible);
	/* 2023-12-31T16:00Z is already 2024-01-01 in Asia/Shanghai. */
	struct detection utc = detection_at("2023-12-31T16:00:00Z");
	overlimit_verdict_judge(&rules, &s, &utc, &v);
	assert_false(v.admissible);
	struct detection utc_before = detection_at("2023-12-31T15:59:59Z");
	overlimit_verdict_judge(&rules, &s, &utc_before, &v);
	assert_true(v.admissible);
}

static void test_unread_plate_is_inadmissible(void **state)
{
	(void)state;
	struct site s = site_with_class(500);
	struct detection d = detection_at("2023-06-01T10:00:00+08:00");
	d.plate = (struct slice){ "", 0 };
	d.gross_kg = 120000;
	struct verdict v;
	overlimit_verdict_judge(&rules, &s, &d, &v);
	assert_true(v.overlimit); /* the verdict stands in the statistics */
	assert_false(v.admissible);
	assert_int_equal(v.inadmissible, INADMISSIBLE_PLATE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdict_table),
		cmocka_unit_test(test_mass_fine_rounding_is_configurable),
		cmocka_unit_test(test_admissible_certificate_edges),
		cmocka_unit_test(test_unread_plate_is_inadmissible),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
