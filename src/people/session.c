/* Browser sessions: logging in (with lock-out after repeated failures),
 * the session behind a cookie (idle and absolute expiry), the CSRF token of
 * each session, logging out and changing the password. Only a SHA-256 of
 * the session token is stored. */
#include "people.h"
#include "session.h"
#include "../base/audit.h"
#include "../base/auth.h"

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

/* Counts a failed login, locking the account when the failures in a row
 * reach the policy's number. Its own transaction: it must stick although
 * the login fails. */
static int count_failure(struct db *db, const char *login, int failures, int64_t now, bool *locked, struct err *e)
{
	*locked = failures + 1 >= people_settings.lockout_failures;
	int rc = db_begin(db, e);
	struct db_stmt *st =
	    rc ? NULL : db_prepare(db, "UPDATE users SET failed_logins = $2, locked_until = $3 WHERE login = $1", e);
	if (rc == 0 && !st)
		rc = e->code;
	if (rc == 0) {
		db_bind_text(st, 1, login, strlen(login));
		db_bind_int(st, 2, *locked ? 0 : failures + 1);
		db_bind_int(st, 3, *locked ? now + people_settings.lockout_seconds : 0);
		rc = exec_done(st, e);
	}
	if (rc == 0)
		rc =
		    audit_append(db, login, *locked ? "session.locked" : "session.login_failed", login, "", "", now, e);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

int people_session_login(struct db *db, const char *login, const char *password, int64_t now, struct session_new *out,
                         struct err *e)
{
	/* The same answer, after the same work, for an unknown login and a
	 * wrong password: the answer does not reveal which logins exist. */
	static const char wrong[] = "the login or the password is wrong";
	struct db_stmt *st;
	int rc = db_row(db,
	                "SELECT password_hash, disabled, failed_logins, locked_until, must_change_password"
	                " FROM users WHERE login = $1",
	                DB_ARGS(DB_TEXT(login)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		char dummy[AUTH_HASH_SIZE];
		auth_password_hash("not-a-password-0", dummy, NULL);
		return err_reason(e, ERR_UNAUTHORIZED, "login_failed", ERR_NO_ARGS, wrong);
	}
	char hash[AUTH_HASH_SIZE];
	snprintf(hash, sizeof hash, "%s", db_col_text(st, 0));
	bool disabled = db_col_int(st, 1);
	int failures = (int)db_col_int(st, 2);
	int64_t locked_until = db_col_int(st, 3);
	out->must_change_password = db_col_int(st, 4);
	db_row_done(st);

	if (locked_until > now) {
		long long minutes = (locked_until - now + 59) / 60;
		return err_reason(
		    e, ERR_LOCKED, "account_locked",
		    ERR_ARGS(ERR_INT("failures", people_settings.lockout_failures), ERR_INT("minutes", minutes)),
		    "the account is locked after %ld failed logins; try again in %lld minutes or ask an "
		    "administrator to unlock it",
		    people_settings.lockout_failures, minutes);
	}
	if (!auth_password_verify(hash, password)) {
		bool locked;
		if ((rc = count_failure(db, login, failures, now, &locked, e)))
			return rc;
		long minutes = (people_settings.lockout_seconds + 59) / 60;
		if (locked)
			return err_reason(e, ERR_LOCKED, "account_locked",
			                  ERR_ARGS(ERR_INT("failures", people_settings.lockout_failures),
			                           ERR_INT("minutes", minutes)),
			                  "the account is now locked for %ld minutes after %ld failed logins", minutes,
			                  people_settings.lockout_failures);
		return err_reason(e, ERR_UNAUTHORIZED, "login_failed", ERR_NO_ARGS, wrong);
	}
	if (disabled)
		return err_reason(e, ERR_FORBIDDEN, "account_disabled", ERR_ARGS(ERR_TEXT("login", login)),
		                  "the account '%s' is disabled; ask an administrator", login);

	char hashed[AUTH_TOKEN_HASH_SIZE];
	random_token(out->token);
	random_token(out->csrf);
	auth_token_hash(out->token, hashed);
	if ((rc = db_begin(db, e)))
		return rc;
	st = db_prepare(db, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE login = $1", e);
	if (!st)
		rc = e->code;
	else {
		db_bind_text(st, 1, login, strlen(login));
		rc = exec_done(st, e);
	}
	if (rc == 0 && !(st = db_prepare(db,
	                                 "INSERT INTO sessions (token_hash, login, csrf, created_at, seen_at)"
	                                 " VALUES ($1, $2, $3, $4, $4)",
	                                 e)))
		rc = e->code;
	if (rc == 0) {
		db_bind_text(st, 1, hashed, 64);
		db_bind_text(st, 2, login, strlen(login));
		db_bind_text(st, 3, out->csrf, strlen(out->csrf));
		db_bind_int(st, 4, now);
		rc = exec_done(st, e);
	}
	if (rc == 0)
		rc = audit_append(db, login, "session.login", login, "", "", now, e);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
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

int people_session_change_password(struct db *db, const char *login, const char *old, const char *new_password,
                                   int64_t now, struct err *e)
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
	if (!auth_password_verify(hash, old))
		return err_reason(e, ERR_FORBIDDEN, "password_wrong", ERR_ARGS(ERR_TEXT("field", "old")),
		                  "the current password is wrong");
	if ((rc = auth_password_hash(new_password, hash, e)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	struct db_stmt *st =
	    db_prepare(db, "UPDATE users SET password_hash = $2, must_change_password = 0 WHERE login = $1", e);
	if (!st)
		rc = e->code;
	else {
		db_bind_text(st, 1, login, strlen(login));
		db_bind_text(st, 2, hash, strlen(hash));
		rc = exec_done(st, e);
	}
	if (rc == 0)
		rc = audit_append(db, login, "user.change_password", login, "", "", now, e);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

/* ---- the authorizer --------------------------------------------------- */

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
