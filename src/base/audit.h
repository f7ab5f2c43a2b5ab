/* The audit log: append-only, each entry chained to the previous one by
 * SHA-256, so that an entry changed or removed behind the program's back
 * breaks the chain at that point (`sunroad audit verify`). The chain is
 * anchored outside the database: each entry carries a MAC by a key kept in
 * a file, and the server appends checkpoints of the chain's head to a file
 * the database's writer cannot rewrite. */
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
 * e when one does not (*broken = its seq). The hash chain alone: an entry
 * changed in place, or removed from the middle, breaks it; a rewrite that
 * recomputes every hash after it, or the newest entries removed, do not
 * (audit_verify_anchored does). */
int audit_verify(struct db *db, int64_t *entries, int64_t *broken, struct err *e);

/* The chain's anchor, outside the database (settings audit_key_file,
 * audit_checkpoints, audit_checkpoint_s): the key of each entry's MAC,
 * and an append-only file of checkpoints of the chain's head. Empty paths:
 * audit.key and audit.checkpoints beside the SQLite file, in the working
 * directory for PostgreSQL. */
struct audit_settings {
	char key_file[1024];
	char checkpoints[1024];
	long checkpoint_s; /* serve: seconds between checkpoints */
};
extern struct audit_settings audit_settings;

/* What audit_verify_anchored checked. */
struct audit_report {
	int64_t entries;     /* every link and hash holds */
	int64_t unkeyed;     /* the first entries, written before the key: no MAC */
	int64_t keyed;       /* entries whose MAC the key confirms */
	int64_t head_seq;    /* the newest entry (0: none) */
	char key_file[1024]; /* where the key was looked for */
	char checkpoints_file[1024];
	int64_t checkpoints;    /* genuine checkpoints of this database, all found in the chain */
	int64_t checkpoint_seq; /* the newest of them: the entry it saw as the head */
	int64_t checkpoint_at;  /* and when */
};

/* Walks the chain as audit_verify does, and also checks each entry's MAC
 * against the key (a rewrite without the key shows), and that the chain
 * still holds every head the checkpoint file recorded for db_url (a
 * removal of the newest entries, or a rewrite that recomputed every hash
 * and MAC, shows up to the newest checkpoint). Returns 0 with r filled;
 * ERR_CONFLICT saying what is wrong; ERR_NOTFOUND when entries carry MACs
 * but the key file is missing (the MACs cannot be checked). */
int audit_verify_anchored(struct db *db, const char *db_url, struct audit_report *r, struct err *e);
/* Says what a verification checked and what it could not, one line each. */
void audit_report_print(const struct audit_report *r, FILE *out);

/* Appends a checkpoint of db's newest entry (its seq and hash, with a MAC
 * by the key) for db_url to the checkpoint file, and logs it (info). */
int audit_checkpoint(struct db *db, const char *db_url, struct err *e);

struct module_context;
/* The server's checkpoints: one at start, one every checkpoint_s seconds
 * when the chain has grown, one at stop; on a connection of their own. */
int audit_checkpoints_start(const struct module_context *ctx, struct err *e);
void audit_checkpoints_stop(void);

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
