/* A platform's export as a grid of text cells, whatever file it came in:
 * CSV (UTF-8 with or without a byte order mark, or GB18030/GBK, which is
 * converted) or XLSX (xlsx.c). Rows keep the number they have in the
 * file (a CSV record's first line, an XLSX row's r=), so that a refused
 * row can be found again. A leaf: no database, no rulebook. */
#ifndef SUNROAD_TICKETS_IMPORT_SHEET_H
#define SUNROAD_TICKETS_IMPORT_SHEET_H

#include "base/buf.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sheet_cell {
	char *text;  /* UTF-8, NUL-terminated; owned by the sheet */
	bool number; /* XLSX: a numeric cell (a time in it is an Excel serial number) */
};

struct sheet_row {
	int64_t number; /* in the file: a CSV record's first line, an XLSX row's r= */
	int ncells;
	struct sheet_cell *cells; /* cells[c] for column c (0 = A); text NULL: empty */
};

struct sheet {
	struct sheet_row *rows;
	size_t nrows, cap;
	const char *encoding; /* what the file was read as: "UTF-8", "GB18030", "XLSX" */
};

void sheet_init(struct sheet *s);
/* Frees every row and cell. */
void sheet_release(struct sheet *s);
/* A new empty row numbered number at the end of s; NULL when out of memory. */
struct sheet_row *sheet_add_row(struct sheet *s, int64_t number);
/* Sets cell col of row to a copy of (p, n): ERR_NOMEM or 0. */
int sheet_set_cell(struct sheet_row *row, int col, const char *p, size_t n, bool number);
/* The text of cell col ("" when the row has none). */
const char *sheet_cell(const struct sheet_row *row, int col);
/* Whether every cell of row is empty or blanks. */
bool sheet_row_blank(const struct sheet_row *row);

/* Reads CSV text (p, n) into s: a byte order mark is skipped; text that is
 * not UTF-8 is read as GB18030 (a superset of GBK and GB2312) and
 * converted with iconv; CRLF or LF; quoted fields may hold commas, quotes
 * and line breaks. Blank rows are left out. ERR_PARSE when the text is
 * neither UTF-8 nor GB18030. */
int sheet_read_csv(const char *p, size_t n, struct sheet *s, struct err *e);

#endif
