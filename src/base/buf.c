#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty_string[1];

void buf_init(struct buf *b)
{
	b->p = empty_string;
	b->n = 0;
	b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->p);
	buf_init(b);
}

void buf_clear(struct buf *b)
{
	b->n = 0;
	if (b->cap)
		b->p[0] = '\0';
}

void buf_grow(struct buf *b, size_t n)
{
	if (b->n + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->n + n + 1)
		cap *= 2;
	char *p = b->cap ? realloc(b->p, cap) : malloc(cap);
	if (!p) {
		fputs("sunroad: fatal: out of memory\n", stderr);
		abort();
	}
	if (!b->cap)
		p[0] = '\0';
	b->p = p;
	b->cap = cap;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n) /* an empty slice may have a NULL pointer */
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_grow(b, 1);
	b->p[b->n++] = c;
	b->p[b->n] = '\0';
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->p + b->n, b->cap ? b->cap - b->n : 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->n + (size_t)n + 1 > b->cap) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
	}
	b->n += (size_t)n;
}

void buf_add_int(struct buf *b, int64_t v)
{
	char tmp[24];
	buf_add(b, tmp, (size_t)(put_decimal(tmp, v) - tmp));
}

/* s in double quotes, its quotes doubled, after prefix inside them. */
static void add_quoted(struct buf *b, const char *prefix, struct slice s)
{
	buf_addc(b, '"');
	buf_adds(b, prefix);
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s.p[i]);
	}
	buf_addc(b, '"');
}

void buf_add_csv_field(struct buf *b, struct slice s)
{
	bool quote = false;
	for (size_t i = 0; i < s.n && !quote; i++)
		quote = s.p[i] == ',' || s.p[i] == '"' || s.p[i] == '\n' || s.p[i] == '\r';
	if (quote)
		add_quoted(b, "", s);
	else
		buf_add(b, s.p, s.n);
}

bool csv_cell_is_formula(struct slice s)
{
	size_t i = 0;
	/* Excel skips leading spaces before it looks for a formula. */
	while (i < s.n && s.p[i] == ' ')
		i++;
	if (i == s.n)
		return false;
	if (strchr("=+-@\t\r", s.p[i]) && s.p[i] != '\0')
		return true;
	/* ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20): a zh-CN sheet may read
	 * the full-width signs as the ASCII ones. */
	static const char *const wide[] = { "\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0" };
	for (size_t k = 0; k < sizeof wide / sizeof wide[0]; k++)
		if (s.n - i >= 3 && memcmp(s.p + i, wide[k], 3) == 0)
			return true;
	return false;
}

void buf_add_csv_text(struct buf *b, struct slice s)
{
	if (!csv_cell_is_formula(s)) {
		buf_add_csv_field(b, s);
		return;
	}
	/* Quoted as a whole, so that the quote and the text stay one cell
	 * whatever the text holds. */
	add_quoted(b, "'", s);
}

void buf_add_csv_number(struct buf *b, struct slice s)
{
	size_t i = s.n && s.p[0] == '-', digits = 0, dot = 0;
	for (; i < s.n; i++) {
		if (s.p[i] >= '0' && s.p[i] <= '9')
			digits++;
		else if (s.p[i] == '.' && !dot && digits)
			dot = i;
		else
			break;
	}
	if (i == s.n && digits && (!dot || dot + 1 != s.n))
		buf_add(b, s.p, s.n);
	else
		buf_add_csv_text(b, s);
}

struct slice slice_from(const char *s)
{
	return (struct slice){ s, strlen(s) };
}

bool utf8_valid(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;
	while (i < n) {
		/* Most text is ASCII: skip it eight bytes at a time. */
		uint64_t w;
		if (i + 8 <= n && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0)) {
			i += 8;
			continue;
		}
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned min;
		if ((c & 0xE0) == 0xC0) {
			len = 2;
			min = 0x80;
			c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3;
			min = 0x800;
			c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4;
			min = 0x10000;
			c &= 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			c = (c << 6) | (s[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

int buf_read_file(struct buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	int failed = ferror(f);
	fclose(f);
	return failed ? -1 : 0;
}
