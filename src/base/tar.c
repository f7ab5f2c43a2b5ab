/* The tar format of tar.h: 512-byte headers in octal ASCII, each entry's
 * bytes padded to a block, two zero blocks at the end. `tar -tvf` reads
 * what this writes. */
#include "tar.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

enum { BLOCK = 512 };

static void octal(char *field, size_t width, uint64_t v)
{
	/* width - 1 digits and a NUL. */
	field[width - 1] = '\0';
	for (size_t i = width - 1; i-- > 0; v >>= 3)
		field[i] = (char)('0' + (v & 7));
}

static unsigned checksum(const unsigned char *h)
{
	unsigned sum = 0;
	for (int i = 0; i < BLOCK; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	return sum;
}

static int write_all(FILE *f, const void *p, size_t n, struct err *e)
{
	if (fwrite(p, 1, n, f) != n)
		return err_set(e, ERR_IO, "cannot write the archive: %s", strerror(errno));
	return 0;
}

int tar_header_write(FILE *f, const char *name, uint64_t size, int64_t mtime, struct err *e)
{
	unsigned char h[BLOCK] = { 0 };
	size_t n = strlen(name);
	if (n == 0 || n > 100)
		return err_set(e, ERR_INVALID, "archive entry name '%.40s' is empty or longer than 100 bytes", name);
	memcpy(h, name, n);
	octal((char *)h + 100, 8, 0644);
	octal((char *)h + 108, 8, 0);
	octal((char *)h + 116, 8, 0);
	if (size < 077777777777ull) {
		octal((char *)h + 124, 12, size);
	} else {
		/* GNU base-256: a set high bit, then the size big-endian. */
		h[124] = 0x80;
		for (int i = 11; i > 3; i--, size >>= 8)
			h[124 + i] = (unsigned char)(size & 0xff);
	}
	octal((char *)h + 136, 12, mtime > 0 ? (uint64_t)mtime : 0);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "sunroad", 7);
	memcpy(h + 297, "sunroad", 7);
	char sum[8];
	octal(sum, 7, checksum(h));
	memcpy(h + 148, sum, 7);
	h[155] = ' ';
	return write_all(f, h, BLOCK, e);
}

int tar_pad(FILE *f, uint64_t size, struct err *e)
{
	static const unsigned char zeros[BLOCK];
	size_t rest = (size_t)(size % BLOCK);
	return rest ? write_all(f, zeros, BLOCK - rest, e) : 0;
}

int tar_end(FILE *f, struct err *e)
{
	static const unsigned char zeros[2 * BLOCK];
	return write_all(f, zeros, sizeof zeros, e);
}

/* An octal field (spaces and NULs around the digits), or -1. */
static int64_t octal_read(const unsigned char *p, size_t width)
{
	size_t i = 0;
	while (i < width && p[i] == ' ')
		i++;
	uint64_t v = 0;
	size_t digits = 0;
	for (; i < width && p[i] >= '0' && p[i] <= '7'; i++, digits++)
		v = v << 3 | (uint64_t)(p[i] - '0');
	for (; i < width; i++)
		if (p[i] != ' ' && p[i] != '\0')
			return -1;
	return digits && digits < 22 ? (int64_t)v : -1;
}

int tar_header_read(FILE *f, char name[257], uint64_t *size, struct err *e)
{
	unsigned char h[BLOCK];
	size_t got = fread(h, 1, BLOCK, f);
	if (got != BLOCK)
		return ferror(f) ? err_set(e, ERR_IO, "cannot read the archive: %s", strerror(errno))
		                 : err_set(e, ERR_INVALID, "the archive ends in the middle (truncated?)");
	bool zero = true;
	for (int i = 0; i < BLOCK && zero; i++)
		zero = h[i] == 0;
	if (zero)
		return 0;
	if (octal_read(h + 148, 8) != (int64_t)checksum(h))
		return err_set(e, ERR_INVALID, "the archive is damaged or is no tar archive (header checksum)");
	if (h[156] != '0' && h[156] != '\0')
		return err_set(e, ERR_INVALID, "the archive holds an entry that is not a regular file (type '%c')",
		               h[156] >= ' ' && h[156] < 127 ? h[156] : '?');
	if (h[124] & 0x80) {
		uint64_t v = 0;
		for (int i = 4; i < 12; i++)
			v = v << 8 | h[124 + i];
		*size = v;
	} else {
		int64_t v = octal_read(h + 124, 12);
		if (v < 0)
			return err_set(e, ERR_INVALID, "the archive is damaged (an entry's size)");
		*size = (uint64_t)v;
	}
	/* ustar: the prefix, a slash, the name. */
	char prefix[156] = "", base[101] = "";
	if (memcmp(h + 257, "ustar", 5) == 0)
		memcpy(prefix, h + 345, 155);
	memcpy(base, h, 100);
	snprintf(name, 257, "%s%s%s", prefix, *prefix ? "/" : "", base);
	return 1;
}

int tar_skip_pad(FILE *f, uint64_t size, struct err *e)
{
	unsigned char pad[BLOCK];
	size_t rest = (size_t)(size % BLOCK);
	if (rest && fread(pad, 1, BLOCK - rest, f) != BLOCK - rest)
		return err_set(e, ERR_INVALID, "the archive ends in the middle (truncated?)");
	return 0;
}
