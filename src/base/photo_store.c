/* The photo store on a file system (see photo_store.h). Writing goes
 * through a temporary file in the photo's final directory: written,
 * fsynced, then hard-linked to its name, which fails rather than replace a
 * file already there, so that no photo is ever overwritten, even by two
 * writers racing with the same bytes. The directory is fsynced after the
 * link, so a photo whose put returned survives a power cut. */
#include "photo_store.h"
#include "config.h"
#include "log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A stored file larger than this is not a photo sunroad wrote: it is not
 * read into memory, whatever photo_max_bytes says today. */
#define PHOTO_READ_MAX (64L * 1024 * 1024)

struct photo_store {
	char *dir;
	long max_bytes;
};

int photo_store_new(struct photo_store **out, const char *dir, long max_bytes, struct err *e)
{
	*out = NULL;
	if (!dir || !*dir)
		return err_set(e, ERR_INVALID, "the photo store needs a directory (setting photo_dir)");
	if (strlen(dir) > 3000)
		return err_set(e, ERR_INVALID, "photo directory %.64s... is too long", dir);
	struct photo_store *s = calloc(1, sizeof *s);
	if (!s || !(s->dir = strdup(dir))) {
		free(s);
		return err_set(e, ERR_NOMEM, "out of memory opening the photo store");
	}
	/* "photos/" and "photos" are one store. */
	for (size_t n = strlen(s->dir); n > 1 && s->dir[n - 1] == '/'; n--)
		s->dir[n - 1] = '\0';
	s->max_bytes = max_bytes;
	*out = s;
	return 0;
}

int photo_store_new_config(struct photo_store **out, const struct config *c, struct err *e)
{
	if (c->photo_dir[0])
		return photo_store_new(out, c->photo_dir, c->photo_max_bytes, e);
	char dir[1100];
	config_data_dir(c, "photos", dir, sizeof dir);
	return photo_store_new(out, dir, c->photo_max_bytes, e);
}

void photo_store_free(struct photo_store *s)
{
	if (!s)
		return;
	free(s->dir);
	free(s);
}

const char *photo_store_dir(const struct photo_store *s)
{
	return s->dir;
}

long photo_store_max_bytes(const struct photo_store *s)
{
	return s->max_bytes;
}

/* ---- names and types ---------------------------------------------------- */

const char *photo_type(const void *p, size_t n)
{
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF };
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	if (n >= sizeof png && memcmp(p, png, sizeof png) == 0)
		return "image/png";
	if (n >= sizeof jpeg && memcmp(p, jpeg, sizeof jpeg) == 0)
		return "image/jpeg";
	return NULL;
}

void photo_sha256(const void *p, size_t n, char out[PHOTO_HASH_SIZE])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, p, n);
	sodium_bin2hex(out, PHOTO_HASH_SIZE, digest, sizeof digest);
}

bool photo_hash_valid(struct slice s)
{
	if (s.n != 64)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!((s.p[i] >= '0' && s.p[i] <= '9') || (s.p[i] >= 'a' && s.p[i] <= 'f') ||
		      (s.p[i] >= 'A' && s.p[i] <= 'F')))
			return false;
	return true;
}

/* The hash in lowercase into out; ERR_INVALID when it is not one. */
static int canonical_hash(const char *sha256, char out[PHOTO_HASH_SIZE], struct err *e)
{
	if (!sha256 || !photo_hash_valid(slice_from(sha256)))
		return err_set(e, ERR_INVALID, "'%.70s' is not a SHA-256 (64 hexadecimal digits)",
		               sha256 ? sha256 : "");
	for (int i = 0; i < 64; i++)
		out[i] = (char)(sha256[i] >= 'A' && sha256[i] <= 'F' ? sha256[i] - 'A' + 'a' : sha256[i]);
	out[64] = '\0';
	return 0;
}

/* DIR/ab/cd/<hash> into path; with levels 1 or 2, only DIR/ab or DIR/ab/cd. */
static void photo_path(const struct photo_store *s, const char *hash, int levels, char path[4096])
{
	if (levels == 1)
		snprintf(path, 4096, "%s/%.2s", s->dir, hash);
	else if (levels == 2)
		snprintf(path, 4096, "%s/%.2s/%.2s", s->dir, hash, hash + 2);
	else
		snprintf(path, 4096, "%s/%.2s/%.2s/%s", s->dir, hash, hash + 2, hash);
}

