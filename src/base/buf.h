/* Strings: a growable, always NUL-terminated buffer that owns its bytes,
 * and a non-owning (pointer, length) slice. */
#ifndef SUNROAD_BUF_H
#define SUNROAD_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct buf {
	char *p; /* always NUL-terminated once initialised */
	size_t n;
	size_t cap;
};

struct slice {
	const char *p;
	size_t n;
};

#define SLICE_LIT(s) ((struct slice){ (s), sizeof(s) - 1 })

void buf_init(struct buf *b);
/* Frees the contents; b can be reused after buf_init. */
void buf_release(struct buf *b);
/* Empties b, keeping its memory. */
void buf_clear(struct buf *b);
/* Makes room for n more bytes; aborts on out-of-memory (CLI tools). */
void buf_grow(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes v in decimal at p (no NUL; at most 20 bytes) and returns the end.
 * Inline: it formats every number of the hot paths. */
static inline char *put_decimal(char *p, int64_t v)
{
	char digits[20];
	int k = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	do {
		digits[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*p++ = '-';
	while (k)
		*p++ = digits[--k];
	return p;
}

/* Appends the whole file at path; -1 (errno set) when it cannot be read. */
int buf_read_file(struct buf *b, const char *path);

/* Appends a decimal integer, faster than buf_addf. */
void buf_add_int(struct buf *b, int64_t v);
/* Appends s as one CSV field, quoted only when it must be, byte for byte:
 * for CSV that is read back as data (a quarantined line rebuilt). */
void buf_add_csv_field(struct buf *b, struct slice s);
/* Appends s as one CSV cell that a spreadsheet shows as text and never
 * evaluates (OWASP's "CSV injection"): a cell that starts (after spaces)
 * with = + - @, a tab or a carriage return, or their full-width forms, is
 * a formula to Excel, LibreOffice or Google Sheets, so it gets a leading
 * single quote and is quoted. Every CSV written for people goes through
 * this (export.c); numbers the program formatted itself go through
 * buf_add_csv_number so that -5 stays a number. */
void buf_add_csv_text(struct buf *b, struct slice s);
/* Appends s as is when it is a plain decimal number ("-12", "500.00"),
 * else as buf_add_csv_text does: a number column never carries a formula. */
void buf_add_csv_number(struct buf *b, struct slice s);
/* Whether a spreadsheet would take s, a cell's text, for a formula (see
 * buf_add_csv_text). */
bool csv_cell_is_formula(struct slice s);

struct slice slice_from(const char *s);
/* Inline, so that comparing with a literal costs no strlen. */
static inline bool slice_eq(struct slice a, const char *s)
{
	size_t n = strlen(s);
	return a.n == n && memcmp(a.p, s, n) == 0;
}
/* Without leading and trailing blanks. Inline: called for every field. */
static inline struct slice slice_trim(struct slice s)
{
	while (s.n && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.n--;
	}
	while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

/* Parses a whole slice as a decimal integer (optional sign, at most 18
 * digits); 0, or -1 when it is not one. */
static inline int slice_to_int(struct slice s, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (s.n && (s.p[0] == '-' || s.p[0] == '+')) {
		neg = s.p[0] == '-';
		i = 1;
	}
	if (i == s.n || s.n - i > 18)
		return -1;
	int64_t v = 0;
	for (; i < s.n; i++) {
		unsigned d = (unsigned char)s.p[i] - '0';
		if (d > 9)
			return -1;
		v = v * 10 + d;
	}
	*out = neg ? -v : v;
	return 0;
}
/* True when s is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *p, size_t n);

#endif
