/* Log lines: one event is one line whatever a request put in it (a path
 * with %0A forged an access log line), a value between quotes cannot close
 * them, bytes that are not UTF-8 are shown as \xNN, and a line made while
 * a request is served ends with its id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/log.h"

static void test_escape_keeps_text_and_utf8(void **state)
{
	(void)state;
	char out[128];
	assert_string_equal(log_escape(out, sizeof out, "/api/v1/detections", LOG_ESCAPE_BARE), "/api/v1/detections");
	assert_string_equal(log_escape(out, sizeof out, "蒙K12345 passed", LOG_ESCAPE_QUOTED), "蒙K12345 passed");
	assert_string_equal(log_escape(out, sizeof out, "", LOG_ESCAPE_BARE), "");
}

static void test_escape_what_could_forge(void **state)
{
	(void)state;
	char out[128];
	const char *forged = "/a\nGET /admin 200\r\t\x1b[31m\x7f";
	assert_string_equal(log_escape(out, sizeof out, forged, LOG_ESCAPE_LINE),
	                    "/a\\nGET /admin 200\\r\\t\\x1b[31m\\x7f");
	/* Quotes and backslashes: kept in a whole line, escaped in a value. */
	assert_string_equal(log_escape(out, sizeof out, "a\"b\\c d", LOG_ESCAPE_LINE), "a\"b\\c d");
	assert_string_equal(log_escape(out, sizeof out, "a\"b\\c d", LOG_ESCAPE_QUOTED), "a\\\"b\\\\c d");
	assert_string_equal(log_escape(out, sizeof out, "a\"b\\c d", LOG_ESCAPE_BARE), "a\\\"b\\\\c\\x20d");
}

static void test_escape_bytes_that_are_not_utf8(void **state)
{
	(void)state;
	char out[128];
	/* A lone continuation byte, a cut sequence, an overlong '/', a surrogate. */
	assert_string_equal(log_escape(out, sizeof out, "a\x80z", LOG_ESCAPE_BARE), "a\\x80z");
	assert_string_equal(log_escape(out, sizeof out, "\xe8\x92", LOG_ESCAPE_BARE), "\\xe8\\x92");
	assert_string_equal(log_escape(out, sizeof out, "\xc0\xaf", LOG_ESCAPE_BARE), "\\xc0\\xaf");
	assert_string_equal(log_escape(out, sizeof out, "\xed\xa0\x80", LOG_ESCAPE_BARE), "\\xed\\xa0\\x80");
}

static void test_escape_cuts_at_a_whole_escape(void **state)
{
	(void)state;
	char out[12];
	/* Exactly fits: 11 bytes and the NUL. */
	assert_string_equal(log_escape(out, sizeof out, "abcdefghijk", LOG_ESCAPE_BARE), "abcdefghijk");
	assert_string_equal(log_escape(out, sizeof out, "abcdefghijkl", LOG_ESCAPE_BARE), "abcdefgh...");
	/* Never half an escape nor half a character. */
	assert_string_equal(log_escape(out, sizeof out, "abcdef\n\n\n", LOG_ESCAPE_BARE), "abcdef\\n...");
	assert_string_equal(log_escape(out, sizeof out, "ab蒙蒙蒙c", LOG_ESCAPE_BARE), "ab蒙蒙...");
	char tiny[4];
	assert_string_equal(log_escape(tiny, sizeof tiny, "\n\n", LOG_ESCAPE_BARE), "...");
}

/* What log_write writes to stderr while fn runs. */
static char *captured(void (*fn)(void))
{
	static char text[4096];
	fflush(stderr);
	int saved = dup(2);
	FILE *f = tmpfile();
	assert_non_null(f);
	dup2(fileno(f), 2);
	fn();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void forge(void)
{
	log_error("not found", "path=%s", "/x\nts=2026-01-01T00:00:00Z level=info msg=\"login ok\"");
}

static void test_a_line_cannot_be_forged(void **state)
{
	(void)state;
	char *text = captured(forge);
	char *nl = strchr(text, '\n');
	assert_non_null(nl);
	assert_string_equal(nl + 1, ""); /* one line */
	assert_non_null(strstr(text, " level=error msg=\"not found\" path=/x\\nts=2026-01-01T00:00:00Z level=info"));
	assert_null(strstr(text, "request_id="));
}

static void with_request(void)
{
	log_set_request_id("0123456789abcdef");
	log_warn("a \"quoted\" message", "key=\"%s\"", "v");
	log_set_request_id(NULL);
	log_warn("after", NULL);
}

static void test_a_line_names_its_request(void **state)
{
	(void)state;
	char *text = captured(with_request);
	assert_non_null(strstr(text, " msg=\"a \\\"quoted\\\" message\" key=\"v\" request_id=0123456789abcdef\n"));
	assert_non_null(strstr(text, " msg=\"after\"\n")); /* no request, no id */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_keeps_text_and_utf8),
		cmocka_unit_test(test_escape_what_could_forge),
		cmocka_unit_test(test_escape_bytes_that_are_not_utf8),
		cmocka_unit_test(test_escape_cuts_at_a_whole_escape),
		cmocka_unit_test(test_a_line_cannot_be_forged),
		cmocka_unit_test(test_a_line_names_its_request),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
