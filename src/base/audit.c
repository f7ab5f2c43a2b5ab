#include "audit.h"
#include "config.h"
#include "datetime.h"
#include "log.h"
#include "module.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void hash_field(crypto_hash_sha256_state *st, const char *s)
{
	/* Length-prefixed, so that no two field lists hash alike. */
	char len[24];
	int n = snprintf(len, sizeof len, "%zu:", strlen(s));
	crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)n);
	crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

/* The hex SHA-256 of an entry: the previous hash, then every field. The
 * client address is a field of the entries written since it was recorded
 * (schema 0004); an older entry has none (client NULL) and keeps the hash
 * it was written with. */
static void entry_hash(const char *prev, int64_t seq, int64_t at, const char *actor, const char *action,
                       const char *object, const char *before, const char *after, const char *client, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char num[48];
	crypto_hash_sha256_init(&st);
	hash_field(&st, prev);
	snprintf(num, sizeof num, "%lld/%lld", (long long)seq, (long long)at);
	hash_field(&st, num);
	hash_field(&st, actor);
	hash_field(&st, action);
	hash_field(&st, object);
	hash_field(&st, before);
	hash_field(&st, after);
	if (client)
		hash_field(&st, client);
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

struct audit_settings audit_settings;

/* ---- the key ------------------------------------------------------------ */

/* The key of the MACs: 32 random bytes, as hex on one line of a file kept
 * outside the database. Read once per process (and again if the path
 * changes). */
static struct {
	pthread_mutex_t lock;
	char path[1024];
	unsigned char key[crypto_auth_KEYBYTES];
	bool loaded;
} audit_key = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void key_path(char *out, size_t size)
{
	if (audit_settings.key_file[0])
		snprintf(out, size, "%s", audit_settings.key_file);
	else
		config_data_dir(&config, "audit.key", out, size);
}

static void checkpoints_path(char *out, size_t size)
{
	if (audit_settings.checkpoints[0])
		snprintf(out, size, "%s", audit_settings.checkpoints);
	else
		config_data_dir(&config, "audit.checkpoints", out, size);
}

/* Reads the key file: 1 when read, 0 when there is none, or an error. */
static int key_read(const char *path, unsigned char key[crypto_auth_KEYBYTES], struct err *e)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0
		                       : err_set(e, ERR_IO, "cannot read the audit key %s: %s", path, strerror(errno));
	char hex[2 * crypto_auth_KEYBYTES + 2];
	size_t n = fread(hex, 1, sizeof hex - 1, f);
	fclose(f);
	hex[n] = '\0';
	size_t len = 0;
	if (n < 2 * crypto_auth_KEYBYTES ||
	    sodium_hex2bin(key, crypto_auth_KEYBYTES, hex, 2 * crypto_auth_KEYBYTES, NULL, &len, NULL) != 0 ||
	    len != crypto_auth_KEYBYTES)
		return err_set(e, ERR_INVALID,
		               "the audit key %s is not 64 hex digits: restore it from where you keep it", path);
	return 1;
}

/* Makes a new key file, readable by its owner only. Written to a temporary
 * file first and linked into place, so that two processes making it at
 * once end with one key, whole. */
static int key_create(const char *path, struct err *e)
{
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot make the audit key %s: %s (set audit_key_file to a writable place)",
		               path, strerror(errno));
	unsigned char key[crypto_auth_KEYBYTES];
	char hex[2 * crypto_auth_KEYBYTES + 2];
	crypto_auth_keygen(key);
	sodium_bin2hex(hex, sizeof hex - 1, key, sizeof key);
	hex[2 * crypto_auth_KEYBYTES] = '\n';
	hex[2 * crypto_auth_KEYBYTES + 1] = '\0';
	sodium_memzero(key, sizeof key);
	bool ok = write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex) && fsync(fd) == 0;
	sodium_memzero(hex, sizeof hex);
	close(fd);
	int rc = 0;
	if (!ok)
		rc = err_set(e, ERR_IO, "cannot write the audit key %s: %s", path, strerror(errno));
	else if (link(tmp, path) != 0 && errno != EEXIST)
		rc = err_set(e, ERR_IO, "cannot make the audit key %s: %s", path, strerror(errno));
	unlink(tmp);
	return rc;
}

