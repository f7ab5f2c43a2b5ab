/* libFuzzer target: what a weighing site's device posts, its photos
 * included.
 *
 * The bytes are the body of POST /api/v1/detections, read as the feed
 * reads it (src/overlimit/feed.c, feed_open: the steps are repeated here
 * because that function is static; the parsers are the real ones): a
 * one-line object without photos, or text that is not JSON, goes to the
 * record reader over memory (record_open_memory); a JSON array or object
 * is parsed by record_json_load (a record with a key twice kept, to be
 * quarantined), each record's "photos" array is stored and replaced by
 * its hashes (overlimit_photos_json: base64, JPEG or PNG by its first
 * bytes, the claimed SHA-256), and the records are read by
 * record_open_json and validated (overlimit_detection_parse). The photos
 * field of each record is split as the photo routes and the check split
 * it (overlimit_photo_item) and checked against the store.
 *
 * The same bytes are also the body of POST /api/v1/photos (photo_store_put;
 * its first 64 bytes as the X-Photo-SHA256 claim too): a photo the store
 * takes must read back as the same bytes. The store is a directory in
 * /dev/shm, emptied now and then. */
#include "fuzz.h"

#include "base/photo_store.h"
#include "base/records.h"
#include "overlimit/overlimit.h"
#include "overlimit/photos.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define FUZZ_RECORDS_MAX 64 /* records read from one body: enough for the reader, quick */

static struct photo_store *store;
static char store_dir[64];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void store_empty(void)
{
	nftw(store_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void at_exit(void)
{
	store_empty();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_min_level = LOG_OFF;
	snprintf(store_dir, sizeof store_dir, "/dev/shm/sunroad-fuzz-photos-%d", (int)getpid());
	struct err e = { 0 };
	if (photo_store_new(&store, store_dir, 64 * 1024, &e)) {
		fprintf(stderr, "fuzz_device: %s\n", e.msg);
		abort();
	}
	atexit(at_exit);
	return 0;
}

/* A record's photos field: split into items, each a kind and a SHA-256
 * once validated, and checked against the store. */
static void photos_field(const char *field)
{
	if (!field)
		return;
	struct slice rest = slice_from(field), kind, ref;
	size_t before = rest.n;
	while (overlimit_photo_item(&rest, &kind, &ref)) {
		FUZZ_CHECK(rest.n < before || (rest.n == 0 && before == 0));
		before = rest.n;
		(void)overlimit_photo_kind_known(kind);
		(void)photo_hash_valid(ref);
	}
	struct err why = { 0 };
	int rc = overlimit_photos_check(store, slice_from(field), &why);
	if (rc < 0)
		fuzz_check_err(rc, &why);
}

/* Reads every record of an open reader as the feed's import does. */
static void read_records(struct record_reader *r)
{
	struct err e = { 0 };
	for (int n = 0; n < FUZZ_RECORDS_MAX && record_next(r, &e) == 1; n++) {
		struct detection d;
		struct err why = { 0 };
		if (r->why.code == 0) {
			int rc = overlimit_detection_parse(r->value, r->present, &d, &why);
			if (rc == 0)
				(void)overlimit_detection_digest(&d);
			else
				fuzz_check_err(rc, &why);
		} else {
			fuzz_check_err(r->why.code, &r->why);
		}
		struct buf shown;
		buf_init(&shown);
		record_raw_printable(r->raw, &shown);
		FUZZ_CHECK(utf8_valid(shown.p, shown.n));
		buf_release(&shown);
	}
}

static void detections_body(const char *body, size_t size)
{
	const char *p = body;
	size_t n = size;
	while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++, n--;
	if (n == 0)
		return;
	struct record_reader r;
	struct err e = { 0 };
	bool json = *p == '[' || *p == '{';
	if (!json || (*p == '{' && !memchr(p, '\n', n) && !memmem(p, n, "\"photos\"", 8))) {
		if (record_open_memory(&r, body, size, "request", &detection_schema, &e) == 0) {
			read_records(&r);
			record_close(&r);
		}
		return;
	}
	json_error_t je;
	json_t *v = record_json_load(p, n, &je);
	if (!v)
		return;
	size_t count = json_is_array(v) ? json_array_size(v) : 1, data_bytes = 0;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < count && i < FUZZ_RECORDS_MAX; i++) {
		json_t *record = json_is_array(v) ? json_array_get(v, i) : v;
		rc = overlimit_photos_json(store, record, (int)i + 1, &data_bytes, &e);
		if (rc)
			fuzz_check_err(rc, &e);
		else if (json_is_object(record) && json_object_get(record, "photos"))
			photos_field(json_string_value(json_object_get(record, "photos")));
	}
	FUZZ_CHECK(data_bytes <= n);
	if (rc == 0 && record_open_json(&r, v, "request", &detection_schema, &e) == 0) {
		read_records(&r);
		record_close(&r);
	}
	json_decref(v);
}

/* POST /api/v1/photos: the body, with and without a claim. */
static void photo_post(const char *body, size_t size)
{
	char hash[PHOTO_HASH_SIZE];
	struct err e = { 0 };
	int rc = photo_store_put(store, body, size, NULL, hash, &e);
	if (rc) {
		fuzz_check_err(rc, &e);
	} else {
		FUZZ_CHECK(photo_type(body, size));
		struct buf back;
		buf_init(&back);
		const char *type = NULL;
		FUZZ_CHECK(photo_store_get(store, hash, &back, &type, &e) == 0);
		FUZZ_CHECK(back.n == size && memcmp(back.p, body, size) == 0 && type);
		buf_release(&back);
	}
	if (size >= 64) {
		char claimed[65];
		memcpy(claimed, body, 64);
		claimed[64] = '\0';
		if ((rc = photo_store_put(store, body, size, claimed, hash, &e)))
			fuzz_check_err(rc, &e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned runs;
	/* The body as the server holds it: NUL-terminated after its bytes. */
	char *body = fuzz_text(data, size);
	detections_body(body, size);
	photo_post(body, size);
	free(body);
	if (++runs % 4096 == 0)
		store_empty();
	return 0;
}
