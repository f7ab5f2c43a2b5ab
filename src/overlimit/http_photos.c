/* The evidence photos over HTTP: a device uploads a photo before the
 * record that names it (POST /api/v1/photos), and a user whose scope
 * covers the detection's site views it (GET /api/v1/detections/{id}/
 * photos/{n}); every view is in the audit log. */
#include "api.h"
#include "photos.h"
#include "../base/access.h"
#include "../base/audit.h"
#include "../base/log.h"
#include "../base/photo_store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How long the browser may keep a photo it was shown: the bytes under a
 * hash never change, but each view from the server is audited, so not for
 * long. */
#define PHOTO_MAX_AGE_S 300

/* Who saw which photo of which detection, in its own transaction: a view
 * is answered only once it is on the record. Two appenders racing for the
 * chain's next entry collide (busy, or the key on PostgreSQL): try again. */
static int audit_view(struct db *db, const char *actor, int64_t id, int n, struct slice kind, const char *sha256,
                      struct err *e)
{
	char object[32];
	snprintf(object, sizeof object, "detection:%lld", (long long)id);
	for (int attempt = 1;; attempt++) {
		json_t *after = json_pack("{s:i,s:s%,s:s}", "photo", n, "kind", kind.p, kind.n, "sha256", sha256);
		if (!after)
			return err_set(e, ERR_NOMEM, "out of memory recording the view");
		int rc = db_begin(db, e);
		if (rc == 0)
			rc = audit_append_json(db, actor, "photo.view", object, NULL, after, (int64_t)time(NULL), e);
		else
			json_decref(after);
		if (rc == 0 && (rc = db_commit(db, e)) == 0)
			return 0;
		db_rollback(db);
		if ((rc != ERR_BUSY && rc != ERR_CONFLICT) || attempt == 5)
			return rc;
		usleep((useconds_t)(2000 * attempt));
	}
}

int overlimit_photo_get(struct http_request *rq, struct err *e)
{
	int64_t id = 0, n = 0;
	if (slice_to_int(rq->param[0], &id) || id <= 0)
		return err_reason(e, ERR_NOTFOUND, "detection_unknown", ERR_NO_ARGS, "no detection '%.*s'",
		                  (int)rq->param[0].n, rq->param[0].p);
	struct buf field;
	buf_init(&field);
	int rc = overlimit_detection_photos(rq->db, caller_of(rq), id, &field, e);
	struct slice rest = { field.p, field.n }, kind = { "", 0 }, ref = { "", 0 };
	bool found = false;
	if (rc == 0 && slice_to_int(rq->param[1], &n) == 0 && n >= 0)
		for (int64_t i = 0; !found && overlimit_photo_item(&rest, &kind, &ref); i++)
			found = i == n;
	if (rc == 0 && !found) {
		char index[24];
		snprintf(index, sizeof index, "%.*s", (int)(rq->param[1].n < 20 ? rq->param[1].n : 20), rq->param[1].p);
		rc = err_reason(e, ERR_NOTFOUND, "photo_unknown", ERR_ARGS(ERR_INT("id", id), ERR_TEXT("index", index)),
		                "detection %lld has no photo '%s' (its photos are numbered from 0)", (long long)id,
		                index);
	}
	char hash[PHOTO_HASH_SIZE] = "";
	const char *type = NULL;
	if (rc == 0) {
		snprintf(hash, sizeof hash, "%.*s", (int)(ref.n < 64 ? ref.n : 64), ref.p);
		buf_clear(&rq->out);
		rc = photo_store_get(overlimit_api_photos(), hash, &rq->out, &type, e);
		if (rc == ERR_NOTFOUND) {
			/* Evidence the record names and the store lost: someone must look. */
			log_error("photo store: a detection's photo is missing", "detection=%lld sha256=%s",
			          (long long)id, hash);
			rc = err_reason(e, ERR_NOTFOUND, "photo_missing", ERR_ARGS(ERR_TEXT("sha256", hash)),
			                "photo %s of detection %lld is missing from the photo store", hash,
			                (long long)id);
		} else if (rc == ERR_IO) {
			rc = err_reason(e, ERR_IO, "photo_damaged", ERR_ARGS(ERR_TEXT("sha256", hash)), "%s", e->msg);
		}
	}
	if (rc == 0)
		rc = audit_view(rq->db, caller_of(rq)->login, id, (int)n, kind, hash, e);
	buf_release(&field);
	if (rc) {
		buf_clear(&rq->out);
		return rc;
	}
	char cache[64];
	snprintf(cache, sizeof cache, "private, max-age=%d", PHOTO_MAX_AGE_S);
	http_add_header(rq, "Cache-Control", cache);
	return http_send(rq, 200, type);
}

int overlimit_photo_post(struct http_request *rq, struct err *e)
{
	char site[17], hash[PHOTO_HASH_SIZE];
	int rc = overlimit_device_site(rq, site, e);
	if (rc)
		return rc;
	/* The device may say what it sent: the hash it will name the photo by. */
	const char *claimed = http_header(rq, "X-Photo-SHA256");
	if ((rc = photo_store_put(overlimit_api_photos(), rq->body.p, rq->body.n, claimed, hash, e)))
		return rc;
	return http_json(rq, 200,
	                 json_pack("{s:s,s:I,s:s}", "sha256", hash, "bytes", (json_int_t)rq->body.n, "type",
	                           photo_type(rq->body.p, rq->body.n)));
}
