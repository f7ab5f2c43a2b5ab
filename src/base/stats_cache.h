/* Figures computed once and answered many times: a small cache of answers
 * (bytes), each kept while its module's data version stands still. Every
 * write of a module's data bumps its version (table data_versions) in the
 * same transaction, in any process, so a cached answer is never stale;
 * while one request computes a key, the others asking for it wait for it
 * instead of computing it again. One cache for the whole server. */
#ifndef SUNROAD_STATS_CACHE_H
#define SUNROAD_STATS_CACHE_H

#include "buf.h"
#include "db.h"
#include "err.h"

#include <stdint.h>

#define STATS_CACHE_ENTRIES 16
#define STATS_CACHE_KEY     96

/* The data version of module (0 before its first write). */
int stats_cache_version(struct db *db, const char *module, int64_t *version, struct err *e);
/* Bumps module's data version in the caller's transaction; call it last
 * before the commit, so that writers queue on it without deadlocking. */
int stats_cache_changed(struct db *db, const char *module, struct err *e);

/* Appends to out the answer of key (module's figures, named by the
 * caller: period, scope...) as cached for the module's present data
 * version, or computes it with compute(arg, out, e), which appends it to
 * out, and keeps it. */
int stats_cache_answer(struct db *db, const char *module, const char *key, struct buf *out,
                       int (*compute)(void *arg, struct buf *out, struct err *e), void *arg, struct err *e);

/* Forgets every answer (the server's stop). */
void stats_cache_clear(void);

#endif
