/* The device feed: detections POSTed by the sites' devices, stored with
 * group commit. Request threads hand each request's body to one committer
 * thread, which takes every request waiting, stores them all in one
 * transaction, and only then answers each: a 2xx means committed (SQLite
 * with synchronous=FULL, so it survives a power cut too), and a thousand
 * devices cost one fsync per group instead of one each.
 *
 * Storing is the import's own code (import_fill, import_store): the same
 * validation, verdicts, idempotence and quarantine as `sunroad ingest`. */
#include "base/metrics.h"
#include "feed.h"
#include "photos.h"
#include "ingest.h"
#include "../base/stats_cache.h"
#include "../base/log.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FEED_MAX_RECORDS      5000
#define FEED_MAX_RECORD_BYTES HTTP_MAX_BODY /* a body's records, without their photos */

struct feed {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct feed_request *head, *tail;
	bool stop;
	struct db *db;
	struct overlimit_env env; /* the committer's: partitions made */
	struct buf scratch;
};

/* ---- reading a body ----------------------------------------------------- */

static int records_too_large(struct err *e)
{
	return err_reason(e, ERR_TOO_LARGE, "body_too_large", ERR_ARGS(ERR_INT("max_bytes", FEED_MAX_RECORD_BYTES)),
	                  "the records are larger than %d bytes (their photos aside); send fewer at a time",
	                  FEED_MAX_RECORD_BYTES);
}

/* Opens a reader over the body's records and counts them (*count: at most
 * one more than allowed). CSV and a one-line JSON object are read as they
 * are; a JSON array (or an object over several lines) is parsed here, once,
 * and the reader walks the parsed elements. */
static int open_body(struct feed_request *rq, struct photo_store *photos, struct record_reader *r, size_t *count,
                     struct err *e)
{
	const char *p = rq->body.p;
	size_t n = rq->body.n;
	while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++, n--;
	if (n == 0)
		return err_set(e, ERR_INVALID, "the body is empty: send a JSON array, a JSON object or CSV");
	bool json = *p == '[' || *p == '{';
	if (!json && rq->body.n > FEED_MAX_RECORD_BYTES)
		return records_too_large(e);
	/* A one-line object is a line of JSON Lines, unless it carries photos
	 * (an array, parsed here). */
	if (!json || (*p == '{' && !memchr(p, '\n', n) && !memmem(p, n, "\"photos\"", 8))) {
		/* Room for every line (a record is one), and one more than allowed. */
		*count = 1;
		for (const char *q = p; (q = memchr(q, '\n', n - (size_t)(q - p))); q++)
			(*count)++;
		return record_open_memory(r, rq->body.p, rq->body.n, "request", &detection_schema, e);
	}
	json_error_t je;
	/* A record with a key twice is quarantined, as a line of JSON Lines is. */
	json_t *v = record_json_load(p, n, &je);
	if (!v)
		return err_set(e, ERR_PARSE, "the body is not JSON: %s (line %d, column %d)", je.text, je.line,
		               je.column);
	*count = json_is_array(v) ? json_array_size(v) : 1;
	/* The photos a record carries go to the store now; the record keeps
	 * their hashes. Its records, without the photos, are held to the
	 * limit of a body without any. */
	size_t data_bytes = 0;
	int rc = 0;
	if (*count > FEED_MAX_RECORDS)
		rc = err_set(e, ERR_TOO_LARGE, "%zu records in one request; send at most %d", *count, FEED_MAX_RECORDS);
	else if (*count == 0)
		rc = err_set(e, ERR_INVALID, "the array holds no records");
	for (size_t i = 0; rc == 0 && i < *count; i++)
		rc = overlimit_photos_json(photos, json_is_array(v) ? json_array_get(v, i) : v, (int)i + 1, &data_bytes,
		                           e);
	if (rc == 0 && n - (data_bytes < n ? data_bytes : n) > FEED_MAX_RECORD_BYTES)
		rc = records_too_large(e);
	if (rc == 0)
		/* A non-object element is read as a record all the same: the reader quarantines it. */
		rc = record_open_json(r, v, "request", &detection_schema, e);
	json_decref(v);
	return rc;
}

