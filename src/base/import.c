/* The import loop every kind of record shares (see import.h).
 *
 * Threads: the reader reads and validates records (the kind's parse:
 * detections are judged there) into batches of staged rows; each writer
 * (the first on the caller's thread, which owns its database connection)
 * stores the batches handed to it. Each writer has two batch slots, so
 * that the reader fills one while the writer stores the other; the reader
 * never touches the database. With several writers (PostgreSQL), the
 * kind's route sends every record of one site to the same writer: their
 * transactions never wait for each other's sites.
 *
 * Crash safety comes from two facts: each batch of `batch` records is one
 * transaction, holding its quarantine rows too; and storing is idempotent
 * (the kind's store: a record's key, and its digest telling a duplicate
 * from a conflict). So after a kill at any moment, running the same
 * command again stores exactly what is missing, whichever writers had
 * committed what. */
#include "import.h"
#include "hash.h"
#include "stats_cache.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct pipeline;

/* One writer: its connection and context, its two slots, what it stored. */
struct writer {
	struct pipeline *p;
	struct db *db;
	void *ctx;
	struct import_batch slot[2];
	bool full[2]; /* handed over by the reader, not yet stored */
	int filling;  /* the slot the reader fills */
	struct import_summary sum;
	int rc;
	struct err e;
};

struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct writer w[IMPORT_WRITERS_MAX];
	int nwriters;
	bool stop; /* a writer gave up: everyone ends */
	struct record_reader *r;
	const struct import_kind *kind;
	void *ctx; /* the reader's */
	int64_t fault_at;
	int read_rc; /* at the end of the file: 0, or why it could not be read on */
	struct err read_err;
	off_t size; /* of the file, for the progress line */
	int64_t stored;
};

uint32_t import_keep(struct buf *arena, struct slice s)
{
	uint32_t off = (uint32_t)arena->n;
	buf_add(arena, s.p, s.n);
	return off;
}

/* Fault injection for the crash tests: SUNROAD_FAULT_KILL_AFTER=N makes the
 * process SIGKILL itself after reading N records, mid-transaction. */
static int64_t kill_after(void)
{
	const char *s = getenv("SUNROAD_FAULT_KILL_AFTER");
	return s ? strtoll(s, NULL, 10) : -1;
}

/* Appends the current record of r to b, validated by the kind's parse
 * (or refused with the reader's own reason). */
static void add_record(const struct import_kind *kind, void *ctx, const struct record_reader *r, struct import_batch *b)
{
	struct import_record *s = &b->records[b->count];
	void *row = b->rows + b->count * kind->row_size;
	s->line = r->line;
	s->raw_len = (uint32_t)r->raw.n;
	s->raw_off = import_keep(&b->arena, r->raw);
	s->why_len = 0;
	/* Not zeroed whole (half a kilobyte a record): err_set sets what it uses. */
	struct err why;
	why.code = 0;
	const struct err *refused = &r->why;
	if (!r->why.code) {
		kind->parse(ctx, r, row, &b->arena, &why);
		refused = &why;
	}
	if (refused->code) {
		s->why_len = (uint32_t)strlen(refused->msg);
		s->why_off = import_keep(&b->arena, (struct slice){ refused->msg, s->why_len });
	}
	b->count++;
}

static void batch_empty(struct import_batch *b)
{
	b->count = 0;
	b->last = false;
	buf_clear(&b->arena);
}

void import_fill(const struct import_kind *kind, void *ctx, struct record_reader *r, struct import_batch *b,
                 int64_t fault_at, int64_t *read)
{
	batch_empty(b);
	while (b->count < b->capacity) {
		int rc = record_next(r, &b->read_err);
		if (rc <= 0) {
			b->last = true;
			b->read_rc = rc;
			break;
		}
		if ((*read)++ == fault_at)
			raise(SIGKILL);
		add_record(kind, ctx, r, b);
	}
	b->bytes_read = r->bytes_read;
}

/* The writer of the reader's current record. */
static struct writer *writer_of(struct pipeline *p)
{
	if (p->nwriters == 1 || !p->kind->route)
		return &p->w[0];
	return &p->w[p->kind->route(p->r) % (uint64_t)p->nwriters];
}

