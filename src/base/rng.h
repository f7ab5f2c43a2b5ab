/* Random numbers a seed reproduces on every platform (rand() promises
 * nothing of the kind): splitmix64, for the demo's generators and the
 * case-file review's sample. Integer arithmetic only. */
#ifndef SUNROAD_BASE_RNG_H
#define SUNROAD_BASE_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct rng {
	uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* 0..n-1 (0 when n < 1). */
static inline int rng_below(struct rng *r, int n)
{
	return n > 0 ? (int)(rng_next(r) % (uint64_t)n) : 0;
}

/* True per_mille times in a thousand. */
static inline bool rng_chance(struct rng *r, int per_mille)
{
	return rng_below(r, 1000) < per_mille;
}

#endif
