/* Lists exported as files a clerk opens in Excel: CSV (UTF-8 with a byte
 * order mark and CRLF, what Excel in zh-CN opens right) or XLSX (one
 * sheet, a bold header row, numbers as numbers; libxlsxwriter). Every
 * list exports through these writers: columns are declared once, rows
 * given as text cells. */
#ifndef SUNROAD_EXPORT_H
#define SUNROAD_EXPORT_H

#include "buf.h"
#include "err.h"
#include "http.h"

#include <stdbool.h>

enum export_format { EXPORT_CSV, EXPORT_XLSX };

struct export_column {
	const char *title;
	bool number; /* XLSX: the cell is written as a number */
	int width;   /* XLSX: the column's width in characters; 0: the default */
};

/* An export being written. */
struct export
{
	enum export_format format;
	const struct export_column *columns;
	int ncolumns;
	struct buf *out;
	long rows;
	/* XLSX: the workbook, written to a private temporary file. */
	void *workbook, *sheet;
	char path[64];
};

/* Starts writing columns (and their header row) into out, which the
 * caller owns; sheet names the XLSX sheet. Call export_end in every case
 * once begun. */
int export_begin(struct export *x, enum export_format format, const char *sheet, const struct export_column *columns,
                 int ncolumns, struct buf *out, struct err *e);
/* Adds a row: one text cell per column (a number column's cell is the
 * number's decimal text). */
int export_row(struct export *x, const char *const *cells, struct err *e);
/* Finishes the file into out (the XLSX read back from its temporary file,
 * which is removed) and frees what begin took. With rc, a failure before
 * it, only frees: returns rc. */
int export_end(struct export *x, int rc, struct err *e);

/* Answers rq with the export in rq->out as an attachment named
 * `name` + ".csv" or ".xlsx". */
int export_send(struct http_request *rq, const struct export *x, const char *name);

#endif
