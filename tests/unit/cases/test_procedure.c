/* The penalty procedure at its edges: each deadline on the official
 * calendar (across a holiday and its make-up working days), the hearing
 * threshold at the amount and one fen under, the late fine per day and at
 * its cap, every refusal by the rule it names, and a replay that keeps
 * the deadlines as they were recorded when the rules change. */
#include "base/datetime.h"
#include "cases/procedure.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct calendar_book *book;
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
	if (calendar_book_load("rules", &book, &e) || case_rulebook_load("rules", &rulebook, &e) ||
	    case_rules_on(rulebook, day_of("2023-03-01"), &rules, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_book_free(book);
	case_rulebook_free(rulebook);
	return 0;
}

#define TODAY "2024-12-31"

/* Records an event; returns 0, or 1 with the refusal's reason in why. */
static int record(struct case_status *s, struct case_event ev, struct case_refusal *why, struct case_event *out)
{
	struct err e = { 0 };
	int rc = case_record(&rules, book, s, &ev, day_of(TODAY), why, &e);
	assert_true(rc >= 0);
	if (out)
		*out = ev;
	return rc;
}

static void ok(struct case_status *s, struct case_event ev)
{
	struct case_refusal why = { 0 };
	int rc = record(s, ev, &why, NULL);
	if (rc)
		fail_msg("%s on %d refused: %s", case_event_name(ev.type), ev.on, why.reason);
}

static void refused(struct case_status *s, struct case_event ev, const char *reason, enum case_rule rule)
{
	struct case_status before = *s;
	struct case_refusal why = { 0 };
	assert_int_equal(record(s, ev, &why, NULL), 1);
	assert_string_equal(why.reason, reason);
	assert_int_equal(why.rule, rule);
	assert_memory_equal(&before, s, sizeof before); /* nothing changed */
}

static struct case_status opened(const char *on, bool summary, enum case_party_kind party)
{
	struct case_status s;
	struct err e = { 0 };
	assert_int_equal(case_open(&rules, book, day_of(on), summary, party, 600000, &s, &e), 0);
	snprintf(s.officers[0], sizeof s.officers[0], "B01001");
	snprintf(s.officers[1], sizeof s.officers[1], "B01002");
	s.nofficers = 2;
	return s;
}

#define EV(t, d, ...) ((struct case_event){ .type = (t), .on = day_of(d), __VA_ARGS__ })

static void test_rules(void **state)
{
	(void)state;
	assert_int_equal(rules.statement.kind, CALENDAR_WORKING);
	assert_int_equal(rules.statement.days, 3);
	assert_int_equal(rules.payment.kind, CALENDAR_DAYS);
	assert_int_equal(rules.payment.days, 15);
	assert_int_equal(rules.min_officers, 2);
	assert_non_null(strstr(rules.citation[CASE_RULE_LATE_FINE], "百分之三"));
	char number[64];
	case_number_format(&rules, 2023, 7, number, sizeof number);
	assert_string_equal(number, "鄂交执罚〔2023〕0007号");
	case_number_format(&rules, 2024, 12345, number, sizeof number);
	assert_string_equal(number, "鄂交执罚〔2024〕12345号");
	/* Before the 2021 law was in force there is no rule to apply. */
	struct err e = { 0 };
	struct case_rules old;
	assert_int_equal(case_rules_on(rulebook, day_of("2021-07-14"), &old, &e), ERR_INVALID);
}

/* The standard procedure without a hearing, day by day. */
static void test_standard(void **state)
{
	(void)state;
	struct case_status s = opened("2023-03-01", false, PARTY_PERSON);
	/* 90 calendar days after Wed 1 March: Tue 30 May, a working day. */
	assert_int_equal(s.due[DUE_DECISION].day, day_of("2023-05-30"));
	refused(&s, EV(EVENT_DECIDE, "2023-03-01", .fine_fen = 600000), "decision_before_notice", CASE_RULE_NOTICE);
	ok(&s, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 600000));
	assert_false(s.hearing_offered); /* 6 000 yuan: under 10 000 */
	/* Three working days after Wednesday: Thu, Fri, Mon 6 March. */
	assert_int_equal(s.due[DUE_STATEMENT].day, day_of("2023-03-06"));
	assert_false(s.due[DUE_HEARING_REQUEST].set);
	refused(&s, EV(EVENT_HEARING_REQUEST, "2023-03-02"), "hearing_not_offered", CASE_RULE_HEARING_THRESHOLD);
	/* The last day of the statement period is still the party's. */
	refused(&s, EV(EVENT_DECIDE, "2023-03-06", .fine_fen = 600000), "decision_in_statement_period", CASE_RULE_STATEMENT);
	refused(&s, EV(EVENT_STATEMENT, "2023-03-07"), "statement_late", CASE_RULE_STATEMENT);
	refused(&s, EV(EVENT_DECIDE, "2023-03-07", .fine_fen = 600001), "decision_heavier_than_notice",
	        CASE_RULE_NO_HEAVIER);
	ok(&s, EV(EVENT_DECIDE, "2023-03-07", .fine_fen = 600000));
	assert_int_equal(s.state, CASE_DECIDED);
	/* Seven working days after Tue 7 March: Thu 16 March. */
	assert_int_equal(s.due[DUE_SERVICE].day, day_of("2023-03-16"));
	refused(&s, EV(EVENT_PAY, "2023-03-08", .amount_fen = 600000), "pay_not_now", CASE_RULE_PAYMENT);
	ok(&s, EV(EVENT_SERVE, "2023-03-08"));
	/* 15 days after Wed 8 March: Thu 23 March. */
	assert_int_equal(s.due[DUE_PAYMENT].day, day_of("2023-03-23"));
	refused(&s, EV(EVENT_CLOSE, "2023-03-09"), "close_unfinished", CASE_RULE_PAYMENT);
	/* On the last day: the fine alone; a fen more or less is refused. */
	struct case_status late = s;
	refused(&s, EV(EVENT_PAY, "2023-03-23", .amount_fen = 599999), "payment_amount", CASE_RULE_LATE_FINE);
	ok(&s, EV(EVENT_PAY, "2023-03-23", .amount_fen = 600000));
	ok(&s, EV(EVENT_CLOSE, "2023-03-24"));
	/* 抄告 within seven working days of closing (Fri 24 March): Tue 4 April. */
	assert_int_equal(s.due[DUE_REPORT_HOME].day, day_of("2023-04-04"));
	refused(&s, EV(EVENT_NOTIFY, "2023-03-25", .fine_fen = 1), "case_closed", CASE_RULE_DECISION);
	ok(&s, EV(EVENT_REPORT, "2023-03-27"));
	assert_null(case_next_due(&s));

	/* A day late: 3 % of 6 000 yuan = 180 yuan more. */
	refused(&late, EV(EVENT_PAY, "2023-03-24", .amount_fen = 600000), "payment_amount", CASE_RULE_LATE_FINE);
	assert_int_equal(case_late_fine(&rules, &late, day_of("2023-03-23")), 0);
	assert_int_equal(case_late_fine(&rules, &late, day_of("2023-03-24")), 18000);
	/* 33 days late is 99 %, 34 days would be 102 %: capped at the fine. */
	assert_int_equal(case_late_fine(&rules, &late, day_of("2023-04-25")), 594000);
	assert_int_equal(case_late_fine(&rules, &late, day_of("2023-04-26")), 600000);
	assert_int_equal(case_late_fine(&rules, &late, day_of("2024-01-01")), 600000);
	refused(&late, EV(EVENT_DEMAND, "2023-03-23"), "demand_before_due", CASE_RULE_PAYMENT);
	ok(&late, EV(EVENT_DEMAND, "2023-03-24"));
	ok(&late, EV(EVENT_PAY, "2023-03-25", .amount_fen = 600000 + 36000));
	assert_int_equal(late.state, CASE_PAID);
}

