/* The demo's evidence photos (`sunroad gen`): what a weigh-in-motion
 * camera would have taken of one record, drawn with cairo and pango. */
#ifndef SUNROAD_GEN_PHOTO_H
#define SUNROAD_GEN_PHOTO_H

#include "overlimit.h"

/* What one record's photos show. Text is the caller's. */
struct gen_photo {
	const char *site_code, *site_name;
	int64_t seq, passed_at;
	int lane;
	int speed_tenths; /* km/h x 10 */
	int64_t gross_kg;
	int axles;
	enum vehicle_kind kind;
	const char *plate;            /* "蒙K12345"; "" when the camera could not read it */
	const char *plate_color;      /* blue, yellow, green, yellow-green */
	int32_t length_mm, height_mm; /* the vehicle's; height 0: not measured */
	bool loaded;
	uint64_t look; /* random bits: the cab's colour, the cargo's shape */
};

/* The kinds a record's photos come in, in the order gen writes them. */
enum gen_photo_kind { GEN_PHOTO_FRONT, GEN_PHOTO_SIDE, GEN_PHOTO_PLATE, GEN_PHOTO_KINDS };
extern const char *const gen_photo_kind_names[GEN_PHOTO_KINDS]; /* "front", "side", "plate" */

/* Threads that draw the photos of records and write them into a
 * directory, named by their SHA-256, while the generator goes on. */
struct gen_darkroom;

/* What a record's `photos` field holds once its photos are developed:
 * "front:<sha256>;side:<sha256>;plate:<sha256>", always this long. */
#define GEN_PHOTOS_FIELD_LEN (6 + 64 + 6 + 64 + 7 + 64)

/* Starts a thread per core (at most 8) writing into dir. The caller stops
 * it with overlimit_gen_darkroom_stop. */
int overlimit_gen_darkroom_start(struct gen_darkroom **out, const char *dir, struct err *e);
/* Queues the photos of p (copied; its text must outlive the darkroom).
 * The caller has put GEN_PHOTOS_FIELD_LEN bytes at offset `at` of the
 * buffer it will give to overlimit_gen_darkroom_wait: they are replaced by the names. */
int overlimit_gen_darkroom_queue(struct gen_darkroom *d, const struct gen_photo *p, size_t at, struct err *e);
/* Waits for every queued record's photos, writes their names into b, and
 * forgets them. The first error of a photo, if any. */
int overlimit_gen_darkroom_wait(struct gen_darkroom *d, struct buf *b, struct err *e);
/* Waits for the threads and frees d (NULL: nothing). */
void overlimit_gen_darkroom_stop(struct gen_darkroom *d);

#endif
