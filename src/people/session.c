/* Browser sessions: logging in (with lock-out after repeated failures, per
 * account and per client address),
 * the session behind a cookie (idle and absolute expiry), the CSRF token of
 * each session, logging out and changing the password. Only a SHA-256 of
 * the session token is stored. */
#include "people.h"
#include "session.h"
#include "../base/audit.h"
#include "../base/auth.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Set from the settings table (module.c) before the server starts. */
struct people_settings people_settings;

bool people_cookie_secure(void)
{
	return people_settings.cookie_secure;
}

void people_bind_scope(struct db_stmt *st, const struct caller *c)
{
	db_bind_int(st, 1, c->sees_all);
	db_bind_text(st, 2, c->unit, strlen(c->unit));
}

/* A random URL-safe token of 32 bytes (43 characters). */
static void random_token(char out[48])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, 48, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int exec_done(struct db_stmt *st, struct err *e)
{
	int rc = db_step(st, e);
	if (rc == DB_ROW)
		while ((rc = db_step(st, e)) == DB_ROW)
			;
	return rc < 0 ? rc : 0;
}

/* ---- counting guesses --------------------------------------------------
 *
 * A guess at a password is counted before the password is checked, by one
 * statement that adds it and reads the count back (UPDATE ... RETURNING, or
 * an upsert), so that guesses sent in parallel cannot all read the same
 * count: no more guesses are checked than the lock-out allows. A right
 * password takes its guess back. */

/* Runs step in a transaction of its own, again when it loses a race the
 * database reports as a conflict or a deadlock (two audit appenders taking
 * one seq on PostgreSQL: base/schema/0001_audit.sql says the loser
 * retries). step must be safe to run again from the start. */
static int in_transaction(struct db *db, int (*step)(struct db *db, void *arg, struct err *e), void *arg, struct err *e)
{
	int rc = 0;
	for (int attempt = 0; attempt < 5; attempt++) {
		if ((rc = db_begin(db, e)))
			return rc;
		if ((rc = step(db, arg, e)) == 0 && (rc = db_commit(db, e)) == 0)
			return 0;
		db_rollback(db);
		if (rc != ERR_CONFLICT && rc != ERR_BUSY)
			break;
	}
	return rc;
}

/* The key of a client address in the throttle: an IPv4 address as it is,
 * an IPv6 address as its /64 (one subscriber's whole network, which a
 * guesser could otherwise walk through). */
static void address_key(const char *address, char out[64])
{
	unsigned char a[16];
	if (strchr(address, ':') && inet_pton(AF_INET6, address, a) == 1 &&
	    !IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a)) {
		char text[INET6_ADDRSTRLEN];
		memset(a + 8, 0, 8);
		inet_ntop(AF_INET6, a, text, sizeof text);
		snprintf(out, 64, "%s/64", text);
	} else {
		snprintf(out, 64, "%s", address);
	}
}

/* Counts a login attempt from address (NULL or "": the command line, not
 * throttled), refusing it with ERR_TOO_MANY when the address has failed
 * people_settings.login_address_failures times in its window, which ends
 * in *retry_after seconds. */
static int address_claim(struct db *db, const char *address, int64_t now, int64_t *retry_after, struct err *e)
{
	if (!address || !*address)
		return 0;
	char key[64];
	address_key(address, key);
	struct db_stmt *st;
	int rc =
	    db_row(db,
	           "INSERT INTO login_addresses (address, failures, window_until) VALUES ($1, 1, CAST($3 AS BIGINT))"
	           " ON CONFLICT (address) DO UPDATE SET"
	           " failures = CASE WHEN login_addresses.window_until <= CAST($2 AS BIGINT) THEN 1"
	           " ELSE login_addresses.failures + 1 END,"
	           " window_until = CASE WHEN login_addresses.window_until <= CAST($2 AS BIGINT)"
	           " THEN CAST($3 AS BIGINT) ELSE login_addresses.window_until END"
	           " RETURNING failures, window_until",
	           DB_ARGS(DB_TEXT(key), DB_INT(now), DB_INT(now + people_settings.login_address_seconds)), &st, e);
	if (rc < 0)
		return rc;
	int64_t failures = rc ? db_col_int(st, 0) : 0, until = rc ? db_col_int(st, 1) : now;
	if (rc)
		db_row_done(st);
	if (failures <= people_settings.login_address_failures)
		return 0;
	*retry_after = until > now ? until - now : 1;
	long long minutes = (*retry_after + 59) / 60;
	return err_reason(e, ERR_TOO_MANY, "login_throttled", ERR_ARGS(ERR_INT("minutes", minutes)),
	                  "too many failed logins from this address; try again in %lld minutes", minutes);
}

