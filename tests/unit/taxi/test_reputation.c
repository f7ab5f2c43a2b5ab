/* Service reputation (src/taxi/reputation.c) at its edges: a clean cycle
 * is exactly the full points, deductions reaching 0 and past it stop at 0,
 * a deduction a day outside the cycle does not count, the cycle turns on
 * the anniversary of the first qualification (29 February included), and
 * the grade follows the score. The rulebook shipped (rules/taxi.json) is
 * loaded and checked against the violation catalogue. */
#include "base/datetime.h"
#include "taxi/taxi.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct taxi_rules rules(void)
{
	struct taxi_rules r = { .full_points = 20, .points = { 1, 3, 5, 10, 20 }, .npoints = 5 };
	r.grade[0] = (struct taxi_grade){ "AAA", "AAA级", 20, "", "" };
	r.grade[1] = (struct taxi_grade){ "AA", "AA级", 11, "", "" };
	r.grade[2] = (struct taxi_grade){ "A", "A级", 1, "", "" };
	r.grade[3] = (struct taxi_grade){ "B", "B级", 0, "retraining", "离岗培训" };
	r.ngrades = 4;
	return r;
}

static int32_t day(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

static void check_cycle(int32_t first, int32_t on, int32_t from, int32_t to)
{
	int32_t f, t;
	taxi_cycle_of(first, on, &f, &t);
	char a[11], b[11], c[11];
	date_format(on, a);
	date_format(f, b);
	date_format(t, c);
	if (f != from || t != to)
		fail_msg("cycle of %s: got %s..%s", a, b, c);
}

static void test_cycle(void **state)
{
	(void)state;
	int32_t first = day(2019, 3, 15);
	check_cycle(first, day(2019, 3, 15), day(2019, 3, 15), day(2020, 3, 14));
	check_cycle(first, day(2020, 3, 14), day(2019, 3, 15), day(2020, 3, 14)); /* the last day */
	check_cycle(first, day(2020, 3, 15), day(2020, 3, 15), day(2021, 3, 14)); /* the anniversary */
	check_cycle(first, day(2026, 12, 3), day(2026, 3, 15), day(2027, 3, 14));
	check_cycle(first, day(2027, 1, 1), day(2026, 3, 15), day(2027, 3, 14)); /* across a new year */
	check_cycle(first, day(2018, 1, 1), day(2019, 3, 15), day(2020, 3, 14)); /* before: the first cycle */
	/* First qualified on 29 February: 28 February in common years. */
	int32_t leap = day(2020, 2, 29);
	check_cycle(leap, day(2021, 2, 27), day(2020, 2, 29), day(2021, 2, 27));
	check_cycle(leap, day(2021, 2, 28), day(2021, 2, 28), day(2022, 2, 27));
	check_cycle(leap, day(2024, 2, 28), day(2023, 2, 28), day(2024, 2, 28));
	check_cycle(leap, day(2024, 2, 29), day(2024, 2, 29), day(2025, 2, 27));
	/* 1 January: the cycle is the calendar year. */
	check_cycle(day(2010, 1, 1), day(2026, 12, 31), day(2026, 1, 1), day(2026, 12, 31));
}

static void test_full(void **state)
{
	(void)state;
	struct taxi_rules r = rules();
	struct taxi_score s;
	taxi_score(&r, day(2019, 3, 15), day(2026, 12, 3), NULL, 0, &s);
	assert_int_equal(s.score, 20);
	assert_int_equal(s.deducted, 0);
	assert_string_equal(s.grade->grade, "AAA");
	/* One point off is no longer AAA. */
	struct taxi_deduction d[] = { { day(2026, 4, 1), 1 } };
	taxi_score(&r, day(2019, 3, 15), day(2026, 12, 3), d, 1, &s);
	assert_int_equal(s.score, 19);
	assert_string_equal(s.grade->grade, "AA");
}

static void test_zero_and_below(void **state)
{
	(void)state;
	struct taxi_rules r = rules();
	struct taxi_score s;
	int32_t first = day(2019, 3, 15), on = day(2026, 12, 3);
	struct taxi_deduction exact[] = { { day(2026, 5, 1), 10 }, { day(2026, 6, 1), 5 }, { day(2026, 7, 1), 5 } };
	taxi_score(&r, first, on, exact, 3, &s);
	assert_int_equal(s.score, 0);
	assert_int_equal(s.deducted, 20);
	assert_string_equal(s.grade->grade, "B");
	assert_string_equal(s.grade->measure, "retraining");
	struct taxi_deduction past[] = { { day(2026, 5, 1), 20 }, { day(2026, 6, 1), 10 }, { day(2026, 7, 1), 3 } };
	taxi_score(&r, first, on, past, 3, &s);
	assert_int_equal(s.score, 0); /* never below 0 */
	assert_int_equal(s.deducted, 33);
	assert_int_equal(s.counted, 3);
	/* 1 point short of 0 is A, the lowest that passes. */
	struct taxi_deduction nineteen[] = {
		{ day(2026, 5, 1), 10 }, { day(2026, 6, 1), 5 }, { day(2026, 7, 1), 3 }, { day(2026, 8, 1), 1 }
	};
	taxi_score(&r, first, on, nineteen, 4, &s);
	assert_int_equal(s.score, 1);
	assert_string_equal(s.grade->grade, "A");
	/* 11 is AA, 10 is A. */
	struct taxi_deduction nine[] = { { day(2026, 5, 1), 5 }, { day(2026, 6, 1), 3 }, { day(2026, 7, 1), 1 } };
	taxi_score(&r, first, on, nine, 3, &s);
	assert_int_equal(s.score, 11);
	assert_string_equal(s.grade->grade, "AA");
	nine[2].points = 3;
	nine[1].points = 1;
	nine[0].points = 6;
	taxi_score(&r, first, on, nine, 3, &s);
	assert_int_equal(s.score, 10);
	assert_string_equal(s.grade->grade, "A");
}

static void test_cycle_edge(void **state)
{
	(void)state;
	struct taxi_rules r = rules();
	struct taxi_score s;
	int32_t first = day(2019, 3, 15);
	/* The last day of the last cycle and the first of this one. */
	struct taxi_deduction d[] = { { day(2026, 3, 14), 10 }, { day(2026, 3, 15), 3 }, { day(2027, 3, 15), 5 } };
	taxi_score(&r, first, day(2026, 3, 15), d, 3, &s);
	assert_int_equal(s.from, day(2026, 3, 15));
	assert_int_equal(s.to, day(2027, 3, 14));
	assert_int_equal(s.score, 17);
	assert_int_equal(s.counted, 1);
	/* The day before: the cycle before, with its own 10. */
	taxi_score(&r, first, day(2026, 3, 14), d, 3, &s);
	assert_int_equal(s.score, 10);
	/* A new cycle starts again at 20. */
	taxi_score(&r, first, day(2028, 3, 15), d, 3, &s);
	assert_int_equal(s.score, 20);
}

static void test_rulebook(void **state)
{
	(void)state;
	struct taxi_rulebook *book;
	struct err e = { 0 };
	/* The tests run from the top of the tree: ./rules/taxi.json. */
	if (taxi_rulebook_load(NULL, &book, &e))
		fail_msg("%s", e.msg);
	const struct taxi_rules *r = taxi_rulebook_rules(book);
	assert_int_equal(r->full_points, 20);
	assert_int_equal(r->npoints, 5);
	const struct taxi_violation_points *v = taxi_violation_find(r, "taxi_refuse");
	assert_non_null(v);
	assert_true(taxi_points_allowed(r, v->points));
	assert_null(taxi_violation_find(r, "overlimit_mass"));
	assert_string_equal(taxi_grade_of(r, 0)->measure, "retraining");
	assert_string_equal(taxi_grade_of(r, 20)->grade, "AAA");
	taxi_rulebook_free(book);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cycle),          cmocka_unit_test(test_full),
		cmocka_unit_test(test_zero_and_below), cmocka_unit_test(test_cycle_edge),
		cmocka_unit_test(test_rulebook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
