/* The base library: dates and times, the record reader, buffers, config. */
#include "base/buf.h"
#include "base/config.h"
#include "base/datetime.h"
#include "base/records.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int64_t parse_ok(const char *s)
{
	int64_t t;
	const char *why;
	if (datetime_parse(slice_from(s), &t, &why))
		fail_msg("'%s' did not parse: %s", s, why);
	return t;
}

static void test_datetime_offsets(void **state)
{
	(void)state;
	int64_t t = parse_ok("2023-03-01T08:15:30+08:00");
	assert_int_equal(t, 1677629730);
	assert_int_equal(parse_ok("2023-03-01T00:15:30Z"), t);
	assert_int_equal(parse_ok("2023-02-28T19:15:30-05:00"), t);
	assert_int_equal(parse_ok("2023-03-01 08:15:30.999+08:00"), t);
}

static void test_datetime_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2023-03-01T08:15:30",       /* no offset */
		"2023-02-29T08:15:30+08:00", /* not a leap year */
		"2023-13-01T08:15:30+08:00",
		"2023-03-01T24:00:00+08:00",
		"2023-03-01T08:60:00+08:00",
		"2023-03-01T08:15:30+0800",
		"2023-03-01",
		"",
		"2023-03-01T08:15:30+08:00x",
		"2023-03-01T08:15:30.+08:00",
		"２０２３-03-01T08:15:30+08:00",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t t;
		const char *why;
		if (datetime_parse(slice_from(bad[i]), &t, &why) == 0)
			fail_msg("'%s' parsed", bad[i]);
	}
	int64_t t;
	const char *why;
	datetime_parse(SLICE_LIT("2023-03-01T08:15:30"), &t, &why);
	assert_non_null(strstr(why, "offset"));
}

static void test_local_day_midnight(void **state)
{
	(void)state;
	char date[11];
	date_format(local_day(parse_ok("2023-06-30T23:59:59+08:00")), date);
	assert_string_equal(date, "2023-06-30");
	date_format(local_day(parse_ok("2023-07-01T00:00:00+08:00")), date);
	assert_string_equal(date, "2023-07-01");
	date_format(local_day(parse_ok("2023-06-30T16:00:00Z")), date);
	assert_string_equal(date, "2023-07-01");
	char text[26];
	datetime_format_local(parse_ok("2023-06-30T16:00:00Z"), text);
	assert_string_equal(text, "2023-07-01T00:00:00+08:00");
}

static void test_dates_round_trip(void **state)
{
	(void)state;
	int32_t day;
	for (int32_t d = days_from_civil(2000, 1, 1); d < days_from_civil(2030, 1, 1); d++) {
		char text[11];
		date_format(d, text);
		assert_int_equal(date_parse(slice_from(text), &day), 0);
		assert_int_equal(day, d);
	}
	assert_int_equal(date_parse(SLICE_LIT("2024-02-29"), &day), 0);
	assert_int_not_equal(date_parse(SLICE_LIT("2023-02-29"), &day), 0);
	assert_int_not_equal(date_parse(SLICE_LIT("2023-1-01"), &day), 0);
}

static const char *const names[] = { "a", "b", "c" };
static const struct record_schema schema = { names, 3, 1u << 0, 1u << 1 }; /* b is free text */

static FILE *file_with(const char *text, size_t n)
{
	FILE *f = tmpfile();
	fwrite(text, 1, n, f);
	rewind(f);
	return f;
}

/* Opens text as a record file; the reader reads the FILE through /dev/fd. */
static int open_text(struct record_reader *r, FILE *f, struct err *e)
{
	char path[64];
	snprintf(path, sizeof path, "/dev/fd/%d", fileno(f));
	return record_open(r, path, &schema, e);
}

