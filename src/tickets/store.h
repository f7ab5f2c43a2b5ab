/* What the tickets' files share of the store (store.c): deadlines as
 * stored, the row kept in step with the fold, an event written. */
#ifndef SUNROAD_TICKETS_STORE_H
#define SUNROAD_TICKETS_STORE_H

#include "flow.h"
#include "base/db.h"

#include <jansson.h>

/* {contact_at, resolve, close, resolve_provisional, close_provisional,
 * close_by_category}: a new object; and read back (-1: not one). */
json_t *ticket_deadlines_json(const struct ticket_deadlines *d);
int ticket_deadlines_read(const json_t *j, struct ticket_deadlines *d);

/* Keeps the fold on the ticket's row, for the lists. */
int ticket_store_fold(struct db *db, int64_t id, const struct ticket_status *s, struct err *e);

/* Stores event seq of ticket id: the body as sent and what it set. */
int ticket_event_insert(struct db *db, int64_t id, int seq, const char *type, int64_t at, json_t *body,
                        const struct ticket_event *ev, const char *actor, int64_t now, struct err *e);

#endif
