/* The cases module's own parts: its routes, and what its start loads. */
#ifndef SUNROAD_CASES_CASES_H
#define SUNROAD_CASES_CASES_H

#include "procedure.h"
#include "base/access.h"
#include "base/db.h"
#include "base/http.h"

#include <jansson.h>

/* The routes of cases (api.c, case_list.c), as rows (module.c joins them
 * with the documents' routes) and as a table ending with a row whose
 * pattern is NULL. */
int cases_get(struct http_request *rq, struct err *e);
int cases_post(struct http_request *rq, struct err *e);
int case_get(struct http_request *rq, struct err *e);
int events_post(struct http_request *rq, struct err *e);
int repeat_offenders_get(struct http_request *rq, struct err *e); /* repeat.c */
/* review_http.c: the case-file review, its sheet loaded at start. */
int reviews_get(struct http_request *rq, struct err *e);
int reviews_post(struct http_request *rq, struct err *e);
int reviews_summary_get(struct http_request *rq, struct err *e);
int review_get(struct http_request *rq, struct err *e);
int review_items_post(struct http_request *rq, struct err *e);
int review_finish_post(struct http_request *rq, struct err *e);
int cases_review_start(const char *rules_dir, struct err *e);
void cases_review_stop(void);
#define REVIEW_READERS (ROLE_LEGAL | ROLE_CHIEF | ROLE_INSPECTOR | ROLE_ADMIN)
#define REVIEWERS      (ROLE_LEGAL | ROLE_INSPECTOR | ROLE_ADMIN)
#define CASE_ROLES (ROLE_OFFICER | ROLE_LEGAL | ROLE_CHIEF | ROLE_INSPECTOR | ROLE_ADMIN)
#define CASES_ROUTES                                                                                   \
	{ HTTP_GET, "/api/v1/cases", cases_get, CASE_ROLES },                                              \
	    { HTTP_POST, "/api/v1/cases", cases_post, ROLE_OFFICER | ROLE_CHIEF | ROLE_ADMIN },            \
	    { HTTP_GET, "/api/v1/cases/{}", case_get, CASE_ROLES },                                        \
	    { HTTP_GET, "/api/v1/repeat-offenders", repeat_offenders_get, CASE_ROLES },                    \
	    { HTTP_GET, "/api/v1/reviews", reviews_get, REVIEW_READERS },                                  \
	    { HTTP_POST, "/api/v1/reviews", reviews_post, REVIEWERS },                                     \
	    { HTTP_GET, "/api/v1/reviews/summary", reviews_summary_get, REVIEW_READERS },                  \
	    { HTTP_GET, "/api/v1/reviews/{}", review_get, REVIEW_READERS },                                \
	    { HTTP_POST, "/api/v1/reviews/{}/items", review_items_post, REVIEWERS },                       \
	    { HTTP_POST, "/api/v1/reviews/{}/finish", review_finish_post, REVIEWERS },                     \
	{                                                                                                  \
		HTTP_POST, "/api/v1/cases/{}/events", events_post, ROLE_OFFICER | ROLE_LEGAL | ROLE_CHIEF | ROLE_ADMIN \
	}
extern const struct http_route cases_routes[];

/* Loads the rulebook and the calendar the routes use (rules_dir as
 * rulebook_file_read takes it); cases_api_stop frees them. */
int cases_api_start(const char *rules_dir, struct err *e);
void cases_api_stop(void);

/* A case as loaded (case_store.c): its row's facts as the API shows them,
 * its events, their fold. */
struct case_loaded {
	int64_t id;
	char number[64];
	char unit[33];
	json_t *row;      /* the case's own fields (CASE of docs/api.md before the fold's) */
	json_t *events;   /* [{seq, type, on, body, sets, actor, at}] */
	int nevents;
	struct case_status status;
	json_t *officers; /* [{badge, login, name}] */
};

/* Loads case id if the caller's scope (NULL: any) covers its unit, with
 * its events replayed; ERR_NOTFOUND (case_unknown) when not. Free with
 * cases_loaded_free in every case. */
int cases_load(struct db *db, const struct caller *scope, int64_t id, struct case_loaded *c, struct err *e);
void cases_loaded_free(struct case_loaded *c);

/* What the routes do, for a caller without a request (`sunroad gen cases`):
 * the bodies and the errors are those of docs/api.md. cases_open: POST
 * /api/v1/cases, the new case's id into *id; cases_act: POST
 * /api/v1/cases/{id}/events (the caller's roles checked); the review's:
 * POST /api/v1/reviews (its answer into *answer), .../items, .../finish. */
int cases_open(struct db *db, const struct caller *caller, const json_t *body, int64_t *id, struct err *e);
int cases_act(struct db *db, const struct caller *caller, int64_t id, const json_t *body, struct err *e);
int cases_reviews_draw(struct db *db, const struct caller *caller, const json_t *body, json_t **answer,
                       struct err *e);
int cases_review_item(struct db *db, const struct caller *caller, int64_t id, const json_t *body, struct err *e);
int cases_review_finish(struct db *db, const struct caller *caller, int64_t id, struct err *e);

/* For other modules, so that they need not read the cases' tables (taxi:
 * a driver's service reputation, src/taxi): the cases whose violation code
 * starts with prefix ("taxi_"), of every unit and state, oldest act first,
 * as a new JSON array into *out (the caller decrefs) of {"id","number",
 * "violation","state","occurred_on","decided_on" (YYYY-MM-DD of the
 * decision, null when none was made), "licence" (the vehicle's driver's
 * licence or certificate), "id_number" (a person party's, else ""),
 * "name" (the vehicle's driver's), "plate"}; when
 * person is not NULL, only those whose licence or id_number is person.
 * Defined in case_store.c. */
int cases_by_violation(struct db *db, const char *prefix, const char *person, json_t **out, struct err *e);

/* `sunroad gen cases` (gen.c). */
struct cli;
int cases_cmd_gen(struct cli *cli);

/* The procedure's rules of a day (ERR_INVALID: none in force), the
 * calendar they count on, and today (the server's local day). */
int cases_rules_of(int32_t day, struct case_rules *r, struct err *e);
const struct calendar_book *cases_calendar(void);
int32_t cases_today(void);
/* GET /metrics: the open and the overdue cases (metrics.c). */
int cases_metrics(struct db *db, struct buf *out, struct err *e);
/* The violation catalogue (rules/violations.json) loaded at start. */
struct violation_catalogue;
const struct violation_catalogue *cases_violations(void);

#endif
