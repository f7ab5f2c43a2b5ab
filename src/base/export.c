/* Lists exported as CSV or XLSX (see export.h). */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

static void csv_row(struct buf *out, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++) {
		buf_add_csv_field(out, slice_from(cells[i]));
		buf_adds(out, i + 1 < n ? "," : "\r\n");
	}
}

int export_begin(struct export *x, enum export_format format, const char *sheet, const struct export_column *columns,
                 int ncolumns, struct buf *out, struct err *e)
{
	*x = (struct export){ .format = format, .columns = columns, .ncolumns = ncolumns, .out = out };
	buf_clear(out);
	const char *titles[64];
	if (ncolumns > 64)
		return err_set(e, ERR_INVALID, "an export has at most 64 columns, not %d", ncolumns);
	for (int i = 0; i < ncolumns; i++)
		titles[i] = columns[i].title;
	if (format == EXPORT_CSV) {
		buf_adds(out, "\xEF\xBB\xBF"); /* the BOM: Excel then reads UTF-8 */
		csv_row(out, titles, ncolumns);
		return 0;
	}
	/* libxlsxwriter writes files: a private temporary one, read back at the end. */
	snprintf(x->path, sizeof x->path, "/tmp/sunroad-export-XXXXXX");
	int fd = mkstemp(x->path);
	if (fd < 0) {
		x->path[0] = '\0';
		return err_set(e, ERR_IO, "cannot create a temporary file for the export");
	}
	close(fd);
	lxw_workbook *wb = workbook_new(x->path);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, sheet) : NULL;
	lxw_format *bold = ws ? workbook_add_format(wb) : NULL;
	x->workbook = wb;
	x->sheet = ws;
	if (!bold)
		return err_set(e, ERR_NOMEM, "cannot start the workbook");
	format_set_bold(bold);
	for (int i = 0; i < ncolumns; i++) {
		worksheet_write_string(ws, 0, (lxw_col_t)i, columns[i].title, bold);
		if (columns[i].width)
			worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, columns[i].width, NULL);
	}
	return 0;
}

int export_row(struct export *x, const char *const *cells, struct err *e)
{
	x->rows++;
	if (x->format == EXPORT_CSV) {
		csv_row(x->out, cells, x->ncolumns);
		return 0;
	}
	for (int i = 0; i < x->ncolumns; i++) {
		lxw_error rc = x->columns[i].number
		                   ? worksheet_write_number(x->sheet, (lxw_row_t)x->rows, (lxw_col_t)i,
		                                            strtod(cells[i], NULL), NULL)
		                   : worksheet_write_string(x->sheet, (lxw_row_t)x->rows, (lxw_col_t)i, cells[i], NULL);
		if (rc != LXW_NO_ERROR)
			return err_set(e, ERR_IO, "row %ld of the workbook: %s", x->rows, lxw_strerror(rc));
	}
	return 0;
}

int export_end(struct export *x, int rc, struct err *e)
{
	if (x->format == EXPORT_XLSX) {
		lxw_error closed = x->workbook ? workbook_close(x->workbook) : LXW_NO_ERROR;
		x->workbook = x->sheet = NULL;
		if (rc == 0 && closed != LXW_NO_ERROR)
			rc = err_set(e, ERR_IO, "cannot write the workbook: %s", lxw_strerror(closed));
		else if (rc == 0 && buf_read_file(x->out, x->path))
			rc = err_set(e, ERR_IO, "cannot read the workbook back");
		if (x->path[0])
			unlink(x->path);
		x->path[0] = '\0';
	}
	return rc;
}

int export_send(struct http_request *rq, const struct export *x, const char *name)
{
	char disposition[160];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s.%s\"", name,
	         x->format == EXPORT_CSV ? "csv" : "xlsx");
	http_add_header(rq, "Content-Disposition", disposition);
	return http_send(rq, 200,
	                 x->format == EXPORT_CSV ? "text/csv; charset=utf-8"
	                                         : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}
