/* Evidence photos in the over-limit module: the `photos` field of a
 * detection, the orphan check, and serving a detection's photos. The bytes
 * live in base's photo store (src/base/photo_store.h). */
#ifndef SUNROAD_OVERLIMIT_PHOTOS_H
#define SUNROAD_OVERLIMIT_PHOTOS_H

#include "../base/buf.h"
#include "../base/module.h"

#include <jansson.h>
#include <stdbool.h>

/* A detection's `photos` field: items separated by ';', each the SHA-256 of
 * a photo, optionally after its kind: "front:<sha256>;side:<sha256>".
 * The kinds a camera takes: */
#define OVERLIMIT_PHOTO_KINDS "front, side, rear, plate or other"

/* Reads the next item of *rest into kind (empty when none was given) and
 * ref (the text after the kind: a SHA-256 once validated), and moves *rest
 * past it. Returns false when there is no item left. */
bool overlimit_photo_item(struct slice *rest, struct slice *kind, struct slice *ref);
/* Whether kind is one of OVERLIMIT_PHOTO_KINDS. */
bool overlimit_photo_kind_known(struct slice kind);

struct photo_store;
struct err;

/* `ingest --photos DIR`: brings the photos a record's field names into
 * store, and writes into out (size bytes) the field naming them by their
 * SHA-256. An item that is a SHA-256 is taken from DIR/<sha256> when that
 * file exists (and must hash to its name), else left for the check; any
 * other item is a path inside DIR ("2023/R01/17-front.jpg"), stored and
 * named by its hash. why says what is wrong with a photo (not found, not
 * a JPEG or PNG, too large, damaged on the way). */
int overlimit_photos_bring(struct photo_store *store, const char *dir, struct slice field, char *out, size_t size,
                           struct slice *brought, struct err *why);

/* Whether every photo a validated photos field names is in store: a record
 * naming a photo the store does not have is refused (why: "photo 2 (side)
 * not uploaded: <sha256>"), so that nothing unverifiable becomes evidence. */
int overlimit_photos_check(struct photo_store *store, struct slice field, struct err *why);

/* A device's record as JSON may carry its photos: "photos": [{"kind":
 * "front", "data": "<base64 of the JPEG or PNG>"}, {"kind": "side",
 * "sha256": "<uploaded before>"}, "<sha256>", ...]. Stores each photo
 * given as data into store (its "sha256", when given, must be that of the
 * bytes) and replaces the array by the field naming them all by hash
 * ("front:<sha256>;side:<sha256>"); adds the base64 text's length to
 * *data_bytes. A photo that cannot be stored (not base64, not a JPEG or
 * PNG, too large, not its claimed hash) refuses the request: e names the
 * record (number `nth`, from 1) and the photo. A record without a photos
 * array is left alone. */
int overlimit_photos_json(struct photo_store *store, json_t *record, int nth, size_t *data_bytes, struct err *e);

/* `sunroad photos check`: the store's files no detection refers to, and the
 * references to photos the store does not have (exit 1 when there are). */
int overlimit_cmd_photos_check(struct cli *cli);

#endif