/* A period across the National Day holiday and its make-up working days. */
static void test_holiday(void **state)
{
	(void)state;
	struct case_status s = opened("2023-09-28", false, PARTY_PERSON);
	ok(&s, EV(EVENT_NOTIFY, "2023-09-28", .fine_fen = 600000));
	/* 29 Sep - 6 Oct off; Sat 7 and Sun 8 Oct are working days. */
	assert_int_equal(s.due[DUE_STATEMENT].day, day_of("2023-10-09"));
	ok(&s, EV(EVENT_STATEMENT, "2023-10-09"));
	/* Stated: the decision need not wait for the period's end. */
	ok(&s, EV(EVENT_DECIDE, "2023-10-09", .fine_fen = 500000));
	assert_int_equal(s.fine_fen, 500000);
}

/* The hearing: offered from 10 000 yuan for a person, 100 000 for an
 * organisation; chaired by someone who did not investigate; noticed seven
 * working days ahead; reviewed before the decision. */
static void test_hearing(void **state)
{
	(void)state;
	assert_true(case_hearing_offered(&rules, PARTY_PERSON, 1000000));
	assert_false(case_hearing_offered(&rules, PARTY_PERSON, 999999));
	assert_false(case_hearing_offered(&rules, PARTY_ORGANISATION, 9999999));
	assert_true(case_hearing_offered(&rules, PARTY_ORGANISATION, 10000000));

	struct case_status s = opened("2023-03-01", false, PARTY_PERSON);
	ok(&s, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 2500000));
	assert_true(s.hearing_offered);
	/* Five working days after Wed 1 March: Wed 8 March. */
	assert_int_equal(s.due[DUE_HEARING_REQUEST].day, day_of("2023-03-08"));
	struct case_status waited = s;
	ok(&s, EV(EVENT_HEARING_REQUEST, "2023-03-08"));
	refused(&s, EV(EVENT_DECIDE, "2023-03-20", .fine_fen = 2500000), "decision_before_hearing",
	        CASE_RULE_HEARING_REQUEST);
	refused(&s, EV(EVENT_HEARING, "2023-03-20", .chair = "B01002"), "hearing_chair_investigated",
	        CASE_RULE_HEARING_CHAIR);
	/* Seven working days after Wed 8 March: Fri 17 March, the earliest. */
	refused(&s, EV(EVENT_HEARING, "2023-03-16", .chair = "B09001"), "hearing_notice_short", CASE_RULE_HEARING_NOTICE);
	ok(&s, EV(EVENT_HEARING, "2023-03-17", .chair = "B09001"));
	refused(&s, EV(EVENT_DECIDE, "2023-03-20", .fine_fen = 2500000), "decision_without_review",
	        CASE_RULE_LEGAL_REVIEW);
	ok(&s, EV(EVENT_REVIEW, "2023-03-20"));
	ok(&s, EV(EVENT_DECIDE, "2023-03-21", .fine_fen = 2000000));

	/* Not asked for in time: the request is refused, and the decision
	 * waits for the period's end (and the review). */
	refused(&waited, EV(EVENT_HEARING_REQUEST, "2023-03-09"), "hearing_request_late", CASE_RULE_HEARING_REQUEST);
	ok(&waited, EV(EVENT_STATEMENT, "2023-03-02"));
	ok(&waited, EV(EVENT_REVIEW, "2023-03-03"));
	refused(&waited, EV(EVENT_DECIDE, "2023-03-08", .fine_fen = 2500000), "decision_in_hearing_period",
	        CASE_RULE_HEARING_REQUEST);
	ok(&waited, EV(EVENT_DECIDE, "2023-03-09", .fine_fen = 2500000));
}

