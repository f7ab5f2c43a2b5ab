/* The audit log: append-only, each entry chained to the previous one by
 * SHA-256, so that an entry changed or removed behind the program's back
 * breaks the chain at that point (`sunroad audit verify`). */
#ifndef SUNROAD_AUDIT_H
#define SUNROAD_AUDIT_H

#include "db.h"
#include "list.h"
#include "err.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

/* Appends who did what to which object, with the state before and after
 * (JSON text, "" when there is none), at Unix time `at`, and the client
 * address of this thread's web request (audit_set_client). Runs in the
 * caller's transaction when there is one, so the entry commits or rolls
 * back with the change it records. */
int audit_append(struct db *db, const char *actor, const char *action, const char *object, const char *before_json,
                 const char *after_json, int64_t at, struct err *e);

/* The same with the states as JSON values (NULL: none), written with
 * sorted keys; takes the references (decrefs them). */
int audit_append_json(struct db *db, const char *actor, const char *action, const char *object, json_t *before,
                      json_t *after, int64_t at, struct err *e);

/* The client address (a web request's remote address, at most 63 bytes,
 * copied) that the entries this thread appends record, until set again;
 * NULL or "": none (the command line). The server sets it before each
 * request's handler (serve.c). */
void audit_set_client(const char *address);

/* Walks the chain from the first entry. Returns 0 when every link holds
 * (*entries = their number); ERR_CONFLICT naming the first broken entry in
 * e when one does not (*broken = its seq). */
int audit_verify(struct db *db, int64_t *entries, int64_t *broken, struct err *e);

/* Prints the newest `limit` entries, oldest first. */
int audit_list(struct db *db, long limit, FILE *out, struct err *e);

/* Which entries a page of the log shows. Empty texts (or NULL) match
 * everything; an action ending in '.' ("user.") matches every action of
 * that family. */
struct audit_filter {
	const char *actor, *action, *object; /* NULL or "": any */
	int64_t from_s, to_s;                /* at in [from_s, to_s) */
};

/* The entries an audit_filter (its arg) matches, newest first by default
 * (list.h); audit_entry_json makes the API's item of a row. */
extern const struct list audit_entries;
json_t *audit_entry_json(struct db_stmt *st);

#endif