/* Gives w the batch the reader filled for it (the last one, if last), and
 * waits for its other slot. False when the import stops. */
static bool hand_over(struct pipeline *p, struct writer *w, bool last)
{
	struct import_batch *b = &w->slot[w->filling];
	b->last = last;
	b->bytes_read = p->r->bytes_read;
	pthread_mutex_lock(&p->lock);
	w->full[w->filling] = true;
	pthread_cond_broadcast(&p->changed);
	w->filling ^= 1;
	while (w->full[w->filling] && !p->stop)
		pthread_cond_wait(&p->changed, &p->lock);
	bool go = !p->stop;
	pthread_mutex_unlock(&p->lock);
	if (go)
		batch_empty(&w->slot[w->filling]);
	return go;
}

static void *reader_main(void *arg)
{
	struct pipeline *p = arg;
	int64_t read = 0;
	int rc;
	struct err why = { 0 };
	bool go = true;
	while (go && (rc = record_next(p->r, &why)) > 0) {
		if (read++ == p->fault_at)
			raise(SIGKILL);
		struct writer *w = writer_of(p);
		struct import_batch *b = &w->slot[w->filling];
		add_record(p->kind, p->ctx, p->r, b);
		if (b->count == b->capacity)
			go = hand_over(p, w, false);
	}
	if (go) {
		p->read_rc = rc;
		p->read_err = why;
	}
	for (int i = 0; i < p->nwriters && go; i++)
		go = hand_over(p, &p->w[i], true);
	return NULL;
}

/* A progress line on a terminal; nothing when stderr is a file or a pipe. */
static void progress(const char *source, off_t size, uint64_t bytes, int64_t records, bool last)
{
	if (!isatty(2))
		return;
	if (size > 0)
		fprintf(stderr, "\r%s: %lld records, %3d%%", source, (long long)records,
		        (int)(bytes * 100 / (uint64_t)size));
	else
		fprintf(stderr, "\r%s: %lld records", source, (long long)records);
	if (last)
		fputc('\n', stderr);
}

int import_store(struct db *db, const struct import_kind *kind, void *ctx, const char *source,
                 const struct import_batch *b, struct import_summary *sum, struct import_result *results,
                 struct buf *scratch, struct err *e)
{
	struct import_result *bulk = NULL;
	if (kind->store_bulk) {
		bulk = calloc(b->count ? b->count : 1, sizeof *bulk);
		if (!bulk)
			return err_set(e, ERR_NOMEM, "out of memory storing a batch");
		int rc = kind->store_bulk(db, ctx, b, sum, bulk, e);
		if (rc) {
			free(bulk);
			return rc;
		}
	}
	int rc = 0;
	struct err store_why; /* a reason the kind's store found */
	for (size_t i = 0; i < b->count && rc == 0; i++) {
		const struct import_record *s = &b->records[i];
		struct slice raw = { b->arena.p + s->raw_off, s->raw_len };
		struct import_result local = { 0 }, *result = &local;
		sum->read++;
		if (s->why_len) {
			local.outcome = IMPORT_INVALID;
			local.site = b->site; /* unreadable, but a device's is from its site */
			local.why = (struct slice){ b->arena.p + s->why_off, s->why_len };
		} else if (bulk) {
			result = &bulk[i];
		} else {
			store_why.code = 0;
			rc = kind->store(db, ctx, b->rows + i * kind->row_size, b->arena.p, sum, &local, &store_why, e);
			if (local.outcome == IMPORT_INVALID)
				local.why = slice_from(store_why.msg);
		}
		if (rc == 0) {
			switch (result->outcome) {
			case IMPORT_STORED:
				sum->accepted++;
				break;
			case IMPORT_DUPLICATE:
				sum->duplicates++;
				break;
			case IMPORT_CONFLICT:
				sum->conflicts++;
				result->why = slice_from(kind->conflict_reason);
				rc = import_quarantine(db, kind->name, source, s->line, raw, result, scratch, e);
				break;
			case IMPORT_INVALID:
				sum->quarantined++;
				rc = import_quarantine(db, kind->name, source, s->line, raw, result, scratch, e);
				break;
			}
		}
		if (rc)
			err_prefix(e, "line %lld", (long long)s->line);
		else if (results)
			results[i] = *result;
	}
	free(bulk);
	return rc;
}

