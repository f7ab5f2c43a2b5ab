/* The photo store: a photo is its hash, checked on the way in and on the
 * way out; it is never overwritten; what is not a JPEG or PNG, or too
 * large, is refused; a damaged file is refused, not served. */
#include "base/config.h"
#include "base/photo_store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

/* The first bytes of a PNG, then some pixels' worth of anything. */
static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0,
	                             0,    13,  'I', 'H', 'D',  'R',  1,    2,    3 };
static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 9, 8, 7 };

struct fixture {
	char dir[64];
	struct photo_store *store;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/sunroad-photos-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	char dir[128];
	/* A store directory that does not exist yet: the first put makes it. */
	snprintf(dir, sizeof dir, "%s/store/", f->dir);
	struct err e = { 0 };
	assert_int_equal(photo_store_new(&f->store, dir, 64, &e), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "chmod -R u+w %s && rm -rf %s", f->dir, f->dir);
	assert_int_equal(system(cmd), 0);
	photo_store_free(f->store);
	free(f);
	return 0;
}

static void path_of(const struct fixture *f, const char *hash, char path[256])
{
	snprintf(path, 256, "%s/store/%.2s/%.2s/%s", f->dir, hash, hash + 2, hash);
}

static void test_put_then_get(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char hash[PHOTO_HASH_SIZE], want[PHOTO_HASH_SIZE];
	photo_sha256(png, sizeof png, want);
	assert_int_equal(photo_store_put(f->store, png, sizeof png, NULL, hash, &e), 0);
	assert_string_equal(hash, want);
	char path[256];
	path_of(f, hash, path);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal((int)st.st_size, (int)sizeof png);
	assert_int_equal(st.st_mode & 0222, 0); /* read-only: evidence */
	assert_int_equal(photo_store_exists(f->store, hash, &e), 1);

	struct buf out;
	buf_init(&out);
	buf_adds(&out, "kept:");
	const char *type = NULL;
	assert_int_equal(photo_store_get(f->store, hash, &out, &type, &e), 0);
	assert_string_equal(type, "image/png");
	assert_int_equal(out.n, 5 + sizeof png);
	assert_memory_equal(out.p + 5, png, sizeof png);
	buf_release(&out);
}

static void test_claimed_hash(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char right[PHOTO_HASH_SIZE], upper[PHOTO_HASH_SIZE], hash[PHOTO_HASH_SIZE];
	photo_sha256(jpeg, sizeof jpeg, right);
	for (int i = 0; i < PHOTO_HASH_SIZE; i++)
		upper[i] = (char)(right[i] >= 'a' && right[i] <= 'f' ? right[i] - 'a' + 'A' : right[i]);
	/* A hash that is one digit off: refused, nothing stored. */
	char wrong[PHOTO_HASH_SIZE];
	memcpy(wrong, right, sizeof wrong);
	wrong[10] = wrong[10] == '0' ? '1' : '0';
	assert_int_equal(photo_store_put(f->store, jpeg, sizeof jpeg, wrong, hash, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "not"));
	assert_non_null(strstr(e.msg, wrong));
	assert_int_equal(photo_store_exists(f->store, right, &e), 0);
	assert_int_equal(photo_store_exists(f->store, wrong, &e), 0);
	/* Not a hash at all. */
	assert_int_equal(photo_store_put(f->store, jpeg, sizeof jpeg, "abc", hash, &e), ERR_INVALID);
	/* The right hash, in either case. */
	assert_int_equal(photo_store_put(f->store, jpeg, sizeof jpeg, upper, hash, &e), 0);
	assert_string_equal(hash, right);
	assert_int_equal(photo_store_exists(f->store, upper, &e), 1);
}

static void test_duplicate_write(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char hash[PHOTO_HASH_SIZE], again[PHOTO_HASH_SIZE], path[256];
	assert_int_equal(photo_store_put(f->store, png, sizeof png, NULL, hash, &e), 0);
	path_of(f, hash, path);
	struct stat first, second;
	assert_int_equal(stat(path, &first), 0);
	assert_int_equal(photo_store_put(f->store, png, sizeof png, hash, again, &e), 0);
	assert_string_equal(hash, again);
	assert_int_equal(stat(path, &second), 0);
	/* The same file: not written again, not replaced. */
	assert_true(first.st_ino == second.st_ino);
	assert_true(first.st_mtim.tv_sec == second.st_mtim.tv_sec && first.st_mtim.tv_nsec == second.st_mtim.tv_nsec);
	/* And no temporary file left beside it. */
	char cmd[256];
	snprintf(cmd, sizeof cmd, "test $(ls -A %s/store/%.2s/%.2s | wc -l) -eq 1", f->dir, hash, hash + 2);
	assert_int_equal(system(cmd), 0);
}

