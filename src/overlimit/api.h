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

/* The photos field of detection id ("front:<sha256>;...") appended to out,
 * with the detail's scope: ERR_NOTFOUND (detection_unknown) when the
 * caller may not see its site. */
int overlimit_detection_photos(struct db *db, const struct caller *scope, int64_t id, struct buf *out, struct err *e);

/* The site whose key is the request's bearer token, or ERR_UNAUTHORIZED. */
int overlimit_device_site(struct http_request *rq, char site[17], struct err *e);

/* GET /api/v1/detections/{id}/photos/{n} and POST /api/v1/photos
 * (http_photos.c). */
int overlimit_photo_get(struct http_request *rq, struct err *e);
int overlimit_photo_post(struct http_request *rq, struct err *e);

/* Starts the device feed's committer on its own connection to db_url;
 * book (the caller's, kept until stop) judges the devices' records. */
int overlimit_api_start(const char *db_url, const struct rulebook *book, struct photo_store *photos, struct err *e);
/* The server's photo store (the caller's, kept from start to stop). */
struct photo_store *overlimit_api_photos(void);
/* Stores what the feed holds and stops it. */
void overlimit_api_stop(void);

#endif
