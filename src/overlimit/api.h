/* The over-limit module's HTTP side (docs/api.md). */
#ifndef SUNROAD_OVERLIMIT_API_H
#define SUNROAD_OVERLIMIT_API_H

#include "overlimit.h"
#include "../base/http.h"

/* Ends with a row whose pattern is NULL. */
extern const struct http_route overlimit_routes[];

/* Starts the device feed's committer on its own connection to db_url;
 * book (the caller's, kept until stop) explains verdicts. */
int overlimit_api_start(const char *db_url, const struct rulebook *book, struct err *e);
/* Stores what the feed holds and stops it. */
void overlimit_api_stop(void);

#endif
