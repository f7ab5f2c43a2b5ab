/* The grid of a platform's export (import_sheet.h), and its CSV reader.
 *
 * Not base/records.c: that reader streams named fields a line at a time
 * from a header on the first line; a hotline export has title rows above
 * its header, several header rows, and free text with line breaks inside
 * quotes, and arrives in GB18030 as often as in UTF-8. The whole file is
 * read (exports are thousands of rows, not millions) and split here. */
#include "import_sheet.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

void sheet_init(struct sheet *s)
{
	memset(s, 0, sizeof *s);
	s->encoding = "UTF-8";
}

void sheet_release(struct sheet *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		for (int c = 0; c < s->rows[i].ncells; c++)
			free(s->rows[i].cells[c].text);
		free(s->rows[i].cells);
	}
	free(s->rows);
	s->rows = NULL;
	s->nrows = s->cap = 0;
}

struct sheet_row *sheet_add_row(struct sheet *s, int64_t number)
{
	if (s->nrows == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct sheet_row *rows = realloc(s->rows, cap * sizeof *rows);
		if (!rows)
			return NULL;
		s->rows = rows;
		s->cap = cap;
	}
	struct sheet_row *r = &s->rows[s->nrows++];
	*r = (struct sheet_row){ .number = number };
	return r;
}

int sheet_set_cell(struct sheet_row *row, int col, const char *p, size_t n, bool number)
{
	if (col < 0 || col > 16383)
		return ERR_INVALID;
	if (col >= row->ncells) {
		struct sheet_cell *cells = realloc(row->cells, (size_t)(col + 1) * sizeof *cells);
		if (!cells)
			return ERR_NOMEM;
		memset(cells + row->ncells, 0, (size_t)(col + 1 - row->ncells) * sizeof *cells);
		row->cells = cells;
		row->ncells = col + 1;
	}
	char *text = malloc(n + 1);
	if (!text)
		return ERR_NOMEM;
	memcpy(text, p, n);
	text[n] = '\0';
	free(row->cells[col].text);
	row->cells[col] = (struct sheet_cell){ text, number };
	return 0;
}

const char *sheet_cell(const struct sheet_row *row, int col)
{
	return col >= 0 && col < row->ncells && row->cells[col].text ? row->cells[col].text : "";
}

bool sheet_row_blank(const struct sheet_row *row)
{
	for (int c = 0; c < row->ncells; c++)
		if (slice_trim(slice_from(sheet_cell(row, c))).n)
			return false;
	return true;
}

/* GB18030 text into UTF-8 in out; -1 when it is not GB18030 either. */
static int from_gb18030(const char *p, size_t n, struct buf *out)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return -1;
	buf_clear(out);
	buf_grow(out, n * 2 + 16);
	char *in = (char *)p;
	size_t left = n;
	int rc = 0;
	while (left) {
		char *o = out->p + out->n;
		size_t room = out->cap - out->n - 1, before = room;
		size_t got = iconv(cd, &in, &left, &o, &room);
		out->n += before - room;
		if (got == (size_t)-1) {
			if (errno == E2BIG) {
				buf_grow(out, out->cap);
				continue;
			}
			rc = -1;
			break;
		}
	}
	out->p[out->n] = '\0';
	iconv_close(cd);
	return rc;
}

/* Splits UTF-8 CSV text into rows of s. */
static int split_csv(const char *p, size_t n, struct sheet *s, struct err *e)
{
	struct buf field;
	buf_init(&field);
	int64_t line = 1;
	size_t i = 0;
	int rc = 0;
	while (i < n && rc == 0) {
		struct sheet_row *row = sheet_add_row(s, line);
		if (!row) {
			rc = err_set(e, ERR_NOMEM, "out of memory reading the CSV");
			break;
		}
		for (int col = 0;; col++) {
			buf_clear(&field);
			if (i < n && p[i] == '"') {
				int64_t opened = line;
				for (i++;; i++) {
					if (i >= n) {
						rc = err_set(e, ERR_PARSE,
						             "line %lld: a quoted field is not closed before the end "
						             "of the file",
						             (long long)opened);
						break;
					}
					if (p[i] == '"' && i + 1 < n && p[i + 1] == '"') {
						buf_addc(&field, '"');
						i++;
					} else if (p[i] == '"') {
						i++;
						break;
					} else if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') {
						continue; /* a line break in a cell is LF, whatever ends the file's
						             lines */
					} else {
						line += p[i] == '\n';
						buf_addc(&field, p[i]);
					}
				}
			}
			/* Unquoted text, or what follows a closing quote, to the comma or line end. */
			while (rc == 0 && i < n && p[i] != ',' && p[i] != '\n' &&
			       !(p[i] == '\r' && (i + 1 == n || p[i + 1] == '\n')))
				buf_addc(&field, p[i++]);
			if (rc == 0 && field.n && sheet_set_cell(row, col, field.p, field.n, false))
				rc = err_set(e, ERR_NOMEM, "out of memory reading the CSV");
			if (rc || i >= n || p[i] != ',')
				break;
			i++;
		}
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++, line++;
		if (rc == 0 && sheet_row_blank(row)) {
			for (int c = 0; c < row->ncells; c++)
				free(row->cells[c].text);
			free(row->cells);
			s->nrows--;
		}
	}
	buf_release(&field);
	return rc;
}

int sheet_read_csv(const char *p, size_t n, struct sheet *s, struct err *e)
{
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (utf8_valid(p, n)) {
		s->encoding = "UTF-8";
		return split_csv(p, n, s, e);
	}
	struct buf utf8;
	buf_init(&utf8);
	int rc = from_gb18030(p, n, &utf8);
	if (rc)
		rc = err_set(e, ERR_PARSE,
		             "the file is neither UTF-8 nor GB18030/GBK text: save it as CSV (UTF-8) or XLSX");
	else {
		s->encoding = "GB18030";
		rc = split_csv(utf8.p, utf8.n, s, e);
	}
	buf_release(&utf8);
	return rc;
}