/* Refuses the whole request when one of its valid records names another
 * site than the key's: a device sends for its own site only. (A record too
 * broken to judge is quarantined under the key's site, like any other.) */
static int check_sites(const struct feed_request *rq, struct err *e)
{
	const struct import_batch *b = &rq->batch;
	for (size_t i = 0; i < b->count; i++) {
		const struct detection_row *x = (const void *)(b->rows + i * detection_import.row_size);
		struct slice site = { b->arena.p + x->site_off, x->d.site.n };
		if (b->records[i].why_len == 0 && !slice_eq(site, rq->site))
			return err_set(e, ERR_FORBIDDEN,
			               "line %lld is for site '%.*s' but the key is site %s's; nothing stored",
			               (long long)b->records[i].line, (int)site.n, site.p, rq->site);
	}
	return 0;
}

/* The request threads' own site registries and rules, reloaded now and
 * then (certificates get renewed), freed when the thread ends. */
struct stage_env {
	struct overlimit_env env;
	time_t loaded;
};
static pthread_key_t stage_key;
static pthread_once_t stage_once = PTHREAD_ONCE_INIT;

static void stage_env_free(void *p)
{
	struct stage_env *s = p;
	overlimit_site_table_release(&s->env.sites);
	free(s);
}

static void stage_key_create(void)
{
	pthread_key_create(&stage_key, stage_env_free);
}

static int stage_env_get(struct db *db, const struct rulebook *book, struct photo_store *photos,
                         struct overlimit_env **out, struct err *e)
{
	pthread_once(&stage_once, stage_key_create);
	struct stage_env *s = pthread_getspecific(stage_key);
	if (!s) {
		if (!(s = calloc(1, sizeof *s)))
			return err_set(e, ERR_NOMEM, "out of memory");
		overlimit_site_table_init(&s->env.sites);
		pthread_setspecific(stage_key, s);
	}
	time_t now = time(NULL);
	if (!s->loaded || now - s->loaded >= 10) {
		struct site_table fresh;
		overlimit_site_table_init(&fresh);
		int rc = overlimit_sites_load(db, &fresh, e);
		if (rc) {
			overlimit_site_table_release(&fresh);
			return rc;
		}
		overlimit_site_table_release(&s->env.sites);
		s->env.sites = fresh;
		s->loaded = now;
	}
	s->env.rules.book = book;
	s->env.photos = photos;
	*out = &s->env;
	return 0;
}

int overlimit_feed_stage(struct db *db, const struct rulebook *book, struct photo_store *photos,
                         struct feed_request *rq, struct err *e)
{
	struct overlimit_env *env = NULL;
	struct record_reader r;
	size_t count = 0;
	int rc = stage_env_get(db, book, photos, &env, e);
	if (rc == 0) {
		const struct site *site = overlimit_site_table_find(&env->sites, slice_from(rq->site));
		rq->site_id = site ? site->id : 0;
		rc = open_body(rq, photos, &r, &count, e);
	}
	if (rc)
		return rc;
	/* Room for every record, and one more than allowed: a batch past the
	 * limit means too many records. */
	if (import_batch_init(&rq->batch, &detection_import, count < FEED_MAX_RECORDS ? count : FEED_MAX_RECORDS + 1) ==
	    0) {
		int64_t read = 0;
		import_fill(&detection_import, env, &r, &rq->batch, -1, &read);
		rq->batch.site = slice_from(rq->site);
		if (rq->batch.read_rc < 0) {
			*e = rq->batch.read_err;
			rc = rq->batch.read_rc;
		} else if (rq->batch.count > FEED_MAX_RECORDS) {
			rc = err_set(e, ERR_TOO_LARGE, "more than %d records in one request; send fewer",
			             FEED_MAX_RECORDS);
		}
	} else {
		rc = err_set(e, ERR_NOMEM, "out of memory");
	}
	record_close(&r);
	if (rc == 0)
		rc = check_sites(rq, e);
	if (rc == 0 && !(rq->results = calloc(rq->batch.count + 1, sizeof *rq->results)))
		rc = err_set(e, ERR_NOMEM, "out of memory");
	return rc;
}

