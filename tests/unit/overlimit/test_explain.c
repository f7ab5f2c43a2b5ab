/* The wording of an explained verdict, at the boundaries: at the limit,
 * 1 kg over, the warning edge, each 1 000 kg step, the maximum fine, the
 * size bands, the cap on the sum; in Chinese and English, with no
 * programmer's notation. overlimit_explain is pure: a verdict in, lines out. */
#include "overlimit/overlimit.h"
#include "base/datetime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static struct rulebook *book;
static struct overlimit_rules rules;

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	if (overlimit_rulebook_builtin(&book, &e) || overlimit_rulebook_at(book, days_from_civil(2023, 3, 1), &rules, &e))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	overlimit_rulebook_free(book);
	return 0;
}

/* A record judged and explained: a 6-axle train unless the case says. */
struct record {
	int64_t gross_kg;
	int accuracy_class; /* hundredths */
	int32_t height_mm;
	int single_tire_axles;
	int axles;
	enum vehicle_kind kind;
};

static void explained(struct record rec, struct overlimit_explanation *x)
{
	struct detection d = {
		.plate = SLICE_LIT("鄂A12345"),
		.passed_at = (int64_t)days_from_civil(2023, 3, 1) * 86400,
		.kind = rec.axles ? rec.kind : VEHICLE_TRAIN,
		.axles = rec.axles ? rec.axles : 6,
		.gross_kg = rec.gross_kg,
		.height_mm = rec.height_mm,
		.single_tire_axles = rec.single_tire_axles,
	};
	struct site s = { .accuracy_class = rec.accuracy_class, .cert_valid_from = 0, .cert_valid_to = 100000 };
	struct verdict v;
	overlimit_verdict_judge(&rules, &s, &d, &v);
	overlimit_explain(&rules, rec.accuracy_class, &d, &v, x);
	/* A legal reviewer's words, never a programmer's. */
	static const char *const notation[] = { "floor", "max(", "×", " x ", "=", "*" };
	for (int i = 0; i < x->nlines; i++)
		for (size_t k = 0; k < sizeof notation / sizeof notation[0]; k++) {
			if (strstr(x->zh[i], notation[k]) || strstr(x->en[i], notation[k]))
				fail_msg("line %d says \"%s\": %s / %s", i, notation[k], x->zh[i], x->en[i]);
		}
}

/* Whether some line says text exactly (Chinese or English). */
static void says(const struct overlimit_explanation *x, const char *text)
{
	for (int i = 0; i < x->nlines; i++)
		if (strcmp(x->zh[i], text) == 0 || strcmp(x->en[i], text) == 0)
			return;
	for (int i = 0; i < x->nlines; i++)
		print_message("  %s\n  %s\n", x->zh[i], x->en[i]);
	fail_msg("no line says: %s", text);
}

static void test_at_the_limit(void **state)
{
	(void)state;
	struct overlimit_explanation x;
	explained((struct record){ .gross_kg = 49000 }, &x);
	assert_int_equal(x.nlines, 4);
	assert_string_equal(x.zh[0], "车货总质量限值 49 000 kg(6 轴汽车列车)");
	assert_string_equal(x.en[0], "gross mass limit 49 000 kg (6-axle train)");
	assert_string_equal(x.zh[1], "实测车货总质量 49 000 kg,不扣除计量误差,认定 49 000 kg");
	assert_string_equal(x.zh[2], "认定质量 49 000 kg,未超过限值 49 000 kg");
	assert_string_equal(x.en[2], "judged 49 000 kg, not above the limit of 49 000 kg");
	assert_string_equal(x.zh[3], "未超限,不予处罚");
	assert_string_equal(x.en[3], "not over the limit: no penalty");
	assert_false(x.cited[RULE_MASS_FINE]);
}

