/* The cases module's own parts: its routes, and what its start loads. */
#ifndef SUNROAD_CASES_CASES_H
#define SUNROAD_CASES_CASES_H

#include "procedure.h"
#include "base/http.h"

/* Ends with a row whose pattern is NULL. */
extern const struct http_route cases_routes[];

/* Loads the rulebook and the calendar the routes use (rules_dir as
 * rulebook_file_read takes it); cases_api_stop frees them. */
int cases_api_start(const char *rules_dir, struct err *e);
void cases_api_stop(void);

#endif