/* Takes back the attempt address_claim counted, for a right password:
 * the throttle counts failures, not logins. Inside the caller's
 * transaction. */
static int address_refund(struct db *db, const char *address, struct err *e)
{
	if (!address || !*address)
		return 0;
	char key[64];
	address_key(address, key);
	struct db_stmt *st =
	    db_prepare(db, "UPDATE login_addresses SET failures = failures - 1 WHERE address = $1 AND failures > 0", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, key, strlen(key));
	return exec_done(st, e);
}

static int locked_error(struct err *e, int64_t seconds_left)
{
	long long minutes = (seconds_left + 59) / 60;
	return err_reason(
	    e, ERR_LOCKED, "account_locked",
	    ERR_ARGS(ERR_INT("failures", people_settings.lockout_failures), ERR_INT("minutes", minutes)),
	    "the account is locked after %ld failed logins; try again in %lld minutes or ask an administrator to "
	    "unlock it",
	    people_settings.lockout_failures, minutes);
}

/* Counts a guess at the password of name before it is checked: in the
 * account's row when known, else in the row of a name that is no account
 * (login_unknown), which locks the same way so that the answers do not
 * tell the two apart. 0 with *locking set when this guess is the one that
 * reaches the limit (the account is locked from now, whatever the check
 * finds); ERR_LOCKED when it is locked already (the guess is not to be
 * checked); or an error. */
static int guess_claim(struct db *db, const char *name, bool known, int64_t now, bool *locking, struct err *e)
{
	/* The parameters: $1 the name, $2 now, $3 the failures that lock,
	 * $4 the end of a lock that begins now. */
	static const char claim_account[] =
	    "UPDATE users SET"
	    " failed_logins = CASE WHEN failed_logins + 1 >= CAST($3 AS INTEGER) THEN 0 ELSE failed_logins + 1 END,"
	    " locked_until = CASE WHEN failed_logins + 1 >= CAST($3 AS INTEGER) THEN CAST($4 AS BIGINT)"
	    " ELSE locked_until END"
	    " WHERE login = $1 AND locked_until <= CAST($2 AS BIGINT) RETURNING locked_until";
	static const char claim_unknown[] =
	    "INSERT INTO login_unknown (name, failures, locked_until, last_at) VALUES ($1,"
	    " CASE WHEN 1 >= CAST($3 AS INTEGER) THEN 0 ELSE 1 END,"
	    " CASE WHEN 1 >= CAST($3 AS INTEGER) THEN CAST($4 AS BIGINT) ELSE CAST(0 AS BIGINT) END,"
	    " CAST($2 AS BIGINT))"
	    " ON CONFLICT (name) DO UPDATE SET"
	    " failures = CASE WHEN login_unknown.failures + 1 >= CAST($3 AS INTEGER) THEN 0"
	    " ELSE login_unknown.failures + 1 END,"
	    " locked_until = CASE WHEN login_unknown.failures + 1 >= CAST($3 AS INTEGER) THEN CAST($4 AS BIGINT)"
	    " ELSE login_unknown.locked_until END,"
	    " last_at = CAST($2 AS BIGINT)"
	    " WHERE login_unknown.locked_until <= CAST($2 AS BIGINT) RETURNING locked_until";
	struct db_stmt *st;
	*locking = false;
	int rc = db_row(db, known ? claim_account : claim_unknown,
	                DB_ARGS(DB_TEXT(name), DB_INT(now), DB_INT(people_settings.lockout_failures),
	                        DB_INT(now + people_settings.lockout_seconds)),
	                &st, e);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		*locking = db_col_int(st, 0) > now;
		db_row_done(st);
		return 0;
	}
	/* No row counted the guess: the name is locked. */
	int64_t until = now + people_settings.lockout_seconds;
	rc = db_get_int(db,
	                known ? "SELECT locked_until FROM users WHERE login = $1"
	                      : "SELECT locked_until FROM login_unknown WHERE name = $1",
	                DB_ARGS(DB_TEXT(name)), &until, e);
	if (rc < 0)
		return rc;
	return locked_error(e, until > now ? until - now : 0);
}

