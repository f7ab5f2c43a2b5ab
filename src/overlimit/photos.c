/* Evidence photos in the over-limit module: the items of a detection's
 * `photos` field, and `sunroad photos check`, which holds the photo store
 * and the detections against each other. */
#include "photos.h"
#include "../base/photo_store.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool overlimit_photo_item(struct slice *rest, struct slice *kind, struct slice *ref)
{
	if (rest->n == 0)
		return false;
	const char *semi = memchr(rest->p, ';', rest->n);
	struct slice item = { rest->p, semi ? (size_t)(semi - rest->p) : rest->n };
	rest->p += item.n + (semi != NULL);
	rest->n -= item.n + (semi != NULL);
	const char *colon = memchr(item.p, ':', item.n);
	*kind = (struct slice){ item.p, colon ? (size_t)(colon - item.p) : 0 };
	*ref = colon ? (struct slice){ colon + 1, item.n - kind->n - 1 } : item;
	*kind = slice_trim(*kind);
	*ref = slice_trim(*ref);
	return true;
}

bool overlimit_photo_kind_known(struct slice kind)
{
	static const char *const kinds[] = { "front", "side", "rear", "plate", "other" };
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (slice_eq(kind, kinds[i]))
			return true;
	return false;
}

/* ---- a record's photos ---------------------------------------------------- */

/* Whether path stays inside the folder it is relative to. */
static bool path_inside(struct slice path)
{
	if (path.n == 0 || path.p[0] == '/' || memchr(path.p, '\0', path.n))
		return false;
	for (size_t i = 0; i < path.n;) {
		size_t end = i;
		while (end < path.n && path.p[end] != '/')
			end++;
		if (end - i == 2 && path.p[i] == '.' && path.p[i + 1] == '.')
			return false;
		i = end + 1;
	}
	return true;
}

/* Puts the file at path into store: ERR_NOTFOUND when there is none. */
static int bring_file(struct photo_store *store, const char *path, const char *claimed, char hash[PHOTO_HASH_SIZE],
                      struct err *why)
{
	struct stat st;
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return err_set(why, ERR_NOTFOUND, "no photo file %s", path);
	if (st.st_size > photo_store_max_bytes(store))
		return err_set(why, ERR_TOO_LARGE,
		               "photo %s is %lld bytes; the store takes at most %ld (photo_max_bytes)", path,
		               (long long)st.st_size, photo_store_max_bytes(store));
	struct buf bytes;
	buf_init(&bytes);
	int rc = buf_read_file(&bytes, path) ? err_set(why, ERR_IO, "cannot read %s: %s", path, strerror(errno))
	                                     : photo_store_put(store, bytes.p, bytes.n, claimed, hash, why);
	buf_release(&bytes);
	if (rc && rc != ERR_IO)
		err_prefix(why, "%s", path);
	return rc;
}

int overlimit_photos_bring(struct photo_store *store, const char *dir, struct slice field, char *out, size_t size,
                           struct slice *brought, struct err *why)
{
	size_t n = 0;
	int count = 0;
	struct slice kind, ref;
	while (overlimit_photo_item(&field, &kind, &ref)) {
		count++;
		char path[4096], hash[PHOTO_HASH_SIZE];
		int rc = 0;
		if (photo_hash_valid(ref)) {
			snprintf(path, sizeof path, "%s/%.*s", dir, (int)ref.n, ref.p);
			char claimed[PHOTO_HASH_SIZE];
			snprintf(claimed, sizeof claimed, "%.*s", (int)ref.n, ref.p);
			/* Not in the folder: perhaps uploaded before (the check will tell). */
			if (access(path, F_OK) == 0)
				rc = bring_file(store, path, claimed, hash, why);
			else
				memcpy(hash, claimed, sizeof hash);
		} else if (path_inside(ref) && ref.n < 2048) {
			snprintf(path, sizeof path, "%s/%.*s", dir, (int)ref.n, ref.p);
			rc = bring_file(store, path, NULL, hash, why);
		} else {
			return err_set(why, ERR_INVALID, "photos item %d is neither a sha256 nor a path inside %s",
			               count, dir);
		}
		if (rc) {
			err_prefix(why, "photos item %d", count);
			return rc;
		}
		int w = snprintf(out + n, size - n, "%s%.*s%s%s", count > 1 ? ";" : "", (int)kind.n, kind.p,
		                 kind.n ? ":" : "", hash);
		if (w < 0 || (size_t)w >= size - n)
			return err_set(why, ERR_INVALID, "photos has too many items");
		n += (size_t)w;
	}
	*brought = (struct slice){ out, n };
	return 0;
}