/* The key: 1 with it in key, 0 when its file is missing and create is
 * false, or an error. With create, a missing file is made (first use). */
static int key_get(bool create, unsigned char key[crypto_auth_KEYBYTES], char *path, size_t path_size, struct err *e)
{
	char where[1024];
	key_path(where, sizeof where);
	if (path)
		snprintf(path, path_size, "%s", where);
	pthread_mutex_lock(&audit_key.lock);
	int rc = 1;
	if (!audit_key.loaded || strcmp(audit_key.path, where) != 0) {
		audit_key.loaded = false;
		rc = key_read(where, audit_key.key, e);
		if (rc == 0 && create && (rc = key_create(where, e)) == 0)
			rc = key_read(where, audit_key.key, e);
		if (rc == 1) {
			snprintf(audit_key.path, sizeof audit_key.path, "%s", where);
			audit_key.loaded = true;
		}
	}
	if (rc == 1)
		memcpy(key, audit_key.key, crypto_auth_KEYBYTES);
	pthread_mutex_unlock(&audit_key.lock);
	return rc;
}

/* The hex MAC of a message under the key, with a label that keeps an
 * entry's MAC from passing for a checkpoint's and back. */
static void mac_hex(const unsigned char key[crypto_auth_KEYBYTES], const char *label, const char *text, char out[65])
{
	crypto_auth_hmacsha512256_state st;
	unsigned char mac[crypto_auth_BYTES];
	crypto_auth_hmacsha512256_init(&st, key, crypto_auth_KEYBYTES);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)label, strlen(label) + 1);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)text, strlen(text));
	crypto_auth_hmacsha512256_final(&st, mac);
	sodium_bin2hex(out, 65, mac, sizeof mac);
}

static _Thread_local char thread_client[64];

void audit_set_client(const char *address)
{
	snprintf(thread_client, sizeof thread_client, "%s", address ? address : "");
}

/* The chain's newest entry (*seq 0 and the genesis hash when there is
 * none) and the key. The key is made on first use; once entries carry
 * MACs, a missing key is an error, not a new key: a new one would fail
 * every MAC before it, and entries without one would hide a rewrite. */
static int head_and_key(struct db *db, int64_t *seq, char hash[65], unsigned char key[crypto_auth_KEYBYTES],
                        struct err *e)
{
	struct db_stmt *st;
	bool keyed = false;
	*seq = 0;
	snprintf(hash, 65, "%s", GENESIS);
	int rc = db_row(db, "SELECT seq, hash, mac FROM audit_log ORDER BY seq DESC LIMIT 1", DB_NO_ARGS, &st, e);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		*seq = db_col_int(st, 0);
		snprintf(hash, 65, "%s", db_col_text(st, 1));
		keyed = !db_col_is_null(st, 2);
		db_row_done(st);
	}
	char path[1024];
	rc = key_get(!keyed, key, path, sizeof path, e);
	if (rc == 0)
		return err_set(e, ERR_NOTFOUND,
		               "the audit key %s is missing, and the audit log's entries carry MACs made with it:"
		               " restore the file (or set audit_key_file to where it is)",
		               path);
	return rc < 0 ? rc : 0;
}

