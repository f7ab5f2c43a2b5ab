/* The over-limit module's HTTP side (docs/api.md). */
#ifndef SUNROAD_OVERLIMIT_API_H
#define SUNROAD_OVERLIMIT_API_H

#include "overlimit.h"
#include "../base/export.h"
#include "../base/http.h"
#include "../base/list.h"

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

/* What a penalty case takes of a detection (the cases module opens one
 * from it): the stored verdict, the screening decision, the site. */
struct overlimit_case_facts {
	int64_t passed_at;
	char plate[32], plate_color[16];
	int64_t gross_kg, limit_kg, over_kg, fine_fen;
	bool admissible, overlimit, confirmed; /* confirmed: by screening */
	char site_name[129], site_unit[33];
};
/* Detection id if the caller (scope; NULL: any) may see its site: 1 with
 * its facts, 0 when not, or an error. */
int overlimit_case_facts(struct db *db, const struct caller *scope, int64_t id, struct overlimit_case_facts *out,
                         struct err *e);

/* An admissible over-limit detection as the demo's cases take it: who
 * handled it (the badge of the officer who unloaded it, "" when it was
 * not unloaded) and where. */
struct overlimit_handled {
	int64_t id, passed_at, unloaded_at;
	char unit[33], badge[33];
	bool station;
};
/* The admissible over-limit detections that passed on the local days
 * [from, to], in time order, into a new array *out of *n (free it). */
int overlimit_handled_list(struct db *db, int32_t from, int32_t to, struct overlimit_handled **out, size_t *n,
                           struct err *e);

/* Records a screening decision on detection id as c: decision "confirm",
 * or "dismiss" with a reason (GET /api/v1/screening/reasons) and a note,
 * audited. 404 detection_unknown, 409 claimed by someone else, not
 * over the limit or admissible, already_decided; 422 for a bad decision. */
int overlimit_screening_record(struct db *db, const struct caller *c, int64_t id, const char *decision,
                               const char *reason, const char *note, struct err *e);

/* The site whose key is the request's bearer token, or ERR_UNAUTHORIZED. */
int overlimit_device_site(struct http_request *rq, char site[17], struct err *e);

/* GET /api/v1/detections/{id}/photos/{n} and POST /api/v1/photos
 * (http_photos.c). */
int overlimit_photo_get(struct http_request *rq, struct err *e);
int overlimit_photo_post(struct http_request *rq, struct err *e);

/* The sites of the caller's scope, as a subquery of site ids ($1 and $2
 * bound by people_bind_scope). */
#define SCOPED_SITE_IDS "SELECT id FROM sites WHERE unit_code IN (" SCOPE_UNITS_SQL ")"

/* The columns of a DETECTION list row, read by overlimit_detection_row_json
 * (the detections d, their sites s and screening sc). */
#define DETECTION_COLUMNS                                                                                    \
	"d.id, s.code, d.seq, d.passed_at, d.plate, d.plate_color, d.kind, d.axles, d.gross_kg, d.limit_kg," \
	" d.judged_kg, d.over_kg, d.overlimit, d.ton100, d.over_size, d.penalty, d.fine_fen, d.admissible,"  \
	" sc.decision"

/* The filter of the detections list and its exports: site, plate,
 * verdict, from and to, each read by get(src, name) (NULL: absent), in
 * scope's sites. ERR_INVALID names a value that is not one. */
struct detection_filter {
	const struct caller *scope;
	const char *site, *plate, *verdict;
	int64_t from_s, to_s; /* passed_at in [from_s, to_s) */
};
int overlimit_detection_filter_read(const char *(*get)(void *src, const char *name), void *src,
                                    const struct caller *scope, struct detection_filter *f, struct err *e);
/* The detections a filter (its arg) matches, sorted by any column of the
 * browser's table, newest first by default. */
extern const struct list overlimit_detection_list;
/* GET /api/v1/detections */
int overlimit_detections_get(struct http_request *rq, struct err *e);

/* GET /api/v1/detections.csv and .xlsx (export.c): the list's filter and
 * sort, at most export_direct_max rows. */
int overlimit_export_csv(struct http_request *rq, struct err *e);
int overlimit_export_xlsx(struct http_request *rq, struct err *e);
/* The background exports of the module (export.c): `detections`. */
extern const struct export_kind overlimit_exports[];

/* A row of DETECTION_COLUMNS as a DETECTION (NULL: out of memory). */
json_t *overlimit_detection_row_json(struct db_stmt *st);
/* The detection id of the path's first parameter, or detection_unknown. */
int overlimit_path_id(const struct http_request *rq, int64_t *id, struct err *e);

/* Screening over HTTP (http_screening.c): the queue, the dismissal
 * reasons, a claim, a decision and its undo. */
int overlimit_screening_queue(struct http_request *rq, struct err *e);
int overlimit_screening_reasons(struct http_request *rq, struct err *e);
int overlimit_screening_claim(struct http_request *rq, struct err *e);
int overlimit_screening_release(struct http_request *rq, struct err *e);
int overlimit_screening_decide(struct http_request *rq, struct err *e);
int overlimit_screening_undo(struct http_request *rq, struct err *e);
/* How long a claim holds and a decision may be undone, in seconds
 * (settings screening_claim_s and screening_undo_s). */
struct overlimit_screening_settings {
	long claim_s, undo_s;
};
extern struct overlimit_screening_settings overlimit_screening_settings;

/* GET /api/v1/stats/overlimit and GET /api/v1/stats/range (http_stats.c). */
int overlimit_stats_get(struct http_request *rq, struct err *e);
int overlimit_stats_range(struct http_request *rq, struct err *e);

/* GET /api/v1/quarantine, POST /api/v1/quarantine/{id}/handled and
 * POST /api/v1/quarantine/{id}/reimport (http_quarantine.c). */
int overlimit_quarantine_get(struct http_request *rq, struct err *e);
int overlimit_quarantine_handle(struct http_request *rq, struct err *e);
int overlimit_quarantine_reimport(struct http_request *rq, struct err *e);

/* Starts the device feed's committer on its own connection to db_url;
 * book (the caller's, kept until stop) judges the devices' records. */
int overlimit_api_start(const char *db_url, const struct rulebook *book, struct photo_store *photos, struct err *e);
/* The server's photo store (the caller's, kept from start to stop). */
struct photo_store *overlimit_api_photos(void);
/* The server's rulebook (the caller's, kept from start to stop). */
const struct rulebook *overlimit_api_book(void);
/* Stores what the feed holds and stops it. */
void overlimit_api_stop(void);

#endif
