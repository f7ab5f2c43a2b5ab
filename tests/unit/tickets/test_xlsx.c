/* The hotline exports' readers: the zip walk and inflate, the minimal XML
 * of an XLSX (shared strings with rich runs, phonetic runs and entities;
 * cells by reference, gaps, numbers, inline strings, booleans; merged
 * ranges filling their cells), damaged archives refused; the CSV reader's
 * BOM, GB18030, CRLF, quoted line breaks and blank rows; and the times of
 * a mapping's cells. The .c files are included to reach their statics. */
#include "tickets/import_sheet.c"
#include "tickets/xlsx.c"
#include "tickets/import.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

/* A zip archive of entries, each deflated (or stored when store). */
struct entry {
	const char *name, *data;
	bool store;
};

static void put16(struct buf *b, uint32_t v)
{
	buf_addc(b, (char)(v & 0xFF));
	buf_addc(b, (char)(v >> 8 & 0xFF));
}

static void put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xFFFF);
	put16(b, v >> 16);
}

static void zip_build(const struct entry *entries, int n, struct buf *out)
{
	struct buf dir;
	buf_init(&dir);
	buf_clear(out);
	for (int i = 0; i < n; i++) {
		const char *data = entries[i].data;
		size_t len = strlen(data);
		unsigned char packed[8192];
		size_t plen = len;
		if (!entries[i].store) {
			z_stream z = { 0 };
			assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
			z.next_in = (unsigned char *)data;
			z.avail_in = (uInt)len;
			z.next_out = packed;
			z.avail_out = sizeof packed;
			assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
			plen = z.total_out;
			deflateEnd(&z);
		}
		uint32_t crc = (uint32_t)crc32(0, (const unsigned char *)data, (uInt)len), at = (uint32_t)out->n;
		uint32_t method = entries[i].store ? 0 : 8, nlen = (uint32_t)strlen(entries[i].name);
		put32(out, 0x04034b50), put16(out, 20), put16(out, 0), put16(out, method), put32(out, 0);
		put32(out, crc), put32(out, (uint32_t)plen), put32(out, (uint32_t)len), put16(out, nlen), put16(out, 0);
		buf_adds(out, entries[i].name);
		buf_add(out, entries[i].store ? (const unsigned char *)data : packed, plen);
		put32(&dir, 0x02014b50), put16(&dir, 20), put16(&dir, 20), put16(&dir, 0), put16(&dir, method);
		put32(&dir, 0), put32(&dir, crc), put32(&dir, (uint32_t)plen), put32(&dir, (uint32_t)len);
		put16(&dir, nlen), put16(&dir, 0), put16(&dir, 0), put16(&dir, 0), put16(&dir, 0), put32(&dir, 0);
		put32(&dir, at);
		buf_adds(&dir, entries[i].name);
	}
	uint32_t dir_at = (uint32_t)out->n;
	buf_add(out, dir.p, dir.n);
	put32(out, 0x06054b50), put16(out, 0), put16(out, 0), put16(out, (uint32_t)n), put16(out, (uint32_t)n);
	put32(out, (uint32_t)dir.n), put32(out, dir_at), put16(out, 0);
	buf_release(&dir);
}

static const char shared[] =
    "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>工单编号</t></si>"
    "<si><r><rPr><b/></rPr><t>来电</t></r><r><t xml:space=\"preserve\">时间</t></r></si>"
    "<si><t>A &amp; B &lt;c&gt; &#x4E2D;&#25991;</t><rPh sb=\"0\" eb=\"1\"><t>ピン</t></rPh></si>"
    "<si/>"
    "<si><t>12345热线</t></si>"
    "</sst>";

static const char sheet[] =
    "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>4</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\" s=\"3\"><v>1</v></c></row>"
    "<row r=\"3\"/>"
    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>GD1</t></is></c><c r=\"B4\" s=\"2\"><v>44986.34375</v></c>"
    "<c r=\"D4\" t=\"s\"><v>2</v></c><c r=\"E4\" t=\"b\"><v>1</v></c><c r=\"F4\" t=\"str\"><f>X</f><v>x</v></c>"
    "<c r=\"AA4\"><v>7</v></c></row>"
    "<row><c t=\"s\"><v>3</v></c><c><v>5</v></c></row>"
    "</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"A4:A5\"/></mergeCells>"
    "</worksheet>";