static int append_entry(struct db *db, const char *actor, const char *action, const char *object,
                        const char *before_json, const char *after_json, int64_t at, struct err *e)
{
	int64_t seq;
	char prev[65];
	unsigned char key[crypto_auth_KEYBYTES];
	int rc = head_and_key(db, &seq, prev, key, e);
	if (rc)
		return rc;
	seq++;
	char hash[65], mac[65];
	entry_hash(prev, seq, at, actor, action, object, before_json, after_json, thread_client, hash);
	mac_hex(key, "sunroad audit entry", hash, mac);
	sodium_memzero(key, sizeof key);
	struct db_stmt *st =
	    db_prepare(db,
	               "INSERT INTO audit_log (seq, at, actor, action, object, before_json, after_json, prev_hash,"
	               " hash, client, mac) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
	               e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, seq);
	db_bind_int(st, 2, at);
	db_bind_text(st, 3, actor, strlen(actor));
	db_bind_text(st, 4, action, strlen(action));
	db_bind_text(st, 5, object, strlen(object));
	db_bind_text(st, 6, before_json, strlen(before_json));
	db_bind_text(st, 7, after_json, strlen(after_json));
	db_bind_text(st, 8, prev, 64);
	db_bind_text(st, 9, hash, 64);
	db_bind_text(st, 10, thread_client, strlen(thread_client));
	db_bind_text(st, 11, mac, 64);
	rc = db_step(st, e);
	return rc < 0 ? rc : 0;
}

int audit_append(struct db *db, const char *actor, const char *action, const char *object, const char *before_json,
                 const char *after_json, int64_t at, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	/* One writer of the chain at a time, whichever process it is in: the
	 * head read and the entry after it in one transaction (the caller's,
	 * if it is in one), which PostgreSQL's lock on the table, or SQLite's
	 * BEGIN IMMEDIATE, keeps to itself to its end. Two ingests ending at
	 * once both appended after the same head, and one failed. */
	bool own = !db_in_transaction(db);
	int rc = own ? db_begin(db, e) : 0;
	if (rc == 0 && strcmp(db_backend(db), "postgres") == 0)
		rc = db_exec(db, "LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE", e);
	if (rc == 0)
		rc = append_entry(db, actor, action, object, before_json, after_json, at, e);
	if (own && rc == 0)
		rc = db_commit(db, e);
	else if (own)
		db_rollback(db);
	return rc;
}

/* One checkpoint of the file: the head the server saw at `at`. */
struct checkpoint {
	int64_t at, seq;
	char hash[65];
};

/* Walks the chain from the first entry: every link and hash; with key,
 * every MAC (an entry without one may only come before the first that
 * has one); with checkpoints (sorted by seq), that each one's entry still
 * has the hash it saw. Fills r's counts. */
static int walk(struct db *db, const unsigned char *key, const struct checkpoint *cp, size_t ncp,
                struct audit_report *r, int64_t *broken, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	struct db_stmt *st =
	    db_prepare(db,
	               "SELECT seq, at, actor, action, object, before_json, after_json, prev_hash, hash, client, mac"
	               " FROM audit_log ORDER BY seq",
	               e);
	if (!st)
		return e->code;
	char prev[65] = GENESIS;
	int64_t expected_seq = 1, macs = 0;
	size_t next_cp = 0;
	*broken = 0;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t seq = db_col_int(st, 0);
		char hash[65], mac[65] = "";
		entry_hash(prev, seq, db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
		           db_col_text(st, 5), db_col_text(st, 6), db_col_is_null(st, 9) ? NULL : db_col_text(st, 9),
		           hash);
		bool has_mac = !db_col_is_null(st, 10);
		if (has_mac && key)
			mac_hex(key, "sunroad audit entry", hash, mac);
		/* The checkpoints of this entry (a server started again without a
		 * new entry checkpoints the same head twice) must all have seen
		 * its hash. */
		while (next_cp < ncp && cp[next_cp].seq < seq)
			next_cp++; /* of an entry not in the chain: the caller's cut-short check */
		bool unseen = false;
		for (; next_cp < ncp && cp[next_cp].seq == seq; next_cp++)
			unseen = unseen || strcmp(cp[next_cp].hash, hash) != 0;
		const char *why =
		    seq != expected_seq                     ? "an entry before it is missing"
		    : strcmp(db_col_text(st, 7), prev) != 0 ? "its link to the previous entry is wrong"
		    : strcmp(db_col_text(st, 8), hash) != 0 ? "its content does not match its hash"
		    : !has_mac && macs > 0
		        ? "it has no MAC though the entries before it have one (removed to hide a rewrite)"
		    : has_mac && key && strcmp(db_col_text(st, 10), mac) != 0
		        ? "its MAC does not match the audit key: it was written or rewritten without the key"
		    : unseen
		        ? "its hash is not the one a checkpoint recorded: the chain was rewritten from here or before"
		        : NULL;
		if (why) {
			*broken = seq;
			err_set(e, ERR_CONFLICT,
			        "audit chain broken at entry %lld: %s (it or the entry before it was changed)",
			        (long long)seq, why);
			while (db_step(st, NULL) == DB_ROW) /* finish the statement */
				;
			return ERR_CONFLICT;
		}
		if (has_mac)
			macs++;
		else
			r->unkeyed++;
		snprintf(prev, sizeof prev, "%s", hash);
		expected_seq = seq + 1;
		r->entries++;
		r->head_seq = seq;
	}
	r->keyed = key ? macs : 0;
	if (rc == 0 && macs > 0 && !key)
		rc = err_set(e, ERR_NOTFOUND,
		             "%lld entries carry a MAC, but the audit key %s is missing: put it back to check"
		             " them (or set audit_key_file to where it is)",
		             (long long)macs, r->key_file);
	return rc < 0 ? rc : 0;
}

