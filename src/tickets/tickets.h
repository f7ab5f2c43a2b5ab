/* The tickets module's parts (complaints, 接诉即办): the rulebook and the
 * calendar its start loads, a ticket as stored and loaded, and what the
 * routes do for a caller without a request (the demo's generator, the
 * Open311 door, the hotline import). */
#ifndef SUNROAD_TICKETS_TICKETS_H
#define SUNROAD_TICKETS_TICKETS_H

#include "flow.h"
#include "base/access.h"
#include "base/db.h"
#include "base/http.h"

#include <jansson.h>

/* Loads rules/tickets.json and the calendar (rules_dir as
 * rulebook_file_read takes it); tickets_stop frees them. */
int tickets_start(const char *rules_dir, struct err *e);
void tickets_stop(void);
const struct ticket_rulebook *tickets_rules(void);
const struct calendar_book *tickets_calendar(void);

/* A ticket as loaded: its row's facts as the API shows them, its events,
 * their fold. */
struct ticket_loaded {
	int64_t id;
	char number[32];
	json_t *row;    /* the ticket's own fields */
	json_t *events; /* [{seq, type, at, body, sets, actor, recorded_at}] */
	int nevents;
	struct ticket_status status;
};

/* Loads ticket id if the caller's scope (NULL: any) covers it: a ticket
 * with a unit is its unit's (and those above); one without is the
 * dispatchers' (HQ). ERR_NOTFOUND (ticket_unknown) when not. Free with
 * tickets_loaded_free in every case. */
int tickets_load(struct db *db, const struct caller *scope, int64_t id, struct ticket_loaded *t, struct err *e);
void tickets_loaded_free(struct ticket_loaded *t);

/* TICKET (docs/api.md) for caller at the instant now. */
json_t *tickets_json(struct db *db, const struct ticket_loaded *t, const struct caller *caller, int64_t now);

/* POST /api/v1/tickets: the new ticket's id into *id. */
int tickets_create(struct db *db, const struct caller *caller, const json_t *body, int64_t *id, struct err *e);
/* POST /api/v1/tickets/{id}/events (the caller's roles checked). */
int tickets_act(struct db *db, const struct caller *caller, int64_t id, const json_t *body, struct err *e);

/* link_case with "open" (case_open.c): opens the case the body open
 * describes (POST /api/v1/cases), with what it leaves out taken from
 * ticket t, in the caller's transaction; its id into *case_id. */
int ticket_case_open(struct db *db, const struct caller *caller, const struct ticket_loaded *t, const json_t *open,
                     int64_t *case_id, struct err *e);

/* For other modules (the taxi registry): the complaint tickets about the
 * plates an SQL subquery gives (merged ones apart), counted, as an SQL
 * expression of theirs; and the tickets about one plate, newest first, at
 * most limit of them ([{id, number, category, category_name, state,
 * received_at}] into *items, the caller's), with their *total. */
#define TICKETS_ABOUT_PLATES_SQL(plates) \
	"(SELECT count(*) FROM tickets tk WHERE tk.state <> 'merged' AND tk.plate <> '' AND tk.plate IN (" plates "))"
int tickets_about_plate(struct db *db, const char *plate, int limit, json_t **items, int64_t *total, struct err *e);

/* `sunroad gen tickets` (gen.c). */
struct cli;
int tickets_cmd_gen(struct cli *cli);

/* GET /metrics: the open and the overdue tickets (metrics.c). */
int tickets_metrics(struct db *db, struct buf *out, struct err *e);

/* The routes (api.c, list.c). */
int tickets_post(struct http_request *rq, struct err *e);
int tickets_get(struct http_request *rq, struct err *e);
int ticket_get(struct http_request *rq, struct err *e);
int ticket_events_post(struct http_request *rq, struct err *e);
int tickets_codes_get(struct http_request *rq, struct err *e);
/* GET /api/v1/tickets/stats (stats.c): the figures of a period. */
int tickets_stats_get(struct http_request *rq, struct err *e);
/* GET /api/v1/tickets/escalations (escalations.c): a day's at-risk and
 * overdue tickets per unit, with their notices. */
int tickets_escalations_get(struct http_request *rq, struct err *e);

#define TICKET_READERS (ROLE_OFFICER | ROLE_LEGAL | ROLE_CHIEF | ROLE_INSPECTOR | ROLE_ADMIN)
#define TICKET_WRITERS (ROLE_OFFICER | ROLE_CHIEF | ROLE_ADMIN)
#define TICKETS_ROUTES                                                                         \
	{ HTTP_GET, "/api/v1/tickets", tickets_get, TICKET_READERS },                              \
	    { HTTP_POST, "/api/v1/tickets", tickets_post, TICKET_WRITERS },                        \
	    { HTTP_GET, "/api/v1/tickets/codes", tickets_codes_get, TICKET_READERS },              \
	    { HTTP_GET, "/api/v1/tickets/stats", tickets_stats_get, TICKET_READERS },              \
	    { HTTP_GET, "/api/v1/tickets/escalations", tickets_escalations_get, TICKET_READERS },  \
	    { HTTP_GET, "/api/v1/tickets/{}", ticket_get, TICKET_READERS },                        \
	{                                                                                          \
		HTTP_POST, "/api/v1/tickets/{}/events", ticket_events_post, TICKET_WRITERS \
	}

#endif