/* ---- storing ---------------------------------------------------------- */

/* Stores the staged requests of group[0..n) in one transaction, retried
 * when the database is busy. */
static int store_group(struct feed *f, struct feed_request **group, size_t n, struct err *e)
{
	for (int attempt = 1;; attempt++) {
		overlimit_env_begin(&f->env);
		int rc = db_begin(f->db, e);
		int64_t now = (int64_t)time(NULL);
		for (size_t i = 0; i < n && rc == 0; i++) {
			struct feed_request *rq = group[i];
			memset(&rq->sum, 0, sizeof rq->sum);
			char source[32];
			snprintf(source, sizeof source, "api:%s", rq->site);
			rc = import_store(f->db, &detection_import, &f->env, source, &rq->batch, &rq->sum, rq->results,
			                  &f->scratch, e);
			/* A device that posts is alive now, whatever its records'
			 * times: its site's last_seen_at moves to now, with the
			 * group's other sites, in one statement each. */
			if (rc == 0 && rq->site_id)
				rc = overlimit_env_seen(f->db, &f->env, rq->site_id, now, e);
		}
		if (rc == 0)
			rc = import_stored(f->db, &detection_import, &f->env, e);
		if (rc == 0)
			rc = stats_cache_changed(f->db, "overlimit", e);
		if (rc == 0)
			rc = db_commit(f->db, e);
		if (rc == 0)
			return 0;
		db_rollback(f->db);
		if (rc != ERR_BUSY || attempt == 5)
			return rc;
		usleep((useconds_t)(5000 * attempt));
	}
}

static const char *const outcome_names[] = { "accepted", "duplicate", "conflict", "quarantined" };

/* Sets key of o to v (stolen), and clears *ok when that failed: jansson
 * drops a member it has no memory for without a word. */
static void answer_set(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (json_object_set_new(o, key, v) != 0)
		*ok = false;
}

/* json_dump_callback's sink: the answer goes straight into the buffer. */
static int answer_append(const char *p, size_t n, void *data)
{
	buf_add(data, p, n);
	return 0;
}

int overlimit_feed_answer(const struct feed_request *rq, struct buf *out, struct err *e)
{
	bool ok = true;
	json_t *results = json_array();
	const struct import_batch *b = &rq->batch;
	for (size_t i = 0; results && ok && i < b->count; i++) {
		const struct import_result *res = &rq->results[i];
		const struct detection_row *x = (const void *)(b->rows + i * detection_import.row_size);
		json_t *o = json_object();
		if (!o || json_array_append_new(results, o) != 0) {
			ok = false;
			break;
		}
		if (res->outcome == IMPORT_INVALID) {
			answer_set(o, "line", json_integer(b->records[i].line), &ok);
			answer_set(o, "reason", json_stringn(res->why.p, res->why.n), &ok);
		} else {
			answer_set(o, "seq", json_integer(x->d.seq), &ok);
		}
		answer_set(o, "status", json_string(outcome_names[res->outcome]), &ok);
		if (res->outcome == IMPORT_STORED) {
			answer_set(o, "overlimit", json_boolean(x->v.overlimit), &ok);
			answer_set(o, "ton100", json_boolean(x->v.ton100), &ok);
			answer_set(o, "penalty", json_string(penalty_names[x->v.penalty]), &ok);
			answer_set(o, "fine_fen", json_integer(x->v.fine_fen), &ok);
			answer_set(o, "limit_kg", json_integer(x->v.limit_kg), &ok);
			answer_set(o, "judged_kg", json_integer(x->v.judged_kg), &ok);
			answer_set(o, "over_kg", json_integer(x->v.over_kg), &ok);
			answer_set(o, "admissible", json_boolean(x->v.admissible), &ok);
		}
	}
	json_t *answer =
	    results && ok ? json_pack("{s:I,s:I,s:I,s:I,s:O}", "accepted", (json_int_t)rq->sum.accepted, "duplicates",
	                              (json_int_t)rq->sum.duplicates, "conflicts", (json_int_t)rq->sum.conflicts,
	                              "quarantined", (json_int_t)rq->sum.quarantined, "results", results)
	                  : NULL;
	json_decref(results);
	buf_clear(out);
	if (!answer || json_dump_callback(answer, answer_append, out, JSON_COMPACT | JSON_REAL_PRECISION(10)) != 0) {
		json_decref(answer);
		buf_clear(out);
		return err_set(e, ERR_NOMEM,
		               "out of memory writing the answer: the records are stored; send them "
		               "again to hear what became of each");
	}
	json_decref(answer);
	return 0;
}