/* The decision within 90 days, or after an extension. */
static void test_extension(void **state)
{
	(void)state;
	struct case_status s = opened("2023-03-01", false, PARTY_PERSON);
	ok(&s, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 600000));
	struct case_status unextended = s;
	refused(&unextended, EV(EVENT_DECIDE, "2023-05-31", .fine_fen = 600000), "decision_late", CASE_RULE_DECISION);
	ok(&unextended, EV(EVENT_DECIDE, "2023-05-30", .fine_fen = 600000));
	refused(&s, EV(EVENT_EXTEND, "2023-05-01", .days = 91), "extension_too_long", CASE_RULE_DECISION);
	ok(&s, EV(EVENT_EXTEND, "2023-05-01", .days = 30));
	/* 120 days after 1 March: Thu 29 June. */
	assert_int_equal(s.due[DUE_DECISION].day, day_of("2023-06-29"));
	ok(&s, EV(EVENT_DECIDE, "2023-06-29", .fine_fen = 600000));
	refused(&s, EV(EVENT_EXTEND, "2023-06-30", .days = 10), "extend_not_now", CASE_RULE_DECISION);
}

/* Referral to the police and the first-offence waiver: no fine, closed. */
static void test_refer_waive(void **state)
{
	(void)state;
	struct case_status s = opened("2023-03-01", false, PARTY_PERSON);
	ok(&s, EV(EVENT_REFER, "2023-03-02"));
	assert_int_equal(s.state, CASE_REFERRED);
	assert_int_equal(s.fine_fen, 0);
	ok(&s, EV(EVENT_CLOSE, "2023-03-03"));
	struct case_status w = opened("2023-03-01", false, PARTY_PERSON);
	ok(&w, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 600000));
	ok(&w, EV(EVENT_WAIVE, "2023-03-02"));
	refused(&w, EV(EVENT_DECIDE, "2023-03-07", .fine_fen = 600000), "decided_already", CASE_RULE_DECISION);
	ok(&w, EV(EVENT_CLOSE, "2023-03-03"));
}

