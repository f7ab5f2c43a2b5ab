/* `sunroad backup` and `sunroad restore` (docs/operations.md): one file, a
 * tar archive, holding a consistent copy of the database and the evidence
 * photos, with a manifest of every entry's SHA-256.
 *
 * The database is copied first, while the server runs: SQLite's online
 * backup API copies every page in one read transaction (in WAL mode the
 * writers go on), PostgreSQL's pg_dump reads one snapshot. The photos come
 * after: a photo is stored before the row that names it commits, so every
 * photo the copy names is already there. The archive is written beside
 * FILE and renamed onto it once complete and synced: a failed backup
 * leaves no FILE that looks whole.
 *
 * A restore goes only into an empty database (never over data), checks
 * each entry against the manifest, then opens the database (upgrading its
 * schema if the backup is older) and walks the audit chain. */
#include "backup.h"
#include "audit.h"
#include "buf.h"
#include "config.h"
#include "module.h"
#include "datetime.h"
#include "photo_store.h"
#include "tar.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define BACKUP_FORMAT  "sunroad-backup"
#define BACKUP_VERSION 1
#define DB_SQLITE      "database.sqlite"
#define DB_PGDUMP      "database.pgdump"
#define MANIFEST       "MANIFEST.json"

/* Runs argv (a PostgreSQL tool) and waits: 0 when it exits 0. */
static int run_tool(char *const argv[], struct err *e)
{
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (rc)
		return err_set(e, ERR_IO, "cannot run %s: %s (install postgresql-client)", argv[0], strerror(rc));
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_set(e, ERR_IO, "waiting for %s: %s", argv[0], strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return err_set(e, ERR_IO, "%s failed (exit %d): see its message above", argv[0],
		               WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

struct archive {
	FILE *f;
	json_t *entries; /* [{name, bytes, sha256}] */
};

static void hex(const unsigned char digest[crypto_hash_sha256_BYTES], char out[65])
{
	sodium_bin2hex(out, 65, digest, crypto_hash_sha256_BYTES);
}

static void entry_note(struct archive *a, const char *name, uint64_t bytes, const char *sha256)
{
	json_array_append_new(a->entries, json_pack("{s:s,s:I,s:s}", "name", name, "bytes", (json_int_t)bytes, "sha256",
	                                            sha256));
}

static int add_bytes(struct archive *a, const char *name, const void *p, size_t n, struct err *e)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char sha[65];
	crypto_hash_sha256(digest, p, n);
	hex(digest, sha);
	int rc = tar_header_write(a->f, name, n, (int64_t)time(NULL), e);
	if (!rc && n && fwrite(p, 1, n, a->f) != n)
		rc = err_set(e, ERR_IO, "cannot write the backup: %s", strerror(errno));
	rc = rc ? rc : tar_pad(a->f, n, e);
	if (!rc)
		entry_note(a, name, n, sha);
	return rc;
}

static int add_file(struct archive *a, const char *name, const char *path, struct err *e)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return err_set(e, ERR_IO, "cannot read %s: %s", path, strerror(errno));
	struct stat st;
	int rc = fstat(fileno(in), &st) ? err_set(e, ERR_IO, "cannot stat %s: %s", path, strerror(errno))
	                                : tar_header_write(a->f, name, (uint64_t)st.st_size, (int64_t)st.st_mtime, e);
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	uint64_t total = 0;
	static char chunk[1 << 16];
	size_t n;
	while (!rc && total < (uint64_t)st.st_size && (n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (total + n > (uint64_t)st.st_size)
			n = (size_t)((uint64_t)st.st_size - total);
		crypto_hash_sha256_update(&h, (const unsigned char *)chunk, n);
		if (fwrite(chunk, 1, n, a->f) != n)
			rc = err_set(e, ERR_IO, "cannot write the backup: %s", strerror(errno));
		total += n;
	}
	if (!rc && total != (uint64_t)st.st_size)
		rc = err_set(e, ERR_IO, "%s changed while it was copied", path);
	fclose(in);
	rc = rc ? rc : tar_pad(a->f, total, e);
	if (!rc) {
		unsigned char digest[crypto_hash_sha256_BYTES];
		char sha[65];
		crypto_hash_sha256_final(&h, digest);
		hex(digest, sha);
		entry_note(a, name, total, sha);
	}
	return rc;
}

/* The SQLite database at file, copied page by page into copy. */
static int sqlite_copy(const char *file, const char *copy, struct err *e)
{
	sqlite3 *from = NULL, *to = NULL;
	int rc = sqlite3_open_v2(file, &from, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_open_v2(copy, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	int out = 0;
	if (rc != SQLITE_OK) {
		out = err_set(e, ERR_IO, "cannot open %s: %s", rc == SQLITE_OK ? copy : file,
		              sqlite3_errmsg(to ? to : from));
	} else {
		sqlite3_busy_timeout(from, 10000);
		sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
		/* All pages in one step: one read transaction, one snapshot. */
		rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(to);
		if (b)
			sqlite3_backup_finish(b);
		if (rc != SQLITE_DONE)
			out = err_set(e, ERR_IO, "cannot copy %s: %s", file, sqlite3_errstr(rc));
	}
	sqlite3_close(from);
	sqlite3_close(to);
	return out;
}

struct photo_walk {
	struct archive *a;
	struct photo_store *store;
	struct buf bytes;
	int64_t count;
	struct err *e;
};

static int photo_add(const char *sha256, void *arg)
{
	struct photo_walk *w = arg;
	const char *type;
	buf_clear(&w->bytes);
	int rc = photo_store_get(w->store, sha256, &w->bytes, &type, w->e);
	char name[80];
	snprintf(name, sizeof name, "photos/%s", sha256);
	rc = rc ? rc : add_bytes(w->a, name, w->bytes.p, w->bytes.n, w->e);
	w->count += !rc;
	return rc;
}

int backup_write(const struct config *c, const char *path, struct backup_summary *sum, struct err *e)
{
	memset(sum, 0, sizeof *sum);
	const char *file = db_sqlite_file(c->db);
	char partial[4200], copy[4200];
	snprintf(partial, sizeof partial, "%s.partial", path);
	snprintf(copy, sizeof copy, "%s.db-partial", path);
	unlink(copy);
	int rc;
	if (file) {
		rc = sqlite_copy(file, copy, e);
	} else {
		char *argv[] = { "pg_dump", "--format=custom", "--no-owner", "--file", copy, "--dbname", (char *)c->db, NULL };
		rc = run_tool(argv, e);
	}
	struct archive a = { .entries = json_array() };
	if (!rc && !(a.f = fopen(partial, "wb")))
		rc = err_set(e, ERR_IO, "cannot write %s: %s", partial, strerror(errno));
	rc = rc ? rc : add_file(&a, file ? DB_SQLITE : DB_PGDUMP, copy, e);
	if (!rc)
		sum->database_bytes = json_integer_value(json_object_get(json_array_get(a.entries, 0), "bytes"));
	unlink(copy);
	struct photo_walk w = { .a = &a, .e = e };
	buf_init(&w.bytes);
	rc = rc ? rc : photo_store_new_config(&w.store, c, e);
	rc = rc ? rc : photo_store_each(w.store, photo_add, &w, e);
	sum->photos = w.count;
	photo_store_free(w.store);
	buf_release(&w.bytes);
	if (!rc) {
		json_t *m = json_pack("{s:s,s:i,s:s,s:o,s:s,s:O}", "format", BACKUP_FORMAT, "version", BACKUP_VERSION,
		                      "backend", file ? "sqlite" : "postgres", "created_at",
		                      datetime_json_local((int64_t)time(NULL)), "database", file ? DB_SQLITE : DB_PGDUMP,
		                      "entries", a.entries);
		char *text = json_dumps(m, JSON_INDENT(1) | JSON_SORT_KEYS);
		rc = text ? add_bytes(&a, MANIFEST, text, strlen(text), e) : err_set(e, ERR_NOMEM, "out of memory");
		free(text);
		json_decref(m);
	}
	rc = rc ? rc : tar_end(a.f, e);
	if (!rc && (fflush(a.f) || fsync(fileno(a.f))))
		rc = err_set(e, ERR_IO, "cannot write %s: %s", partial, strerror(errno));
	if (a.f && fclose(a.f) && !rc)
		rc = err_set(e, ERR_IO, "cannot write %s: %s", partial, strerror(errno));
	if (!rc && rename(partial, path))
		rc = err_set(e, ERR_IO, "cannot rename %s to %s: %s", partial, path, strerror(errno));
	if (rc)
		unlink(partial);
	json_decref(a.entries);
	return rc;
}

/* ---- reading -------------------------------------------------------------- */

/* What a backup may hold: its manifest, one database, photos by hash. */
static bool entry_name_ok(const char *name)
{
	if (!strcmp(name, MANIFEST) || !strcmp(name, DB_SQLITE) || !strcmp(name, DB_PGDUMP))
		return true;
	return !strncmp(name, "photos/", 7) && photo_hash_valid(slice_from(name + 7));
}

/* Whether the target database is empty: no file (or an empty one) for
 * SQLite, no table for PostgreSQL. */
static int target_empty(const char *url, struct err *e)
{
	const char *file = db_sqlite_file(url);
	if (file) {
		/* A write-ahead log left beside it would be replayed into the
		 * restored file. */
		char wal[4200];
		snprintf(wal, sizeof wal, "%s-wal", file);
		struct stat st;
		if ((stat(file, &st) == 0 && st.st_size > 0) || (stat(wal, &st) == 0 && st.st_size > 0))
			return err_set(e, ERR_CONFLICT, "%s is not empty: a backup is restored only into a new database", file);
		return 0;
	}
	struct db *db;
	int rc = db_open(&db, url, &(struct db_options){ .as_is = true }, e);
	int64_t tables = 0;
	if (!rc)
		rc = db_get_int(db,
		                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
		                DB_NO_ARGS, &tables, e) < 0
		         ? e->code
		         : 0;
	db_close(db);
	if (!rc && tables)
		rc = err_set(e, ERR_CONFLICT, "the database has %lld tables: a backup is restored only into an empty one",
		             (long long)tables);
	return rc;
}

/* Reads an entry of size bytes into out (a file) or into b (memory), with
 * its SHA-256. */
static int entry_read(FILE *f, uint64_t size, FILE *out, struct buf *b, char sha[65], struct err *e)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	static char chunk[1 << 16];
	for (uint64_t left = size; left;) {
		size_t n = left < sizeof chunk ? (size_t)left : sizeof chunk;
		if (fread(chunk, 1, n, f) != n)
			return err_set(e, ERR_INVALID, "the backup ends in the middle (truncated?)");
		crypto_hash_sha256_update(&h, (const unsigned char *)chunk, n);
		if (out && fwrite(chunk, 1, n, out) != n)
			return err_set(e, ERR_IO, "cannot write the restored database: %s", strerror(errno));
		if (b)
			buf_add(b, chunk, n);
		left -= n;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, digest);
	hex(digest, sha);
	return tar_skip_pad(f, size, e);
}

/* Every entry the manifest lists was read with its hash, and nothing else. */
static int manifest_check(const json_t *manifest, const json_t *seen, const char *backend, struct err *e)
{
	const char *format = json_string_value(json_object_get(manifest, "format"));
	if (!format || strcmp(format, BACKUP_FORMAT))
		return err_set(e, ERR_INVALID, "the archive has no sunroad backup manifest");
	if (json_integer_value(json_object_get(manifest, "version")) != BACKUP_VERSION)
		return err_set(e, ERR_INVALID, "backup format version %lld is not the one this sunroad reads (%d)",
		               (long long)json_integer_value(json_object_get(manifest, "version")), BACKUP_VERSION);
	const char *was = json_string_value(json_object_get(manifest, "backend"));
	if (!was || strcmp(was, backend))
		return err_set(e, ERR_INVALID,
		               "the backup is of a %s database and the target is %s: restore it into a %s database, then "
		               "`sunroad copy --from URL --to URL`",
		               was ? was : "?", backend, was ? was : "?");
	size_t i;
	json_t *entry;
	size_t listed = 0;
	json_array_foreach(json_object_get(manifest, "entries"), i, entry)
	{
		const char *name = json_string_value(json_object_get(entry, "name"));
		const char *sha = json_string_value(json_object_get(entry, "sha256"));
		const char *got = name ? json_string_value(json_object_get(seen, name)) : NULL;
		if (!got)
			return err_set(e, ERR_INVALID, "the backup lacks %s, which its manifest lists", name ? name : "?");
		if (!sha || strcmp(sha, got))
			return err_set(e, ERR_INVALID, "%s in the backup is damaged (its SHA-256 is not the manifest's)", name);
		listed++;
	}
	if (listed != json_object_size(seen))
		return err_set(e, ERR_INVALID, "the backup holds entries its manifest does not list");
	return 0;
}

int backup_restore(const struct config *c, const char *path, struct backup_summary *sum, struct err *e)
{
	memset(sum, 0, sizeof *sum);
	const char *file = db_sqlite_file(c->db);
	const char *backend = file ? "sqlite" : "postgres";
	int rc = target_empty(c->db, e);
	FILE *f = rc ? NULL : fopen(path, "rb");
	if (!rc && !f)
		rc = err_set(e, ERR_IO, "cannot read %s: %s", path, strerror(errno));
	char staged[4200];
	if (file)
		snprintf(staged, sizeof staged, "%s.restore-partial", file);
	else
		snprintf(staged, sizeof staged, "%s.db-restore", path);
	FILE *out = NULL;
	json_t *seen = json_object(), *manifest = NULL;
	struct photo_store *store = NULL;
	struct buf bytes;
	buf_init(&bytes);
	rc = rc ? rc : photo_store_new_config(&store, c, e);
	bool have_db = false;
	while (!rc) {
		char name[257], sha[65];
		uint64_t size;
		int got = tar_header_read(f, name, &size, e);
		if (got <= 0) {
			rc = got;
			break;
		}
		if (!entry_name_ok(name) || json_object_get(seen, name))
			rc = err_set(e, ERR_INVALID, "the backup holds '%.80s', which no sunroad backup holds", name);
		bool is_db = !rc && (!strcmp(name, DB_SQLITE) || !strcmp(name, DB_PGDUMP));
		if (is_db && strcmp(name, file ? DB_SQLITE : DB_PGDUMP))
			rc = err_set(e, ERR_INVALID, "the backup is not of a %s database: restore it into one, then "
			                             "`sunroad copy --from URL --to URL`", backend);
		if (is_db && !rc && !(out = fopen(staged, "wb")))
			rc = err_set(e, ERR_IO, "cannot write %s: %s", staged, strerror(errno));
		if (!rc && !is_db && size > (uint64_t)64 << 20)
			rc = err_set(e, ERR_INVALID, "%s in the backup is too large", name);
		buf_clear(&bytes);
		rc = rc ? rc : entry_read(f, size, is_db ? out : NULL, is_db ? NULL : &bytes, sha, e);
		if (!rc && is_db) {
			have_db = true;
			sum->database_bytes = (int64_t)size;
			if (fflush(out) || fsync(fileno(out)))
				rc = err_set(e, ERR_IO, "cannot write %s: %s", staged, strerror(errno));
		} else if (!rc && !strcmp(name, MANIFEST)) {
			json_error_t je;
			manifest = json_loadb(bytes.p, bytes.n, 0, &je);
		} else if (!rc) {
			char stored[PHOTO_HASH_SIZE];
			rc = photo_store_put(store, bytes.p, bytes.n, name + 7, stored, e);
			sum->photos += !rc;
		}
		if (!rc)
			json_object_set_new(seen, name, json_string(sha));
	}
	if (out && fclose(out) && !rc)
		rc = err_set(e, ERR_IO, "cannot write %s: %s", staged, strerror(errno));
	if (f)
		fclose(f);
	if (!rc && !have_db)
		rc = err_set(e, ERR_INVALID, "the backup holds no database");
	if (!rc) {
		/* The manifest lists itself only by name: it is read, not hashed. */
		json_object_del(seen, MANIFEST);
		rc = manifest_check(manifest, seen, backend, e);
	}
	if (!rc && file && rename(staged, file))
		rc = err_set(e, ERR_IO, "cannot rename %s to %s: %s", staged, file, strerror(errno));
	if (!rc && !file) {
		char *argv[] = { "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
			         "--dbname", (char *)c->db, staged, NULL };
		rc = run_tool(argv, e);
	}
	if (rc || !file)
		unlink(staged);
	photo_store_free(store);
	buf_release(&bytes);
	json_decref(seen);
	json_decref(manifest);
	if (rc)
		return rc;
	/* Opened as the server opens it: a backup of an older sunroad is
	 * upgraded here. Then the chain. */
	struct db *db;
	rc = db_open(&db, c->db, NULL, e);
	int64_t broken = 0;
	if (!rc)
		rc = audit_verify(db, &sum->audit_entries, &broken, e);
	db_close(db);
	return rc;
}

/* ---- the verbs -------------------------------------------------------------- */

int backup_cmd(struct cli *cli)
{
	if (cli->nargs != 1)
		return cli_usage(cli);
	struct err e = { 0 };
	struct backup_summary sum;
	if (backup_write(cli->config, cli->args[0], &sum, &e))
		return cli_fail(&e);
	printf("backup %s: the %s database (%lld bytes), %lld photos\n", cli->args[0],
	       db_sqlite_file(cli->config->db) ? "SQLite" : "PostgreSQL", (long long)sum.database_bytes,
	       (long long)sum.photos);
	return 0;
}

int restore_cmd(struct cli *cli)
{
	if (cli->nargs != 1)
		return cli_usage(cli);
	struct err e = { 0 };
	struct backup_summary sum;
	if (backup_restore(cli->config, cli->args[0], &sum, &e))
		return cli_fail(&e);
	printf("restored %s: the database (%lld bytes), %lld photos; audit chain intact: %lld entries\n",
	       cli->args[0], (long long)sum.database_bytes, (long long)sum.photos, (long long)sum.audit_entries);
	return 0;
}
