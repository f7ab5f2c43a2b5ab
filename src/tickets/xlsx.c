/* The XLSX reader (xlsx.h): a zip directory walk, zlib's raw inflate, and
 * just enough XML for the two parts a sheet's values live in. */
#include "xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define ENTRY_MAX (256u << 20)

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

bool xlsx_is_zip(const char *p, size_t n)
{
	return n >= 4 && memcmp(p, "PK\3\4", 4) == 0;
}

static int inflate_raw(const unsigned char *in, size_t n, size_t size, struct buf *out, struct err *e)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
		return err_set(e, ERR_NOMEM, "cannot start inflating the workbook");
	buf_grow(out, size ? size : n * 4);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	int zrc;
	do {
		if (out->cap - out->n < 2)
			buf_grow(out, out->cap);
		if (out->n > ENTRY_MAX) {
			inflateEnd(&z);
			return err_set(e, ERR_PARSE, "a part of the workbook inflates to more than %u MiB",
			               ENTRY_MAX >> 20);
		}
		z.next_out = (unsigned char *)out->p + out->n;
		z.avail_out = (uInt)(out->cap - out->n - 1);
		uInt before = z.avail_out;
		zrc = inflate(&z, Z_NO_FLUSH);
		out->n += before - z.avail_out;
	} while (zrc == Z_OK);
	inflateEnd(&z);
	out->p[out->n] = '\0';
	return zrc == Z_STREAM_END ? 0 : err_set(e, ERR_PARSE, "a part of the workbook is damaged (inflate: %d)", zrc);
}

int xlsx_zip_entry(const char *p, size_t n, const char *name, struct buf *out, struct err *e)
{
	const unsigned char *z = (const unsigned char *)p;
	buf_clear(out);
	/* The end of central directory record: 22 bytes and a comment. */
	size_t end = 0;
	for (size_t i = n >= 22 ? n - 22 : 0, stop = n > 22 + 65535 ? n - 22 - 65535 : 0; n >= 22; i--) {
		if (le32(z + i) == 0x06054b50) {
			end = i + 1;
			break;
		}
		if (i == stop)
			break;
	}
	if (!end)
		return err_set(e, ERR_PARSE, "not a zip archive (no central directory): not an XLSX workbook");
	const unsigned char *eocd = z + end - 1;
	uint32_t count = le16(eocd + 10), dir = le32(eocd + 16);
	if (dir == 0xFFFFFFFFu || count == 0xFFFF)
		return err_set(e, ERR_PARSE, "a zip64 archive: save the workbook again as XLSX");
	size_t at = dir, len = strlen(name);
	for (uint32_t k = 0; k < count; k++) {
		if (at + 46 > n || le32(z + at) != 0x02014b50)
			return err_set(e, ERR_PARSE, "the zip directory is damaged");
		uint32_t flags = le16(z + at + 8), method = le16(z + at + 10), csize = le32(z + at + 20),
		         usize = le32(z + at + 24), nlen = le16(z + at + 28), xlen = le16(z + at + 30),
		         clen = le16(z + at + 32), local = le32(z + at + 42);
		if (at + 46 + nlen > n)
			return err_set(e, ERR_PARSE, "the zip directory is damaged");
		if (nlen == len && memcmp(z + at + 46, name, len) == 0) {
			if (flags & 1)
				return err_set(e, ERR_PARSE, "%s is encrypted: save the workbook without a password",
				               name);
			if ((size_t)local + 30 > n || le32(z + local) != 0x04034b50)
				return err_set(e, ERR_PARSE, "the zip entry %s is damaged", name);
			size_t data = (size_t)local + 30 + le16(z + local + 26) + le16(z + local + 28);
			if (data > n || csize > n - data || usize > ENTRY_MAX)
				return err_set(e, ERR_PARSE, "the zip entry %s is damaged or too large", name);
			if (method == 0) {
				buf_add(out, z + data, csize);
				return 0;
			}
			if (method == 8)
				return inflate_raw(z + data, csize, usize, out, e);
			return err_set(e, ERR_PARSE, "%s is compressed by method %u: save the workbook again as XLSX",
			               name, method);
		}
		at += 46 + nlen + xlen + clen;
	}
	return err_set(e, ERR_NOTFOUND, "the workbook has no %s", name);
}

