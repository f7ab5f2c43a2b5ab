/* A case as the API shows it to a caller (CASE of docs/api.md): the
 * fold's state, fine and deadlines with their rules, who acted, the
 * documents issued, the acts the procedure takes now; the party whole
 * only to those who handle the case. */
#ifndef SUNROAD_CASES_CASE_JSON_H
#define SUNROAD_CASES_CASE_JSON_H

#include "cases.h"

#include <jansson.h>
#include <stdbool.h>

/* The case as GET /api/v1/cases/{id} answers it, for caller, with the
 * rules r of today; the caller owns the result. */
json_t *case_json(struct db *db, const struct case_loaded *c, const struct caller *caller, const struct case_rules *r);

/* The party (as stored) as a caller may see it: whole, or its identity
 * number and phone masked; a new reference. */
json_t *case_party_shown(const json_t *party, bool whole);

/* The vehicle (as stored) likewise: its driver's certificate number, a
 * resident ID, masked unless whole; a new reference. */
json_t *case_vehicle_shown(const json_t *vehicle, bool whole);

#endif