void overlimit_feed_request_release(struct feed_request *rq)
{
	import_batch_release(&rq->batch);
	free(rq->results);
	rq->results = NULL;
}

static void commit_group(struct feed *f, struct feed_request *list)
{
	size_t n = 0;
	int64_t records = 0;
	for (struct feed_request *r = list; r; r = r->next) {
		n++;
		records += (int64_t)r->batch.count;
	}
	struct feed_request **group = calloc(n, sizeof *group);
	struct err e = { 0 };
	int rc = group ? 0 : err_set(&e, ERR_NOMEM, "out of memory");
	n = 0;
	for (struct feed_request *r = list; r && group; r = r->next)
		group[n++] = r;
	if (rc == 0)
		rc = store_group(f, group, n, &e);
	if (rc && n > 1) {
		/* One request's trouble must not fail the others: each alone. */
		log_warn("group commit failed; storing requests one by one", "error=\"%s\"", e.msg);
		for (size_t k = 0; k < n; k++) {
			struct err one = { 0 };
			group[k]->rc = store_group(f, &group[k], 1, &one);
			group[k]->e = one;
		}
	} else {
		/* The list, not the group: without memory for the group, every
		 * request must still hear that nothing was stored. */
		for (struct feed_request *r = list; r; r = r->next) {
			r->rc = rc;
			r->e = e;
		}
	}
	metrics_feed_queue(-records);
	metrics_feed_group(records);
	/* done() may free the request: read next first. */
	for (struct feed_request *r = list, *next; r; r = next) {
		next = r->next;
		r->done(r);
	}
	free(group);
}

static void *committer_main(void *arg)
{
	struct feed *f = arg;
	for (;;) {
		pthread_mutex_lock(&f->lock);
		while (!f->head && !f->stop)
			pthread_cond_wait(&f->wake, &f->lock);
		struct feed_request *list = f->head;
		f->head = f->tail = NULL;
		bool stop = f->stop;
		pthread_mutex_unlock(&f->lock);
		if (list)
			commit_group(f, list);
		else if (stop)
			break;
	}
	return NULL;
}

int overlimit_feed_start(struct feed **out, const char *db_url, struct err *e)
{
	struct feed *f = calloc(1, sizeof *f);
	if (!f)
		return err_set(e, ERR_NOMEM, "out of memory");
	/* FULL: an answered record survives a power cut, not only a crash. */
	struct db_options opt = { .sync_full = true };
	int rc = db_open(&f->db, db_url, &opt, e);
	if (rc) {
		free(f);
		return rc;
	}
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->wake, NULL);
	overlimit_site_table_init(&f->env.sites);
	buf_init(&f->scratch);
	if (pthread_create(&f->thread, NULL, committer_main, f) != 0) {
		db_close(f->db);
		free(f);
		return err_set(e, ERR_NOMEM, "cannot start the feed's committer thread");
	}
	*out = f;
	return 0;
}

void overlimit_feed_submit(struct feed *f, struct feed_request *rq)
{
	rq->next = NULL;
	metrics_feed_queue((int64_t)rq->batch.count);
	pthread_mutex_lock(&f->lock);
	if (f->tail)
		f->tail->next = rq;
	else
		f->head = rq;
	f->tail = rq;
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->lock);
}

void overlimit_feed_stop(struct feed *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->stop = true;
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	overlimit_site_table_release(&f->env.sites);
	buf_release(&f->scratch);
	db_close(f->db);
	pthread_mutex_destroy(&f->lock);
	pthread_cond_destroy(&f->wake);
	free(f);
}
