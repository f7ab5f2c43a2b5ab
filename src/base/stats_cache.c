/* The cache of computed figures (see stats_cache.h). */
#include "stats_cache.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct entry {
	char key[STATS_CACHE_KEY]; /* "module|key" */
	int64_t version;
	char *bytes;
	size_t len;
	int64_t used;
} entries[STATS_CACHE_ENTRIES];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t clock_ticks;

/* The keys being computed, and the condition their computers signal. */
static char busy[STATS_CACHE_ENTRIES][STATS_CACHE_KEY];
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;

int stats_cache_version(struct db *db, const char *module, int64_t *version, struct err *e)
{
	*version = 0;
	int rc =
	    db_get_int(db, "SELECT version FROM data_versions WHERE name = $1", DB_ARGS(DB_TEXT(module)), version, e);
	return rc < 0 ? rc : 0;
}

int stats_cache_changed(struct db *db, const char *module, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE data_versions SET version = version + 1 WHERE name = $1", e);
	if (!st)
		return e ? e->code : ERR_DB;
	db_bind_text(st, 1, module, strlen(module));
	int rc = db_step(st, e);
	return rc < 0 ? rc : 0;
}

static int busy_slot(const char *key)
{
	for (int i = 0; i < STATS_CACHE_ENTRIES; i++)
		if (strcmp(busy[i], key) == 0)
			return i;
	return -1;
}

/* Copies the answer of key at version into out and returns true; or marks
 * key as being computed (waiting while another thread computes it) and
 * returns false. */
static bool lookup(const char *key, int64_t version, struct buf *out)
{
	pthread_mutex_lock(&lock);
	for (;;) {
		for (int i = 0; i < STATS_CACHE_ENTRIES; i++) {
			struct entry *s = &entries[i];
			if (s->bytes && s->version == version && strcmp(s->key, key) == 0) {
				buf_add(out, s->bytes, s->len);
				s->used = ++clock_ticks;
				pthread_mutex_unlock(&lock);
				return true;
			}
		}
		if (busy_slot(key) < 0)
			break;
		pthread_cond_wait(&done, &lock);
	}
	int slot = busy_slot("");
	if (slot >= 0) /* all slots busy: compute without telling the others */
		snprintf(busy[slot], sizeof busy[0], "%s", key);
	pthread_mutex_unlock(&lock);
	return false;
}

/* Ends the computation of key: keeps its answer (bytes, NULL: none), in
 * place of the least recently used one, and wakes those waiting. */
static void finish(const char *key, int64_t version, char *bytes, size_t len)
{
	pthread_mutex_lock(&lock);
	int slot = busy_slot(key);
	if (slot >= 0)
		busy[slot][0] = '\0';
	if (bytes) {
		struct entry *victim = &entries[0];
		for (int i = 1; i < STATS_CACHE_ENTRIES; i++)
			if (entries[i].used < victim->used)
				victim = &entries[i];
		free(victim->bytes);
		snprintf(victim->key, sizeof victim->key, "%s", key);
		victim->version = version;
		victim->bytes = bytes;
		victim->len = len;
		victim->used = ++clock_ticks;
	}
	pthread_cond_broadcast(&done);
	pthread_mutex_unlock(&lock);
}

int stats_cache_answer(struct db *db, const char *module, const char *key, struct buf *out,
                       int (*compute)(void *arg, struct buf *out, struct err *e), void *arg, struct err *e)
{
	int64_t version;
	int rc = stats_cache_version(db, module, &version, e);
	if (rc)
		return rc;
	char full[STATS_CACHE_KEY];
	if (snprintf(full, sizeof full, "%s|%s", module, key) >= (int)sizeof full)
		return compute(arg, out, e); /* too long to cache: computed each time */
	if (lookup(full, version, out))
		return 0;
	size_t start = out->n;
	rc = compute(arg, out, e);
	char *copy = rc == 0 ? malloc(out->n - start + 1) : NULL;
	if (copy)
		memcpy(copy, out->p + start, out->n - start);
	finish(full, version, copy, out->n - start);
	return rc;
}

void stats_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (int i = 0; i < STATS_CACHE_ENTRIES; i++) {
		free(entries[i].bytes);
		entries[i].bytes = NULL;
	}
	pthread_mutex_unlock(&lock);
}