/* The summary procedure: at most 200 yuan for a person, decided and
 * served on the spot. */
static void test_summary(void **state)
{
	(void)state;
	struct case_status s = opened("2023-03-01", true, PARTY_PERSON);
	refused(&s, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 20001), "summary_fine_too_high", CASE_RULE_SUMMARY);
	ok(&s, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 20000));
	assert_false(s.hearing_offered);
	ok(&s, EV(EVENT_DECIDE, "2023-03-01", .fine_fen = 20000));
	ok(&s, EV(EVENT_SERVE, "2023-03-01"));
	ok(&s, EV(EVENT_PAY, "2023-03-01", .amount_fen = 20000));
	ok(&s, EV(EVENT_CLOSE, "2023-03-01"));
	struct case_status org = opened("2023-03-01", true, PARTY_ORGANISATION);
	ok(&org, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 300000));
	/* A warning (no fine) closes once served. */
	struct case_status warn = opened("2023-03-01", true, PARTY_PERSON);
	ok(&warn, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 0));
	ok(&warn, EV(EVENT_DECIDE, "2023-03-01", .fine_fen = 0));
	ok(&warn, EV(EVENT_SERVE, "2023-03-01"));
	assert_false(warn.due[DUE_PAYMENT].set);
	ok(&warn, EV(EVENT_CLOSE, "2023-03-02"));
}

/* Days: never in the future, never before the previous act. */
static void test_days(void **state)
{
	(void)state;
	struct case_status s = opened("2023-03-01", false, PARTY_PERSON);
	refused(&s, EV(EVENT_NOTIFY, "2025-01-01", .fine_fen = 1), "event_in_future", CASE_RULE_NOTICE);
	refused(&s, EV(EVENT_NOTIFY, "2023-02-28", .fine_fen = 1), "event_before_previous", CASE_RULE_NOTICE);
	ok(&s, EV(EVENT_NOTIFY, "2023-03-03", .fine_fen = 600000));
	refused(&s, EV(EVENT_STATEMENT, "2023-03-02"), "event_before_previous", CASE_RULE_NOTICE);
	/* Service late is still service, marked late. */
	ok(&s, EV(EVENT_DECIDE, "2023-03-09", .fine_fen = 600000));
	struct case_refusal why;
	struct case_event served;
	assert_int_equal(record(&s, EV(EVENT_SERVE, "2023-03-21"), &why, &served), 0);
	assert_true(served.late);
}

/* A replay takes what each event set as stored: the rules of today do
 * not move the deadlines of the past. */