/* A failed guess, as the audit keeps it. */
struct failed_guess {
	const char *name; /* the login as typed, cut to fit */
	bool known, locking;
	bool password_change; /* a guess at the old password of a change, not a login */
	int64_t now;
};

/* Audits a failed guess (session.login_failed, or session.locked when it
 * locked the account), and forgets the rows of the throttles that count
 * nothing any more. A step of in_transaction. */
static int failed_guess_record(struct db *db, void *arg, struct err *e)
{
	const struct failed_guess *g = arg;
	struct db_stmt *st = db_prepare(db, "DELETE FROM login_addresses WHERE window_until <= $1", e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, g->now);
	int rc = exec_done(st, e);
	if (rc == 0 && !(st = db_prepare(db, "DELETE FROM login_unknown WHERE last_at < $1 AND locked_until <= $2", e)))
		rc = e->code;
	if (rc == 0) {
		db_bind_int(st, 1, g->now - 30 * 86400);
		db_bind_int(st, 2, g->now);
		rc = exec_done(st, e);
	}
	if (rc)
		return rc;
	json_t *after = json_object();
	if (!g->known)
		json_object_set_new(after, "unknown_login", json_true());
	if (g->password_change)
		json_object_set_new(after, "password_change", json_true());
	if (json_object_size(after) == 0) {
		json_decref(after);
		after = NULL;
	}
	return audit_append_json(db, g->name, g->locking ? "session.locked" : "session.login_failed", g->name, NULL,
	                         after, g->now, e);
}

/* After a wrong password: records the guess g, and answers ERR_LOCKED
 * when it was the guess that locked the account; 0 when the caller is to
 * answer its own refusal. */
static int guess_failed(struct db *db, struct failed_guess *g, struct err *e)
{
	int rc = in_transaction(db, failed_guess_record, g, e);
	if (rc || !g->locking)
		return rc;
	long minutes = (people_settings.lockout_seconds + 59) / 60;
	return err_reason(e, ERR_LOCKED, "account_locked",
	                  ERR_ARGS(ERR_INT("failures", people_settings.lockout_failures), ERR_INT("minutes", minutes)),
	                  "the account is now locked for %ld minutes after %ld wrong passwords in a row", minutes,
	                  people_settings.lockout_failures);
}

/* name cut to at most 64 bytes on a character boundary: the form of an
 * unknown login that is kept (a real one is at most 64 bytes). */
static void name_cut(const char *name, char out[65])
{
	size_t n = strlen(name);
	if (n > 64) {
		n = 64;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out, name, n);
	out[n] = '\0';
}

/* What a successful login writes. */
struct login_done {
	const char *login, *address, *hashed, *csrf;
	int64_t now;
};