int audit_verify(struct db *db, int64_t *entries, int64_t *broken, struct err *e)
{
	struct audit_report r = { 0 };
	int rc = walk(db, NULL, NULL, 0, &r, broken, e);
	/* No key here: the MACs are audit_verify_anchored's. */
	if (rc == ERR_NOTFOUND)
		rc = 0;
	*entries = r.entries;
	return rc;
}

/* Which database a checkpoint is of: the SQLite file's full path, or the
 * PostgreSQL URL without its user, password and options. Not something
 * its writer can change from inside it. */
static void database_id(const char *url, char *out, size_t size)
{
	const char *file = db_sqlite_file(url);
	if (file) {
		char full[PATH_MAX];
		snprintf(out, size, "sqlite:%s", realpath(file, full) ? full : file);
		return;
	}
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	const char *slash = strchr(host, '/'), *at = strchr(host, '@');
	if (at && (!slash || at < slash))
		host = at + 1;
	size_t n = strcspn(host, "?");
	snprintf(out, size, "postgres://%.*s", (int)n, host);
}

/* The text a checkpoint's MAC covers. */
static void checkpoint_text(const char *id, const struct checkpoint *c, char *out, size_t size)
{
	snprintf(out, size, "%lld %lld %s %s", (long long)c->at, (long long)c->seq, c->hash, id);
}

static int checkpoint_order(const void *a, const void *b)
{
	const struct checkpoint *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : x->at < y->at ? -1 : x->at > y->at;
}

/* Reads the checkpoints of database id from path into *out (sorted by
 * seq, the caller frees). A line of this database whose MAC the key does
 * not confirm is an error: the file was written by someone without it. */
static int checkpoints_read(const char *path, const char *id, const unsigned char *key, struct checkpoint **out,
                            size_t *n, struct err *e)
{
	*out = NULL;
	*n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return errno == ENOENT
		           ? 0
		           : err_set(e, ERR_IO, "cannot read the audit checkpoints %s: %s", path, strerror(errno));
	char line[2048];
	size_t cap = 0;
	int rc = 0;
	for (long lineno = 1; rc == 0 && fgets(line, sizeof line, f); lineno++) {
		line[strcspn(line, "\n")] = '\0';
		struct checkpoint c = { 0 };
		char mac[65], want[65], text[2048];
		int used = 0;
		if (sscanf(line, "%lld %lld %64s %64s %n", (long long *)&c.at, (long long *)&c.seq, c.hash, mac,
		           &used) < 4 ||
		    !used)
			continue; /* not a checkpoint line */
		if (strcmp(line + used, id) != 0)
			continue; /* another database's */
		checkpoint_text(id, &c, text, sizeof text);
		mac_hex(key, "sunroad audit checkpoint", text, want);
		if (strcmp(mac, want) != 0) {
			rc = err_set(
			    e, ERR_CONFLICT,
			    "audit checkpoints %s, line %ld: its MAC does not match the audit key (written without"
			    " the key)",
			    path, lineno);
			break;
		}
		if (*n == cap) {
			struct checkpoint *more = realloc(*out, sizeof *more * (cap = cap ? 2 * cap : 64));
			if (!more) {
				rc = err_set(e, ERR_NOMEM, "out of memory reading %s", path);
				break;
			}
			*out = more;
		}
		(*out)[(*n)++] = c;
	}
	fclose(f);
	if (rc == 0 && *n)
		qsort(*out, *n, sizeof **out, checkpoint_order);
	return rc;
}

