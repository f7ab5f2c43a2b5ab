/* taxi (巡游出租汽车): the city's taxi registry (companies, vehicles,
 * drivers, their training) imported from CSV with a quarantine, and each
 * driver's service reputation (服务质量信誉考核, reputation.h) from decided
 * penalty cases of the taxi violations and deductions officers record.
 * The registry is city-wide: every role that reads it reads all of it
 * (no unit scope; the cases it links keep their own). */
#ifndef SUNROAD_TAXI_TAXI_H
#define SUNROAD_TAXI_TAXI_H

#include "reputation.h"
#include "base/access.h"
#include "base/db.h"
#include "base/http.h"

#include <jansson.h>

/* ---- the rulebook (rules.c) ------------------------------------------ */

struct taxi_rulebook;
/* Reads rules/taxi.json (dir as rulebook_file_read takes it), checked
 * whole and against the taxi violations of rules/violations.json;
 * ERR_INVALID / ERR_PARSE name the file and what is wrong. Free with
 * taxi_rulebook_free. */
int taxi_rulebook_load(const char *dir, struct taxi_rulebook **out, struct err *e);
void taxi_rulebook_free(struct taxi_rulebook *book);
const struct taxi_rules *taxi_rulebook_rules(const struct taxi_rulebook *book);

/* ---- standing (standing.c) ------------------------------------------- */

/* A driver's reputation on a day: the deductions of every cycle (manual
 * ones and decided cases) and the cycle holding the day scored. */
struct taxi_standing {
	int64_t driver_id, company_id;
	struct taxi_score score;
};

/* The standing on `day` of every driver (company_id 0) or of one
 * company's, sorted by driver id, into a new array *out of *n (the caller
 * frees it). */
int taxi_standing_all(struct db *db, const struct taxi_rules *r, int64_t company_id, int32_t day,
                      struct taxi_standing **out, size_t *n, struct err *e);
/* The entry of driver_id in a sorted array of standings, or NULL. */
const struct taxi_standing *taxi_standing_find(const struct taxi_standing *s, size_t n, int64_t driver_id);

/* One driver's reputation on `day` as the profile shows it (docs/api.md,
 * REPUTATION): the cycle scored, its deductions each with where it came
 * from, the cycles before. A new JSON object into *out; the driver's cases
 * of the taxi violations (every state) into *cases. */
int taxi_reputation_json(struct db *db, const struct taxi_rules *r, int64_t driver_id, int32_t day, json_t **out,
                         json_t **cases, struct err *e);

/* ---- the routes (api.c) ---------------------------------------------- */

#define TAXI_READERS (ROLE_OFFICER | ROLE_LEGAL | ROLE_CHIEF | ROLE_INSPECTOR | ROLE_ADMIN)
#define TAXI_WRITERS (ROLE_OFFICER | ROLE_CHIEF | ROLE_ADMIN)
int taxi_companies_get(struct http_request *rq, struct err *e);
int taxi_company_get(struct http_request *rq, struct err *e);
int taxi_vehicles_get(struct http_request *rq, struct err *e);
int taxi_drivers_get(struct http_request *rq, struct err *e);
int taxi_driver_get(struct http_request *rq, struct err *e);
int taxi_deductions_post(struct http_request *rq, struct err *e);
int taxi_api_start(const char *rules_dir, struct err *e);
void taxi_api_stop(void);

/* Records a manual deduction (POST .../deductions, for a caller without a
 * request too: `gen taxi`): body {"points","reason","day","violation"},
 * audited taxi.deduct; its id into *id. Errors as docs/api.md says. */
int taxi_deduct(struct db *db, const struct taxi_rules *r, const char *actor, int64_t driver_id, const json_t *body,
                int32_t today, int64_t *id, struct err *e);

/* ---- the verbs (import.c, gen.c) ------------------------------------- */

struct cli;
int taxi_cmd_import(struct cli *cli);
int taxi_cmd_gen(struct cli *cli);

#endif
