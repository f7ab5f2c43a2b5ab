/* The device feed's group committer (see feed.c). */
#ifndef SUNROAD_FEED_H
#define SUNROAD_FEED_H

#include "ingest.h"
#include "overlimit.h"

struct feed;

/* One POST from a device. The request thread stages it (overlimit_feed_stage: read,
 * validate, judge), submits it, and is called back (done, on the committer
 * thread) once it is committed (rc 0: results say what became of each
 * record) or not (rc, e). done() owns rq and frees it: an HTTP request
 * whose client hung up meanwhile is never handed back to its handler, so
 * nothing may be left for one to free. */
struct feed_request {
	char site[17];     /* the site of the request's key */
	int64_t site_id;   /* its id in the registry (set by staging; 0: not there yet) */
	struct slice body; /* CSV, a JSON array or a JSON object; the submitter's */
	struct import_batch batch;
	struct import_result *results;
	struct import_summary sum;
	int rc;
	struct err e;
	void (*done)(struct feed_request *rq);
	void *arg;
	struct feed_request *next;
};

/* Reads, validates and judges the body's records into rq->batch, on the
 * request's thread (db: its connection, for the site registry); the photos
 * a JSON record carries go into photos, the store every photo a record
 * names must be in (NULL: none checked). Refuses the whole request
 * (nothing stored) when a record names another site, or carries a photo
 * that cannot be stored. */
int overlimit_feed_stage(struct db *db, const struct rulebook *book, struct photo_store *photos,
                         struct feed_request *rq, struct err *e);
/* Queues a staged rq; its done() is called once committed or refused. */
void overlimit_feed_submit(struct feed *f, struct feed_request *rq);
/* Writes the answer to a committed rq (what became of each record, with
 * its verdict) as JSON text into out, which it clears first. Reads only
 * rq, so any thread may call it: the committer's done() does, so that
 * nothing is left to free once the HTTP request is resumed. ERR_NOMEM
 * (out cleared) when jansson runs out of memory: never a partial list. */
int overlimit_feed_answer(const struct feed_request *rq, struct buf *out, struct err *e);
/* Frees what staging allocated. */
void overlimit_feed_request_release(struct feed_request *rq);

/* Starts the committer with its own connection to db_url. */
int overlimit_feed_start(struct feed **out, const char *db_url, struct err *e);
/* Stores what is queued, then stops the committer and frees f. */
void overlimit_feed_stop(struct feed *f);

#endif