static void test_warning(void **state)
{
	(void)state;
	struct overlimit_explanation x;
	explained((struct record){ .gross_kg = 49001 }, &x);
	says(&x, "认定质量 49 001 kg,超过限值 49 000 kg,超限 1 kg");
	says(&x, "超限 1 kg,未超过 1 000 kg,予以警告,不罚款");
	says(&x, "over by 1 kg, not more than 1 000 kg: a warning, no fine");
	says(&x, "处罚:警告");
	assert_true(x.cited[RULE_MASS_FINE]);
	explained((struct record){ .gross_kg = 50000 }, &x);
	says(&x, "超限 1 000 kg,未超过 1 000 kg,予以警告,不罚款");
}

static void test_steps(void **state)
{
	(void)state;
	struct overlimit_explanation x;
	explained((struct record){ .gross_kg = 50001 }, &x);
	says(&x, "超限 1 001 kg,每满 1 000 kg 罚 500 元,计 1 档,应罚 500 元");
	says(&x, "over by 1 001 kg, 500 yuan for each full 1 000 kg: 1 step, 500 yuan");
	says(&x, "处罚:罚款 500 元");
	explained((struct record){ .gross_kg = 50999 }, &x);
	says(&x, "超限 1 999 kg,每满 1 000 kg 罚 500 元,计 1 档,应罚 500 元");
	explained((struct record){ .gross_kg = 51000 }, &x);
	says(&x, "超限 2 000 kg,每满 1 000 kg 罚 500 元,计 2 档,应罚 1 000 元");
	explained((struct record){ .gross_kg = 82500 }, &x);
	says(&x, "超限 33 500 kg,每满 1 000 kg 罚 500 元,计 33 档,应罚 16 500 元");
	says(&x, "处罚:罚款 16 500 元");
	assert_int_equal(x.steps, 33);
	assert_false(x.mass_capped);
}

static void test_the_maximum(void **state)
{
	(void)state;
	struct overlimit_explanation x;
	/* 60 full steps are exactly the maximum: not cut. */
	explained((struct record){ .gross_kg = 109999 }, &x);
	says(&x, "超限 60 999 kg,每满 1 000 kg 罚 500 元,计 60 档,应罚 30 000 元");
	assert_false(x.mass_capped);
	explained((struct record){ .gross_kg = 116000 }, &x);
	says(&x, "超限 67 000 kg,每满 1 000 kg 罚 500 元,计 67 档,合计 33 500 元,超过最高 30 000 元,按 30 000 元处罚");
	says(&x, "over by 67 000 kg, 500 yuan for each full 1 000 kg: 67 steps, 33 500 yuan, more than the maximum of "
	         "30 000 yuan: 30 000 yuan");
	says(&x, "实测车货总质量 116 000 kg,达到 100 000 kg,标记为百吨王(不单独处罚)");
	says(&x, "处罚:罚款 30 000 元");
	assert_true(x.mass_capped);
	assert_true(x.cited[RULE_TON100]);
	assert_false(x.cited[RULE_FINE_CAP]); /* the mass maximum is the mass rule's own */
}

static void test_measurement_error(void **state)
{
	(void)state;
	struct overlimit_explanation x;
	explained((struct record){ .gross_kg = 60000, .accuracy_class = 500 }, &x);
	says(&x, "实测车货总质量 60 000 kg,扣除 5 级衡器的最大允许误差 5%(3 000 kg),认定 57 000 kg");
	says(&x,
	     "measured gross mass 60 000 kg, less the class 5 device's maximum permissible error of 5 % (3 000 kg): "
	     "judged 57 000 kg");
	assert_int_equal(x.error_bp, 500);
	/* The deduction rounds up, the judged mass down: the party's favour. */
	explained((struct record){ .gross_kg = 50001, .accuracy_class = 20 }, &x);
	says(&x, "实测车货总质量 50 001 kg,扣除 0.2 级衡器的最大允许误差 0.2%(101 kg),认定 49 900 kg");
}