int import_stored(struct db *db, const struct import_kind *kind, void *ctx, struct err *e)
{
	return kind->stored ? kind->stored(db, ctx, e) : 0;
}

/* Stores one batch in one transaction. When the database gives up on it
 * for a reason that passes (two writers deadlocked on the same keys), the
 * batch is rolled back and stored again: it is still all in memory. */
static int store_batch(struct db *db, const struct import_kind *kind, void *ctx, const char *source,
                       const struct import_batch *b, struct import_summary *sum, struct buf *scratch, struct err *e)
{
	for (int attempt = 1;; attempt++) {
		struct import_summary before = *sum;
		if (kind->begin)
			kind->begin(ctx);
		int rc = db_begin(db, e);
		if (rc == 0)
			rc = import_store(db, kind, ctx, source, b, sum, NULL, scratch, e);
		if (rc == 0)
			rc = import_stored(db, kind, ctx, e);
		if (rc == 0 && kind->module)
			rc = stats_cache_changed(db, kind->module, e);
		if (rc == 0)
			rc = db_commit(db, e);
		if (rc == 0)
			return kind->committed ? kind->committed(db, ctx, e) : 0;
		db_rollback(db);
		*sum = before;
		if (rc != ERR_BUSY || attempt == 5)
			return rc;
		usleep((useconds_t)(20000 * attempt));
	}
}

int import_batch_init(struct import_batch *b, const struct import_kind *kind, size_t capacity)
{
	memset(b, 0, sizeof *b);
	buf_init(&b->arena);
	b->capacity = capacity;
	b->records = malloc(sizeof *b->records * capacity);
	b->rows = malloc(kind->row_size * capacity);
	return b->records && b->rows ? 0 : ERR_NOMEM;
}

void import_batch_release(struct import_batch *b)
{
	free(b->records);
	free(b->rows);
	buf_release(&b->arena);
	memset(b, 0, sizeof *b);
}

static void import_summary_add(struct import_summary *sum, const struct import_summary *more)
{
	sum->read += more->read;
	sum->accepted += more->accepted;
	sum->duplicates += more->duplicates;
	sum->conflicts += more->conflicts;
	sum->quarantined += more->quarantined;
	for (int i = 0; i < IMPORT_TALLIES; i++)
		sum->tally[i] += more->tally[i];
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	struct pipeline *p = w->p;
	struct buf scratch;
	buf_init(&scratch);
	for (int i = 0;; i ^= 1) {
		pthread_mutex_lock(&p->lock);
		while (!w->full[i] && !p->stop)
			pthread_cond_wait(&p->changed, &p->lock);
		bool stop = p->stop;
		pthread_mutex_unlock(&p->lock);
		if (stop)
			break;
		struct import_batch *b = &w->slot[i];
		int rc = b->count ? store_batch(w->db, p->kind, w->ctx, p->r->source, b, &w->sum, &scratch, &w->e) : 0;
		pthread_mutex_lock(&p->lock);
		bool last = b->last; /* the slot is the reader's once released */
		p->stored += (int64_t)b->count;
		progress(p->r->source, p->size, b->bytes_read, p->stored, false);
		w->full[i] = false;
		if (rc) {
			w->rc = rc;
			p->stop = true;
		}
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		if (last || rc)
			break;
	}
	buf_release(&scratch);
	return NULL;
}

int import_run(struct db *db, const struct import_kind *kind, void *ctx, const char *path, long batch,
               struct import_summary *sum, struct err *e)
{
	return import_run_writers(&db, &ctx, 1, kind, ctx, path, batch, sum, e);
}

