/* The case-file review sheet: rules/review.json adds up to 100, the grade
 * bands at their edges, a veto, and the checks sunroad makes of a case. */
#include "base/datetime.h"
#include "cases/review.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static struct review_sheet *sheet;
static struct case_rulebook *rulebook;
static struct case_rules rules;

static int32_t day_of(const char *date)
{
	int32_t d;
	assert_int_equal(date_parse(slice_from(date), &d), 0);
	return d;
}

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	if (review_sheet_load("rules", &sheet, &e) || case_rulebook_load("rules", &rulebook, &e) ||
	    case_rules_on(rulebook, day_of("2024-03-01"), &rules, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	review_sheet_free(sheet);
	case_rulebook_free(rulebook);
	return 0;
}

static void test_sheet(void **state)
{
	(void)state;
	int total = 0, vetoes = 0;
	for (size_t i = 0; i < sheet->nitems; i++) {
		total += sheet->items[i].points;
		vetoes += sheet->items[i].veto;
	}
	assert_int_equal(total, 100);
	assert_int_equal(vetoes, 3); /* competence, legal basis, notice */
	assert_non_null(review_item_find(sheet, "two_officers"));
	assert_int_equal(review_item_find(sheet, "two_officers")->check, CHECK_TWO_OFFICERS);
	assert_null(review_item_find(sheet, "nothing"));
}

static void test_grades(void **state)
{
	(void)state;
	assert_string_equal(review_grade_of(sheet, 100, false)->grade, "excellent");
	assert_string_equal(review_grade_of(sheet, 90, false)->grade, "excellent");
	assert_string_equal(review_grade_of(sheet, 89, false)->grade, "pass");
	assert_string_equal(review_grade_of(sheet, 70, false)->grade, "pass");
	assert_string_equal(review_grade_of(sheet, 69, false)->grade, "fail");
	assert_string_equal(review_grade_of(sheet, 0, false)->grade, "fail");
	assert_string_equal(review_grade_of(sheet, 98, true)->grade, "fail");
	assert_string_equal(review_grade_of(sheet, 98, true)->name, "不合格");
}

/* A case decided and served, as the procedure leaves it. */
static struct case_status served_case(void)
{
	struct case_status s = { 0 };
	s.state = CASE_SERVED;
	s.opened_on = day_of("2024-03-01");
	s.notified_on = day_of("2024-03-01");
	s.decided_on = day_of("2024-03-07");
	s.served_on = day_of("2024-03-08");
	s.notified_fine_fen = s.fine_fen = 600000;
	s.due[DUE_DECISION] = (struct case_deadline){ .set = true, .day = day_of("2024-05-30"), .rule = CASE_RULE_DECISION };
	s.due[DUE_STATEMENT] = (struct case_deadline){ .set = true, .day = day_of("2024-03-06"), .rule = CASE_RULE_STATEMENT };
	s.due[DUE_SERVICE] = (struct case_deadline){ .set = true, .day = day_of("2024-03-18"), .rule = CASE_RULE_SERVICE };
	return s;
}

static void test_checks(void **state)
{
	(void)state;
	struct case_status s = served_case();
	struct review_facts f = { .s = &s, .r = &rules, .nofficers = 2, .approved = true, .from_detection = true,
		                  .verdict_fine_fen = 600000, .occurred_day = day_of("2024-02-28") };
	char why[256];
	for (int c = CHECK_TWO_OFFICERS; c < CHECK_CLOSED; c++)
		if (review_check_run((enum review_check)c, &f, why, sizeof why) != RESULT_PASS)
			fail_msg("%s: %s", review_check_name((enum review_check)c), why);
	/* Not closed yet: the closing fails, the 抄告 cannot be judged. */
	assert_int_equal(review_check_run(CHECK_CLOSED, &f, why, sizeof why), RESULT_FAIL);
	assert_int_equal(review_check_run(CHECK_REPORT, &f, why, sizeof why), RESULT_UNKNOWN);
	/* One officer; no approval; a fine other than the verdict's; served late. */
	f.nofficers = 1;
	assert_int_equal(review_check_run(CHECK_TWO_OFFICERS, &f, why, sizeof why), RESULT_FAIL);
	f.approved = false;
	assert_int_equal(review_check_run(CHECK_APPROVED, &f, why, sizeof why), RESULT_FAIL);
	f.verdict_fine_fen = 650000;
	assert_int_equal(review_check_run(CHECK_FINE_MATCHES, &f, why, sizeof why), RESULT_FAIL);
	assert_non_null(strstr(why, "6000"));
	f.served_late = true;
	assert_int_equal(review_check_run(CHECK_SERVED, &f, why, sizeof why), RESULT_FAIL);
	/* Decided within the statement period without a statement. */
	s.decided_on = day_of("2024-03-06");
	assert_int_equal(review_check_run(CHECK_STATEMENT, &f, why, sizeof why), RESULT_FAIL);
	/* Opened two years and a day after the act. */
	f.occurred_day = day_of("2022-02-28");
	assert_int_equal(review_check_run(CHECK_LIMITATION, &f, why, sizeof why), RESULT_FAIL);
	/* An on-site case: the evidence and the fine are the reviewer's. */
	f.from_detection = false;
	assert_int_equal(review_check_run(CHECK_EVIDENCE, &f, why, sizeof why), RESULT_UNKNOWN);
	assert_int_equal(review_check_run(CHECK_FINE_MATCHES, &f, why, sizeof why), RESULT_UNKNOWN);
	/* A hearing due (10 000 yuan) not offered; a decision after it without review. */
	s.notified_fine_fen = 1000000;
	assert_int_equal(review_check_run(CHECK_HEARING, &f, why, sizeof why), RESULT_FAIL);
	s.hearing_offered = true;
	assert_int_equal(review_check_run(CHECK_LEGAL_REVIEW, &f, why, sizeof why), RESULT_FAIL);
	/* On the spot without a recording; with two. */
	assert_int_equal(review_check_run(CHECK_FOOTAGE, &f, why, sizeof why), RESULT_FAIL);
	f.footage = 2;
	assert_int_equal(review_check_run(CHECK_FOOTAGE, &f, why, sizeof why), RESULT_PASS);
	assert_non_null(strstr(why, "2 段"));
	/* Documents not issued by sunroad are the reviewer's; issued, checked. */
	assert_int_equal(review_check_run(CHECK_DOCUMENTS, &f, why, sizeof why), RESULT_UNKNOWN);
	f.documents_issued = true;
	assert_int_equal(review_check_run(CHECK_DOCUMENTS, &f, why, sizeof why), RESULT_PASS);
	/* Certificates: all on record, or the evidence says how many were not. */
	f.nofficers = 2;
	f.certified = 1;
	assert_int_equal(review_check_run(CHECK_TWO_OFFICERS, &f, why, sizeof why), RESULT_PASS);
	assert_non_null(strstr(why, "1 人执法证有效期未登记"));
}

/* Referred to the police and closed: nothing was decided, so nothing of
 * the decision is judged (it is no missing notice). */
static void test_referred(void **state)
{
	(void)state;
	struct case_status s = { 0 };
	s.state = CASE_CLOSED;
	s.opened_on = day_of("2024-03-01");
	s.closed_on = day_of("2024-03-04");
	s.due[DUE_DECISION] = (struct case_deadline){ .set = true, .day = day_of("2024-05-30"), .rule = CASE_RULE_DECISION };
	struct review_facts f = { .s = &s, .r = &rules, .nofficers = 2, .approved = true, .occurred_day = day_of("2024-03-01") };
	char why[256];
	for (enum review_check c = CHECK_NOTICE; c <= CHECK_DECISION_TIME; c++)
		if (c != CHECK_HEARING && review_check_run(c, &f, why, sizeof why) != RESULT_UNKNOWN)
			fail_msg("%s judged a decision that was never made", review_check_name(c));
	assert_int_equal(review_check_run(CHECK_DOCUMENTS, &f, why, sizeof why), RESULT_UNKNOWN);
	assert_int_equal(review_check_run(CHECK_CLOSED, &f, why, sizeof why), RESULT_PASS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet),
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_referred),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