static int login_record(struct db *db, void *arg, struct err *e)
{
	const struct login_done *d = arg;
	int rc = address_refund(db, d->address, e);
	struct db_stmt *st = NULL;
	if (rc == 0 &&
	    !(st = db_prepare(db, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE login = $1", e)))
		rc = e->code;
	if (rc == 0) {
		db_bind_text(st, 1, d->login, strlen(d->login));
		rc = exec_done(st, e);
	}
	if (rc == 0 && !(st = db_prepare(db,
	                                 "INSERT INTO sessions (token_hash, login, csrf, created_at, seen_at)"
	                                 " VALUES ($1, $2, $3, $4, $4)",
	                                 e)))
		rc = e->code;
	if (rc == 0) {
		db_bind_text(st, 1, d->hashed, 64);
		db_bind_text(st, 2, d->login, strlen(d->login));
		db_bind_text(st, 3, d->csrf, strlen(d->csrf));
		db_bind_int(st, 4, d->now);
		rc = exec_done(st, e);
	}
	if (rc == 0)
		rc = audit_append(db, d->login, "session.login", d->login, "", "", d->now, e);
	return rc;
}

int people_session_login(struct db *db, const char *login, const char *password, const char *address, int64_t now,
                         struct session_new *out, struct err *e)
{
	/* The same answers, after the same work, for a login that is no
	 * account and one that is: they do not reveal which logins exist. */
	static const char wrong[] = "the login or the password is wrong";
	int rc = address_claim(db, address, now, &out->retry_after, e);
	if (rc)
		return rc;
	struct db_stmt *st;
	rc = db_row(db, "SELECT password_hash, disabled, must_change_password FROM users WHERE login = $1",
	            DB_ARGS(DB_TEXT(login)), &st, e);
	if (rc < 0)
		return rc;
	struct failed_guess g = { .known = rc == 1, .now = now };
	char hash[AUTH_HASH_SIZE] = "", name[65];
	bool disabled = false;
	if (g.known) {
		snprintf(hash, sizeof hash, "%s", db_col_text(st, 0));
		disabled = db_col_int(st, 1);
		out->must_change_password = db_col_int(st, 2);
		db_row_done(st);
	}
	name_cut(login, name);
	g.name = name;
	if ((rc = guess_claim(db, g.known ? login : name, g.known, now, &g.locking, e)))
		return rc;
	bool right = g.known ? auth_password_verify(hash, password) : auth_password_verify_dummy(password);
	if (!right) {
		if ((rc = guess_failed(db, &g, e)))
			return rc;
		return err_reason(e, ERR_UNAUTHORIZED, "login_failed", ERR_NO_ARGS, wrong);
	}
	/* The right password of a disabled account still counted as a guess:
	 * it opens nothing. */
	if (disabled)
		return err_reason(e, ERR_FORBIDDEN, "account_disabled", ERR_ARGS(ERR_TEXT("login", login)),
		                  "the account '%s' is disabled; ask an administrator", login);

	char hashed[AUTH_TOKEN_HASH_SIZE];
	random_token(out->token);
	random_token(out->csrf);
	auth_token_hash(out->token, hashed);
	struct login_done d = { .login = login, .address = address, .hashed = hashed, .csrf = out->csrf, .now = now };
	return in_transaction(db, login_record, &d, e);
}

static int delete_session(struct db *db, const char *hashed, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = $1", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, hashed, strlen(hashed));
	return exec_done(st, e);
}

int people_session_find(struct db *db, const char *token, int64_t now, struct caller *c, struct err *e)
{
	char hashed[AUTH_TOKEN_HASH_SIZE];
	auth_token_hash(token, hashed);
	struct db_stmt *st;
	int rc = db_row(db,
	                "SELECT s.login, s.csrf, s.created_at, s.seen_at, u.name, u.roles, u.unit_code,"
	                " u.must_change_password, u.disabled"
	                " FROM sessions s JOIN users u ON u.login = s.login WHERE s.token_hash = $1",
	                DB_ARGS(DB_TEXT(hashed)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_reason(e, ERR_UNAUTHORIZED, "session_ended", ERR_NO_ARGS,
		                  "not logged in, or the session has ended: log in again");
	snprintf(c->login, sizeof c->login, "%s", db_col_text(st, 0));
	snprintf(c->csrf, sizeof c->csrf, "%s", db_col_text(st, 1));
	int64_t created = db_col_int(st, 2), seen = db_col_int(st, 3);
	snprintf(c->name, sizeof c->name, "%s", db_col_text(st, 4));
	int unknown;
	c->roles = access_roles_parse(db_col_text(st, 5), &unknown);
	snprintf(c->unit, sizeof c->unit, "%s", db_col_text(st, 6));
	c->must_change_password = db_col_int(st, 7);
	bool disabled = db_col_int(st, 8);
	db_row_done(st);
	c->sees_all = (c->roles & ROLE_ADMIN) || strcmp(c->unit, "HQ") == 0;

	if (disabled || now - seen > people_settings.session_idle || now - created > people_settings.session_max) {
		delete_session(db, hashed, NULL);
		if (disabled)
			return err_reason(e, ERR_UNAUTHORIZED, "account_disabled",
			                  ERR_ARGS(ERR_TEXT("login", c->login)), "the account '%s' is disabled",
			                  c->login);
		if (now - seen > people_settings.session_idle)
			return err_reason(e, ERR_UNAUTHORIZED, "session_idle",
			                  ERR_ARGS(ERR_INT("minutes", people_settings.session_idle / 60)),
			                  "the session ended after %ld minutes without use: log in again",
			                  people_settings.session_idle / 60);
		return err_reason(
		    e, ERR_UNAUTHORIZED, "session_max", ERR_ARGS(ERR_INT("hours", people_settings.session_max / 3600)),
		    "the session reached its %ld-hour limit: log in again", people_settings.session_max / 3600);
	}
	if (now > seen) {
		/* At most one write a second a session keeps the idle clock. */
		st = db_prepare(db, "UPDATE sessions SET seen_at = $2 WHERE token_hash = $1", e);
		if (!st)
			return e->code;
		db_bind_text(st, 1, hashed, 64);
		db_bind_int(st, 2, now);
		if ((rc = exec_done(st, e)))
			return rc;
	}
	return 0;
}

int people_session_logout(struct db *db, const char *token, const char *login, int64_t now, struct err *e)
{
	char hashed[AUTH_TOKEN_HASH_SIZE];
	auth_token_hash(token, hashed);
	int rc = db_begin(db, e);
	if (rc == 0)
		rc = delete_session(db, hashed, e);
	if (rc == 0)
		rc = audit_append(db, login, "session.logout", login, "", "", now, e);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

/* What a password change writes. */
struct password_done {
	const char *login, *hash, *kept; /* kept: the hash of the session that changed it */
	int64_t now;
};

/* Sets the new hash, unlocks, and ends every other session of the user:
 * whoever else held one (a stolen cookie, a forgotten browser) must log in
 * with the new password. A step of in_transaction. */
static int password_record(struct db *db, void *arg, struct err *e)
{
	const struct password_done *d = arg;
	struct db_stmt *st = db_prepare(
	    db,
	    "UPDATE users SET password_hash = $2, must_change_password = 0, failed_logins = 0, locked_until = 0"
	    " WHERE login = $1",
	    e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, d->login, strlen(d->login));
	db_bind_text(st, 2, d->hash, strlen(d->hash));
	int rc = exec_done(st, e);
	if (rc == 0 && !(st = db_prepare(db, "DELETE FROM sessions WHERE login = $1 AND token_hash <> $2", e)))
		rc = e->code;
	if (rc == 0) {
		db_bind_text(st, 1, d->login, strlen(d->login));
		db_bind_text(st, 2, d->kept, strlen(d->kept));
		rc = db_step(st, e);
	}
	if (rc < 0)
		return rc;
	json_t *after = json_pack("{s:I}", "sessions_ended", (json_int_t)db_changes(st));
	return audit_append_json(db, d->login, "user.change_password", d->login, NULL, after, d->now, e);
}

int people_session_change_password(struct db *db, const char *login, const char *token, const char *old,
                                   const char *new_password, int64_t now, struct err *e)
{
	if (strcmp(old, new_password) == 0)
		return err_reason(e, ERR_INVALID, "password_unchanged", ERR_ARGS(ERR_TEXT("field", "new")),
		                  "the new password must differ from the old one");
	int rc = auth_password_check(new_password, e);
	if (rc)
		return rc;
	char hash[AUTH_HASH_SIZE];
	if ((rc = db_get_text(db, "SELECT password_hash FROM users WHERE login = $1", DB_ARGS(DB_TEXT(login)), hash,
	                      sizeof hash, e)) != 1)
		return rc < 0 ? rc
		              : err_reason(e, ERR_NOTFOUND, "user_unknown", ERR_ARGS(ERR_TEXT("login", login)),
		                           "no user '%s'", login);
	/* A session is no licence to guess the password: the old one's
	 * guesses count with the logins' and lock the account alike. */
	struct failed_guess g = { .name = login, .known = true, .password_change = true, .now = now };
	if ((rc = guess_claim(db, login, true, now, &g.locking, e)))
		return rc;
	if (!auth_password_verify(hash, old)) {
		if ((rc = guess_failed(db, &g, e)))
			return rc;
		return err_reason(e, ERR_FORBIDDEN, "password_wrong", ERR_ARGS(ERR_TEXT("field", "old")),
		                  "the current password is wrong");
	}
	if ((rc = auth_password_hash(new_password, hash, e)))
		return rc;
	char kept[AUTH_TOKEN_HASH_SIZE];
	auth_token_hash(token ? token : "", kept);
	struct password_done d = { .login = login, .hash = hash, .kept = kept, .now = now };
	return in_transaction(db, password_record, &d, e);
}

/* ---- the authorizer --------------------------------------------------- */

int people_start(const struct module_context *ctx, struct err *e)
{
	(void)ctx;
	(void)e;
	/* The dummy hash is made on its first use: made now, the first login
	 * of a name that is no account takes no longer than the next. */
	auth_password_verify_dummy("");
	return 0;
}

void people_caller_free(void *caller)
{
	free(caller);
}

int people_authorize(struct http_request *rq, const struct http_route *route, struct err *e)
{
	if (route->access == ACCESS_PUBLIC || (route->access & ACCESS_DEVICE))
		return 0;
	const char *token = http_cookie(rq, SESSION_COOKIE);
	if (!token || !*token)
		return err_reason(e, ERR_UNAUTHORIZED, "not_logged_in", ERR_NO_ARGS,
		                  "not logged in: POST /api/v1/session first");
	struct caller *c = calloc(1, sizeof *c);
	if (!c)
		return err_set(e, ERR_NOMEM, "out of memory");
	rq->caller = c;
	int rc = people_session_find(rq->db, token, (int64_t)time(NULL), c, e);
	if (rc)
		return rc;
	if (rq->method != HTTP_GET) {
		const char *csrf = http_header(rq, "X-CSRF-Token");
		if (!csrf || strlen(csrf) != strlen(c->csrf) || sodium_memcmp(csrf, c->csrf, strlen(csrf)) != 0)
			return err_reason(e, ERR_FORBIDDEN, "csrf_token", ERR_NO_ARGS,
			                  "missing or wrong X-CSRF-Token header (the token comes with the "
			                  "login answer and GET /api/v1/session)");
	}
	if (access_allows(route->access, c))
		return 0;
	if (c->must_change_password)
		return err_reason(e, ERR_FORBIDDEN, "password_change_first", ERR_NO_ARGS,
		                  "change the initial password first (POST /api/v1/session/password)");
	return err_reason(e, ERR_FORBIDDEN, "role_forbidden",
	                  ERR_ARGS(ERR_TEXT("method", rq->method_name), ERR_TEXT("path", rq->path)),
	                  "your roles do not allow %s %s", rq->method_name, rq->path);
}