int overlimit_photos_check(struct photo_store *store, struct slice field, struct err *why)
{
	int count = 0;
	struct slice kind, ref;
	while (overlimit_photo_item(&field, &kind, &ref)) {
		count++;
		char hash[PHOTO_HASH_SIZE];
		snprintf(hash, sizeof hash, "%.*s", (int)(ref.n < 64 ? ref.n : 64), ref.p);
		int rc = photo_store_exists(store, hash, why);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return err_set(
			    why, ERR_NOTFOUND,
			    "photo not uploaded: photos item %d%s%.*s%s is %s, which the photo store does not "
			    "have; upload it first (POST /api/v1/photos, or ingest --photos DIR)",
			    count, kind.n ? " (" : "", (int)kind.n, kind.p, kind.n ? ")" : "", hash);
	}
	return 0;
}

/* ---- photos in a device's JSON --------------------------------------------- */

/* Stores the photo of one item of a JSON photos array and writes its
 * field item ("kind:sha256") into item. */
static int json_photo(struct photo_store *store, const json_t *photo, size_t *data_bytes, char item[80], struct err *e)
{
	if (json_is_string(photo)) {
		snprintf(item, 80, "%.72s", json_string_value(photo));
		return 0;
	}
	const char *kind = json_string_value(json_object_get(photo, "kind"));
	const char *sha256 = json_string_value(json_object_get(photo, "sha256"));
	const json_t *data = json_object_get(photo, "data");
	if (!json_is_object(photo) || (kind && !overlimit_photo_kind_known(slice_from(kind))))
		return err_set(e, ERR_INVALID,
		               "a photo is \"<sha256>\" or {\"kind\": %s, \"data\": base64 or "
		               "\"sha256\"}",
		               OVERLIMIT_PHOTO_KINDS);
	char hash[PHOTO_HASH_SIZE] = "";
	if (json_is_string(data)) {
		size_t n = json_string_length(data);
		*data_bytes += n;
		if (!store)
			return err_set(e, ERR_UNSUPPORTED, "this server keeps no photos");
		if (n / 4 * 3 > (size_t)photo_store_max_bytes(store) + 3)
			return err_set(e, ERR_TOO_LARGE, "the photo is about %zu bytes; the store takes at most %ld",
			               n / 4 * 3, photo_store_max_bytes(store));
		size_t cap = n / 4 * 3 + 3, got = 0;
		unsigned char *bytes = malloc(cap);
		if (!bytes)
			return err_set(e, ERR_NOMEM, "out of memory");
		int rc = sodium_base642bin(bytes, cap, json_string_value(data), n, "\r\n ", &got, NULL,
		                           sodium_base64_VARIANT_ORIGINAL)
		             ? err_set(e, ERR_INVALID, "\"data\" is not base64")
		             : photo_store_put(store, bytes, got, sha256, hash, e);
		free(bytes);
		if (rc)
			return rc;
	} else if (sha256 && !data) {
		snprintf(hash, sizeof hash, "%.64s", sha256);
	} else {
		return err_set(e, ERR_INVALID, "a photo object needs \"data\" (base64) or \"sha256\"");
	}
	snprintf(item, 80, "%s%s%s", kind ? kind : "", kind ? ":" : "", hash);
	return 0;
}

int overlimit_photos_json(struct photo_store *store, json_t *record, int nth, size_t *data_bytes, struct err *e)
{
	json_t *photos = json_object_get(record, "photos");
	if (!json_is_array(photos))
		return 0;
	struct buf field;
	buf_init(&field);
	int rc = 0;
	size_t i;
	json_t *photo;
	json_array_foreach(photos, i, photo)
	{
		char item[80];
		if ((rc = json_photo(store, photo, data_bytes, item, e))) {
			err_prefix(e, "record %d, photo %zu", nth, i + 1);
			break;
		}
		buf_adds(&field, i ? ";" : "");
		buf_adds(&field, item);
	}
	if (rc == 0 && json_object_set_new(record, "photos", json_stringn(field.p, field.n)))
		rc = err_set(e, ERR_NOMEM, "out of memory");
	buf_release(&field);
	return rc;
}

