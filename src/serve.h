/* `sunroad serve`: the HTTP server over the modules' routes. */
#ifndef SUNROAD_SERVE_H
#define SUNROAD_SERVE_H

#include "base/config.h"
#include "overlimit/overlimit.h"

/* Serves until SIGTERM or SIGINT, then stops gracefully and returns 0. */
int serve_run(const struct config *cfg, const struct rulebook *book, struct err *e);

#endif
