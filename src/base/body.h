/* The members of a request's JSON body as the routes read them. Each
 * reader checks one member and answers ERR_INVALID with a stable reason
 * naming the field (docs/api.md: field_required, field_type,
 * field_too_long, date_invalid, datetime_invalid) when it is not what the
 * route takes. */
#ifndef SUNROAD_BASE_BODY_H
#define SUNROAD_BASE_BODY_H

#include "err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A text member of at most max bytes ("" when absent and not required);
 * *out points into body. */
int body_text(const json_t *body, const char *key, bool required, size_t max, const char **out, struct err *e);

/* A day given as "YYYY-MM-DD" in body[key], or fallback when absent. */
int body_day(const json_t *body, const char *key, int32_t fallback, int32_t *day, struct err *e);

/* An instant given as ISO 8601 with its offset in body[key], or fallback
 * when absent (Unix seconds). */
int body_instant(const json_t *body, const char *key, int64_t fallback, int64_t *at, struct err *e);

#endif
