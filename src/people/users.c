/* User accounts: login, roles, unit, badge, argon2id password. */
#include "people.h"
#include "../base/audit.h"
#include "../base/auth.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool people_roles_valid(const char *roles)
{
	int unknown;
	access_roles_parse(roles, &unknown);
	return unknown == 0;
}

/* The audited form of a user: never the password hash. */
static char *user_json(const struct user_new *u, bool disabled)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "login", u->login, "name", u->name, "roles", u->roles,
	                      "unit", u->unit, "badge", u->badge, "disabled", disabled);
	char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return text;
}

/* Runs one statement with text parameters; returns rows changed or error. */
static int64_t exec_text(struct db *db, const char *sql, const char *const *params, int n, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql, e);
	if (!st)
		return e->code;
	for (int i = 0; i < n; i++)
		db_bind_text(st, i + 1, params[i], strlen(params[i]));
	int rc = db_step(st, e);
	return rc < 0 ? rc : db_changes(st);
}

int people_users_add(struct db *db, const struct user_new *u, const char *password, const char *actor, struct err *e)
{
	if (!*u->login || strlen(u->login) > 64 ||
	    strspn(u->login, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(u->login))
		return err_set(e, ERR_INVALID, "login '%s' must be 1-64 small letters, digits, '.', '_' or '-'",
		               u->login);
	if (!*u->name)
		return err_set(e, ERR_INVALID, "the user needs a name");
	if (!people_roles_valid(u->roles))
		return err_set(e, ERR_INVALID,
		               "roles '%s' must be a comma-separated list of officer, legal, chief, inspector, admin",
		               u->roles);
	int rc = auth_password_check(password, e);
	char hash[AUTH_HASH_SIZE];
	if (rc || (rc = auth_password_hash(password, hash, e)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	char created[24];
	snprintf(created, sizeof created, "%lld", (long long)time(NULL));
	const char *params[] = {
		u->login, u->name, u->roles, u->unit, u->badge, hash, created, u->temporary ? "1" : "0"
	};
	int64_t n = exec_text(db,
	                      "INSERT INTO users (login, name, roles, unit_code, badge_no, password_hash,"
	                      " must_change_password, failed_logins, disabled, created_at)"
	                      " SELECT $1, $2, $3, code, $5, $6, CAST($8 AS SMALLINT), 0, 0, CAST($7 AS BIGINT)"
	                      " FROM units WHERE code = $4 AND NOT EXISTS (SELECT 1 FROM users WHERE login = $1)",
	                      params, 8, e);
	if (n == 0) {
		rc = people_unit_exists(db, u->unit, e);
		rc = rc < 0 ? rc
		     : rc   ? err_set(e, ERR_CONFLICT, "login '%s' is taken: choose another", u->login)
		            : err_set(e, ERR_NOTFOUND, "no unit '%s' (see `sunroad units list`)", u->unit);
	} else if (n < 0) {
		rc = (int)n;
	}
	if (rc == 0) {
		char *after = user_json(u, false);
		rc = audit_append(db, actor, "user.add", u->login, "", after, (int64_t)time(NULL), e);
		free(after);
	}
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

/* Applies an UPDATE to one user and audits it with action. */
static int user_update(struct db *db, const char *login, const char *sql, const char *value, const char *action,
                       const char *actor, struct err *e)
{
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	const char *params[] = { login, value };
	int64_t n = exec_text(db, sql, params, value ? 2 : 1, e);
	if (n == 0)
		rc = err_set(e, ERR_NOTFOUND, "no user '%s'", login);
	else if (n < 0)
		rc = (int)n;
	if (rc == 0)
		rc = audit_append(db, actor, action, login, "", "", (int64_t)time(NULL), e);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

int people_users_disable(struct db *db, const char *login, const char *actor, struct err *e)
{
	return user_update(db, login, "UPDATE users SET disabled = 1 WHERE login = $1", NULL, "user.disable", actor, e);
}

int people_users_reset_password(struct db *db, const char *login, const char *password, const char *actor,
                                struct err *e)
{
	char hash[AUTH_HASH_SIZE];
	int rc = auth_password_check(password, e);
	if (rc || (rc = auth_password_hash(password, hash, e)))
		return rc;
	return user_update(
	    db, login,
	    "UPDATE users SET password_hash = $2, must_change_password = 1, failed_logins = 0, locked_until = 0"
	    " WHERE login = $1",
	    hash, "user.reset_password", actor, e);
}

int people_users_list(struct db *db, FILE *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                "SELECT login, roles, unit_code, badge_no, disabled, must_change_password, name"
	                                " FROM users ORDER BY login",
	                                e);
	if (!st)
		return e->code;
	fprintf(out, "login\troles\tunit\tbadge\tstatus\tname\n");
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW)
		fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
		        db_col_text(st, 3),
		        db_col_int(st, 4)   ? "disabled"
		        : db_col_int(st, 5) ? "must change password"
		                            : "active",
		        db_col_text(st, 6));
	return rc < 0 ? rc : 0;
}
