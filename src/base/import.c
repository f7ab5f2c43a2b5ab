/* The import loop every kind of record shares (see import.h).
 *
 * Two threads: the reader reads and validates records (the kind's parse:
 * detections are judged there) into batches of staged rows; the writer
 * (the caller's thread, which owns the database connection) stores them.
 * Two batch slots let each work while the other does; the reader never
 * touches the database.
 *
 * Crash safety comes from two facts: each batch of `batch` records is one
 * transaction, holding its quarantine rows too; and storing is idempotent
 * (the kind's store: a record's key, and its digest telling a duplicate
 * from a conflict). So after a kill at any moment, running the same
 * command again stores exactly what is missing. */
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

struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct import_batch slot[2];
	bool full[2];
	bool stop; /* the writer gave up: the reader ends */
	struct record_reader *r;
	const struct import_kind *kind;
	void *ctx;
	int64_t fault_at;
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

void import_fill(const struct import_kind *kind, void *ctx, struct record_reader *r, struct import_batch *b,
                 int64_t fault_at, int64_t *read)
{
	b->count = 0;
	b->last = false;
	buf_clear(&b->arena);
	while (b->count < b->capacity) {
		int rc = record_next(r, &b->read_err);
		if (rc <= 0) {
			b->last = true;
			b->read_rc = rc;
			break;
		}
		if ((*read)++ == fault_at)
			raise(SIGKILL);
		struct import_record *s = &b->records[b->count];
		void *row = b->rows + b->count * kind->row_size;
		struct err why = { 0 };
		s->line = r->line;
		s->raw_len = (uint32_t)r->raw.n;
		s->raw_off = import_keep(&b->arena, r->raw);
		s->why_len = 0;
		if (r->why.code)
			why = r->why;
		else
			kind->parse(ctx, r, row, &b->arena, &why);
		if (why.code) {
			s->why_len = (uint32_t)strlen(why.msg);
			s->why_off = import_keep(&b->arena, (struct slice){ why.msg, s->why_len });
		}
		b->count++;
	}
	b->bytes_read = r->bytes_read;
}

static void *reader_main(void *arg)
{
	struct pipeline *p = arg;
	int64_t read = 0;
	for (int i = 0;; i ^= 1) {
		pthread_mutex_lock(&p->lock);
		while (p->full[i] && !p->stop)
			pthread_cond_wait(&p->changed, &p->lock);
		bool stop = p->stop;
		pthread_mutex_unlock(&p->lock);
		if (stop)
			break;
		struct import_batch *b = &p->slot[i];
		import_fill(p->kind, p->ctx, p->r, b, p->fault_at, &read);
		pthread_mutex_lock(&p->lock);
		p->full[i] = true;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		if (b->last)
			break;
	}
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
	if (kind->store_bulk && db_can_copy(db)) {
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
	for (size_t i = 0; i < b->count && rc == 0; i++) {
		const struct import_record *s = &b->records[i];
		struct slice raw = { b->arena.p + s->raw_off, s->raw_len };
		struct import_result result = { 0 };
		sum->read++;
		if (s->why_len) {
			result.outcome = IMPORT_INVALID;
			result.site = b->site; /* unreadable, but a device's is from its site */
			snprintf(result.why.msg, sizeof result.why.msg, "%.*s", (int)s->why_len,
			         b->arena.p + s->why_off);
		} else if (bulk) {
			result = bulk[i];
		} else {
			rc = kind->store(db, ctx, b->rows + i * kind->row_size, b->arena.p, sum, &result, e);
		}
		if (rc == 0) {
			switch (result.outcome) {
			case IMPORT_STORED:
				sum->accepted++;
				break;
			case IMPORT_DUPLICATE:
				sum->duplicates++;
				break;
			case IMPORT_CONFLICT:
				sum->conflicts++;
				err_set(&result.why, ERR_CONFLICT, "%s", kind->conflict_reason);
				rc = import_quarantine(db, kind->name, source, s->line, raw, &result, scratch, e);
				break;
			case IMPORT_INVALID:
				sum->quarantined++;
				rc = import_quarantine(db, kind->name, source, s->line, raw, &result, scratch, e);
				break;
			}
		}
		if (rc)
			err_prefix(e, "line %lld", (long long)s->line);
		else if (results)
			results[i] = result;
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
			return 0;
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

static int pipeline_init(struct pipeline *p, const struct import_kind *kind, size_t capacity)
{
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	p->kind = kind;
	int rc = 0;
	for (int i = 0; i < 2; i++)
		rc |= import_batch_init(&p->slot[i], kind, capacity);
	return rc;
}

static void pipeline_release(struct pipeline *p)
{
	for (int i = 0; i < 2; i++)
		import_batch_release(&p->slot[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->changed);
}

int import_run(struct db *db, const struct import_kind *kind, void *ctx, const char *path, long batch,
               struct import_summary *sum, struct err *e)
{
	struct record_reader r;
	int rc = record_open(&r, path, kind->schema, e);
	if (rc)
		return rc;
	if (r.format == RECORD_EMPTY)
		fprintf(stderr, "sunroad: %s: empty file, no records\n", path);
	struct stat st;
	off_t size = fstat(fileno(r.f), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;

	struct pipeline p;
	pthread_t reader;
	if (pipeline_init(&p, kind, (size_t)batch)) {
		pipeline_release(&p);
		record_close(&r);
		return err_set(e, ERR_NOMEM, "out of memory importing %s", path);
	}
	p.r = &r;
	p.ctx = ctx;
	p.fault_at = kill_after();
	if (pthread_create(&reader, NULL, reader_main, &p) != 0) {
		rc = err_set(e, ERR_NOMEM, "cannot start a thread to read %s", path);
		pipeline_release(&p);
		record_close(&r);
		return rc;
	}

	struct buf scratch;
	buf_init(&scratch);
	for (int i = 0;; i ^= 1) {
		pthread_mutex_lock(&p.lock);
		while (!p.full[i])
			pthread_cond_wait(&p.changed, &p.lock);
		pthread_mutex_unlock(&p.lock);
		struct import_batch *b = &p.slot[i];
		rc = store_batch(db, kind, ctx, r.source, b, sum, &scratch, e);
		if (rc == 0 && b->last && b->read_rc < 0)
			*e = b->read_err, rc = b->read_rc;
		bool last = b->last;
		uint64_t bytes = b->bytes_read; /* the slot is the reader's once released */
		pthread_mutex_lock(&p.lock);
		p.full[i] = false;
		p.stop = rc != 0;
		pthread_cond_broadcast(&p.changed);
		pthread_mutex_unlock(&p.lock);
		progress(path, size, bytes, sum->read, last || rc);
		if (last || rc)
			break;
	}
	pthread_join(reader, NULL);
	if (rc)
		err_prefix(e, "%s", path);
	buf_release(&scratch);
	pipeline_release(&p);
	record_close(&r);
	return rc;
}

int import_quarantine(struct db *db, const char *kind, const char *source, int64_t line, struct slice raw,
                      const struct import_result *result, struct buf *scratch, struct err *e)
{
	const char *reason = result->why.msg;
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
	db_bind_text(st, 6, reason, strlen(reason));
	db_bind_text(st, 7, site.p, site.n);
	if (result->outcome == IMPORT_CONFLICT)
		db_bind_int(st, 8, result->seq);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, (int64_t)time(NULL));
	int rc = db_step(st, e);
	return rc < 0 ? rc : 0;
}
