/* The over-limit module's HTTP side (docs/api.md). */
#ifndef SUNROAD_OVERLIMIT_API_H
#define SUNROAD_OVERLIMIT_API_H

#include "overlimit.h"
#include "../base/http.h"

/* Ends with a row whose pattern is NULL. */
extern const struct http_route overlimit_routes[];

struct caller;
/* The detection id as the API shows it (DETECTION_DETAIL of docs/api.md):
 * its stored record and verdict, explained under the rule set stored with
 * it, if the caller (scope) may see its site; NULL with ERR_NOTFOUND when
 * not. The caller decrefs. */
json_t *overlimit_detection_detail(struct db *db, const struct caller *scope, int64_t id, struct err *e);

/* Starts the device feed's committer on its own connection to db_url;
 * book (the caller's, kept until stop) judges the devices' records. */
int overlimit_api_start(const char *db_url, const struct rulebook *book, struct err *e);
/* Stores what the feed holds and stops it. */
void overlimit_api_stop(void);

#endif