static void test_csv_quotes_bom_crlf(void **state)
{
	(void)state;
	static const char text[] = "\xEF\xBB\xBF"
	                           "a,c,b\r\n"
	                           "1,\"x, \"\"quoted\"\"\",2\r\n"
	                           "\r\n"
	                           "3,,\"\"\n"
	                           "4,,6";
	FILE *f = file_with(text, sizeof text - 1);
	struct record_reader r;
	struct err e = { 0 };
	assert_int_equal(open_text(&r, f, &e), 0);
	assert_int_equal(r.format, RECORD_CSV);
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_equal(r.line, 2);
	assert_int_equal(r.why.code, 0);
	assert_true(slice_eq(r.value[0], "1"));
	assert_true(slice_eq(r.value[2], "x, \"quoted\""));
	assert_true(slice_eq(r.value[1], "2"));
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_equal(r.line, 4); /* the blank line is skipped, but counted */
	assert_true(slice_eq(r.value[2], ""));
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_equal(r.why.code, 0);
	/* The last line has no newline; columns map by the header's names. */
	assert_true(slice_eq(r.value[2], ""));
	assert_true(slice_eq(r.value[1], "6"));
	record_close(&r);
	fclose(f);
}

static void test_csv_bad_records_come_back_with_reasons(void **state)
{
	(void)state;
	static const char text[] = "a,b\n1,2,3\n\"open,2\n4,\xff\n5,6\n";
	FILE *f = file_with(text, sizeof text - 1);
	struct record_reader r;
	struct err e = { 0 };
	assert_int_equal(open_text(&r, f, &e), 0);
	assert_int_equal(record_next(&r, &e), 1);
	assert_non_null(strstr(r.why.msg, "3 fields but the header has 2"));
	assert_int_equal(record_next(&r, &e), 1);
	assert_non_null(strstr(r.why.msg, "not closed"));
	assert_int_equal(record_next(&r, &e), 1);
	assert_non_null(strstr(r.why.msg, "field b is not valid UTF-8"));
	struct buf shown;
	buf_init(&shown);
	record_raw_printable(r.raw, &shown);
	assert_string_equal(shown.p, "4,\\xFF");
	buf_release(&shown);
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_equal(r.why.code, 0);
	assert_int_equal(record_next(&r, &e), 0);
	record_close(&r);
	fclose(f);
}

static void test_overlong_line_is_cut_and_reported(void **state)
{
	(void)state;
	size_t n = 3 * RECORD_MAX_LINE;
	char *text = malloc(n + 32);
	memcpy(text, "a,b\n", 4);
	memset(text + 4, 'x', n);
	memcpy(text + 4 + n, "\n1,2\n", sizeof "\n1,2\n");
	FILE *f = file_with(text, strlen(text));
	free(text);
	struct record_reader r;
	struct err e = { 0 };
	assert_int_equal(open_text(&r, f, &e), 0);
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_equal(r.line, 2);
	assert_non_null(strstr(r.why.msg, "longer than"));
	assert_int_equal(r.raw.n, RECORD_MAX_LINE);
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_equal(r.line, 3);
	assert_true(slice_eq(r.value[1], "2"));
	record_close(&r);
	fclose(f);
}

