/* The photo store: evidence images kept by content. A photo's name is the
 * SHA-256 of its bytes, so a name says what the bytes must be: they are
 * hashed when written (a caller's claimed hash must match) and again when
 * read (a file whose bytes no longer hash to its name is refused and
 * logged, never served as evidence). A photo is never overwritten: writing
 * the same bytes again is a no-op.
 *
 * The interface is put / get / exists by hash, and a walk over what is
 * stored for the orphan check: narrow enough that an S3-compatible object
 * store can replace the files later (docs/scale.md). The store behind it
 * is a directory: DIR/ab/cd/<sha256>, each file written to a temporary
 * name, fsynced, and linked into place. A store is read-only after it is
 * made, so threads share one. */
#ifndef SUNROAD_PHOTO_STORE_H
#define SUNROAD_PHOTO_STORE_H

#include "buf.h"
#include "err.h"

#include <stdbool.h>
#include <stddef.h>

#define PHOTO_HASH_SIZE 65 /* 64 hex digits and the NUL */

struct photo_store;
struct config;

/* A store over the directory dir (made when the first photo is written),
 * taking photos of at most max_bytes. The caller frees it with
 * photo_store_free. */
int photo_store_new(struct photo_store **out, const char *dir, long max_bytes, struct err *e);
/* The store the settings name: photo_dir, or when it is empty `photos`
 * beside the SQLite database file (in the working directory for
 * PostgreSQL); photo_max_bytes. */
int photo_store_new_config(struct photo_store **out, const struct config *c, struct err *e);
void photo_store_free(struct photo_store *s);
/* The directory of the store (for messages). */
const char *photo_store_dir(const struct photo_store *s);
/* The largest photo the store takes. */
long photo_store_max_bytes(const struct photo_store *s);

/* The media type of an image by its first bytes: "image/jpeg",
 * "image/png", or NULL when it is neither. */
const char *photo_type(const void *p, size_t n);
/* The SHA-256 of n bytes as 64 lowercase hex digits. */
void photo_sha256(const void *p, size_t n, char out[PHOTO_HASH_SIZE]);
/* Whether s is a SHA-256 in hex (64 digits, either case). */
bool photo_hash_valid(struct slice s);

/* Stores the n bytes at p and writes their SHA-256 into sha256 (may be
 * NULL). claimed (NULL: none) is the hash the sender says they have: the
 * bytes must hash to it (ERR_INVALID). Refuses a body that is not a JPEG or
 * PNG (ERR_INVALID) or larger than the store takes (ERR_TOO_LARGE). A photo
 * already stored is left as it is (success). ERR_IO when it cannot be
 * written; nothing is then in place under its name. */
int photo_store_put(struct photo_store *s, const void *p, size_t n, const char *claimed, char sha256[PHOTO_HASH_SIZE],
                    struct err *e);

/* Appends the photo named sha256 to out (the caller's) and sets *type to
 * its media type. ERR_NOTFOUND when there is none; ERR_IO, logged, when its
 * bytes no longer hash to its name (damaged: restore it from a backup) or
 * it cannot be read. */
int photo_store_get(struct photo_store *s, const char *sha256, struct buf *out, const char **type, struct err *e);

/* 1 when the photo named sha256 is stored, 0 when not, negative on an
 * error. Does not read the bytes (get verifies them). */
int photo_store_exists(struct photo_store *s, const char *sha256, struct err *e);

/* Calls fn with the name of every stored photo, in no set order, until
 * it returns non-zero (which is returned). Files that are not photos of
 * the store (temporary, foreign) are skipped. */
int photo_store_each(struct photo_store *s, int (*fn)(const char *sha256, void *arg), void *arg, struct err *e);

#endif
