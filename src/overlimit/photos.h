/* Evidence photos in the over-limit module: the `photos` field of a
 * detection, the orphan check, and serving a detection's photos. The bytes
 * live in base's photo store (src/base/photo_store.h). */
#ifndef SUNROAD_OVERLIMIT_PHOTOS_H
#define SUNROAD_OVERLIMIT_PHOTOS_H

#include "../base/buf.h"
#include "../base/module.h"

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

/* `sunroad photos check`: the store's files no detection refers to, and the
 * references to photos the store does not have (exit 1 when there are). */
int overlimit_cmd_photos_check(struct cli *cli);

#endif
