#include "audit.h"
#include "datetime.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

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

static _Thread_local char thread_client[64];

void audit_set_client(const char *address)
{
	snprintf(thread_client, sizeof thread_client, "%s", address ? address : "");
}

int audit_append(struct db *db, const char *actor, const char *action, const char *object, const char *before_json,
                 const char *after_json, int64_t at, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	struct db_stmt *st;
	int64_t seq = 1;
	char prev[65] = GENESIS;
	int rc = db_row(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", DB_NO_ARGS, &st, e);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		seq = db_col_int(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
		db_row_done(st);
	}
	char hash[65];
	entry_hash(prev, seq, at, actor, action, object, before_json, after_json, thread_client, hash);
	st = db_prepare(db,
	                "INSERT INTO audit_log (seq, at, actor, action, object, before_json, after_json, prev_hash,"
	                " hash, client) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
	rc = db_step(st, e);
	return rc < 0 ? rc : 0;
}

int audit_verify(struct db *db, int64_t *entries, int64_t *broken, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	struct db_stmt *st =
	    db_prepare(db,
	               "SELECT seq, at, actor, action, object, before_json, after_json, prev_hash, hash, client"
	               " FROM audit_log ORDER BY seq",
	               e);
	if (!st)
		return e->code;
	char prev[65] = GENESIS;
	int64_t expected_seq = 1;
	*entries = 0;
	*broken = 0;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t seq = db_col_int(st, 0);
		char hash[65];
		entry_hash(prev, seq, db_col_int(st, 1), db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
		           db_col_text(st, 5), db_col_text(st, 6), db_col_is_null(st, 9) ? NULL : db_col_text(st, 9),
		           hash);
		const char *why = seq != expected_seq                     ? "an entry before it is missing"
		                  : strcmp(db_col_text(st, 7), prev) != 0 ? "its link to the previous entry is wrong"
		                  : strcmp(db_col_text(st, 8), hash) != 0 ? "its content does not match its hash"
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
		snprintf(prev, sizeof prev, "%s", hash);
		expected_seq = seq + 1;
		(*entries)++;
	}
	return rc < 0 ? rc : 0;
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
