/* The members of a request's JSON body only the cases' routes read (the
 * common ones are base/body.h),
 * and the case id of a path. Each reader checks one member and answers
 * ERR_INVALID with a stable reason naming the field (docs/api.md) when it
 * is not what the route takes. */
#ifndef SUNROAD_CASES_REQUEST_BODY_H
#define SUNROAD_CASES_REQUEST_BODY_H

#include "base/body.h"
#include "base/err.h"
#include "base/http.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Yuan (a number with at most two decimals, or its text) as fen. */
int case_body_yuan(const json_t *body, const char *key, bool required, int64_t *fen, struct err *e);

/* body.footage: the numbers of body-worn camera recordings, 1 to 8
 * texts of 1 to 64 bytes each; absent: none. A new array into *out, the
 * caller's (NULL on an error). */
int case_body_footage(const json_t *body, json_t **out, struct err *e);

/* The case id of the path's first parameter; 0 with ERR_NOTFOUND
 * (case_unknown) in e when it is none. */
int64_t case_path_id(const struct http_request *rq, struct err *e);

#endif
