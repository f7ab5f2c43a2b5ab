/* Importing records with quarantine, the same way for every kind of
 * record (detections, unloading records, and to come: tickets, footage,
 * case documents): a file read and validated on one thread while the
 * records are stored on another (or several: import_run_writers), in
 * batched idempotent transactions;
 * duplicates and conflicts counted; every refused record quarantined with
 * its source, line, text and reason, in the same transaction.
 *
 * A kind says how to validate one record and how to store it; what it
 * needs for that (its registry, its rules) is its context, opaque here. */
#ifndef SUNROAD_IMPORT_H
#define SUNROAD_IMPORT_H

#include "buf.h"
#include "db.h"
#include "err.h"
#include "records.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum import_outcome { IMPORT_STORED, IMPORT_DUPLICATE, IMPORT_CONFLICT, IMPORT_INVALID };

/* What became of one record. For a conflict, site and seq name the stored
 * record it differs from (the quarantine's columns); for an invalid or a
 * conflicting record, why says what is wrong (in the batch's arena, or
 * the kind's conflict_reason): small, since a batch has one per record. */
struct import_result {
	enum import_outcome outcome;
	struct slice why;
	struct slice site;
	int64_t seq;
};

/* What an import did. tally: the kind's own counts of what it stored (the
 * detections over the limit, say), by indexes the kind defines. */
#define IMPORT_TALLIES 4
struct import_summary {
	int64_t read, accepted, duplicates, conflicts, quarantined;
	int64_t tally[IMPORT_TALLIES];
};

/* One record on its way from the reader to the writer. */
struct import_record {
	int64_t line;
	uint32_t raw_off, raw_len; /* its text, in the arena */
	uint32_t why_off, why_len; /* why it is invalid (why_len > 0), in the arena */
};

/* One transaction's worth of records, `capacity` of them at most. */
struct import_batch {
	size_t capacity;
	struct import_record *records;
	unsigned char *rows; /* count rows of kind->row_size bytes */
	size_t count;
	struct buf arena;
	uint64_t bytes_read; /* of the file, when the batch was full */
	bool last;           /* the file ends with this batch */
	struct slice site;   /* the site every record is from (a device's post), or empty */
	int read_rc;         /* with last: 0 at the end of the file, or an error */
	struct err read_err;
};

/* A kind of record and how to import it. Its rows are plain structs of
 * row_size bytes whose text lives in the batch's arena, kept as offsets;
 * ctx is the kind's own, passed to each call as given to import_run. */
struct import_kind {
	const char *name; /* the quarantine's kind: "detection", "unload", ... */
	const struct record_schema *schema;
	const char *conflict_reason;
	size_t row_size;
	/* On the reading thread, without the database: validates the current
	 * record of r into row, appending the text it keeps to arena (see
	 * import_keep); or returns non-zero and says why not. */
	int (*parse)(void *ctx, const struct record_reader *r, void *row, struct buf *arena, struct err *why);
	/* On the storing thread: stores row (its text in arena), adding to sum
	 * what it stored. A record found invalid only now (against what is
	 * stored) is out->outcome IMPORT_INVALID with the reason in *why.
	 * Returns 0, or a database error that stops the file. */
	int (*store)(struct db *db, void *ctx, void *row, const char *arena, struct import_summary *sum,
	             struct import_result *out, struct err *why, struct err *e);
	/* Optional, used where the database can COPY: stores every valid
	 * record of b at once, setting out[i] for each (invalid ones, with
	 * why_len > 0, are left alone). ERR_BUSY when another writer raced it:
	 * the batch is then rolled back and stored again. */
	int (*store_bulk)(struct db *db, void *ctx, const struct import_batch *b, struct import_summary *sum,
	                  struct import_result *out, struct err *e);
	/* Optional: called once a transaction's batches are stored, in it
	 * (import_stored). */
	int (*stored)(struct db *db, void *ctx, struct err *e);
	/* Optional: called before each transaction (a retry included), to
	 * forget what a rolled-back one may have taken with it. */
	void (*begin)(void *ctx);
	/* Optional: called after each commit, outside the transaction; an
	 * error stops the file (what was committed stays). */
	int (*committed)(struct db *db, void *ctx, struct err *e);
	/* Optional: the data version (stats_cache.h) every stored batch bumps. */
	const char *module;
	/* Optional, needed for several writers (import_run_writers): a hash
	 * of what must stay with one writer, of the reader's current record
	 * (a detection's site: a site's records are stored in order, by one
	 * writer, and two writers never wait for each other's sites). */
	uint64_t (*route)(const struct record_reader *r);
};

int import_batch_init(struct import_batch *b, const struct import_kind *kind, size_t capacity);
void import_batch_release(struct import_batch *b);

/* Appends s to arena and returns its offset there. */
uint32_t import_keep(struct buf *arena, struct slice s);

/* Reads up to b->capacity records of r into b, validating each; the
 * fault_at'th record read (counting in *read) kills the process (crash
 * tests; -1: never). */
void import_fill(const struct import_kind *kind, void *ctx, struct record_reader *r, struct import_batch *b,
                 int64_t fault_at, int64_t *read);

/* Stores the records of b in the caller's transaction, quarantining the
 * invalid and conflicting ones under source; results (NULL or b->count of
 * them) says what became of each. A database error stops it. The caller
 * may store several batches in one transaction, then calls import_stored
 * once before its commit. */
int import_store(struct db *db, const struct import_kind *kind, void *ctx, const char *source,
                 const struct import_batch *b, struct import_summary *sum, struct import_result *results,
                 struct buf *scratch, struct err *e);
/* The kind's work once its batches of a transaction are stored (its
 * `stored`, if any), in that transaction. */
int import_stored(struct db *db, const struct import_kind *kind, void *ctx, struct err *e);

/* Imports every record of path ("-": standard input) in transactions of
 * `batch` records, quarantining invalid and conflicting records in the
 * same transaction; adds to *sum. Fails only when the file cannot be read
 * as records at all, or the database fails. */
int import_run(struct db *db, const struct import_kind *kind, void *ctx, const char *path, long batch,
               struct import_summary *sum, struct err *e);

/* The same with nwriters writers storing in parallel, each on its own
 * connection db[i] with its own context writer_ctx[i] (the kind's state
 * of one writer's transactions); ctx is the reader's (validation). The
 * first writer runs on the caller's thread. Records go to writers by the
 * kind's route; each writer's batches are its own transactions. */
#define IMPORT_WRITERS_MAX 8
int import_run_writers(struct db *const *db, void *const *writer_ctx, int nwriters, const struct import_kind *kind,
                       void *ctx, const char *path, long batch, struct import_summary *sum, struct err *e);

/* Stores a refused record in the quarantine with the reason in result. A
 * record already quarantined from the same source and line with the same
 * text is not stored again. */
int import_quarantine(struct db *db, const char *kind, const char *source, int64_t line, struct slice raw,
                      const struct import_result *result, struct buf *scratch, struct err *e);

#endif