static void test_header_errors_refuse_the_file(void **state)
{
	(void)state;
	struct {
		const char *text, *expect;
	} cases[] = {
		{ "a,b,zzz\n1,2,3\n", "unknown column 'zzz'" },
		{ "b,c\n1,2\n", "lacks the required column 'a'" },
		{ "a,a\n1,2\n", "appears twice" },
		{ "hello world\n", "neither CSV" },
		{ "\x89PNG\r\n", "neither CSV" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *f = file_with(cases[i].text, strlen(cases[i].text));
		struct record_reader r;
		struct err e = { 0 };
		assert_int_not_equal(open_text(&r, f, &e), 0);
		if (!strstr(e.msg, cases[i].expect))
			fail_msg("'%s': got '%s'", cases[i].text, e.msg);
		fclose(f);
	}
}

static void test_jsonl_records(void **state)
{
	(void)state;
	static const char text[] = "{\"a\":\"x\",\"b\":12,\"c\":[1,2,3]}\n"
	                           "{\"a\":\"x\",\"zz\":1}\n"
	                           "[1,2]\n"
	                           "{\"a\":\"x\",\"a\":\"y\"}\n"
	                           "{\"a\":1.5,\"b\":true,\"c\":null}\n";
	FILE *f = file_with(text, sizeof text - 1);
	struct record_reader r;
	struct err e = { 0 };
	assert_int_equal(open_text(&r, f, &e), 0);
	assert_int_equal(r.format, RECORD_JSONL);
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_equal(r.line, 1);
	assert_true(slice_eq(r.value[1], "12"));
	assert_true(slice_eq(r.value[2], "1;2;3"));
	assert_int_equal(record_next(&r, &e), 1);
	assert_non_null(strstr(r.why.msg, "unknown field \"zz\""));
	assert_int_equal(record_next(&r, &e), 1);
	assert_non_null(strstr(r.why.msg, "not a JSON object"));
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_not_equal(r.why.code, 0); /* duplicate key */
	assert_int_equal(record_next(&r, &e), 1);
	assert_int_equal(r.why.code, 0);
	assert_true(slice_eq(r.value[0], "1.5"));
	assert_true(slice_eq(r.value[1], "1"));
	assert_false(r.present & (1u << 2)); /* null is absent */
	assert_int_equal(record_next(&r, &e), 0);
	record_close(&r);
	fclose(f);
}

static void test_empty_file(void **state)
{
	(void)state;
	FILE *f = file_with("", 0);
	struct record_reader r;
	struct err e = { 0 };
	assert_int_equal(open_text(&r, f, &e), 0);
	assert_int_equal(r.format, RECORD_EMPTY);
	assert_int_equal(record_next(&r, &e), 0);
	record_close(&r);
	fclose(f);
}

static void test_buf_and_csv_fields(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_add_int(&b, -1234567890123LL);
	buf_addc(&b, ' ');
	buf_add_csv_field(&b, SLICE_LIT("a,\"b\""));
	buf_addf(&b, " %d", 7);
	assert_string_equal(b.p, "-1234567890123 \"a,\"\"b\"\"\" 7");
	buf_release(&b);
	int64_t v;
	assert_int_equal(slice_to_int(SLICE_LIT("-42"), &v), 0);
	assert_int_equal(v, -42);
	assert_int_not_equal(slice_to_int(SLICE_LIT("4 2"), &v), 0);
	assert_int_not_equal(slice_to_int(SLICE_LIT(""), &v), 0);
	assert_int_not_equal(slice_to_int(SLICE_LIT("1234567890123456789"), &v), 0);
	assert_true(utf8_valid("蒙K", strlen("蒙K")));
	assert_false(utf8_valid("\xC0\xAF", 2));     /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
}

static void test_config_precedence_and_bounds(void **state)
{
	(void)state;
	struct err e = { 0 };
	setenv("SUNROAD_CONFIG", "/nonexistent/sunroad.conf", 1);
	assert_int_not_equal(config_load(&e), 0); /* a named file must exist */
	FILE *f = fopen("/tmp/sunroad-test.conf", "w");
	fputs("# comment\ndb = from-file.db\nbatch = 500\n", f);
	fclose(f);
	setenv("SUNROAD_CONFIG", "/tmp/sunroad-test.conf", 1);
	setenv("SUNROAD_BATCH", "700", 1);
	assert_int_equal(config_load(&e), 0);
	assert_string_equal(config.db, "from-file.db");
	assert_int_equal(config.batch, 700); /* the environment beats the file */
	assert_int_equal(config_set("batch", "0", &e), ERR_INVALID);
	assert_int_equal(config_set("sqlite_sync", "OFF", &e), ERR_INVALID);
	assert_int_equal(config_set("nope", "1", &e), ERR_INVALID);
	/* A module's setting is a row of the same table. */
	assert_int_equal(config_set("session_idle", "0", &e), ERR_INVALID);
	assert_int_equal(config_set("session_idle", "60", &e), 0);
	unsetenv("SUNROAD_CONFIG");
	unsetenv("SUNROAD_BATCH");
	remove("/tmp/sunroad-test.conf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_datetime_offsets),
		cmocka_unit_test(test_datetime_rejects),
		cmocka_unit_test(test_local_day_midnight),
		cmocka_unit_test(test_dates_round_trip),
		cmocka_unit_test(test_csv_quotes_bom_crlf),
		cmocka_unit_test(test_csv_bad_records_come_back_with_reasons),
		cmocka_unit_test(test_overlong_line_is_cut_and_reported),
		cmocka_unit_test(test_header_errors_refuse_the_file),
		cmocka_unit_test(test_jsonl_records),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_buf_and_csv_fields),
		cmocka_unit_test(test_config_precedence_and_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