/* ---- a minimal XML pull reader ------------------------------------------- */

enum xml_token { XML_END, XML_OPEN, XML_CLOSE, XML_TEXT };

struct xml {
	const char *p, *end;
	struct slice name, attrs, text;
	bool empty; /* XML_OPEN of <x/> */
};

static enum xml_token xml_next(struct xml *x)
{
	for (;;) {
		if (x->p >= x->end)
			return XML_END;
		if (*x->p != '<') {
			const char *lt = memchr(x->p, '<', (size_t)(x->end - x->p));
			const char *stop = lt ? lt : x->end;
			x->text = (struct slice){ x->p, (size_t)(stop - x->p) };
			x->p = stop;
			return XML_TEXT;
		}
		const char *q = x->p + 1;
		if (q < x->end && (*q == '?' || *q == '!')) {
			const char *close = NULL;
			if (x->end - q > 8 && memcmp(q, "![CDATA[", 8) == 0) {
				const char *s = q + 8;
				close = memmem(s, (size_t)(x->end - s), "]]>", 3);
				if (!close)
					return XML_END;
				x->text = (struct slice){ s, (size_t)(close - s) };
				x->p = close + 3;
				return XML_TEXT; /* unescaped: xml_text_add is not to decode it, and rarely meets it */
			}
			if (x->end - q > 3 && memcmp(q, "!--", 3) == 0) {
				close = memmem(q, (size_t)(x->end - q), "-->", 3);
				x->p = close ? close + 3 : x->end;
			} else {
				close = memchr(q, '>', (size_t)(x->end - q));
				x->p = close ? close + 1 : x->end;
			}
			continue;
		}
		const char *gt = memchr(q, '>', (size_t)(x->end - q));
		if (!gt)
			return XML_END;
		bool closing = *q == '/';
		if (closing)
			q++;
		const char *n = q;
		while (n < gt && *n != ' ' && *n != '\t' && *n != '\r' && *n != '\n' && *n != '/')
			n++;
		/* A prefix (x:row) is dropped: the parts use one namespace. */
		const char *colon = memchr(q, ':', (size_t)(n - q));
		x->name =
		    colon ? (struct slice){ colon + 1, (size_t)(n - colon - 1) } : (struct slice){ q, (size_t)(n - q) };
		x->empty = gt[-1] == '/';
		x->attrs = (struct slice){ n, (size_t)(gt - n - x->empty) };
		x->p = gt + 1;
		return closing ? XML_CLOSE : XML_OPEN;
	}
}

/* The value of attribute name in attrs (the whole name, not a suffix). */
static bool xml_attr(struct slice attrs, const char *name, struct slice *out)
{
	size_t len = strlen(name);
	for (const char *s = attrs.p, *end = attrs.p + attrs.n; s + len + 2 <= end; s++) {
		if ((s == attrs.p || s[-1] == ' ' || s[-1] == '\t' || s[-1] == '\n' || s[-1] == '\r') &&
		    memcmp(s, name, len) == 0 && s[len] == '=' && (s[len + 1] == '"' || s[len + 1] == '\'')) {
			const char *v = s + len + 2, *close = memchr(v, s[len + 1], (size_t)(end - v));
			if (!close)
				return false;
			*out = (struct slice){ v, (size_t)(close - v) };
			return true;
		}
	}
	return false;
}

/* Appends the character c in UTF-8; one that XML cannot name (NUL, a
 * surrogate, beyond U+10FFFF) as U+FFFD, so that every cell is UTF-8. */
