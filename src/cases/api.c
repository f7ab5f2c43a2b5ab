/* Penalty cases over HTTP (docs/api.md): open a case from a screened
 * detection or an on-site act, read it with its deadlines, record the acts
 * of the procedure. Every act is checked by procedure.c against the rules
 * of its day and stored with what it set; the case row keeps the fold
 * (state, next deadline) for the lists. Every case is of a unit, and a
 * caller reaches only the cases of its scope.
 *
 * This file holds what the routes load at start (the rulebook, the
 * calendar, the violation catalogue) and the thin handlers; the work is in
 * case_open.c, case_act.c, case_store.c, case_json.c and case_list.c. */
#include "case_json.h"
#include "case_store.h"
#include "request_body.h"
#include "violations.h"
#include "base/datetime.h"

#include <time.h>

/* ---- what the routes load at start ------------------------------------- */

static struct case_rulebook *rulebook;
static struct calendar_book *calendar;
static struct violation_catalogue *catalogue;

int cases_api_start(const char *rules_dir, struct err *e)
{
	int rc = case_rulebook_load(rules_dir, &rulebook, e);
	rc = rc ? rc : calendar_book_load(rules_dir, &calendar, e);
	rc = rc ? rc : violations_load(rules_dir, &catalogue, e);
	return rc ? rc : cases_review_start(rules_dir, e);
}

void cases_api_stop(void)
{
	case_rulebook_free(rulebook);
	calendar_book_free(calendar);
	violations_free(catalogue);
	cases_review_stop();
	rulebook = NULL;
	calendar = NULL;
	catalogue = NULL;
}

const struct violation_catalogue *cases_violations(void)
{
	return catalogue;
}

int64_t cases_now(void)
{
	return (int64_t)time(NULL);
}

int32_t cases_today(void)
{
	return local_day(cases_now());
}

int cases_rules_of(int32_t day, struct case_rules *r, struct err *e)
{
	return case_rules_on(rulebook, day, r, e);
}

const struct calendar_book *cases_calendar(void)
{
	return calendar;
}

/* ---- the routes: POST /api/v1/cases, GET .../{id}, POST .../{id}/events -- */

/* The case as the caller sees it, answered with status. */
static int case_answer(struct http_request *rq, int status, int64_t id, struct err *e)
{
	struct case_loaded c;
	struct case_rules r;
	int rc = cases_load(rq->db, caller_of(rq), id, &c, e);
	if (!rc)
		rc = cases_rules_of(cases_today(), &r, e);
	if (!rc)
		rc = http_json(rq, status, case_json(rq->db, &c, caller_of(rq), &r));
	cases_loaded_free(&c);
	return rc;
}

int cases_post(struct http_request *rq, struct err *e)
{
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	int64_t id = 0;
	int rc = cases_open(rq->db, caller_of(rq), body, &id, e);
	json_decref(body);
	return rc ? rc : case_answer(rq, 201, id, e);
}

int case_get(struct http_request *rq, struct err *e)
{
	int64_t id = case_path_id(rq, e);
	return id ? case_answer(rq, 200, id, e) : e->code;
}

int events_post(struct http_request *rq, struct err *e)
{
	int64_t id = case_path_id(rq, e);
	if (!id)
		return e->code;
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	int rc = cases_act(rq->db, caller_of(rq), id, body, e);
	json_decref(body);
	return rc ? rc : case_answer(rq, 200, id, e);
}

const struct http_route cases_routes[] = { CASES_ROUTES, { 0 } };
