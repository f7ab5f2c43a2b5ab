/* The export writers: CSV bytes exactly as Excel in zh-CN wants them (BOM,
 * CRLF, quoting only where needed), and an XLSX workbook with its rows. */
#include "base/export.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

static const struct export_column columns[] = {
	{ .title = "站点" },
	{ .title = "罚款(元)", .number = true },
	{ .title = "备注", .width = 30 },
};

static const char *const rows[][3] = {
	{ "R01", "500.00", "plain" },
	{ "R02", "16500.00", "a, \"quoted\"\nnote" },
};

static void write_all(enum export_format format, struct buf *out)
{
	struct export x;
	struct err e = { 0 };
	assert_int_equal(export_begin(&x, format, "记录", columns, 3, out, &e), 0);
	for (size_t i = 0; i < 2; i++)
		assert_int_equal(export_row(&x, rows[i], &e), 0);
	assert_int_equal(export_end(&x, 0, &e), 0);
	assert_int_equal(x.rows, 2);
}

static void test_csv(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out);
	write_all(EXPORT_CSV, &out);
	assert_string_equal(out.p, "\xEF\xBB\xBF"
	                           "站点,罚款(元),备注\r\n"
	                           "R01,500.00,plain\r\n"
	                           "R02,16500.00,\"a, \"\"quoted\"\"\nnote\"\r\n");
	buf_release(&out);
}

static void test_xlsx(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out);
	write_all(EXPORT_XLSX, &out);
	/* A zip (an OOXML package) whose sheet holds the rows. */
	assert_true(out.n > 1000);
	assert_memory_equal(out.p, "PK\x03\x04", 4);
	char path[] = "/tmp/sunroad-test-export-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out.p, out.n), (ssize_t)out.n);
	close(fd);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "unzip -p %s xl/sharedStrings.xml xl/worksheets/sheet1.xml 2>/dev/null", path);
	FILE *p = popen(cmd, "r");
	struct buf xml;
	buf_init(&xml);
	char chunk[4096];
	size_t n;
	while (p && (n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(&xml, chunk, n);
	int unzipped = p ? pclose(p) : -1;
	unlink(path);
	if (unzipped == 0) { /* where unzip is installed */
		assert_non_null(strstr(xml.p, "罚款(元)"));
		assert_non_null(strstr(xml.p, "<v>16500</v>")); /* a number, not a string */
	}
	buf_release(&xml);
	buf_release(&out);
}

/* A failure before the end only frees: no file is left behind. */
static void test_end_after_a_failure(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out);
	struct export x;
	struct err e = { 0 };
	assert_int_equal(export_begin(&x, EXPORT_XLSX, "记录", columns, 3, &out, &e), 0);
	char path[64];
	snprintf(path, sizeof path, "%s", x.path);
	assert_int_equal(export_end(&x, ERR_DB, &e), ERR_DB);
	assert_int_equal(access(path, F_OK), -1);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_end_after_a_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