int audit_verify_anchored(struct db *db, const char *db_url, struct audit_report *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	unsigned char key[crypto_auth_KEYBYTES];
	int have = key_get(false, key, r->key_file, sizeof r->key_file, e);
	if (have < 0)
		return have;
	checkpoints_path(r->checkpoints_file, sizeof r->checkpoints_file);
	char id[PATH_MAX + 32];
	database_id(db_url, id, sizeof id);
	struct checkpoint *cp = NULL;
	size_t ncp = 0;
	int rc = have ? checkpoints_read(r->checkpoints_file, id, key, &cp, &ncp, e) : 0;
	int64_t broken;
	if (rc == 0)
		rc = walk(db, have ? key : NULL, cp, ncp, r, &broken, e);
	sodium_memzero(key, sizeof key);
	/* The newest checkpoint must still be in the chain: entries after the
	 * head it saw may be new, entries up to it may not be gone. */
	if (rc == 0 && ncp && cp[ncp - 1].seq > r->head_seq) {
		char when[26];
		datetime_format_local(cp[ncp - 1].at, when);
		rc = err_set(e, ERR_CONFLICT,
		             "audit chain cut short: it ends at entry %lld, but the checkpoint of %s saw entry %lld"
		             " (entries %lld to %lld were removed)",
		             (long long)r->head_seq, when, (long long)cp[ncp - 1].seq, (long long)r->head_seq + 1,
		             (long long)cp[ncp - 1].seq);
	}
	if (rc == 0 && ncp) {
		r->checkpoints = (int64_t)ncp;
		r->checkpoint_seq = cp[ncp - 1].seq;
		r->checkpoint_at = cp[ncp - 1].at;
	}
	free(cp);
	return rc;
}

void audit_report_print(const struct audit_report *r, FILE *out)
{
	fprintf(out, "audit chain intact: %lld entries\n", (long long)r->entries);
	fprintf(out, "- links and hashes: every entry's hash matches its content and the entry before it\n");
	if (r->keyed)
		fprintf(out, "- MACs: %lld entries carry a MAC that the key %s confirms%s\n", (long long)r->keyed,
		        r->key_file, r->unkeyed ? "" : " (every entry)");
	else
		fprintf(out, "- MACs: none to check (key %s%s)\n", r->key_file,
		        r->entries ? ": the entries were written before it" : "");
	if (r->unkeyed && r->entries)
		fprintf(out,
		        "- the first %lld entries were written before the key: a rewrite of them that recomputes"
		        " their hashes shows only where a checkpoint saw them\n",
		        (long long)r->unkeyed);
	if (r->checkpoints) {
		char when[26];
		datetime_format_local(r->checkpoint_at, when);
		fprintf(out,
		        "- checkpoints: %lld in %s, each one's entry and hash still in the chain; the newest (%s) saw"
		        " entry %lld\n",
		        (long long)r->checkpoints, r->checkpoints_file, when, (long long)r->checkpoint_seq);
		if (r->head_seq > r->checkpoint_seq)
			fprintf(
			    out,
			    "- entries %lld to %lld came after the newest checkpoint: their removal would not show\n",
			    (long long)r->checkpoint_seq + 1, (long long)r->head_seq);
	} else {
		fprintf(out,
		        "- checkpoints: none of this database in %s: a removal of the newest entries would not show\n",
		        r->checkpoints_file);
	}
}

/* ---- checkpoints ------------------------------------------------------- */

