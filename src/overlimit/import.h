/* What the two imports (detections, unloading records) share: a file read
 * and validated on one thread while the records are stored on another, in
 * batched idempotent transactions, with the quarantine of refused records. */
#ifndef SUNROAD_IMPORT_H
#define SUNROAD_IMPORT_H

#include "overlimit.h"

enum import_outcome { IMPORT_STORED, IMPORT_DUPLICATE, IMPORT_CONFLICT, IMPORT_INVALID };

/* What became of one record. For a conflict, site and seq name the stored
 * record it differs from; for an invalid record, why says what is wrong. */
struct import_result {
	enum import_outcome outcome;
	struct err why;
	struct slice site;
	int64_t seq;
};

/* One record on its way from the reader to the writer. */
struct staged {
	int64_t line;
	uint32_t raw_off, raw_len; /* its text, in the arena */
	uint32_t why_off, why_len; /* why it is invalid (why_len > 0), in the arena */
};

/* One transaction's worth of records, `batch` of them at most. */
struct batch {
	size_t capacity;
	struct staged *records;
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
 * row_size bytes whose text lives in the batch's arena, kept as offsets. */
struct import_kind {
	const char *name; /* quarantine kind: "detection" or "unload" */
	const struct record_schema *schema;
	const char *conflict_reason;
	size_t row_size;
	/* On the reading thread, without the database: validates the current
	 * record of r into row, appending the text it keeps to arena; or
	 * returns non-zero and says why not. */
	int (*parse)(struct overlimit_env *env, const struct record_reader *r, void *row, struct buf *arena,
	             struct err *why);
	/* On the storing thread: stores row (its text in arena), adding to sum
	 * what it stored. Returns 0, or a database error that stops the file. */
	int (*store)(struct db *db, struct overlimit_env *env, void *row, const char *arena, struct ingest_summary *sum,
	             struct import_result *out, struct err *e);
	/* Optional, used where the database can COPY: stores every valid
	 * record of b at once, setting out[i] for each (invalid ones, with
	 * why_len > 0, are left alone). ERR_BUSY when another writer raced it:
	 * the batch is then rolled back and stored again. */
	int (*store_bulk)(struct db *db, struct overlimit_env *env, const struct batch *b, struct ingest_summary *sum,
	                  struct import_result *out, struct err *e);
	/* Optional: called once a batch is stored, in its transaction. */
	int (*stored)(struct db *db, struct overlimit_env *env, struct err *e);
};

int batch_init(struct batch *b, const struct import_kind *kind, size_t capacity);
void batch_release(struct batch *b);

/* Reads up to b->capacity records of r into b, validating (and judging)
 * each; the fault_at'th record read (counting in *read) kills the process
 * (crash tests; -1: never). */
void import_fill(struct overlimit_env *env, const struct import_kind *kind, struct record_reader *r, struct batch *b,
                 int64_t fault_at, int64_t *read);

/* Stores the records of b in the caller's transaction, quarantining the
 * invalid and conflicting ones; results (NULL or b->count of them) says
 * what became of each. A database error stops it. */
int import_store(struct db *db, struct overlimit_env *env, const struct import_kind *kind, const char *source,
                 const struct batch *b, struct ingest_summary *sum, struct import_result *results, struct buf *scratch,
                 struct err *e);

/* A judged detection, staged for storing; its text is in the arena. */
struct detection_row {
	struct detection d;
	uint32_t site_off, plate_off, color_off, photos_off;
	int64_t site_id; /* not the site: rows outlive the registry they were judged with */
	struct verdict v;
	const struct overlimit_ruleset *ruleset; /* the rules it was judged by (the book's) */
	uint64_t digest;
};

extern const struct import_kind detection_import;

/* Imports every record of path in transactions of `batch` records,
 * quarantining invalid and conflicting records in the same transaction. */
int import_run(struct db *db, struct overlimit_env *env, const struct import_kind *kind, const char *path, long batch,
               struct ingest_summary *sum, struct err *e);

/* Appends s to arena and returns its offset there. */
uint32_t import_keep(struct buf *arena, struct slice s);

/* Stores a refused record in the quarantine with the reason in result. A
 * record already quarantined from the same source and line with the same
 * text is not stored again. */
int quarantine_add(struct db *db, const char *kind, const char *source, int64_t line, struct slice raw,
                   const struct import_result *result, struct buf *scratch, struct err *e);

#endif