static void test_limit_rows(void **state)
{
	(void)state;
	struct overlimit_explanation x;
	explained((struct record){ .gross_kg = 40000, .single_tire_axles = 2 }, &x);
	assert_string_equal(x.zh[0], "车货总质量限值 49 000 kg(6 轴汽车列车);2 根非驱动轴为单轮胎,每根核减 3 000 kg,"
	                             "核减后限值 43 000 kg");
	assert_string_equal(x.en[0], "gross mass limit 49 000 kg (6-axle train); 2 non-drive axles with single tyres, "
	                             "3 000 kg off each: limit 43 000 kg");
	assert_true(x.cited[RULE_SINGLE_TIRE]);
	explained((struct record){ .gross_kg = 40000, .axles = 5, .kind = VEHICLE_TRUCK }, &x);
	assert_string_equal(x.zh[0], "车货总质量限值 43 000 kg(5 轴货车,按 5 轴汽车列车的限值)");
	explained((struct record){ .gross_kg = 10000, .axles = 2, .kind = VEHICLE_TRAIN }, &x);
	assert_string_equal(x.en[0], "gross mass limit 18 000 kg (2-axle train, judged by the 2-axle truck row)");
}

static void test_size(void **state)
{
	(void)state;
	struct overlimit_explanation x;
	explained((struct record){ .gross_kg = 30000, .height_mm = 4000 }, &x);
	says(&x, "未超限,不予处罚");
	explained((struct record){ .gross_kg = 30000, .height_mm = 4350 }, &x);
	says(&x, "车货总高度 4 350 mm,限值 4 000 mm,超出 350 mm,属第 2 档(高度不超过 4 500 mm、宽度不超过 3 750 mm、"
	         "长度不超过 28 000 mm,罚款 200 元至 1 000 元),按裁量基准罚款 200 元");
	says(&x, "height 4 350 mm, limit 4 000 mm, 350 mm over: band 2 (height up to 4 500 mm, width up to 3 750 mm, "
	         "length up to 28 000 mm, a fine of 200 to 1 000 yuan): 200 yuan by the discretion standard");
	says(&x, "处罚:罚款 200 元");
	assert_true(x.cited[RULE_SIZE_LIMIT] && x.cited[RULE_SIZE_FINE]);
	explained((struct record){ .gross_kg = 30000, .height_mm = 4001 }, &x);
	says(&x, "车货总高度 4 001 mm,限值 4 000 mm,超出 1 mm,属第 1 档(高度不超过 4 200 mm、宽度不超过 3 000 mm、"
	         "长度不超过 20 000 mm,罚款 200 元以下),按裁量基准罚款 100 元");
}

static void test_sum_and_cap(void **state)
{
	(void)state;
	struct overlimit_explanation x;
	explained((struct record){ .gross_kg = 108500, .height_mm = 4600 }, &x);
	says(&x, "车货总高度 4 600 mm,限值 4 000 mm,超出 600 mm,属第 3 档(超出第 2 档,罚款 1 000 元至 3 000 元),"
	         "按裁量基准罚款 1 000 元");
	says(&x, "质量罚款 29 500 元与外廓尺寸罚款 1 000 元合计 30 500 元,超过最高 30 000 元,按 30 000 元处罚");
	says(&x, "the mass fine of 29 500 yuan and the size fine of 1 000 yuan make 30 500 yuan, more than the maximum "
	         "of 30 000 yuan: 30 000 yuan");
	says(&x, "处罚:罚款 30 000 元");
	assert_true(x.capped);
	assert_true(x.cited[RULE_FINE_CAP]);
	explained((struct record){ .gross_kg = 60000, .height_mm = 4600 }, &x);
	says(&x, "质量罚款 5 500 元与外廓尺寸罚款 1 000 元合计 6 500 元");
	says(&x, "处罚:罚款 6 500 元");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_at_the_limit),
		cmocka_unit_test(test_warning),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_the_maximum),
		cmocka_unit_test(test_measurement_error),
		cmocka_unit_test(test_limit_rows),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_sum_and_cap),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
