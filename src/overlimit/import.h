/* What the two imports (detections, unloading records) share: the batched,
 * idempotent loop over a file and the quarantine of refused records. */
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

/* Validates and stores the current record of r, adding what it stored to
 * sum (accepted and the kind's own counters). Returns 0, or a database error
 * that stops the file. */
typedef int (*import_record_fn)(struct db *db, struct overlimit_env *env, const struct record_reader *r,
				struct ingest_summary *sum, struct import_result *out, struct err *e);

struct import_kind {
	const char *name; /* quarantine kind: "detection" or "unload" */
	const struct record_schema *schema;
	const char *conflict_reason;
	import_record_fn store;
};

/* Runs store over every record of path in transactions of `batch` records,
 * quarantining invalid and conflicting records in the same transaction. */
int import_run(struct db *db, struct overlimit_env *env, const struct import_kind *kind, const char *path,
	       long batch, struct ingest_summary *sum, struct err *e);

/* Stores the current record of r in the quarantine with its reason. A record
 * already quarantined from the same source and line with the same text is
 * not stored again. */
int quarantine_add(struct db *db, const char *kind, const struct record_reader *r,
		   const struct import_result *result, struct buf *scratch, struct err *e);

#endif