static void test_xlsx_read(void **state)
{
	(void)state;
	struct entry entries[] = { { "[Content_Types].xml", "<Types/>", true },
		                   { "xl/sharedStrings.xml", shared, false },
		                   { "xl/worksheets/sheet1.xml", sheet, false } };
	struct buf zip;
	buf_init(&zip);
	zip_build(entries, 3, &zip);
	assert_true(xlsx_is_zip(zip.p, zip.n));
	struct sheet s;
	sheet_init(&s);
	struct err e = { 0 };
	assert_int_equal(xlsx_read(zip.p, zip.n, &s, &e), 0);
	assert_string_equal(s.encoding, "XLSX");
	assert_int_equal(s.nrows, 4); /* the empty row 3 left out */
	assert_int_equal(s.rows[0].number, 1);
	assert_string_equal(sheet_cell(&s.rows[0], 0), "12345热线");
	assert_string_equal(sheet_cell(&s.rows[0], 2), "12345热线"); /* merged across */
	assert_string_equal(sheet_cell(&s.rows[1], 1), "来电时间");  /* rich runs joined */
	const struct sheet_row *r = &s.rows[2];
	assert_int_equal(r->number, 4);
	assert_string_equal(sheet_cell(r, 0), "GD1");
	assert_string_equal(sheet_cell(r, 1), "44986.34375");
	assert_true(r->cells[1].number);
	assert_false(r->cells[0].number);
	assert_string_equal(sheet_cell(r, 2), "");
	assert_string_equal(sheet_cell(r, 3), "A & B <c> 中文"); /* the phonetic run left out */
	assert_string_equal(sheet_cell(r, 4), "TRUE");
	assert_string_equal(sheet_cell(r, 5), "x");
	assert_string_equal(sheet_cell(r, 26), "7");
	/* A row without r= follows the one before; cells without r= each other;
	 * the merge A4:A5 fills A5, whose shared string is empty. */
	assert_int_equal(s.rows[3].number, 5);
	assert_string_equal(sheet_cell(&s.rows[3], 0), "GD1");
	assert_string_equal(sheet_cell(&s.rows[3], 1), "5");
	sheet_release(&s);

	struct buf out;
	buf_init(&out);
	assert_int_equal(xlsx_zip_entry(zip.p, zip.n, "[Content_Types].xml", &out, &e), 0);
	assert_string_equal(out.p, "<Types/>");
	assert_int_equal(xlsx_zip_entry(zip.p, zip.n, "xl/styles.xml", &out, &e), ERR_NOTFOUND);
	/* Damaged: cut before its directory, or a byte of the deflated data wrong. */
	assert_int_equal(xlsx_zip_entry(zip.p, zip.n - 30, "xl/sharedStrings.xml", &out, &e), ERR_PARSE);
	sheet_init(&s);
	assert_int_equal(xlsx_read("PK\3\4 not a zip", 15, &s, &e), ERR_PARSE);
	sheet_release(&s);
	buf_release(&out);
	buf_release(&zip);
}

static void test_xlsx_without_strings(void **state)
{
	(void)state;
	struct entry entries[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>x</t></is></c>"
		  "</row></sheetData></worksheet>",
		  true }
	};
	struct buf zip;
	buf_init(&zip);
	zip_build(entries, 1, &zip);
	struct sheet s;
	sheet_init(&s);
	struct err e = { 0 };
	assert_int_equal(xlsx_read(zip.p, zip.n, &s, &e), 0);
	assert_int_equal(s.nrows, 1);
	assert_string_equal(sheet_cell(&s.rows[0], 1), "x");
	sheet_release(&s);
	struct entry none[] = { { "xl/workbook.xml", "<workbook/>", true } };
	zip_build(none, 1, &zip);
	sheet_init(&s);
	assert_int_equal(xlsx_read(zip.p, zip.n, &s, &e), ERR_PARSE);
	assert_non_null(strstr(e.msg, "sheet1.xml"));
	sheet_release(&s);
	buf_release(&zip);
}

/* Every cell is UTF-8, as import_sheet.h promises (found by tests/fuzz/
 * fuzz_sheet): bytes that are not UTF-8 in either XML refuse the
 * workbook, and a character reference to what is no character (NUL, a
 * surrogate, beyond U+10FFFF) reads as U+FFFD instead of bytes that are
 * not UTF-8 (a ticket's text, then neither JSON nor PostgreSQL text). */
static void test_xlsx_cells_are_utf8(void **state)
{
	(void)state;
	struct entry refs[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
		  "<t>a&#xD800;b&#0;c&#x110000;d&#x10FFFF;&#x4E09;</t></is></c></row></sheetData></worksheet>",
		  false }
	};
	struct buf zip;
	buf_init(&zip);
	zip_build(refs, 1, &zip);
	struct sheet s;
	sheet_init(&s);
	struct err e = { 0 };
	assert_int_equal(xlsx_read(zip.p, zip.n, &s, &e), 0);
	assert_int_equal(s.nrows, 1);
	assert_string_equal(sheet_cell(&s.rows[0], 0), "a\xEF\xBF\xBD"
	                                               "b\xEF\xBF\xBD"
	                                               "c\xEF\xBF\xBD"
	                                               "d\xF4\x8F\xBF\xBF三");
	sheet_release(&s);

	const char *names[] = { "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml" };
	for (int i = 0; i < 2; i++) {
		struct entry bad[] = {
			{ "xl/sharedStrings.xml",
			  i == 0 ? "<sst><si><t>\xB0\xA1</t></si></sst>" : "<sst><si><t>x</t></si></sst>", false },
			{ "xl/worksheets/sheet1.xml",
			  i == 1 ? "<worksheet><sheetData><row><c "
			           "t=\"inlineStr\"><is><t>\xFF</t></is></c></row></sheetData></worksheet>"
			         : "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
			  false },
		};
		zip_build(bad, 2, &zip);
		sheet_init(&s);
		assert_int_equal(xlsx_read(zip.p, zip.n, &s, &e), ERR_PARSE);
		assert_non_null(strstr(e.msg, names[i]));
		assert_non_null(strstr(e.msg, "not UTF-8"));
		sheet_release(&s);
	}
	buf_release(&zip);
}

