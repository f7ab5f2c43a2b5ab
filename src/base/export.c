/* Lists exported as CSV or XLSX (see export.h). */
#include "export.h"
#include "datetime.h"
#include "list.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* One CSV row. Text cells can hold what a device or a citizen sent (a
 * plate, a summary): buf_add_csv_text keeps a spreadsheet from running
 * them as formulas. A number column's cell goes as it is when it is a
 * number, so that a negative one stays a number. columns NULL: the
 * header row, all text. */
static void csv_row(struct buf *out, const struct export_column *columns, const char *const *cells, int n)
{
	for (int i = 0; i < n; i++) {
		if (columns && columns[i].number)
			buf_add_csv_number(out, slice_from(cells[i]));
		else
			buf_add_csv_text(out, slice_from(cells[i]));
		buf_adds(out, i + 1 < n ? "," : "\r\n");
	}
}

/* Writes what out holds to the file: CSV rows of export_begin_file. */
static int flush_file(struct export *x, struct err *e)
{
	if (x->out->n && fwrite(x->out->p, 1, x->out->n, x->file) != x->out->n)
		return err_set(e, ERR_IO, "cannot write the export: %s", strerror(errno));
	buf_clear(x->out);
	return 0;
}

static int begin(struct export *x, enum export_format format, const char *sheet, const struct export_column *columns,
                 int ncolumns, const char *path, struct buf *out, struct err *e)
{
	*x = (struct export){ .format = format, .columns = columns, .ncolumns = ncolumns, .out = out, .to_file = path };
	buf_clear(out);
	if (path && format == EXPORT_CSV && !(x->file = fopen(path, "wb")))
		return err_set(e, ERR_IO, "cannot create the export %s: %s", path, strerror(errno));
	const char *titles[64];
	if (ncolumns > 64)
		return err_set(e, ERR_INVALID, "an export has at most 64 columns, not %d", ncolumns);
	for (int i = 0; i < ncolumns; i++)
		titles[i] = columns[i].title;
	if (format == EXPORT_CSV) {
		buf_adds(out, "\xEF\xBB\xBF"); /* the BOM: Excel then reads UTF-8 */
		csv_row(out, NULL, titles, ncolumns);
		return 0;
	}
	/* libxlsxwriter writes files: the caller's, or a private temporary one
	 * read back at the end. Row by row (constant memory: texts inline, not
	 * shared), since a workbook held whole took some 150 MB for a direct
	 * export and six of them at once 910 MB (security review, finding 13). */
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	if (!path) {
		snprintf(x->path, sizeof x->path, "/tmp/sunroad-export-XXXXXX");
		int fd = mkstemp(x->path);
		if (fd < 0) {
			x->path[0] = '\0';
			return err_set(e, ERR_IO, "cannot create a temporary file for the export");
		}
		close(fd);
	}
	lxw_workbook *wb = workbook_new_opt(path ? path : x->path, &opt);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, sheet) : NULL;
	lxw_format *bold = ws ? workbook_add_format(wb) : NULL;
	lxw_format *datetime = bold ? workbook_add_format(wb) : NULL;
	x->workbook = wb;
	x->sheet = ws;
	x->datetime = datetime;
	if (!datetime)
		return err_set(e, ERR_NOMEM, "cannot start the workbook");
	format_set_bold(bold);
	format_set_num_format(datetime, "yyyy-mm-dd hh:mm:ss");
	for (int i = 0; i < ncolumns; i++) {
		worksheet_write_string(ws, 0, (lxw_col_t)i, columns[i].title, bold);
		if (columns[i].width)
			worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, columns[i].width, NULL);
	}
	return 0;
}

int export_begin(struct export *x, enum export_format format, const char *sheet, const struct export_column *columns,
                 int ncolumns, struct buf *out, struct err *e)
{
	return begin(x, format, sheet, columns, ncolumns, NULL, out, e);
}

int export_begin_file(struct export *x, enum export_format format, const char *sheet,
                      const struct export_column *columns, int ncolumns, const char *path, struct buf *out,
                      struct err *e)
{
	return begin(x, format, sheet, columns, ncolumns, path, out, e);
}

/* "YYYY-MM-DD HH:MM:SS" (a T for the space, anything after the seconds)
 * as the local time it says; false when the text is not one. */
