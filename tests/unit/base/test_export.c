/* The export writers: CSV bytes exactly as Excel in zh-CN wants them (BOM,
 * CRLF, quoting only where needed), and an XLSX workbook with its rows. */
#include "base/access.h"
#include "base/export.h"
#include "base/export_jobs.h"

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

/* The members (e.g. "xl/worksheets/sheet1.xml") of the XLSX in out, as
 * unzip -p gives them, or NULL where unzip is not installed. The caller
 * frees it. */
static char *unzipped(const struct buf *out, const char *members)
{
	char path[] = "/tmp/sunroad-test-export-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out->p, out->n), (ssize_t)out->n);
	close(fd);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "unzip -p %s %s 2>/dev/null", path, members);
	FILE *p = popen(cmd, "r");
	struct buf xml;
	buf_init(&xml);
	char chunk[4096];
	size_t n;
	while (p && (n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_add(&xml, chunk, n);
	int unzipped = p ? pclose(p) : -1;
	unlink(path);
	if (unzipped == 0)
		return xml.p;
	buf_release(&xml);
	return NULL;
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
	char *xml = unzipped(&out, "xl/worksheets/sheet1.xml");
	if (xml) { /* where unzip is installed */
		assert_non_null(strstr(xml, "罚款(元)"));
		assert_non_null(strstr(xml, "<v>16500</v>")); /* a number, not a string */
	}
	free(xml);
	buf_release(&out);
}

static const struct export_column timed[] = {
	{ .title = "站点" },
	{ .title = "通过时间", .datetime = true },
};

/* A date-time column: the CSV keeps the text, the XLSX has an Excel
 * date-time (days since 1899-12-30, the local time the text says) in the
 * yyyy-mm-dd hh:mm:ss format; a cell that is no date-time stays a text. */
static void test_datetime(void **state)
{
	(void)state;
	static const char *const cells[][2] = {
		{ "R01", "2023-03-01T08:00:00+08:00" },
		{ "R02", "2023-03-01 18:30:15" },
		{ "R03", "not a time" },
	};
	struct buf out;
	buf_init(&out);
	struct export x;
	struct err e = { 0 };
	assert_int_equal(export_begin(&x, EXPORT_CSV, "记录", timed, 2, &out, &e), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(export_row(&x, cells[i], &e), 0);
	assert_int_equal(export_end(&x, 0, &e), 0);
	assert_non_null(strstr(out.p, "R01,2023-03-01T08:00:00+08:00\r\n"));

	assert_int_equal(export_begin(&x, EXPORT_XLSX, "记录", timed, 2, &out, &e), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(export_row(&x, cells[i], &e), 0);
	assert_int_equal(export_end(&x, 0, &e), 0);
	char *xml = unzipped(&out, "xl/worksheets/sheet1.xml xl/styles.xml");
	if (xml) {
		/* 2023-03-01 is day 44986; 08:00 a third of it. A number cell (no
		 * t="s") of style 2, the date-time format. */
		assert_non_null(strstr(xml, "<c r=\"B2\" s=\"2\"><v>44986.33333333"));
		assert_non_null(strstr(xml, "<c r=\"B3\" s=\"2\"><v>44986.77100694"));
		/* A text that is no time stays a string cell (inline: the rows are
		 * written as they come). */
		assert_non_null(strstr(xml, "<c r=\"B4\" t=\"inlineStr\">"));
		/* Style 2 (the third xf) has the format yyyy-mm-dd hh:mm:ss. */
		assert_non_null(strstr(xml, "<numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/>"));
		const char *xfs = strstr(xml, "<cellXfs");
		assert_non_null(xfs);
		const char *third = strstr(strstr(strstr(xfs, "<xf ") + 1, "<xf ") + 1, "<xf ");
		assert_non_null(third);
		assert_true(strncmp(third, "<xf numFmtId=\"164\"", 18) == 0);
		free(xml);
	}
	buf_release(&out);
}

/* A file's name in both spellings, with the date of export. */
static void test_name(void **state)
{
	(void)state;
	struct export_name n;
	export_name_init(&n, "检测记录", "detections");
	export_name_add(&n, "S0101", NULL);
	export_name_add(&n, "20230301-20230331", NULL);
	export_name_add(&n, "蒙K/0", NULL);
	export_name_add(&n, "超限", "overlimit");
	export_name_add(&n, "", NULL);
	/* 2026-12-02 16:30 UTC is 2026-12-03 00:30 in Beijing. */
	export_name_end(&n, 1796229000, EXPORT_XLSX);
	assert_string_equal(n.utf8, "检测记录_S0101_20230301-20230331_蒙K_0_超限_导出20261203.xlsx");
	assert_string_equal(n.ascii, "detections_S0101_20230301-20230331_K_0_overlimit_20261203.xlsx");
}

/* A file written directly: the CSV whole, the XLSX a workbook. */
static void test_file(void **state)
{
	(void)state;
	char path[] = "/tmp/sunroad-test-export-file-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	struct buf out, back;
	buf_init(&out);
	buf_init(&back);
	struct export x;
	struct err e = { 0 };
	assert_int_equal(export_begin_file(&x, EXPORT_CSV, "记录", columns, 3, path, &out, &e), 0);
	for (int k = 0; k < 2000; k++)
		for (size_t i = 0; i < 2; i++)
			assert_int_equal(export_row(&x, rows[i], &e), 0);
	assert_int_equal(export_end(&x, 0, &e), 0);
	assert_int_equal(buf_read_file(&back, path), 0);
	assert_memory_equal(back.p, "\xEF\xBB\xBF站点,", 10);
	size_t lines = 0;
	for (size_t i = 0; i < back.n; i++)
		lines += back.p[i] == '\n';
	assert_int_equal(lines, 1 + 4000 + 2000); /* the header, the rows, the notes' second lines */

	assert_int_equal(export_begin_file(&x, EXPORT_XLSX, "记录", timed, 2, path, &out, &e), 0);
	assert_int_equal(export_row(&x, (const char *const[]){ "R01", "2023-03-01T08:00:00+08:00" }, &e), 0);
	assert_int_equal(export_end(&x, 0, &e), 0);
	buf_clear(&back);
	assert_int_equal(buf_read_file(&back, path), 0);
	assert_memory_equal(back.p, "PK\x03\x04", 4);
	char *xml = unzipped(&back, "xl/worksheets/sheet1.xml");
	if (xml)
		assert_non_null(strstr(xml, "<v>44986.33333333"));
	free(xml);
	unlink(path);
	buf_release(&out);
	buf_release(&back);
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

/* ---- CSV injection (security review, finding 3) -------------------------- */

/* What one cell becomes through add (buf_add_csv_text or _number), in a
 * static buffer. */
static const char *cell(void (*add)(struct buf *, struct slice), const char *text)
{
	static char out[256];
	struct buf b;
	buf_init(&b);
	add(&b, slice_from(text));
	snprintf(out, sizeof out, "%s", b.p ? b.p : "");
	buf_release(&b);
	return out;
}

/* The review's plates, and every sign OWASP names, come back as text: a
 * leading single quote, the whole cell quoted. */
static void test_csv_text_is_never_a_formula(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\"" },
		{ "=1+1", "\"'=1+1\"" },
		{ "@SUM(A1:A2)", "\"'@SUM(A1:A2)\"" },
		{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "-2+3", "\"'-2+3\"" },
		{ "\t=1", "\"'\t=1\"" },
		{ "\r=1", "\"'\r=1\"" },
		{ "  =1+1", "\"'  =1+1\"" },
		{ "＝1+1", "\"'＝1+1\"" },
		{ "＠SUM(1)", "\"'＠SUM(1)\"" },
		{ "=1,2", "\"'=1,2\"" },
		/* Harmless text is as it was: quoted only when it must be. */
		{ "蒙K12345", "蒙K12345" },
		{ "a=b", "a=b" },
		{ "a, b", "\"a, b\"" },
		{ "", "" },
		{ "   ", "   " },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(cell(buf_add_csv_text, cases[i][0]), cases[i][1]);
}

/* A number column's own numbers stay numbers; anything else in it is text. */
static void test_csv_number_cells(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "-5", "-5" }, { "-16500.00", "-16500.00" }, { "500.00", "500.00" },  { "0", "0" },
		{ "", "" },     { "-1+1", "\"'-1+1\"" },      { "=1+1", "\"'=1+1\"" }, { "-", "\"'-\"" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(cell(buf_add_csv_number, cases[i][0]), cases[i][1]);
}

static const struct export_column plated[] = {
	{ .title = "车牌" },
	{ .title = "超限(kg)", .number = true },
	{ .title = "通过时间", .datetime = true },
};

static const char *const formulas[][3] = {
	{ "=1+1", "-250", "2023-03-01T08:00:00+08:00" },
	{ "+cmd|' /C calc'!A0", "1200", "=HYPERLINK(\"http://x\")" },
	{ "@SUM(1)", "-1+1", "2023-03-01 18:30:15" },
};

static void write_formulas(enum export_format format, struct buf *out)
{
	struct export x;
	struct err e = { 0 };
	assert_int_equal(export_begin(&x, format, "记录", plated, 3, out, &e), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(export_row(&x, formulas[i], &e), 0);
	assert_int_equal(export_end(&x, 0, &e), 0);
}

/* Through the writer every CSV export uses; the XLSX has string cells
 * (t="inlineStr"), no formula (<f>), the text kept as it was. */
static void test_export_formulas(void **state)
{
	(void)state;
	struct buf out;
	buf_init(&out);
	write_formulas(EXPORT_CSV, &out);
	assert_string_equal(out.p, "\xEF\xBB\xBF"
	                           "车牌,超限(kg),通过时间\r\n"
	                           "\"'=1+1\",-250,2023-03-01T08:00:00+08:00\r\n"
	                           "\"'+cmd|' /C calc'!A0\",1200,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
	                           "\"'@SUM(1)\",\"'-1+1\",2023-03-01 18:30:15\r\n");
	write_formulas(EXPORT_XLSX, &out);
	char *xml = unzipped(&out, "xl/worksheets/sheet1.xml");
	if (xml) {
		assert_null(strstr(xml, "<f>"));
		assert_null(strstr(xml, "<f "));
		assert_non_null(strstr(xml, "<c r=\"A2\" t=\"inlineStr\">"));
		assert_non_null(strstr(xml, "<c r=\"A3\" t=\"inlineStr\">"));
		assert_non_null(strstr(xml, "<c r=\"C3\" t=\"inlineStr\">"));
		assert_non_null(strstr(xml, "<t>=1+1</t>"));
		assert_non_null(strstr(xml, "<v>-250</v>"));
		free(xml);
	}
	buf_release(&out);
}

/* ---- the direct exports' turns (security review, finding 13) -------------- */

/* A request of login's, as the authorizer leaves it. */
struct caller_request {
	struct caller caller;
	struct http_request rq;
};

static struct http_request *request_of(struct caller_request *cr, const char *login)
{
	memset(cr, 0, sizeof *cr);
	snprintf(cr->caller.login, sizeof cr->caller.login, "%s", login);
	cr->rq.caller = &cr->caller;
	return &cr->rq;
}

/* At most running_max at once, at most per_user_max of one user; a refusal
 * says which, with Retry-After; a turn given back is taken again. */
static void test_direct_turns(void **state)
{
	(void)state;
	export_settings.running_max = 2;
	export_settings.per_user_max = 1;
	struct caller_request a1, a2, b1, c1, c2;
	struct err e = { 0 };
	assert_int_equal(export_direct_enter(request_of(&a1, "officer"), &e), 0);
	assert_int_equal(export_direct_enter(request_of(&a2, "officer"), &e), ERR_TOO_MANY);
	assert_string_equal(e.reason, "export_too_many");
	assert_int_equal(a2.rq.nheaders, 1);
	assert_string_equal(a2.rq.headers[0], "Retry-After\n5");
	assert_int_equal(export_direct_enter(request_of(&b1, "chief"), &e), 0);
	assert_int_equal(export_direct_enter(request_of(&c1, "legal"), &e), ERR_BUSY);
	assert_string_equal(e.reason, "export_busy");
	assert_int_equal(c1.rq.nheaders, 1);
	export_direct_leave(&a1.rq);
	assert_int_equal(export_direct_enter(request_of(&c2, "legal"), &e), 0);
	assert_int_equal(export_direct_enter(request_of(&a2, "officer"), &e), ERR_BUSY);
	export_direct_leave(&b1.rq);
	export_direct_leave(&c2.rq);
	/* Two of one user's when the setting says so. */
	export_settings.per_user_max = 2;
	assert_int_equal(export_direct_enter(request_of(&a1, "officer"), &e), 0);
	assert_int_equal(export_direct_enter(request_of(&a2, "officer"), &e), 0);
	assert_int_equal(export_direct_enter(request_of(&b1, "chief"), &e), ERR_BUSY);
	export_direct_leave(&a1.rq);
	export_direct_leave(&a2.rq);
	assert_int_equal(export_direct_enter(request_of(&b1, "chief"), &e), 0);
	export_direct_leave(&b1.rq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_end_after_a_failure),
		cmocka_unit_test(test_datetime),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_csv_text_is_never_a_formula),
		cmocka_unit_test(test_csv_number_cells),
		cmocka_unit_test(test_export_formulas),
		cmocka_unit_test(test_direct_turns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
