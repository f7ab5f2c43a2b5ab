/* libFuzzer target: a hotline platform's export uploaded to the ticket
 * import (POST of a CSV or XLSX file), as the import reads it.
 *
 * The bytes are the file. A zip archive is read as a workbook (xlsx_read:
 * the zip's central directory, the entries inflated with zlib, the
 * minimal XML reader of the shared strings and the first sheet, merged
 * ranges); the entries are also looked up by name (xlsx_zip_entry). Any
 * file is also read as CSV (sheet_read_csv: a byte order mark, GB18030
 * converted by iconv, quotes and line breaks). Every cell of what was
 * read must be UTF-8, and is read as a time as a mapping's time formats
 * read it (import_time_parse). */
#include "fuzz.h"

#include "tickets/import.h"
#include "tickets/import_sheet.h"
#include "tickets/xlsx.h"

static void check_sheet(const struct sheet *s)
{
	static const char *const formats[] = { "YYYY-MM-DD HH:mm:ss", "YYYY/M/D H:mm", "YYYYMMDDHHmmss" };
	int checked = 0;
	for (size_t r = 0; r < s->nrows; r++) {
		const struct sheet_row *row = &s->rows[r];
		FUZZ_CHECK(row->ncells >= 0);
		for (int c = 0; c < row->ncells; c++) {
			const char *text = row->cells[c].text;
			if (!text)
				continue;
			FUZZ_CHECK(utf8_valid(text, strlen(text)));
			FUZZ_CHECK(sheet_cell(row, c) == text);
			/* A few cells each: a sheet can hold thousands. */
			for (size_t f = 0; checked < 64 && f < sizeof formats / sizeof formats[0]; f++, checked++) {
				int64_t at;
				(void)import_time_parse(text, row->cells[c].number, formats[f], &at);
			}
		}
		(void)sheet_row_blank(row);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_min_level = LOG_OFF;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct err e = { 0 };
	struct sheet s;
	int rc;
	if (xlsx_is_zip(p, size)) {
		sheet_init(&s);
		if ((rc = xlsx_read(p, size, &s, &e)))
			fuzz_check_err(rc, &e);
		else
			check_sheet(&s);
		sheet_release(&s);
		static const char *const entries[] = { "xl/workbook.xml", "[Content_Types].xml" };
		for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++) {
			struct buf out;
			buf_init(&out);
			if ((rc = xlsx_zip_entry(p, size, entries[i], &out, &e)))
				fuzz_check_err(rc, &e);
			buf_release(&out);
		}
	}
	sheet_init(&s);
	if ((rc = sheet_read_csv(p, size, &s, &e)))
		fuzz_check_err(rc, &e);
	else
		check_sheet(&s);
	sheet_release(&s);
	return 0;
}