static bool datetime_cell(const char *text, lxw_datetime *dt)
{
	int y, mo, d, h, mi, s, n = 0;
	char sep;
	if (sscanf(text, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &s, &n) != 7 || n != 19 ||
	    (sep != ' ' && sep != 'T'))
		return false;
	*dt = (lxw_datetime){ .year = y, .month = mo, .day = d, .hour = h, .min = mi, .sec = s };
	return true;
}

/* One cell of the sheet: a number, a date-time or a text, as its column says. */
static lxw_error xlsx_cell(struct export *x, int i, const char *text)
{
	lxw_row_t row = (lxw_row_t)x->rows;
	lxw_datetime dt;
	if (x->columns[i].number)
		return worksheet_write_number(x->sheet, row, (lxw_col_t)i, strtod(text, NULL), NULL);
	if (x->columns[i].datetime && datetime_cell(text, &dt))
		return worksheet_write_datetime(x->sheet, row, (lxw_col_t)i, &dt, x->datetime);
	/* A string cell: Excel shows it and never evaluates it, whatever it
	 * starts with (no formula cell is ever written), so it needs no quote. */
	return worksheet_write_string(x->sheet, row, (lxw_col_t)i, text, NULL);
}

int export_row(struct export *x, const char *const *cells, struct err *e)
{
	x->rows++;
	if (x->format == EXPORT_CSV) {
		csv_row(x->out, x->columns, cells, x->ncolumns);
		return x->file && x->out->n > 65536 ? flush_file(x, e) : 0;
	}
	if (x->rows > EXPORT_XLSX_MAX_ROWS)
		return err_reason(e, ERR_TOO_LARGE, "export_too_large", ERR_ARGS(ERR_INT("max", EXPORT_XLSX_MAX_ROWS)),
		                  "an XLSX sheet holds %ld rows: export more as CSV", EXPORT_XLSX_MAX_ROWS);
	for (int i = 0; i < x->ncolumns; i++) {
		lxw_error rc = xlsx_cell(x, i, cells[i]);
		if (rc != LXW_NO_ERROR)
			return err_set(e, ERR_IO, "row %ld of the workbook: %s", x->rows, lxw_strerror(rc));
	}
	return 0;
}

int export_end(struct export *x, int rc, struct err *e)
{
	if (x->file) {
		if (rc == 0)
			rc = flush_file(x, e);
		if (fclose(x->file) && rc == 0)
			rc = err_set(e, ERR_IO, "cannot write the export: %s", strerror(errno));
		x->file = NULL;
	}
	if (x->format == EXPORT_XLSX) {
		lxw_error closed = x->workbook ? workbook_close(x->workbook) : LXW_NO_ERROR;
		x->workbook = x->sheet = NULL;
		if (rc == 0 && closed != LXW_NO_ERROR)
			rc = err_set(e, ERR_IO, "cannot write the workbook: %s", lxw_strerror(closed));
		else if (rc == 0 && !x->to_file && buf_read_file(x->out, x->path))
			rc = err_set(e, ERR_IO, "cannot read the workbook back");
		if (x->path[0])
			unlink(x->path);
		x->path[0] = '\0';
	}
	return rc;
}

/* Writes the rows of one statement of export_list: at most n; *last
 * gets the cursor of the last one written, *more whether there were more. */
static int export_chunk(struct db_stmt *st, const struct list *list, struct export *x, long n,
                        void (*cells)(struct db_stmt *st, char (*out)[EXPORT_CELL_SIZE]), struct page *last,
                        long *written, bool *more, struct err *e)
{
	char text[64][EXPORT_CELL_SIZE];
	const char *row[64];
	int rc = 0, step;
	*written = 0;
	*more = false;
	while ((step = db_step(st, e)) == DB_ROW) {
		if (rc || *written == n) {
			*more = true;
			continue; /* run the statement to its end */
		}
		cells(st, text);
		for (int i = 0; i < x->ncolumns; i++)
			row[i] = text[i];
		rc = export_row(x, row, e);
		(*written)++;
		last->after = true;
		if (last->shape[1] == 't')
			snprintf(last->after_text[1], PAGE_KEY_TEXT, "%s", db_col_text(st, list->ncolumns));
		else
			last->after_int[1] = db_col_int(st, list->ncolumns);
		last->after_int[2] = db_col_int(st, list->ncolumns + 1);
	}
	return rc ? rc : step < 0 ? step : 0;
}

