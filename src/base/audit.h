/* The audit log: append-only, each entry chained to the previous one by
 * SHA-256, so that an entry changed or removed behind the program's back
 * breaks the chain at that point (`sunroad audit verify`). */
#ifndef SUNROAD_AUDIT_H
#define SUNROAD_AUDIT_H

#include "db.h"
#include "err.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

/* Appends who did what to which object, with the state before and after
 * (JSON text, "" when there is none), at Unix time `at`. Runs in the
 * caller's transaction when there is one, so the entry commits or rolls
 * back with the change it records. */
int audit_append(struct db *db, const char *actor, const char *action, const char *object, const char *before_json,
                 const char *after_json, int64_t at, struct err *e);

/* The same with the states as JSON values (NULL: none), written with
 * sorted keys; takes the references (decrefs them). */
int audit_append_json(struct db *db, const char *actor, const char *action, const char *object, json_t *before,
                      json_t *after, int64_t at, struct err *e);

/* Walks the chain from the first entry. Returns 0 when every link holds
 * (*entries = their number); ERR_CONFLICT naming the first broken entry in
 * e when one does not (*broken = its seq). */
int audit_verify(struct db *db, int64_t *entries, int64_t *broken, struct err *e);

/* Prints the newest `limit` entries, oldest first. */
int audit_list(struct db *db, long limit, FILE *out, struct err *e);

/* A page of the log for the API, newest first: the entries with seq below
 * `before`, at most limit of them, as JSON objects (*items, the caller
 * decrefs); *next is the `before` of the next page, 0 on the last. */
int audit_page(struct db *db, int64_t before, long limit, json_t **items, int64_t *next, struct err *e);

#endif