static void test_replay(void **state)
{
	(void)state;
	struct case_status s = opened("2023-03-01", false, PARTY_PERSON);
	struct case_status start = s;
	struct case_event evs[4];
	struct case_refusal why;
	assert_int_equal(record(&s, EV(EVENT_NOTIFY, "2023-03-01", .fine_fen = 600000), &why, &evs[0]), 0);
	assert_int_equal(record(&s, EV(EVENT_DECIDE, "2023-03-07", .fine_fen = 600000), &why, &evs[1]), 0);
	assert_int_equal(record(&s, EV(EVENT_SERVE, "2023-03-08"), &why, &evs[2]), 0);
	/* The agency's copy now allows five working days to state. */
	struct case_rules saved = rules;
	rules.statement.days = 5;
	rules.payment.days = 30;
	struct case_status again = start;
	for (int i = 0; i < 3; i++)
		case_replay(&again, &evs[i]);
	rules = saved;
	assert_memory_equal(&again, &s, sizeof s);
	assert_int_equal(again.due[DUE_STATEMENT].day, day_of("2023-03-06"));
	assert_int_equal(again.due[DUE_PAYMENT].day, day_of("2023-03-23"));
}

/* A period past the calendar's last announced year is counted on weekends
 * alone and provisional; counted again once the year is in the book. */
static void test_provisional(void **state)
{
	(void)state;
	static const char only_2024[] = "{\"years\":[{\"year\":2024,\"holidays\":[],\"workdays\":[]}]}";
	static const char with_2025[] =
	    "{\"years\":[{\"year\":2024,\"holidays\":[],\"workdays\":[]},"
	    "{\"year\":2025,\"holidays\":[{\"name\":\"元旦\",\"date\":\"2025-01-01\"}],\"workdays\":[]}]}";
	struct calendar_book *before, *after;
	struct err e = { 0 };
	assert_int_equal(calendar_book_parse(only_2024, sizeof only_2024 - 1, "test", &before, &e), 0);
	assert_int_equal(calendar_book_parse(with_2025, sizeof with_2025 - 1, "test", &after, &e), 0);
	struct case_status s;
	assert_int_equal(case_open(&rules, before, day_of("2024-12-27"), false, PARTY_PERSON, 600000, &s, &e), 0);
	struct case_refusal why;
	struct case_event ev = EV(EVENT_NOTIFY, "2024-12-31", .fine_fen = 600000);
	assert_int_equal(case_record(&rules, before, &s, &ev, day_of("2024-12-31"), &why, &e), 0);
	/* Tue 31 Dec + 3 working days on weekends alone: Wed 1, Thu 2, Fri 3 January. */
	assert_int_equal(s.due[DUE_STATEMENT].day, day_of("2025-01-03"));
	assert_true(s.due[DUE_STATEMENT].provisional);
	assert_false(case_deadline_recount(before, &s.due[DUE_STATEMENT]));
	/* 2025 announced: 1 January is a holiday, the period ends Mon 6 January. */
	assert_true(case_deadline_recount(after, &s.due[DUE_STATEMENT]));
	assert_int_equal(s.due[DUE_STATEMENT].day, day_of("2025-01-06"));
	assert_int_equal(s.due[DUE_STATEMENT].was, day_of("2025-01-03"));
	assert_false(s.due[DUE_STATEMENT].provisional);
	assert_false(case_deadline_recount(after, &s.due[DUE_STATEMENT]));
	/* A day before the calendar's first year is an error, not a guess. */
	struct case_status early;
	assert_int_equal(case_open(&rules, before, day_of("2023-06-01"), false, PARTY_PERSON, 1, &early, &e), ERR_INVALID);
	calendar_book_free(before);
	calendar_book_free(after);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),     cmocka_unit_test(test_standard),     cmocka_unit_test(test_holiday),
		cmocka_unit_test(test_hearing),   cmocka_unit_test(test_extension),    cmocka_unit_test(test_refer_waive),
		cmocka_unit_test(test_summary),   cmocka_unit_test(test_days),         cmocka_unit_test(test_replay),
		cmocka_unit_test(test_provisional),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
