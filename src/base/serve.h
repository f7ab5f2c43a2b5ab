/* `sunroad serve`: the HTTP server over every module's routes. */
#ifndef SUNROAD_SERVE_H
#define SUNROAD_SERVE_H

#include "err.h"

/* Serves until SIGTERM or SIGINT, then stops gracefully and returns 0. */
int serve_run(struct err *e);

/* The directory of the browser interface being served (for GET
 * /api/v1/routes, which says which modules have pages). */
const char *serve_web_dir(void);

#endif
