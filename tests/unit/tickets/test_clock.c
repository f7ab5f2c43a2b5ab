/* The "137" clock and the desk's fold: the deadlines of the table
 * tests/data/tickets/clock.csv (tickets received at the edges of every
 * holiday and make-up working day of 2019-2026, at the hour edges,
 * answered by chinese-days itself), and the order of the desk's acts, the
 * return that does not stop the clock, the one reopen, the merge, and how
 * each clock stands at a moment. */
#include "base/datetime.h"
#include "base/records.h"
#include "calendar/calendar.h"
#include "tickets/flow.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct calendar_book *book;
static struct ticket_rulebook *rb;

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	if (calendar_book_load("rules", &book, &e) || ticket_rulebook_load("rules", &rb, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_book_free(book);
	ticket_rulebook_free(rb);
	return 0;
}

static int64_t at(const char *text)
{
	int64_t t;
	const char *why;
	assert_int_equal(datetime_parse(slice_from(text), &t, &why), 0);
	return t;
}

static void test_clock_table(void **state)
{
	(void)state;
	static const char *const names[] = { "case", "received_at", "category", "contact", "resolve", "close", "provisional" };
	struct record_schema schema = { names, 7, (1u << 7) - 1, 1u << 0 };
	struct record_reader r;
	struct err e = { 0 };
	if (record_open(&r, "tests/data/tickets/clock.csv", &schema, &e))
		fail_msg("%s", e.msg);
	int rows = 0, provisional_rows = 0, by_category = 0;
	while (record_next(&r, &e) == 1) {
		const struct slice *v = r.value;
		char received[40], category[40];
		snprintf(received, sizeof received, "%.*s", (int)v[1].n, v[1].p);
		snprintf(category, sizeof category, "%.*s", (int)v[2].n, v[2].p);
		struct ticket_deadlines d;
		struct err why = { 0 };
		if (ticket_clock(rb, ticket_category_find(rb, category), book, at(received), &d, &why))
			fail_msg("line %lld: %s", (long long)r.line, why.msg);
		char contact[32], resolve[11], close[11], got[96], want[96];
		datetime_format_local(d.contact_at, contact);
		date_format(d.resolve, resolve);
		date_format(d.close, close);
		int provisional = d.resolve_provisional || d.close_provisional;
		snprintf(got, sizeof got, "%s,%s,%s,%d", contact, resolve, close, provisional);
		snprintf(want, sizeof want, "%.*s,%.*s,%.*s,%.*s", (int)v[3].n, v[3].p, (int)v[4].n, v[4].p, (int)v[5].n,
		         v[5].p, (int)v[6].n, v[6].p);
		if (strcmp(got, want))
			fail_msg("case '%.*s' (line %lld): %s %s gives %s, want %s", (int)v[0].n, v[0].p, (long long)r.line,
			         received, category, got, want);
		rows++;
		provisional_rows += provisional;
		by_category += d.close_by_category;
	}
	record_close(&r);
	assert_true(rows > 1000);
	assert_true(provisional_rows >= 1);
	assert_true(by_category >= 10); /* the taxi's 10 days wins now and then */
}

/* A ticket received at received and its status. */
static struct ticket_status received_at(const char *received, const char *category)
{
	struct ticket_deadlines d;
	struct err e = { 0 };
	assert_int_equal(ticket_clock(rb, ticket_category_find(rb, category), book, at(received), &d, &e), 0);
	struct ticket_status s;
	ticket_open(&s, at(received), &d);
	return s;
}

/* Records type at when on s: 0, or the refusal's reason. */
static const char *act(struct ticket_status *s, enum ticket_event_type type, const char *when, int satisfaction)
{
	struct ticket_event ev = { .type = type, .at = at(when), .satisfaction = satisfaction };
	snprintf(ev.unit, sizeof ev.unit, "B01");
	struct ticket_refusal why = { 0 };
	struct err e = { 0 };
	int rc = ticket_record(rb, book, s, &ev, at("2030-01-01T00:00:00+08:00"), &why, &e);
	assert_true(rc >= 0);
	return rc ? why.reason : NULL;
}

static void test_order(void **state)
{
	(void)state;
	struct ticket_status s = received_at("2025-03-03T09:00:00+08:00", "taxi_refuse");
	assert_string_equal(act(&s, TEV_CONTACT, "2025-03-03T09:10:00+08:00", 0), "contact_before_assign");
	assert_string_equal(act(&s, TEV_RESOLVE, "2025-03-03T09:10:00+08:00", 0), "resolve_before_contact");
	assert_null(act(&s, TEV_ASSIGN, "2025-03-03T09:05:00+08:00", 0));
	assert_string_equal(act(&s, TEV_CONTACT, "2025-03-03T09:01:00+08:00", 0), "event_before_previous");
	assert_null(act(&s, TEV_CONTACT, "2025-03-03T09:40:00+08:00", 0));
	assert_string_equal(act(&s, TEV_ASSIGN, "2025-03-03T09:50:00+08:00", 0), "assign_not_now");
	assert_string_equal(act(&s, TEV_CALLBACK, "2025-03-03T10:00:00+08:00", 4), "callback_before_resolve");
	assert_null(act(&s, TEV_RESOLVE, "2025-03-05T16:00:00+08:00", 0));
	assert_string_equal(act(&s, TEV_CLOSE, "2025-03-05T17:00:00+08:00", 0), "close_before_callback");
	assert_string_equal(act(&s, TEV_CALLBACK, "2025-03-06T10:00:00+08:00", 6), "satisfaction_range");
	assert_null(act(&s, TEV_CALLBACK, "2025-03-06T10:00:00+08:00", 4));
	assert_string_equal(act(&s, TEV_REOPEN, "2025-03-06T11:00:00+08:00", 0), "reopen_satisfied");
	assert_null(act(&s, TEV_CLOSE, "2025-03-06T12:00:00+08:00", 0));
	assert_int_equal(s.state, TICKET_CLOSED);
	assert_string_equal(act(&s, TEV_ASSIGN, "2025-03-07T12:00:00+08:00", 0), "ticket_closed");
	/* Every clock met: contact 40 minutes in, resolved on day 2, closed on day 3. */
	struct ticket_clock_view v;
	for (int k = 0; k < CLOCK_COUNT; k++) {
		ticket_clock_view(rb, book, &s, (enum ticket_clock_name)k, at("2025-04-01T00:00:00+08:00"), &v);
		assert_int_equal(v.state, CLOCK_DONE);
	}
}

static void test_return_keeps_the_clock(void **state)
{
	(void)state;
	struct ticket_status s = received_at("2025-03-03T09:00:00+08:00", "other_transport");
	struct ticket_deadlines due = s.due;
	assert_null(act(&s, TEV_ASSIGN, "2025-03-03T09:05:00+08:00", 0));
	assert_null(act(&s, TEV_RETURN, "2025-03-03T15:00:00+08:00", 0));
	assert_int_equal(s.state, TICKET_RETURNED);
	assert_string_equal(act(&s, TEV_CONTACT, "2025-03-03T16:00:00+08:00", 0), "contact_not_now");
	/* Ruled back to the unit: nothing of the clock moved. */
	struct ticket_event rule = { .type = TEV_RULE, .at = at("2025-03-04T09:00:00+08:00"), .accept = false };
	struct ticket_refusal why;
	assert_int_equal(ticket_record(rb, book, &s, &rule, at("2030-01-01T00:00:00+08:00"), &why, NULL), 0);
	assert_int_equal(s.state, TICKET_ASSIGNED);
	assert_int_equal(s.due.resolve, due.resolve);
	assert_int_equal(s.due.contact_at, due.contact_at);
	/* The contact is now late; the view says so, with its escalation days. */
	struct ticket_clock_view v;
	ticket_clock_view(rb, book, &s, CLOCK_CONTACT, at("2025-03-04T09:00:00+08:00"), &v);
	assert_int_equal(v.state, CLOCK_OVERDUE);
	ticket_clock_view(rb, book, &s, CLOCK_RESOLVE, at("2025-03-04T09:00:00+08:00"), &v);
	assert_int_equal(v.state, CLOCK_PENDING);
	/* Resolve due Thu 6 March: at risk that afternoon, overdue on Friday,
	 * urged on Friday, circulated five working days after the 6th. */
	ticket_clock_view(rb, book, &s, CLOCK_RESOLVE, at("2025-03-06T21:00:00+08:00"), &v);
	assert_int_equal(v.state, CLOCK_AT_RISK);
	ticket_clock_view(rb, book, &s, CLOCK_RESOLVE, at("2025-03-07T08:00:00+08:00"), &v);
	assert_int_equal(v.state, CLOCK_OVERDUE);
	char urge[11], circular[11];
	date_format(v.urge_on, urge);
	date_format(v.circular_on, circular);
	assert_string_equal(urge, "2025-03-07");
	assert_string_equal(circular, "2025-03-13");
}

static void test_reopen_once(void **state)
{
	(void)state;
	struct ticket_status s = received_at("2025-03-03T09:00:00+08:00", "taxi_bargain");
	assert_null(act(&s, TEV_ASSIGN, "2025-03-03T09:05:00+08:00", 0));
	assert_null(act(&s, TEV_CONTACT, "2025-03-03T09:30:00+08:00", 0));
	assert_null(act(&s, TEV_RESOLVE, "2025-03-04T09:30:00+08:00", 0));
	assert_null(act(&s, TEV_CALLBACK, "2025-03-05T09:30:00+08:00", 2));
	assert_null(act(&s, TEV_REOPEN, "2025-03-05T10:00:00+08:00", 0));
	/* A new round from the reopening: contact by 11:00, resolve in 3 working days. */
	char contact[32], resolve[11];
	datetime_format_local(s.due.contact_at, contact);
	date_format(s.due.resolve, resolve);
	assert_string_equal(contact, "2025-03-05T11:00:00+08:00");
	assert_string_equal(resolve, "2025-03-10");
	assert_int_equal(s.state, TICKET_ASSIGNED);
	assert_null(act(&s, TEV_CONTACT, "2025-03-05T10:30:00+08:00", 0));
	assert_null(act(&s, TEV_RESOLVE, "2025-03-06T10:30:00+08:00", 0));
	assert_null(act(&s, TEV_CALLBACK, "2025-03-07T10:30:00+08:00", 1));
	assert_string_equal(act(&s, TEV_REOPEN, "2025-03-07T11:00:00+08:00", 0), "reopen_once");
}

static void test_extend(void **state)
{
	(void)state;
	struct ticket_status s = received_at("2025-03-03T09:00:00+08:00", "other_transport");
	struct ticket_event ev = { .type = TEV_EXTEND, .at = at("2025-03-04T09:00:00+08:00"), .clock = CLOCK_RESOLVE,
		                   .days = 5 };
	struct ticket_refusal why;
	assert_int_equal(ticket_record(rb, book, &s, &ev, at("2030-01-01T00:00:00+08:00"), &why, NULL), 0);
	char resolve[11];
	date_format(s.due.resolve, resolve);
	assert_string_equal(resolve, "2025-03-13"); /* 5 working days after Thu 6 March */
	assert_true(s.due.close >= s.due.resolve);
	struct ticket_event more = { .type = TEV_EXTEND, .at = at("2025-03-05T09:00:00+08:00"), .clock = CLOCK_CLOSE,
		                     .days = rb->extension_max_days };
	assert_int_equal(ticket_record(rb, book, &s, &more, at("2030-01-01T00:00:00+08:00"), &why, NULL), 0);
	struct ticket_event too_much = { .type = TEV_EXTEND, .at = at("2025-03-05T10:00:00+08:00"), .clock = CLOCK_CLOSE,
		                         .days = 1 };
	assert_int_equal(ticket_record(rb, book, &s, &too_much, at("2030-01-01T00:00:00+08:00"), &why, NULL), 1);
	assert_string_equal(why.reason, "extension_too_long");
}

static void test_codes(void **state)
{
	(void)state;
	assert_string_equal(ticket_category_find(rb, "拒载")->code, "taxi_refuse");
	assert_string_equal(ticket_channel_find(rb, "12328")->code, "12328");
	assert_string_equal(ticket_kind_find(rb, "投诉")->code, "complaint");
	assert_null(ticket_category_find(rb, "unknown"));
	char number[32];
	ticket_number_format(rb, 2023, 123, number, sizeof number);
	assert_string_equal(number, "2023-000123");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_table), cmocka_unit_test(test_order),  cmocka_unit_test(test_return_keeps_the_clock),
		cmocka_unit_test(test_reopen_once), cmocka_unit_test(test_extend), cmocka_unit_test(test_codes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