static void utf8_put(struct buf *out, unsigned long c)
{
	if (c == 0 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		c = 0xFFFD;
	if (c < 0x80)
		buf_addc(out, (char)c);
	else if (c < 0x800) {
		buf_addc(out, (char)(0xC0 | c >> 6));
		buf_addc(out, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		buf_addc(out, (char)(0xE0 | c >> 12));
		buf_addc(out, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_addc(out, (char)(0x80 | (c & 0x3F)));
	} else {
		buf_addc(out, (char)(0xF0 | c >> 18));
		buf_addc(out, (char)(0x80 | ((c >> 12) & 0x3F)));
		buf_addc(out, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_addc(out, (char)(0x80 | (c & 0x3F)));
	}
}

/* Appends text with its entities decoded. */
static void xml_text_add(struct buf *out, struct slice t)
{
	static const struct {
		const char *name;
		char c;
	} named[] = { { "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' }, { "quot;", '"' }, { "apos;", '\'' } };
	for (size_t i = 0; i < t.n; i++) {
		if (t.p[i] != '&') {
			buf_addc(out, t.p[i]);
			continue;
		}
		const char *s = t.p + i + 1, *end = t.p + t.n;
		bool done = false;
		for (size_t k = 0; k < sizeof named / sizeof named[0] && !done; k++) {
			size_t len = strlen(named[k].name);
			if ((size_t)(end - s) >= len && memcmp(s, named[k].name, len) == 0) {
				buf_addc(out, named[k].c);
				i += len;
				done = true;
			}
		}
		if (!done && s < end && *s == '#') {
			const char *semi = memchr(s, ';', (size_t)(end - s));
			if (semi) {
				char num[16];
				size_t len = (size_t)(semi - s - 1);
				if (len && len < sizeof num) {
					memcpy(num, s + 1, len);
					num[len] = '\0';
					char *stop;
					unsigned long c =
					    num[0] == 'x' ? strtoul(num + 1, &stop, 16) : strtoul(num, &stop, 10);
					if (*stop == '\0') {
						utf8_put(out, c);
						i += len + 2;
						done = true;
					}
				}
			}
		}
		if (!done)
			buf_addc(out, '&');
	}
}

/* The shared strings: each <si>'s <t> texts joined (phonetic runs left out). */
static int shared_strings(struct slice xml, struct buf *texts, size_t **offsets, size_t *count, struct err *e)
{
	struct xml x = { .p = xml.p, .end = xml.p + xml.n };
	size_t cap = 0;
	bool in_si = false, in_t = false;
	int phonetic = 0;
	enum xml_token t;
	*count = 0;
	while ((t = xml_next(&x)) != XML_END) {
		if (t == XML_OPEN && slice_eq(x.name, "si") && !x.empty) {
			if (*count == cap) {
				cap = cap ? cap * 2 : 256;
				size_t *grown = realloc(*offsets, cap * sizeof *grown);
				if (!grown)
					return err_set(e, ERR_NOMEM, "out of memory reading the workbook");
				*offsets = grown;
			}
			(*offsets)[(*count)++] = texts->n;
			in_si = true;
		} else if (t == XML_OPEN && slice_eq(x.name, "si")) {
			if (*count == cap) {
				cap = cap ? cap * 2 : 256;
				size_t *grown = realloc(*offsets, cap * sizeof *grown);
				if (!grown)
					return err_set(e, ERR_NOMEM, "out of memory reading the workbook");
				*offsets = grown;
			}
			(*offsets)[(*count)++] = texts->n;
			buf_addc(texts, '\0');
		} else if (t == XML_CLOSE && slice_eq(x.name, "si")) {
			buf_addc(texts, '\0');
			in_si = false;
		} else if (slice_eq(x.name, "rPh") && t != XML_TEXT && !x.empty) {
			phonetic += t == XML_OPEN ? 1 : -1;
		} else if (t == XML_OPEN && slice_eq(x.name, "t") && !x.empty) {
			in_t = true;
		} else if (t == XML_CLOSE && slice_eq(x.name, "t")) {
			in_t = false;
		} else if (t == XML_TEXT && in_si && in_t && !phonetic) {
			xml_text_add(texts, x.text);
		}
	}
	return 0;
}

/* "BC12" into column 54 and row 12 (row 0 when absent); -1: not one. */
static int cell_ref(struct slice ref, int *col, int64_t *row)
{
	size_t i = 0;
	int c = 0;
	while (i < ref.n && ref.p[i] >= 'A' && ref.p[i] <= 'Z' && c < 16384)
		c = c * 26 + (ref.p[i++] - 'A' + 1);
	if (i == 0 || c > 16384)
		return -1;
	*col = c - 1;
	*row = 0;
	for (; i < ref.n; i++) {
		if (ref.p[i] < '0' || ref.p[i] > '9' || *row > 1048576)
			return -1;
		*row = *row * 10 + (ref.p[i] - '0');
	}
	return 0;
}

/* The row of s numbered number, added when new (rows come in order). */
static struct sheet_row *row_numbered(struct sheet *s, int64_t number)
{
	for (size_t i = s->nrows; i-- > 0;) {
		if (s->rows[i].number == number)
			return &s->rows[i];
		if (s->rows[i].number < number)
			break;
	}
	return sheet_add_row(s, number);
}

/* Fills the empty cells of merged range ref ("A1:C2") with its first cell's value. */
static int merge_fill(struct sheet *s, struct slice ref)
{
	const char *colon = memchr(ref.p, ':', ref.n);
	int c1, c2;
	int64_t r1, r2;
	if (!colon || cell_ref((struct slice){ ref.p, (size_t)(colon - ref.p) }, &c1, &r1) ||
	    cell_ref((struct slice){ colon + 1, ref.n - (size_t)(colon - ref.p) - 1 }, &c2, &r2) || r1 < 1 || r2 < r1 ||
	    c2 < c1 || r2 - r1 > 100 || c2 - c1 > 200)
		return 0;
	const struct sheet_row *first = NULL;
	for (size_t i = 0; i < s->nrows && !first; i++)
		if (s->rows[i].number == r1)
			first = &s->rows[i];
	if (!first || !*sheet_cell(first, c1))
		return 0;
	size_t at = (size_t)(first - s->rows);
	char *value = strdup(sheet_cell(first, c1));
	if (!value)
		return ERR_NOMEM;
	int rc = 0;
	for (size_t i = at; i < s->nrows && s->rows[i].number <= r2 && !rc; i++)
		for (int c = c1; c <= c2 && !rc; c++)
			if (!*sheet_cell(&s->rows[i], c))
				rc = sheet_set_cell(&s->rows[i], c, value, strlen(value), false);
	free(value);
	return rc;
}

/* The cells of sheet1.xml into s. */
static int sheet_cells(struct slice xml, const struct buf *texts, const size_t *offsets, size_t count, struct sheet *s,
                       struct err *e)
{
	struct xml x = { .p = xml.p, .end = xml.p + xml.n };
	struct buf value;
	buf_init(&value);
	struct sheet_row *row = NULL;
	int64_t next_row = 1;
	int col = -1, next_col = 0, rc = 0;
	char type[16] = "";
	bool in_value = false;
	enum xml_token t;
	while (rc == 0 && (t = xml_next(&x)) != XML_END) {
		struct slice a;
		if (t == XML_OPEN && slice_eq(x.name, "row")) {
			int64_t number = next_row;
			if (xml_attr(x.attrs, "r", &a)) {
				int64_t v;
				if (slice_to_int(a, &v) == 0 && v > 0)
					number = v;
			}
			next_row = number + 1;
			next_col = 0;
			row = x.empty ? NULL : row_numbered(s, number);
			if (!x.empty && !row)
				rc = err_set(e, ERR_NOMEM, "out of memory reading the workbook");
		} else if (t == XML_CLOSE && slice_eq(x.name, "row")) {
			row = NULL;
		} else if (t == XML_OPEN && slice_eq(x.name, "c") && row) {
			col = next_col;
			int64_t r;
			if (xml_attr(x.attrs, "r", &a) && cell_ref(a, &col, &r))
				col = next_col;
			next_col = col + 1;
			type[0] = '\0';
			if (xml_attr(x.attrs, "t", &a))
				snprintf(type, sizeof type, "%.*s", (int)a.n, a.p);
			buf_clear(&value);
			if (x.empty)
				col = -1;
		} else if (t == XML_OPEN && (slice_eq(x.name, "v") || slice_eq(x.name, "t")) && !x.empty && col >= 0) {
			in_value = true;
		} else if (t == XML_CLOSE && (slice_eq(x.name, "v") || slice_eq(x.name, "t"))) {
			in_value = false;
		} else if (t == XML_TEXT && in_value && col >= 0) {
			xml_text_add(&value, x.text);
		} else if (t == XML_CLOSE && slice_eq(x.name, "c") && col >= 0 && row) {
			const char *text = value.n ? value.p : "";
			size_t n = value.n;
			bool number = type[0] == '\0' || strcmp(type, "n") == 0;
			if (strcmp(type, "s") == 0) {
				int64_t k;
				if (slice_to_int((struct slice){ value.p, value.n }, &k) || k < 0 || (size_t)k >= count)
					rc = err_set(e, ERR_PARSE,
					             "cell %d of row %lld names shared string %.*s, which is not there",
					             col + 1, (long long)row->number, (int)(n > 12 ? 12 : n), text);
				else {
					text = texts->p + offsets[k];
					n = strlen(text);
				}
			} else if (strcmp(type, "b") == 0) {
				text = n && text[0] == '1' ? "TRUE" : "FALSE";
				n = strlen(text);
			}
			if (rc == 0 && n && sheet_set_cell(row, col, text, n, number))
				rc = err_set(e, ERR_NOMEM, "out of memory reading the workbook");
			col = -1;
		} else if (t == XML_OPEN && slice_eq(x.name, "mergeCell") && xml_attr(x.attrs, "ref", &a)) {
			if (merge_fill(s, a))
				rc = err_set(e, ERR_NOMEM, "out of memory reading the workbook");
		}
	}
	buf_release(&value);
	return rc;
}

int xlsx_read(const char *p, size_t n, struct sheet *s, struct err *e)
{
	struct buf strings_xml, sheet_xml, texts;
	buf_init(&strings_xml);
	buf_init(&sheet_xml);
	buf_init(&texts);
	size_t *offsets = NULL, count = 0;
	s->encoding = "XLSX";
	int rc = xlsx_zip_entry(p, n, "xl/sharedStrings.xml", &strings_xml, e);
	if (rc == ERR_NOTFOUND)
		rc = 0; /* a workbook of numbers and inline strings has none */
	/* A cell is UTF-8 (import_sheet.h), as the XML of a workbook is. */
	if (rc == 0 && !utf8_valid(strings_xml.p, strings_xml.n))
		rc = err_set(e, ERR_PARSE, "not an XLSX workbook: xl/sharedStrings.xml is not UTF-8");
	if (rc == 0)
		rc = shared_strings((struct slice){ strings_xml.p ? strings_xml.p : "", strings_xml.n }, &texts,
		                    &offsets, &count, e);
	if (rc == 0)
		rc = xlsx_zip_entry(p, n, "xl/worksheets/sheet1.xml", &sheet_xml, e);
	if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_PARSE, "not an XLSX workbook: it has no xl/worksheets/sheet1.xml");
	if (rc == 0 && !utf8_valid(sheet_xml.p, sheet_xml.n))
		rc = err_set(e, ERR_PARSE, "not an XLSX workbook: xl/worksheets/sheet1.xml is not UTF-8");
	if (rc == 0)
		rc = sheet_cells((struct slice){ sheet_xml.p, sheet_xml.n }, &texts, offsets, count, s, e);
	/* Rows left empty (a merged title's row, a spacer) are left out. */
	size_t kept = 0;
	for (size_t i = 0; i < s->nrows; i++) {
		if (sheet_row_blank(&s->rows[i])) {
			for (int c = 0; c < s->rows[i].ncells; c++)
				free(s->rows[i].cells[c].text);
			free(s->rows[i].cells);
		} else {
			s->rows[kept++] = s->rows[i];
		}
	}
	s->nrows = kept;
	free(offsets);
	buf_release(&strings_xml);
	buf_release(&sheet_xml);
	buf_release(&texts);
	return rc;
}