int audit_checkpoint(struct db *db, const char *db_url, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	struct checkpoint c = { .at = (int64_t)time(NULL) };
	unsigned char key[crypto_auth_KEYBYTES];
	char path[1024], id[PATH_MAX + 32], text[2048], mac[65], line[2200];
	int rc = head_and_key(db, &c.seq, c.hash, key, e);
	if (rc)
		return rc;
	database_id(db_url, id, sizeof id);
	checkpoint_text(id, &c, text, sizeof text);
	mac_hex(key, "sunroad audit checkpoint", text, mac);
	sodium_memzero(key, sizeof key);
	snprintf(line, sizeof line, "%lld %lld %s %s %s\n", (long long)c.at, (long long)c.seq, c.hash, mac, id);
	checkpoints_path(path, sizeof path);
	/* Appended, never rewritten: O_APPEND writes of one line land whole. */
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_set(e, ERR_IO, "cannot open the audit checkpoints %s: %s", path, strerror(errno));
	size_t n = strlen(line);
	rc = write(fd, line, n) == (ssize_t)n && fsync(fd) == 0
	         ? 0
	         : err_set(e, ERR_IO, "cannot write the audit checkpoints %s: %s", path, strerror(errno));
	close(fd);
	if (rc == 0)
		log_info("audit checkpoint", "seq=%lld hash=%s", (long long)c.seq, c.hash);
	return rc;
}

/* The server's checkpointer. */
static struct {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running, stop;
	struct db *db;
	char url[1024];
	int64_t start_seq; /* the head the checkpoint at start saw */
} keeper = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

/* A checkpoint when the chain has grown since the last one (or none was
 * written yet): a quiet server adds no lines. */
static void keeper_checkpoint(int64_t *last_seq, bool force)
{
	int64_t seq = 0;
	struct err e = { 0 };
	if (db_get_int(keeper.db, "SELECT coalesce(max(seq), 0) FROM audit_log", DB_NO_ARGS, &seq, &e) < 0) {
		log_warn("audit checkpoint failed", "error=\"%s\"", e.msg);
		return;
	}
	if (!force && seq == *last_seq)
		return;
	if (audit_checkpoint(keeper.db, keeper.url, &e) == 0)
		*last_seq = seq;
	else
		log_warn("audit checkpoint failed", "error=\"%s\"", e.msg);
}

static void *keeper_main(void *arg)
{
	(void)arg;
	int64_t last_seq = keeper.start_seq;
	pthread_mutex_lock(&keeper.lock);
	while (!keeper.stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += audit_settings.checkpoint_s > 0 ? audit_settings.checkpoint_s : 300;
		while (!keeper.stop && pthread_cond_timedwait(&keeper.wake, &keeper.lock, &until) != ETIMEDOUT)
			;
		if (keeper.stop)
			break;
		pthread_mutex_unlock(&keeper.lock);
		keeper_checkpoint(&last_seq, false);
		pthread_mutex_lock(&keeper.lock);
	}
	pthread_mutex_unlock(&keeper.lock);
	/* At stop, after the last request: the head the server leaves. */
	keeper_checkpoint(&last_seq, false);
	return NULL;
}

int audit_checkpoints_start(const struct module_context *ctx, struct err *e)
{
	snprintf(keeper.url, sizeof keeper.url, "%s", ctx->config->db);
	int rc = db_open(&keeper.db, keeper.url, NULL, e);
	if (rc)
		return rc;
	/* One at start: the head as the server found it, and a missing or
	 * unreadable key stops the start rather than the first write. */
	keeper.start_seq = 0;
	rc = db_get_int(keeper.db, "SELECT coalesce(max(seq), 0) FROM audit_log", DB_NO_ARGS, &keeper.start_seq, e);
	if (rc >= 0)
		rc = audit_checkpoint(keeper.db, keeper.url, e);
	if (rc < 0) {
		db_close(keeper.db);
		return rc;
	}
	keeper.stop = false;
	if (pthread_create(&keeper.thread, NULL, keeper_main, NULL) != 0) {
		db_close(keeper.db);
		return err_set(e, ERR_NOMEM, "cannot start the audit checkpoints' thread");
	}
	keeper.running = true;
	return 0;
}