static void test_csv(void **state)
{
	(void)state;
	struct sheet s;
	sheet_init(&s);
	struct err e = { 0 };
	const char utf8[] = "\xEF\xBB\xBF标题,,\r\n\r\n,,\r\na,\"b,\"\"c\"\"\",\"line\r\ntwo\"\r\nlast,x\"y,";
	assert_int_equal(sheet_read_csv(utf8, sizeof utf8 - 1, &s, &e), 0);
	assert_string_equal(s.encoding, "UTF-8");
	assert_int_equal(s.nrows, 3); /* the blank and the empty-celled rows left out */
	assert_int_equal(s.rows[0].number, 1);
	assert_string_equal(sheet_cell(&s.rows[0], 0), "标题");
	assert_int_equal(s.rows[1].number, 4);
	assert_string_equal(sheet_cell(&s.rows[1], 1), "b,\"c\"");
	assert_string_equal(sheet_cell(&s.rows[1], 2), "line\ntwo");
	assert_int_equal(s.rows[2].number, 6);
	assert_string_equal(sheet_cell(&s.rows[2], 1), "x\"y");
	sheet_release(&s);

	/* "工单,拒载" in GB18030 (GBK's bytes). */
	const char gbk[] = "\xB9\xA4\xB5\xA5,\xBE\xDC\xD4\xD8\n";
	sheet_init(&s);
	assert_int_equal(sheet_read_csv(gbk, sizeof gbk - 1, &s, &e), 0);
	assert_string_equal(s.encoding, "GB18030");
	assert_string_equal(sheet_cell(&s.rows[0], 0), "工单");
	assert_string_equal(sheet_cell(&s.rows[0], 1), "拒载");
	sheet_release(&s);

	sheet_init(&s);
	assert_int_equal(sheet_read_csv("a,\"open\n", 8, &s, &e), ERR_PARSE);
	assert_non_null(strstr(e.msg, "line 1"));
	sheet_release(&s);
}

static void test_times(void **state)
{
	(void)state;
	int64_t t;
	/* 2023-03-01 08:15:30 +08:00 = 1677629730 */
	assert_int_equal(import_time_parse("2023-03-01 08:15:30", false, "YYYY-MM-DD HH:mm:ss", &t), 0);
	assert_int_equal(t, 1677629730);
	assert_int_equal(import_time_parse(" 2023-03-01T08:15:30 ", false, "YYYY-MM-DD HH:mm:ss", &t), 0);
	assert_int_equal(t, 1677629730);
	assert_int_equal(import_time_parse("2023-03-01 08:15", false, "YYYY-MM-DD HH:mm:ss", &t), 0);
	assert_int_equal(t, 1677629700);
	assert_int_equal(import_time_parse("2023/3/1 8:15", false, "YYYY/M/D H:mm", &t), 0);
	assert_int_equal(t, 1677629700);
	assert_int_equal(import_time_parse("2023年3月1日 8:15", false, "YYYY年M月D日 H:mm", &t), 0);
	assert_int_equal(t, 1677629700);
	assert_int_equal(import_time_parse("2023-03-01", false, "YYYY-MM-DD HH:mm:ss", &t), 0);
	assert_int_equal(t, 1677600000);
	/* Excel: 44986 is 2023-03-01; .34375 is 08:15. */
	assert_int_equal(import_time_parse("44986.34375", true, "YYYY/M/D H:mm", &t), 0);
	assert_int_equal(t, 1677629700);
	assert_int_equal(import_time_parse("44986.3437499999", true, "YYYY/M/D H:mm", &t), 0);
	assert_int_equal(t, 1677629700);
	const char *bad[] = { "",
		              "昨天上午",
		              "2023-02-30 08:00:00",
		              "2023-13-01 08:00:00",
		              "2023-03-01 24:00:00",
		              "2023-03-01 08:15:30 extra",
		              "2023/3/1 8:15",
		              "44986.34375" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(import_time_parse(bad[i], false, "YYYY-MM-DD HH:mm:ss", &t), -1);
	assert_int_equal(import_time_parse("-3", true, "YYYY-MM-DD", &t), -1);
	assert_int_equal(import_time_parse("abc", true, "YYYY-MM-DD", &t), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx_read),
		cmocka_unit_test(test_xlsx_without_strings),
		cmocka_unit_test(test_xlsx_cells_are_utf8),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