/* ---- sunroad photos check ------------------------------------------------- */

/* The store's photos, sorted, each with whether a detection refers to it. */
struct stored {
	char (*hash)[PHOTO_HASH_SIZE];
	bool *referenced;
	size_t n, cap;
};

static int collect(const char *sha256, void *arg)
{
	struct stored *s = arg;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 1024;
		void *p = realloc(s->hash, cap * sizeof *s->hash);
		if (!p)
			return ERR_NOMEM;
		s->hash = p;
		s->cap = cap;
	}
	memcpy(s->hash[s->n++], sha256, PHOTO_HASH_SIZE);
	return 0;
}

static int compare_hash(const void *a, const void *b)
{
	return memcmp(a, b, PHOTO_HASH_SIZE);
}

/* Walks every detection's photos: each item found in the store is marked
 * referenced, each other printed as missing. */
static int check_references(struct db *db, struct stored *s, int64_t *refs, int64_t *missing, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                "SELECT d.id, s.code, d.seq, d.photos FROM detections d"
	                                " JOIN sites s ON s.id = d.site_id WHERE d.photos <> '' ORDER BY d.id",
	                                e);
	if (!st)
		return e->code;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct slice rest = slice_from(db_col_text(st, 3)), kind, ref;
		while (overlimit_photo_item(&rest, &kind, &ref)) {
			char hash[PHOTO_HASH_SIZE];
			if (!photo_hash_valid(ref))
				continue; /* validated when stored; nothing to look up */
			for (int i = 0; i < 64; i++)
				hash[i] = (char)(ref.p[i] >= 'A' && ref.p[i] <= 'F' ? ref.p[i] - 'A' + 'a' : ref.p[i]);
			hash[64] = '\0';
			(*refs)++;
			char(*found)[PHOTO_HASH_SIZE] =
			    s->n ? bsearch(hash, s->hash, s->n, sizeof *s->hash, compare_hash) : NULL;
			if (found) {
				s->referenced[found - s->hash] = true;
				continue;
			}
			(*missing)++;
			printf("missing %s  detection %lld (%s seq %lld%s%.*s)\n", hash, (long long)db_col_int(st, 0),
			       db_col_text(st, 1), (long long)db_col_int(st, 2), kind.n ? ", " : "", (int)kind.n,
			       kind.p);
		}
	}
	return rc < 0 ? rc : 0;
}

int overlimit_cmd_photos_check(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	struct err e = { 0 };
	struct photo_store *store;
	if (photo_store_new_config(&store, cli->config, &e))
		return cli_fail(&e);
	struct stored s = { 0 };
	int rc = photo_store_each(store, collect, &s, &e);
	if (rc == ERR_NOMEM)
		err_set(&e, rc, "out of memory listing the photo store");
	if (rc == 0 && s.n)
		qsort(s.hash, s.n, sizeof *s.hash, compare_hash);
	if (rc == 0 && !(s.referenced = calloc(s.n + 1, sizeof *s.referenced)))
		rc = err_set(&e, ERR_NOMEM, "out of memory");
	int64_t refs = 0, missing = 0, orphans = 0, damaged = 0;
	if (rc == 0)
		rc = check_references(cli->db, &s, &refs, &missing, &e);
	for (size_t i = 0; rc == 0 && i < s.n; i++) {
		if (!s.referenced[i]) {
			orphans++;
			printf("orphan  %s  (no detection refers to it)\n", s.hash[i]);
		}
		if (cli_flag(cli, "verify")) {
			struct buf bytes;
			struct err why = { 0 };
			buf_init(&bytes);
			if (photo_store_get(store, s.hash[i], &bytes, NULL, &why)) {
				damaged++;
				printf("damaged %s  (%s)\n", s.hash[i], why.msg);
			}
			buf_release(&bytes);
		}
	}
	if (rc == 0) {
		printf("photos check: %zu photos in %s; %lld references, %lld to photos the store does not have; "
		       "%lld photos no detection refers to",
		       s.n, photo_store_dir(store), (long long)refs, (long long)missing, (long long)orphans);
		if (cli_flag(cli, "verify"))
			printf("; %lld damaged", (long long)damaged);
		printf("\n");
	}
	free(s.hash);
	free(s.referenced);
	photo_store_free(store);
	if (rc)
		return cli_fail(&e);
	return missing || damaged ? 1 : 0;
}