/* ---- writing ------------------------------------------------------------ */

static int fsync_dir(const char *dir, struct err *e)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot open photo directory %s: %s", dir, strerror(errno));
	int rc = fsync(fd) && errno != EINVAL ? err_set(e, ERR_IO, "cannot sync %s: %s", dir, strerror(errno)) : 0;
	close(fd);
	return rc;
}

/* Makes dir when it is missing, and syncs its parent so that the new
 * entry survives a crash. */
static int make_dir(const char *dir, const char *parent, struct err *e)
{
	if (mkdir(dir, 0777) == 0)
		return parent ? fsync_dir(parent, e) : 0;
	if (errno == EEXIST)
		return 0;
	return err_set(e, ERR_IO, "cannot create photo directory %s: %s", dir, strerror(errno));
}

/* The store's directory and the two levels above the photo. */
static int make_dirs(const struct photo_store *s, const char *hash, struct err *e)
{
	char one[4096], two[4096];
	photo_path(s, hash, 1, one);
	photo_path(s, hash, 2, two);
	int rc = 0;
	/* The store's own directory: every missing component. */
	char path[4096];
	snprintf(path, sizeof path, "%s", s->dir);
	for (char *p = path + 1; rc == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		rc = make_dir(path, NULL, e);
		*p = c;
		if (!c)
			break;
	}
	if (rc == 0)
		rc = make_dir(one, s->dir, e);
	if (rc == 0)
		rc = make_dir(two, one, e);
	return rc;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Puts tmp in place as path unless a file is there already. Where the
 * file system has no hard links, the check and the rename are two steps. */
static int link_into_place(const char *tmp, const char *path)
{
	if (link(tmp, path) == 0 || errno == EEXIST)
		return 0;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
		return -1;
	struct stat st;
	if (stat(path, &st) == 0)
		return 0;
	return rename(tmp, path);
}

int photo_store_put(struct photo_store *s, const void *p, size_t n, const char *claimed, char sha256[PHOTO_HASH_SIZE],
                    struct err *e)
{
	if ((long long)n > (long long)s->max_bytes)
		return err_set(e, ERR_TOO_LARGE,
		               "the photo is %zu bytes; the store takes at most %ld (photo_max_bytes)", n,
		               s->max_bytes);
	if (!photo_type(p, n))
		return err_set(e, ERR_INVALID, "the photo is not a JPEG or a PNG image (by its first bytes)");
	char hash[PHOTO_HASH_SIZE], want[PHOTO_HASH_SIZE];
	photo_sha256(p, n, hash);
	if (claimed) {
		int rc = canonical_hash(claimed, want, e);
		if (rc)
			return rc;
		if (strcmp(want, hash) != 0)
			return err_set(e, ERR_INVALID,
			               "the photo's SHA-256 is %s, not %s as claimed: it was damaged on the way", hash,
			               want);
	}
	if (sha256)
		memcpy(sha256, hash, PHOTO_HASH_SIZE);
	char path[4096], dir[4096], tmp[4200];
	photo_path(s, hash, 0, path);
	struct stat st;
	if (stat(path, &st) == 0)
		return 0; /* stored already: never overwritten */
	int rc = make_dirs(s, hash, e);
	if (rc)
		return rc;
	photo_path(s, hash, 2, dir);
	static atomic_uint counter;
	snprintf(tmp, sizeof tmp, "%s/.tmp-%.16s-%ld-%u-%08x", dir, hash, (long)getpid(), atomic_fetch_add(&counter, 1),
	         randombytes_random());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot write photo %s in %s: %s", hash, dir, strerror(errno));
	if (write_all(fd, p, n) || fsync(fd))
		rc = err_set(e, ERR_IO, "cannot write photo %s in %s: %s", hash, dir, strerror(errno));
	if (close(fd) && rc == 0)
		rc = err_set(e, ERR_IO, "cannot write photo %s in %s: %s", hash, dir, strerror(errno));
	if (rc == 0 && link_into_place(tmp, path))
		rc = err_set(e, ERR_IO, "cannot put photo %s in place: %s", hash, strerror(errno));
	unlink(tmp);
	if (rc == 0)
		rc = fsync_dir(dir, e);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

int photo_store_exists(struct photo_store *s, const char *sha256, struct err *e)
{
	char hash[PHOTO_HASH_SIZE], path[4096];
	int rc = canonical_hash(sha256, hash, e);
	if (rc)
		return rc;
	photo_path(s, hash, 0, path);
	struct stat st;
	if (stat(path, &st) == 0)
		return S_ISREG(st.st_mode) ? 1 : 0;
	if (errno == ENOENT || errno == ENOTDIR)
		return 0;
	return err_set(e, ERR_IO, "cannot look for photo %s in %s: %s", hash, s->dir, strerror(errno));
}

int photo_store_get(struct photo_store *s, const char *sha256, struct buf *out, const char **type, struct err *e)
{
	char hash[PHOTO_HASH_SIZE], path[4096];
	int rc = canonical_hash(sha256, hash, e);
	if (rc)
		return rc;
	photo_path(s, hash, 0, path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR
		           ? err_set(e, ERR_NOTFOUND, "photo %s is not in the store %s", hash, s->dir)
		           : err_set(e, ERR_IO, "cannot read photo %s: %s", hash, strerror(errno));
	struct stat st;
	size_t start = out->n;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > PHOTO_READ_MAX) {
		rc = err_set(e, ERR_IO, "photo %s in %s is not a photo file sunroad wrote", hash, s->dir);
	} else {
		buf_grow(out, (size_t)st.st_size);
		size_t want = (size_t)st.st_size;
		while (rc == 0 && out->n - start < want) {
			ssize_t r = read(fd, out->p + out->n, want - (out->n - start));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				rc = err_set(e, ERR_IO, "cannot read photo %s: %s", hash,
				             r ? strerror(errno) : "it shrank");
			else
				out->n += (size_t)r;
		}
		out->p[out->n] = '\0';
	}
	close(fd);
	char got[PHOTO_HASH_SIZE];
	if (rc == 0)
		photo_sha256(out->p + start, out->n - start, got);
	if (rc == 0 && strcmp(got, hash) != 0) {
		/* Evidence that changed behind sunroad's back is never shown as
		 * evidence: someone must look into it. */
		log_error("photo store: a photo's bytes no longer match its name", "path=\"%s\" sha256=%s", path, got);
		rc = err_set(e, ERR_IO,
		             "photo %s is damaged: its bytes no longer match its SHA-256; restore it from a backup",
		             hash);
	}
	const char *t = rc ? NULL : photo_type(out->p + start, out->n - start);
	if (rc == 0 && !t)
		rc = err_set(e, ERR_IO, "photo %s in %s is not a JPEG or a PNG image", hash, s->dir);
	if (rc) {
		out->n = start;
		out->p[start] = '\0';
		return rc;
	}
	if (type)
		*type = t;
	return 0;
}

/* ---- the walk ----------------------------------------------------------- */

static bool hex_name(const char *name, size_t n)
{
	if (strlen(name) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
			return false;
	return true;
}

/* Calls fn for each entry of dir whose name is n lowercase hex digits
 * (and starts with prefix), with its path and name. */
static int each_entry(const char *dir, size_t n, const char *prefix,
                      int (*fn)(const char *path, const char *name, void *arg), void *arg, struct err *e)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : err_set(e, ERR_IO, "cannot list %s: %s", dir, strerror(errno));
	int rc = 0;
	struct dirent *ent;
	while (rc == 0 && (ent = readdir(d))) {
		if (!hex_name(ent->d_name, n) || strncmp(ent->d_name, prefix, strlen(prefix)) != 0)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
		rc = fn(path, ent->d_name, arg);
	}
	closedir(d);
	return rc;
}

struct walk {
	int (*fn)(const char *sha256, void *arg);
	void *arg;
	struct err *e;
	char prefix[5];
};

static int walk_file(const char *path, const char *name, void *arg)
{
	(void)path;
	struct walk *w = arg;
	return w->fn(name, w->arg);
}

static int walk_second(const char *path, const char *name, void *arg)
{
	struct walk *w = arg;
	memcpy(w->prefix + 2, name, 3);
	return each_entry(path, 64, w->prefix, walk_file, w, w->e);
}

static int walk_first(const char *path, const char *name, void *arg)
{
	struct walk *w = arg;
	memcpy(w->prefix, name, 3);
	return each_entry(path, 2, "", walk_second, w, w->e);
}

int photo_store_each(struct photo_store *s, int (*fn)(const char *sha256, void *arg), void *arg, struct err *e)
{
	struct walk w = { .fn = fn, .arg = arg, .e = e };
	return each_entry(s->dir, 2, "", walk_first, &w, e);
}
