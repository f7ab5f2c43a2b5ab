/* The indexes of the months an ingest loads (schema 0010), built on a
 * connection of the ingest's own while its writers go on loading.
 *
 * A writer that built a month's indexes itself after a commit held up the
 * whole ingest: the reader, filling batches for every writer in file
 * order, stopped at that writer's full slots, so the other writer ran
 * dry too (bench/RESULTS.md, sixth round). The builder builds a month
 * once every writer has committed a batch past it, so no writer waits
 * for its lock (records come in time order, mostly; a late one only
 * waits), and when they are done, every month they loaded, with the
 * writers building beside it (month_builder_help: each builder claims the
 * month it builds, so no two build the same one). The writers
 * keep their months' loading locks until then (sunroad_loaded), so no
 * other ingest or server takes the months for orphans; the builder
 * touches only months whose loading lock one of its writers holds. A
 * writer that gets no records (a file of one site) holds the builder
 * back to the end: correct, only slower. */
#include "overlimit.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct month_builder {
	struct db *db;
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t moved;
	int nwriters;
	int32_t at[IMPORT_WRITERS_MAX];        /* the earliest month of each writer's last commit; 0: none yet */
	char loaders[16 * IMPORT_WRITERS_MAX]; /* the writers' backend pids, '{1,2}' */
	bool finishing;                        /* the writers are done: every month of theirs now */
	int rc;
	struct err e;
};

/* The month every writer has moved past (0: not all have committed). */
static int32_t moved_past(const struct month_builder *b)
{
	int32_t low = 0;
	for (int i = 0; i < b->nwriters; i++) {
		if (!b->at[i])
			return 0;
		if (!low || b->at[i] < low)
			low = b->at[i];
	}
	return low;
}

/* Indexes, on db, the writers' months before `before` that no other
 * session is building, one transaction each, until none is left to take.
 * A build the server gave up on for a reason that passes (a deadlock with
 * a writer indexing every month before a lookup by key) is tried again,
 * as the writers' batches are. */
static int build_months(struct db *db, const char *loaders, int32_t before, struct err *e)
{
	for (int busy = 0;;) {
		int64_t built = 0;
		int rc =
		    db_get_int(db, "SELECT CAST(sunroad_build_loading_month(CAST($1 AS INTEGER[]), $2) AS INTEGER)",
		               DB_ARGS(DB_TEXT(loaders), DB_INT(before)), &built, e);
		if (rc == ERR_BUSY && ++busy < 5)
			usleep((useconds_t)(20000 * busy));
		else if (rc < 0)
			return rc;
		else if (!built)
			return 0;
		else
			busy = 0;
	}
}

static void *builder_main(void *arg)
{
	struct month_builder *b = arg;
	int32_t built_before = 0;
	pthread_mutex_lock(&b->lock);
	for (;;) {
		bool last = b->finishing;
		int32_t before = last ? INT32_MAX : moved_past(b);
		if (before <= built_before) {
			if (last)
				break;
			pthread_cond_wait(&b->moved, &b->lock);
			continue;
		}
		pthread_mutex_unlock(&b->lock);
		/* While the writers load, one process a build (the writers want
		 * the other core); at the end, all the parallel workers there are. */
		int rc = last ? db_exec(b->db, "RESET max_parallel_maintenance_workers", &b->e) : 0;
		if (rc == 0)
			rc = build_months(b->db, b->loaders, before, &b->e);
		pthread_mutex_lock(&b->lock);
		built_before = before;
		if (rc < 0) {
			b->rc = rc;
			break;
		}
	}
	pthread_mutex_unlock(&b->lock);
	return NULL;
}

int month_builder_start(struct month_builder **out, const char *url, const struct overlimit_writers *w, struct err *e)
{
	*out = NULL;
	struct month_builder *b = calloc(1, sizeof *b);
	if (!b)
		return err_set(e, ERR_NOMEM, "out of memory starting the month builder");
	b->nwriters = w->n;
	size_t used = (size_t)snprintf(b->loaders, sizeof b->loaders, "{");
	for (int i = 0; i < w->n; i++) {
		int64_t pid = 0;
		if (db_get_int(w->db[i], "SELECT pg_backend_pid()", DB_NO_ARGS, &pid, e) < 0) {
			free(b);
			return e->code;
		}
		used += (size_t)snprintf(b->loaders + used, sizeof b->loaders - used, "%s%lld", i ? "," : "",
		                         (long long)pid);
	}
	snprintf(b->loaders + used, sizeof b->loaders - used, "}");
	int rc = db_open(&b->db, url, NULL, e);
	if (rc == 0)
		rc = db_exec(b->db, "SET max_parallel_maintenance_workers = 0", e);
	if (rc) {
		db_close(b->db);
		free(b);
		return rc;
	}
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->moved, NULL);
	b->running = pthread_create(&b->thread, NULL, builder_main, b) == 0;
	if (!b->running) {
		month_builder_free(b);
		return err_set(e, ERR_NOMEM, "cannot start a thread to build the months' indexes");
	}
	*out = b;
	return 0;
}

void month_builder_moved(struct month_builder *b, int writer, int32_t month)
{
	pthread_mutex_lock(&b->lock);
	b->at[writer] = month;
	pthread_cond_signal(&b->moved);
	pthread_mutex_unlock(&b->lock);
}

void month_builder_writers_done(struct month_builder *b)
{
	pthread_mutex_lock(&b->lock);
	b->finishing = true;
	pthread_cond_signal(&b->moved);
	pthread_mutex_unlock(&b->lock);
}

int month_builder_help(const struct month_builder *b, struct db *db, struct err *e)
{
	return build_months(db, b->loaders, INT32_MAX, e);
}

int month_builder_finish(struct month_builder *b, struct err *e)
{
	if (!b->running)
		return 0;
	month_builder_writers_done(b);
	pthread_join(b->thread, NULL);
	b->running = false;
	if (b->rc)
		*e = b->e;
	return b->rc;
}

void month_builder_free(struct month_builder *b)
{
	if (!b)
		return;
	struct err ignored;
	month_builder_finish(b, &ignored);
	db_close(b->db);
	pthread_mutex_destroy(&b->lock);
	pthread_cond_destroy(&b->moved);
	free(b);
}