int import_run_writers(struct db *const *db, void *const *writer_ctx, int nwriters, const struct import_kind *kind,
                       void *ctx, const char *path, long batch, struct import_summary *sum, struct err *e)
{
	if (nwriters < 1 || nwriters > IMPORT_WRITERS_MAX || (nwriters > 1 && !kind->route))
		return err_set(e, ERR_INVALID, "%d writers for %s records", nwriters, kind->name);
	struct record_reader r;
	int rc = record_open(&r, path, kind->schema, e);
	if (rc)
		return rc;
	if (r.format == RECORD_EMPTY)
		fprintf(stderr, "sunroad: %s: empty file, no records\n", path);
	struct stat st;

	struct pipeline *p = calloc(1, sizeof *p);
	bool ok = p != NULL;
	for (int k = 0; ok && k < nwriters; k++) {
		struct writer *w = &p->w[k];
		*w = (struct writer){ .p = p, .db = db[k], .ctx = writer_ctx[k] };
		for (int i = 0; i < 2; i++)
			ok = import_batch_init(&w->slot[i], kind, (size_t)batch) == 0 && ok;
	}
	pthread_t reader, writers[IMPORT_WRITERS_MAX];
	int started = 0;
	if (ok) {
		pthread_mutex_init(&p->lock, NULL);
		pthread_cond_init(&p->changed, NULL);
		p->nwriters = nwriters;
		p->r = &r;
		p->kind = kind;
		p->ctx = ctx;
		p->fault_at = kill_after();
		p->size = fstat(fileno(r.f), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
		ok = pthread_create(&reader, NULL, reader_main, p) == 0;
		if (!ok)
			rc = err_set(e, ERR_NOMEM, "cannot start a thread to read %s", path);
		/* Writer 0 is this thread: a SQLite connection stays on its own. */
		while (ok && started + 1 < nwriters &&
		       pthread_create(&writers[started], NULL, writer_main, &p->w[started + 1]) == 0)
			started++;
		if (ok && started + 1 < nwriters) {
			pthread_mutex_lock(&p->lock);
			p->stop = true; /* the reader and the writers started end */
			pthread_cond_broadcast(&p->changed);
			pthread_mutex_unlock(&p->lock);
			rc = err_set(e, ERR_NOMEM, "cannot start a thread to store %s", path);
		}
		if (ok) {
			writer_main(&p->w[0]);
			pthread_join(reader, NULL);
		}
		for (int k = 0; k < started; k++)
			pthread_join(writers[k], NULL);
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->changed);
	} else {
		rc = err_set(e, ERR_NOMEM, "out of memory importing %s", path);
	}
	for (int k = 0; p && k < nwriters; k++) {
		struct writer *w = &p->w[k];
		if (rc == 0 && w->rc)
			rc = w->rc, *e = w->e;
		import_summary_add(sum, &w->sum);
		for (int i = 0; i < 2; i++)
			import_batch_release(&w->slot[i]);
	}
	if (p && rc == 0 && p->read_rc < 0)
		rc = p->read_rc, *e = p->read_err;
	if (p && (rc || p->stored))
		progress(path, p->size, p->size, p->stored, true);
	if (rc)
		err_prefix(e, "%s", path);
	free(p);
	record_close(&r);
	return rc;
}

int import_quarantine(struct db *db, const char *kind, const char *source, int64_t line, struct slice raw,
                      const struct import_result *result, struct buf *scratch, struct err *e)
{
	struct slice reason = result->why;
	struct slice site = result->site.p ? result->site : (struct slice){ "", 0 };
	struct db_stmt *st =
	    db_prepare(db,
	               "INSERT INTO quarantine (kind, source, line, raw, raw_digest, reason, site, seq,"
	               " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
	               " ON CONFLICT (kind, source, line, raw_digest) DO NOTHING",
	               e);
	if (!st)
		return e->code;
	record_raw_printable(raw, scratch);
	db_bind_text(st, 1, kind, strlen(kind));
	db_bind_text(st, 2, source, strlen(source));
	db_bind_int(st, 3, line);
	db_bind_text(st, 4, scratch->p, scratch->n);
	db_bind_int(st, 5, (int64_t)hash_bytes(HASH_SEED, raw.p, raw.n));
	db_bind_text(st, 6, reason.p, reason.n);
	db_bind_text(st, 7, site.p, site.n);
	if (result->outcome == IMPORT_CONFLICT)
		db_bind_int(st, 8, result->seq);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, (int64_t)time(NULL));
	int rc = db_step(st, e);
	return rc < 0 ? rc : 0;
}
