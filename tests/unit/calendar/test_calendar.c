/* The calendar: the last day of periods from the table
 * tests/data/calendar/due.csv (every holiday and make-up working day of
 * rules/holidays.json at its edges, answered by chinese-days itself), the
 * edges of the book's range, and the checks that refuse a bad book. */
#include "base/datetime.h"
#include "base/records.h"
#include "base/rulebook_file.h"
#include "calendar/calendar.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct calendar_book *book;

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	if (calendar_book_load("rules", &book, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_book_free(book);
	return 0;
}

static int32_t day_of(const char *date)
{
	int32_t day;
	assert_int_equal(date_parse(slice_from(date), &day), 0);
	return day;
}

static void test_due_table(void **state)
{
	(void)state;
	static const char *const names[] = { "case", "from", "kind", "n", "due", "provisional" };
	struct record_schema schema = { names, 6, (1u << 6) - 1, 1u << 0 };
	struct record_reader r;
	struct err e = { 0 };
	if (record_open(&r, "tests/data/calendar/due.csv", &schema, &e))
		fail_msg("%s", e.msg);
	int cases = 0, errors = 0, provisional_rows = 0;
	while (record_next(&r, &e) == 1) {
		const struct slice *v = r.value;
		assert_int_equal(r.why.code, 0);
		int32_t from = 0, due = 0;
		enum calendar_kind kind = CALENDAR_WORKING;
		int64_t n = 0;
		bool provisional = false;
		assert_int_equal(date_parse(v[1], &from), 0);
		assert_int_equal(calendar_kind_parse(v[2], &kind), 0);
		assert_int_equal(slice_to_int(v[3], &n), 0);
		struct err why = { 0 };
		char got[64], want[64];
		if (calendar_due(book, from, kind, (int)n, &due, &provisional, &why)) {
			snprintf(got, sizeof got, "error,");
			errors++;
		} else {
			char date[11];
			date_format(due, date);
			snprintf(got, sizeof got, "%s,%d", date, provisional);
			provisional_rows += provisional;
		}
		snprintf(want, sizeof want, "%.*s,%.*s", (int)v[4].n, v[4].p, (int)v[5].n, v[5].p);
		if (strcmp(got, want) != 0)
			fail_msg("case '%.*s' (line %lld): %.*s %.*s %.*s gives %s, want %s (%s)", (int)v[0].n, v[0].p,
			         (long long)r.line, (int)v[1].n, v[1].p, (int)v[2].n, v[2].p, (int)v[3].n, v[3].p, got,
			         want, why.msg);
		cases++;
	}
	record_close(&r);
	assert_true(cases > 1000);
	assert_true(errors >= 2);
	assert_true(provisional_rows >= 4);
}

/* The copy compiled into the binary is the file in rules/. */
static void test_builtin_is_the_file(void **state)
{
	(void)state;
	struct buf text;
	char origin[64];
	struct err e = { 0 };
	struct calendar_book *builtin;
	buf_init(&text);
	assert_int_equal(rulebook_file_read("holidays", NULL, true, &text, origin, sizeof origin, &e), 0);
	assert_string_equal(origin, "built-in");
	if (calendar_book_parse(text.p, text.n, origin, &builtin, &e))
		fail_msg("%s", e.msg);
	buf_release(&text);
	assert_int_equal(builtin->first_year, book->first_year);
	assert_int_equal(builtin->last_year, book->last_year);
	assert_int_equal(builtin->nentries, book->nentries);
	assert_memory_equal(builtin->marks, book->marks, (size_t)(book->last_day - book->first_day + 1));
	calendar_book_free(builtin);
	/* From 2004, and at least to 2025, from the pinned package. */
	assert_int_equal(book->first_year, 2004);
	assert_true(book->last_year >= 2025);
	assert_non_null(strstr(book->version, "chinese-days"));
}

static void test_working_days(void **state)
{
	(void)state;
	assert_int_equal(calendar_weekday(0), 3); /* 1970-01-01, a Thursday */
	assert_int_equal(calendar_weekday(-1), 2);
	assert_int_equal(calendar_weekday(day_of("2025-01-26")), 6);
	assert_true(calendar_is_working_day(book, day_of("2025-01-26")));  /* the make-up Sunday */
	assert_false(calendar_is_working_day(book, day_of("2025-01-28"))); /* a Tuesday of Spring Festival */
	assert_false(calendar_is_working_day(book, day_of("2025-02-01"))); /* a Saturday inside it */
	assert_true(calendar_is_working_day(book, day_of("2025-01-27")));
	assert_false(calendar_is_working_day(book, day_of("2025-03-01"))); /* a plain Saturday */
	assert_int_equal(calendar_mark_of(book, day_of("2025-10-06")), CALENDAR_HOLIDAY);
	assert_int_equal(calendar_mark_of(book, day_of("2025-10-11")), CALENDAR_WORKDAY);
	assert_int_equal(calendar_mark_of(book, day_of("2025-03-03")), CALENDAR_UNLISTED);
	/* 2012's 端午 is given by the package as the 22nd and the 24th: the
	 * Saturday between is part of it. */
	assert_int_equal(calendar_mark_of(book, day_of("2012-06-23")), CALENDAR_HOLIDAY);
}

static void test_range_edges(void **state)
{
	(void)state;
	int32_t due;
	bool provisional = true;
	struct err e = { 0 };
	char first[11], last[11], msg[256];
	date_format(book->first_day, first);
	date_format(book->last_day, last);
	/* Before the first year: an error naming the day and the range. */
	assert_int_equal(calendar_due(book, day_of("2003-12-31"), CALENDAR_WORKING, 5, &due, &provisional, &e),
	                 ERR_INVALID);
	snprintf(msg, sizeof msg, "2003-12-31 is before the holiday calendar, which covers %s to %s", first, last);
	assert_non_null(strstr(e.msg, msg));
	/* On the first day: counted. */
	assert_int_equal(calendar_due(book, book->first_day, CALENDAR_DAYS, 1, &due, &provisional, &e), 0);
	assert_false(provisional);
	/* Ending on the last day is not provisional; a day later is. */
	assert_int_equal(calendar_due(book, book->last_day - 3, CALENDAR_DAYS, 3, &due, &provisional, &e), 0);
	assert_int_equal(provisional, due > book->last_day);
	assert_int_equal(calendar_due(book, book->last_day, CALENDAR_DAYS, 1, &due, &provisional, &e), 0);
	assert_true(provisional);
	assert_true(due > book->last_day);
	/* After the last year, the week alone: a Friday, then the Monday. */
	int32_t friday = book->last_day + 1;
	while (calendar_weekday(friday) != 4)
		friday++;
	assert_int_equal(calendar_due(book, friday, CALENDAR_WORKING, 1, &due, &provisional, &e), 0);
	assert_int_equal(due, friday + 3);
	assert_true(provisional);
	/* n out of range. */
	assert_int_equal(calendar_due(book, day_of("2025-01-01"), CALENDAR_WORKING, 0, &due, &provisional, &e),
	                 ERR_INVALID);
	assert_non_null(strstr(e.msg, "n is 0"));
	assert_int_equal(
	    calendar_due(book, day_of("2025-01-01"), CALENDAR_DAYS, CALENDAR_MAX_PERIOD + 1, &due, &provisional, &e),
	    ERR_INVALID);
	assert_int_equal(
	    calendar_due(book, day_of("2025-01-01"), CALENDAR_DAYS, CALENDAR_MAX_PERIOD, &due, &provisional, &e), 0);
}

static void test_kinds(void **state)
{
	(void)state;
	enum calendar_kind kind;
	assert_int_equal(calendar_kind_parse(SLICE_LIT("working"), &kind), 0);
	assert_int_equal(kind, CALENDAR_WORKING);
	assert_int_equal(calendar_kind_parse(SLICE_LIT("calendar"), &kind), 0);
	assert_int_equal(kind, CALENDAR_DAYS);
	assert_int_equal(calendar_kind_parse(SLICE_LIT("Working"), &kind), -1);
	assert_int_equal(calendar_kind_parse(SLICE_LIT(""), &kind), -1);
	assert_string_equal(calendar_kind_name(CALENDAR_WORKING), "working");
	assert_string_equal(calendar_kind_name(CALENDAR_DAYS), "calendar");
}

/* A small book of two years, for the checks and the counting at its edges. */
#define GOOD_2025                                                                            \
	"  { \"year\": 2025,\n"                                                              \
	"    \"holidays\": [\n"                                                              \
	"      { \"name\": \"春节\", \"from\": \"2025-01-28\", \"to\": \"2025-02-04\" }\n" \
	"    ],\n"                                                                           \
	"    \"workdays\": [\n"                                                              \
	"      { \"name\": \"春节\", \"date\": \"2025-01-26\" }\n"                         \
	"    ] }"

static void test_small_book(void **state)
{
	(void)state;
	const char *text = "{ \"years\": [\n" GOOD_2025 ",\n"
	                   "  { \"year\": 2026, \"holidays\": [], \"workdays\": [] }\n] }\n";
	struct calendar_book *b;
	struct err e = { 0 };
	if (calendar_book_parse(text, strlen(text), "small.json", &b, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(b->first_year, 2025);
	assert_int_equal(b->last_year, 2026);
	assert_int_equal(b->nentries, 2);
	assert_string_equal(b->entries[0].name, "春节");
	assert_int_equal(b->entries[0].mark, CALENDAR_WORKDAY); /* by first day */
	assert_string_equal(b->version, "");
	int32_t due;
	bool provisional;
	assert_int_equal(calendar_due(b, day_of("2025-01-24"), CALENDAR_WORKING, 3, &due, &provisional, &e), 0);
	assert_int_equal(due, day_of("2025-02-05"));
	assert_int_equal(calendar_due(b, day_of("2024-12-31"), CALENDAR_WORKING, 1, &due, &provisional, &e),
	                 ERR_INVALID);
	assert_non_null(strstr(e.msg, "2024-12-31 is before the holiday calendar, which covers 2025-01-01 to "
	                              "2026-12-31"));
	calendar_book_free(b);
}

static void test_bad_books(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		const char *message;
	} bad[] = {
		{ "{ \"years\": [\n  { \"year\": 2025,\n", "bad.json: line 3: not valid JSON" },
		{ "[]", "bad.json: line 1: the book must be an object" },
		{ "{ \"title\": \"x\" }", "\"years\" must be a list" },
		{ "{ \"years\": [] }", "\"years\" lists no year" },
		{ "{ \"yeers\": [] }", "the book has the unknown key \"yeers\"" },
		{ "{ \"years\": [\n" GOOD_2025 ",\n" GOOD_2025 "\n] }",
		  "bad.json: line 9: year 2025 is listed twice (also on line 2)" },
		{ "{ \"years\": [\n" GOOD_2025 ",\n  { \"year\": 2027, \"holidays\": [], \"workdays\": [] }\n] }",
		  "year 2026 is missing: the calendar must list every year from 2025 to 2027" },
		{ "{ \"years\": [\n  { \"year\": \"2025\", \"holidays\": [], \"workdays\": [] }\n] }",
		  "line 2: years, entry 1: \"year\" must be a year" },
		{ "{ \"years\": [\n  { \"year\": 2025, \"holiday\": [], \"workdays\": [] }\n] }",
		  "line 2: year 2025 has the unknown key \"holiday\"" },
		{ "{ \"years\": [\n  { \"year\": 2025, \"workdays\": [] }\n] }",
		  "line 2: year 2025: \"holidays\" must be a list" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"元旦\", \"date\": \"2024-12-31\" }\n    ],\n    \"workdays\": [] }\n] }",
		  "bad.json: line 4: year 2025, holidays: 2024-12-31 is not in 2025" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"from\": \"2025-01-28\", \"to\": \"2026-02-04\" }\n    ],\n"
		  "    \"workdays\": [] }\n] }",
		  "line 4: year 2025, holidays: 2026-02-04 is not in 2025" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"date\": \"2025-02-30\" }\n    ],\n    \"workdays\": [] }\n] }",
		  "line 4: year 2025, holidays: \"date\" is \"2025-02-30\", not a date YYYY-MM-DD" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"date\": \"2025/01/28\" }\n    ],\n    \"workdays\": [] }\n] }",
		  "\"date\" is \"2025/01/28\", not a date YYYY-MM-DD" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"date\": 20250128 }\n    ],\n    \"workdays\": [] }\n] }",
		  "\"date\" must be a date \"YYYY-MM-DD\"" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"from\": \"2025-02-04\", \"to\": \"2025-01-28\" }\n    ],\n"
		  "    \"workdays\": [] }\n] }",
		  "line 4: year 2025, holidays: \"from\" 2025-02-04 is after \"to\" 2025-01-28" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"from\": \"2025-01-28\" }\n    ],\n    \"workdays\": [] }\n] }",
		  "\"to\" must be a date" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"date\": \"2025-01-28\", \"from\": \"2025-01-28\" }\n    ],\n"
		  "    \"workdays\": [] }\n] }",
		  "line 4: year 2025, holidays: entry 1 needs either \"date\" or \"from\" and \"to\"" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"date\": \"2025-01-28\" }\n    ],\n    \"workdays\": [] }\n] }",
		  "line 4: year 2025, holidays: entry 1 has no \"name\"" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"day\": \"2025-01-28\" }\n    ],\n    \"workdays\": [] }\n] }",
		  "year 2025, holidays, entry 1, has the unknown key \"day\"" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"from\": \"2025-01-28\", \"to\": \"2025-02-04\" }\n    ],\n"
		  "    \"workdays\": [\n      { \"name\": \"春节\", \"date\": \"2025-02-01\" }\n    ] }\n] }",
		  "bad.json: line 7: 2025-02-01 is both a holiday and a make-up working day (lines 4 and 7)" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [\n"
		  "      { \"name\": \"春节\", \"from\": \"2025-01-28\", \"to\": \"2025-02-04\" },\n"
		  "      { \"name\": \"春节\", \"date\": \"2025-02-04\" }\n    ],\n    \"workdays\": [] }\n] }",
		  "line 5: 2025-02-04 is listed twice as a holiday (also on line 4)" },
		{ "{ \"years\": [\n  { \"year\": 2025,\n    \"holidays\": [],\n"
		  "    \"workdays\": [\n      { \"name\": \"春节\", \"date\": \"2025-01-27\" }\n    ] }\n] }",
		  "line 5: year 2025, workdays: 2025-01-27 is a Monday; a make-up working day is a Saturday or a "
		  "Sunday" },
		{ "{ \"years\": [\n  { \"year\": 2025, \"year\": 2026, \"holidays\": [], \"workdays\": [] }\n] }",
		  "line 2: not valid JSON: duplicate object key" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct calendar_book *b = (struct calendar_book *)&b;
		struct err e = { 0 };
		int rc = calendar_book_parse(bad[i].text, strlen(bad[i].text), "bad.json", &b, &e);
		if (rc == 0 || !strstr(e.msg, bad[i].message))
			fail_msg("bad book %zu: got rc %d '%s', want '%s'", i + 1, rc, e.msg, bad[i].message);
		assert_null(b);
	}
}

static void test_load_names_the_file(void **state)
{
	(void)state;
	struct calendar_book *b;
	struct err e = { 0 };
	assert_int_not_equal(calendar_book_load("tests/data/calendar/no-such-dir", &b, &e), 0);
	assert_non_null(strstr(e.msg, "tests/data/calendar/no-such-dir/holidays.json"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_table),    cmocka_unit_test(test_builtin_is_the_file),
		cmocka_unit_test(test_working_days), cmocka_unit_test(test_range_edges),
		cmocka_unit_test(test_kinds),        cmocka_unit_test(test_small_book),
		cmocka_unit_test(test_bad_books),    cmocka_unit_test(test_load_names_the_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