static void test_not_an_image(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char hash[PHOTO_HASH_SIZE];
	static const char gif[] = "GIF89a.........";
	assert_int_equal(photo_store_put(f->store, gif, sizeof gif - 1, NULL, hash, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "not a JPEG or a PNG"));
	assert_int_equal(photo_store_put(f->store, png, 4, NULL, hash, &e), ERR_INVALID); /* a truncated magic */
	assert_int_equal(photo_store_put(f->store, "", 0, NULL, hash, &e), ERR_INVALID);
	assert_null(photo_type("\xFF\xD8", 2));
	assert_string_equal(photo_type(jpeg, sizeof jpeg), "image/jpeg");
	assert_string_equal(photo_type(png, sizeof png), "image/png");
	/* Nothing was made on disk. */
	char path[128];
	snprintf(path, sizeof path, "%s/store", f->dir);
	struct stat st;
	assert_int_not_equal(stat(path, &st), 0);
}

static void test_too_large(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char hash[PHOTO_HASH_SIZE];
	unsigned char big[65];
	memset(big, 7, sizeof big);
	memcpy(big, png, 8);
	assert_int_equal(photo_store_put(f->store, big, sizeof big, NULL, hash, &e), ERR_TOO_LARGE);
	assert_non_null(strstr(e.msg, "photo_max_bytes"));
	/* At the limit: taken. */
	assert_int_equal(photo_store_put(f->store, big, 64, NULL, hash, &e), 0);
}

static void test_missing(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char hash[PHOTO_HASH_SIZE];
	photo_sha256("nothing", 7, hash);
	assert_int_equal(photo_store_exists(f->store, hash, &e), 0);
	struct buf out;
	buf_init(&out);
	assert_int_equal(photo_store_get(f->store, hash, &out, NULL, &e), ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, hash));
	assert_int_equal(out.n, 0);
	assert_int_equal(photo_store_get(f->store, "../../etc/passwd", &out, NULL, &e), ERR_INVALID);
	assert_int_equal(photo_store_exists(f->store, "../x", &e), ERR_INVALID);
	buf_release(&out);
}

static void test_damaged_on_read(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char hash[PHOTO_HASH_SIZE], path[256];
	assert_int_equal(photo_store_put(f->store, png, sizeof png, NULL, hash, &e), 0);
	path_of(f, hash, path);
	/* One byte changed behind the store's back. */
	assert_int_equal(chmod(path, 0644), 0);
	FILE *file = fopen(path, "r+b");
	assert_non_null(file);
	fseek(file, 17, SEEK_SET);
	fputc('X', file);
	fclose(file);
	struct buf out;
	buf_init(&out);
	buf_adds(&out, "kept");
	assert_int_equal(photo_store_get(f->store, hash, &out, NULL, &e), ERR_IO);
	assert_non_null(strstr(e.msg, "damaged"));
	assert_string_equal(out.p, "kept"); /* nothing of the damaged bytes */
	/* It still exists (the orphan check finds it; get refuses it), and a
	 * put of the right bytes does not overwrite it. */
	assert_int_equal(photo_store_exists(f->store, hash, &e), 1);
	buf_release(&out);
}

static int count_each(const char *sha256, void *arg)
{
	assert_true(photo_hash_valid(slice_from(sha256)));
	(*(int *)arg)++;
	return 0;
}

static void test_each(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	int n = 0;
	assert_int_equal(photo_store_each(f->store, count_each, &n, &e), 0); /* no directory yet */
	assert_int_equal(n, 0);
	char hash[PHOTO_HASH_SIZE];
	assert_int_equal(photo_store_put(f->store, png, sizeof png, NULL, hash, &e), 0);
	assert_int_equal(photo_store_put(f->store, jpeg, sizeof jpeg, NULL, hash, &e), 0);
	/* A stray file and a temporary one are not photos of the store. */
	char cmd[256];
	snprintf(cmd, sizeof cmd, "touch %s/store/%.2s/%.2s/.tmp-x %s/store/%.2s/%.2s/notes.txt", f->dir, hash,
	         hash + 2, f->dir, hash, hash + 2);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(photo_store_each(f->store, count_each, &n, &e), 0);
	assert_int_equal(n, 2);
}

static void test_default_dir(void **state)
{
	(void)state;
	static struct config c;
	struct err e = { 0 };
	struct photo_store *s;
	static const struct {
		const char *db, *dir, *want;
	} cases[] = {
		{ "sunroad.db", "", "photos" },
		{ "data/city.db", "", "data/photos" },
		{ "sqlite:/var/lib/sunroad/x.db", "", "/var/lib/sunroad/photos" },
		{ "/x.db", "", "/photos" },
		{ "postgres://db/sunroad", "", "photos" },
		{ "data/city.db", "/srv/evidence", "/srv/evidence" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(c.db, sizeof c.db, "%s", cases[i].db);
		snprintf(c.photo_dir, sizeof c.photo_dir, "%s", cases[i].dir);
		c.photo_max_bytes = 100;
		assert_int_equal(photo_store_new_config(&s, &c, &e), 0);
		assert_string_equal(photo_store_dir(s), cases[i].want);
		assert_int_equal(photo_store_max_bytes(s), 100);
		photo_store_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_put_then_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claimed_hash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_an_image, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_on_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each, setup, teardown),
		cmocka_unit_test(test_default_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