void audit_checkpoints_stop(void)
{
	if (!keeper.running)
		return;
	pthread_mutex_lock(&keeper.lock);
	keeper.stop = true;
	pthread_cond_signal(&keeper.wake);
	pthread_mutex_unlock(&keeper.lock);
	pthread_join(keeper.thread, NULL);
	db_close(keeper.db);
	keeper.db = NULL;
	keeper.running = false;
}

int audit_list(struct db *db, long limit, FILE *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                "SELECT seq, at, actor, action, object, before_json, after_json,"
	                                " coalesce(client, '') FROM audit_log"
	                                " WHERE seq > (SELECT coalesce(max(seq), 0) FROM audit_log) - $1 ORDER BY seq",
	                                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, limit > 0 ? limit : INT64_MAX / 2);
	fprintf(out, "seq\tat\tactor\taction\tobject\tbefore\tafter\tclient\n");
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW)
		fprintf(out, "%lld\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)db_col_int(st, 0),
		        (long long)db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
		        db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7));
	return rc < 0 ? rc : 0;
}

json_t *audit_entry_json(struct db_stmt *st)
{
	char at[26];
	datetime_format_local(db_col_int(st, 1), at);
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "seq", (json_int_t)db_col_int(st, 0), "at", at,
	                 "actor", db_col_text(st, 2), "action", db_col_text(st, 3), "object", db_col_text(st, 4),
	                 "before", db_col_text(st, 5), "after", db_col_text(st, 6), "hash", db_col_text(st, 7),
	                 "client", db_col_is_null(st, 8) ? json_null() : json_string(db_col_text(st, 8)));
}

int audit_append_json(struct db *db, const char *actor, const char *action, const char *object, json_t *before,
                      json_t *after, int64_t at, struct err *e)
{
	char *text[2] = { NULL, NULL };
	json_t *state[2] = { before, after };
	for (int i = 0; i < 2; i++)
		if (state[i])
			text[i] = json_dumps(state[i], JSON_COMPACT | JSON_SORT_KEYS);
	int rc = (before && !text[0]) || (after && !text[1])
	             ? err_set(e, ERR_NOMEM, "out of memory writing the audit log")
	             : audit_append(db, actor, action, object, text[0] ? text[0] : "", text[1] ? text[1] : "", at, e);
	for (int i = 0; i < 2; i++) {
		free(text[i]);
		json_decref(state[i]);
	}
	return rc;
}

static void filter_bind(struct db_stmt *st, const void *arg)
{
	const struct audit_filter *f = arg;
	const char *text[] = { f->actor ? f->actor : "", f->action ? f->action : "", f->object ? f->object : "" };
	for (int i = 0; i < 3; i++)
		db_bind_text(st, 1 + i, text[i], strlen(text[i]));
	db_bind_int(st, 4, f->from_s);
	db_bind_int(st, 5, f->to_s);
}

static const struct list_sort sorts[] = {
	{ "seq", "seq", 'i', NULL }, /* the chain's order, which is the order of time */
	{ "actor", "actor", 't', NULL },
	{ "action", "action", 't', NULL },
	{ "object", "object", 't', NULL },
	{ "client", "coalesce(client, '')", 't', NULL },
	{ 0 },
};

const struct list audit_entries = {
	.columns = "seq, at, actor, action, object, before_json, after_json, hash, client",
	.ncolumns = 9,
	/* An action ending in '.' is a prefix: "user." is every user action. */
	.from = "FROM audit_log WHERE (CAST($1 AS TEXT) = '' OR actor = $1)"
	        " AND (CAST($3 AS TEXT) = '' OR object = $3) AND (CAST($2 AS TEXT) = '' OR action = $2"
	        " OR (substr(CAST($2 AS TEXT), length(CAST($2 AS TEXT)), 1) = '.'"
	        " AND substr(action, 1, length(CAST($2 AS TEXT))) = $2)) AND at >= $4 AND at < $5",
	.nparams = 5,
	.id = "seq",
	.sorts = sorts,
	.desc = true,
	.bind = filter_bind,
	.item = audit_entry_json,
};
