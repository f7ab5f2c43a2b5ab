/* One 64-bit hash for content digests: word-at-a-time multiply-xorshift.
 * Not cryptographic: it tells two versions of a record apart, and is fast
 * enough to run on every record of a million-record import. */
#ifndef SUNROAD_HASH_H
#define SUNROAD_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_SEED 0x243F6A8885A308D3ULL

static inline uint64_t hash_int(uint64_t h, int64_t v)
{
	h = (h ^ (uint64_t)v) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 29);
}

/* Hashes n bytes, their length included (so "ab","c" != "a","bc"). */
static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	h = hash_int(h, (int64_t)n);
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = hash_int(h, (int64_t)w);
	}
	uint64_t tail = 0;
	if (n > i)
		memcpy(&tail, s + i, n - i);
	return hash_int(h, (int64_t)tail);
}

#endif