int export_list(struct db *db, const struct list *list, struct list_query *q, const void *arg, struct export *x,
                long max, long chunk, void (*cells)(struct db_stmt *st, char (*out)[EXPORT_CELL_SIZE]),
                int (*progress)(void *arg, long rows), void *progress_arg, struct err *e)
{
	char shape[4] = { 't', q->sort->type, 'i', '\0' };
	q->cursor.shape = shape;
	q->page = 1; /* no offset: the cursor moves on */
	bool left = true;
	int rc = 0;
	while (rc == 0 && left) {
		long n = max && max - x->rows < chunk ? max - x->rows : chunk, written;
		q->limit = n;
		struct db_stmt *st = list_rows(db, list, q, arg, e);
		if (!st)
			return e->code;
		rc = export_chunk(st, list, x, n, cells, &q->cursor, &written, &left, e);
		if (max && x->rows >= max)
			left = false;
		if (rc == 0 && progress && progress(progress_arg, x->rows))
			rc = err_set(e, ERR_BUSY, "the export was stopped");
	}
	return rc;
}

/* A file's name keeps to what every file system takes. */
static void name_add(char *out, size_t size, const char *part, bool ascii_only)
{
	size_t n = strlen(out);
	for (const unsigned char *p = (const unsigned char *)part; *p && n + 1 < size; p++) {
		if (ascii_only && *p >= 0x80)
			continue;
		/* A character cut in two at the end would not be UTF-8. */
		if (*p >= 0xC0 && n + (*p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2) >= size)
			break;
		out[n++] = *p < 0x20 || *p == 0x7F || strchr("/\\:*?\"<>|%;", *p) ? '_' : (char)*p;
	}
	out[n] = '\0';
}

void export_name_init(struct export_name *n, const char *title, const char *title_ascii)
{
	n->utf8[0] = n->ascii[0] = '\0';
	name_add(n->utf8, sizeof n->utf8 - 24, title, false);
	name_add(n->ascii, sizeof n->ascii - 24, title_ascii, true);
}

void export_name_add(struct export_name *n, const char *utf8, const char *ascii)
{
	/* 24 bytes are kept for the date and the extension. */
	size_t keep = sizeof n->utf8 - 24, keep_ascii = sizeof n->ascii - 24;
	if (utf8 && *utf8 && strlen(n->utf8) + 2 < keep) {
		name_add(n->utf8, keep, "_", false);
		name_add(n->utf8, keep, utf8, false);
	}
	char part[64] = "";
	name_add(part, sizeof part, ascii ? ascii : utf8 ? utf8 : "", true);
	if (part[0] && strlen(n->ascii) + 2 < keep_ascii) {
		name_add(n->ascii, keep_ascii, "_", true);
		name_add(n->ascii, keep_ascii, part, true);
	}
}

void export_name_end(struct export_name *n, int64_t now, enum export_format format)
{
	int y, m, d;
	civil_from_days(local_day(now), &y, &m, &d);
	size_t u = strlen(n->utf8), a = strlen(n->ascii);
	snprintf(n->utf8 + u, sizeof n->utf8 - u, "_导出%04d%02d%02d.%s", y, m, d, export_extension(format));
	snprintf(n->ascii + a, sizeof n->ascii - a, "_%04d%02d%02d.%s", y, m, d, export_extension(format));
}

const char *export_extension(enum export_format format)
{
	return format == EXPORT_CSV ? "csv" : "xlsx";
}

const char *export_media_type(enum export_format format)
{
	return format == EXPORT_CSV ? "text/csv; charset=utf-8"
	                            : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

void export_disposition(struct http_request *rq, const struct export_name *name)
{
	char value[512];
	int n = snprintf(value, sizeof value, "attachment; filename=\"%s\"; filename*=UTF-8''", name->ascii);
	for (const unsigned char *p = (const unsigned char *)name->utf8; *p && n + 4 < (int)sizeof value; p++) {
		/* RFC 5987's attr-char; everything else percent-encoded. */
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p))
			value[n++] = (char)*p;
		else
			n += snprintf(value + n, sizeof value - (size_t)n, "%%%02X", *p);
	}
	value[n] = '\0';
	http_add_header(rq, "Content-Disposition", value);
}

int export_send(struct http_request *rq, const struct export *x, const struct export_name *name)
{
	export_disposition(rq, name);
	return http_send(rq, 200, export_media_type(x->format));
}
