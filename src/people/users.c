/* User accounts: login, roles, unit, badge and the validity of its
 * certificate, argon2id password. */
#include "people.h"
#include "../base/audit.h"
#include "../base/auth.h"
#include "../base/datetime.h"

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

/* What a name, a badge and the roles may be (login and unit aside). */
#define USER_NAME_MAX  128 /* bytes: the session keeps a caller's name in 129 */
#define USER_BADGE_MAX 32

static int field_too_long(struct err *e, const char *field, size_t max, size_t got)
{
	return err_reason(
	    e, ERR_INVALID, "field_too_long",
	    ERR_ARGS(ERR_TEXT("field", field), ERR_INT("max", (long long)max), ERR_INT("got", (long long)got)),
	    "%s is %zu bytes long; at most %zu", field, got, max);
}

/* A certificate day as the API names it, for an error. */
static void cert_day_text(int32_t day, char out[16])
{
	if (day >= days_from_civil(1900, 1, 1) && day <= days_from_civil(2999, 12, 31))
		date_format(day, out);
	else
		snprintf(out, 16, "day %ld", (long)day);
}

/* The validity of a certificate (day numbers, 0: not on record) of the
 * user whose badge is badge. */
static int cert_check(int32_t from, int32_t to, const char *badge, struct err *e)
{
	static const char *const fields[2] = { "cert_valid_from", "cert_valid_to" };
	const int32_t days[2] = { from, to };
	for (int i = 0; i < 2; i++) {
		if (days[i] && (days[i] < days_from_civil(1900, 1, 1) || days[i] > days_from_civil(2999, 12, 31))) {
			char got[16];
			cert_day_text(days[i], got);
			return err_reason(e, ERR_INVALID, "date_invalid",
			                  ERR_ARGS(ERR_TEXT("field", fields[i]), ERR_TEXT("got", got)),
			                  "%s (%s) must be a date from 1900 to 2999", fields[i], got);
		}
	}
	if (from && to && from > to) {
		char a[16], b[16];
		cert_day_text(from, a);
		cert_day_text(to, b);
		return err_reason(e, ERR_INVALID, "cert_range_reversed",
		                  ERR_ARGS(ERR_TEXT("field", "cert_valid_to"), ERR_TEXT("from", a), ERR_TEXT("to", b)),
		                  "the certificate's last day %s is before its first day %s: swap or correct them", b,
		                  a);
	}
	if ((from || to) && !*badge)
		return err_reason(e, ERR_INVALID, "cert_badge_required", ERR_ARGS(ERR_TEXT("field", "badge")),
		                  "a certificate's validity needs its number: give the badge number too");
	return 0;
}

/* The name, roles and badge of a user, as adding and editing check them. */
static int user_fields_check(const char *name, const char *roles, const char *badge, struct err *e)
{
	if (!*name)
		return err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "name")),
		                  "the user needs a name");
	if (strlen(name) > USER_NAME_MAX)
		return field_too_long(e, "name", USER_NAME_MAX, strlen(name));
	if (!*roles)
		return err_reason(e, ERR_INVALID, "roles_required", ERR_ARGS(ERR_TEXT("field", "roles")),
		                  "the user needs at least one role: officer, legal, chief, inspector, admin");
	if (!people_roles_valid(roles))
		return err_reason(
		    e, ERR_INVALID, "roles_unknown", ERR_ARGS(ERR_TEXT("field", "roles"), ERR_TEXT("got", roles)),
		    "roles '%s' must be a comma-separated list of officer, legal, chief, inspector, admin", roles);
	if (strlen(badge) > USER_BADGE_MAX)
		return field_too_long(e, "badge", USER_BADGE_MAX, strlen(badge));
	return 0;
}

static int unit_unknown(struct err *e, const char *unit)
{
	return err_reason(e, ERR_NOTFOUND, "unit_unknown", ERR_ARGS(ERR_TEXT("field", "unit"), ERR_TEXT("unit", unit)),
	                  "no unit '%s' (see `sunroad units list`)", unit);
}

static int user_unknown(struct err *e, const char *login)
{
	return err_reason(e, ERR_NOTFOUND, "user_unknown", ERR_ARGS(ERR_TEXT("login", login)), "no user '%s'", login);
}

int people_user_label(struct db *db, const char *login, char name[129], char badge[33], struct err *e)
{
	struct db_stmt *st;
	int rc = db_row(db, "SELECT name, badge_no FROM users WHERE login = $1", DB_ARGS(DB_TEXT(login)), &st, e);
	name[0] = badge[0] = '\0';
	if (rc == 1) {
		snprintf(name, 129, "%s", db_col_text(st, 0));
		snprintf(badge, 33, "%s", db_col_text(st, 1));
		db_row_done(st);
	}
	return rc;
}

int people_officer_by_badge(struct db *db, const char *badge, struct people_officer *out, struct err *e)
{
	*out = (struct people_officer){ .login = "" };
	if (!*badge) /* "" is no certificate's number, whoever has none */
		return 0;
	struct db_stmt *st;
	int rc = db_row(db,
	                "SELECT login, name, roles, cert_valid_from, cert_valid_to FROM users"
	                " WHERE badge_no = $1 AND disabled = 0 ORDER BY login",
	                DB_ARGS(DB_TEXT(badge)), &st, e);
	if (rc == 1) {
		int unknown = 0;
		int64_t from = db_col_int(st, 3), to = db_col_int(st, 4);
		snprintf(out->login, sizeof out->login, "%s", db_col_text(st, 0));
		snprintf(out->name, sizeof out->name, "%s", db_col_text(st, 1));
		out->roles = access_roles_parse(db_col_text(st, 2), &unknown);
		out->cert_from = from ? date_from_key((int32_t)from) : 0;
		out->cert_to = to ? date_from_key((int32_t)to) : 0;
		db_row_done(st);
	}
	return rc;
}

bool people_cert_valid_on(const struct people_officer *o, int32_t day)
{
	return o->cert_from && o->cert_to && o->cert_from <= day && day <= o->cert_to;
}

/* A stored certificate day (YYYYMMDD, 0: not on record) as the API and
 * the audit show it: "YYYY-MM-DD", or JSON null (NULL without memory). */
static json_t *cert_day_json(int64_t key)
{
	return key ? date_json(date_from_key((int32_t)key)) : json_null();
}

/* The day of a certificate date of user_state's JSON, 0 when null. */
static int32_t cert_day_of_state(const json_t *state, const char *key)
{
	int32_t day = 0;
	const char *s = json_string_value(json_object_get(state, key));
	return s && date_parse(slice_from(s), &day) == 0 ? day : 0;
}

/* The audited form of a user (never the password hash), as a new JSON
 * object: 0, ERR_NOTFOUND when there is no such user, or an error. */
static int user_state(struct db *db, const char *login, json_t **out, struct err *e)
{
	struct db_stmt *st;
	*out = NULL;
	int rc = db_row(db,
	                "SELECT name, roles, unit_code, badge_no, disabled, locked_until, must_change_password,"
	                " cert_valid_from, cert_valid_to FROM users WHERE login = $1",
	                DB_ARGS(DB_TEXT(login)), &st, e);
	if (rc != 1)
		return rc < 0 ? rc : user_unknown(e, login);
	*out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:b,s:b}", "login", login, "name", db_col_text(st, 0),
	                 "roles", db_col_text(st, 1), "unit", db_col_text(st, 2), "badge", db_col_text(st, 3),
	                 "cert_valid_from", cert_day_json(db_col_int(st, 7)), "cert_valid_to",
	                 cert_day_json(db_col_int(st, 8)), "disabled", (int)db_col_int(st, 4), "locked",
	                 db_col_int(st, 5) > (int64_t)time(NULL), "must_change_password", (int)db_col_int(st, 6));
	db_row_done(st);
	return *out ? 0 : err_set(e, ERR_NOMEM, "out of memory reading user %s", login);
}

/* A certificate day as a text parameter of the key it is stored as. */
static void cert_key_text(int32_t day, char out[12])
{
	snprintf(out, 12, "%ld", day ? (long)date_key(day) : 0L);
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
		return err_reason(e, ERR_INVALID, "login_format",
		                  ERR_ARGS(ERR_TEXT("field", "login"), ERR_INT("max", 64)),
		                  "login '%s' must be 1-64 small letters, digits, '.', '_' or '-'", u->login);
	int rc = user_fields_check(u->name, u->roles, u->badge, e);
	if (rc == 0)
		rc = cert_check(u->cert_from, u->cert_to, u->badge, e);
	if (rc || (rc = auth_password_check(password, e)))
		return rc;
	char hash[AUTH_HASH_SIZE];
	if ((rc = auth_password_hash(password, hash, e)))
		return rc;
	if ((rc = db_begin(db, e)))
		return rc;
	char created[24], from[12], to[12];
	snprintf(created, sizeof created, "%lld", (long long)time(NULL));
	cert_key_text(u->cert_from, from);
	cert_key_text(u->cert_to, to);
	const char *params[] = { u->login, u->name, u->roles, u->unit,
		                 u->badge, hash,    created,  u->temporary ? "1" : "0",
		                 from,     to };
	int64_t n = exec_text(db,
	                      "INSERT INTO users (login, name, roles, unit_code, badge_no, password_hash,"
	                      " must_change_password, failed_logins, disabled, created_at, cert_valid_from,"
	                      " cert_valid_to)"
	                      " SELECT $1, $2, $3, code, $5, $6, CAST($8 AS SMALLINT), 0, 0, CAST($7 AS BIGINT),"
	                      " CAST($9 AS INTEGER), CAST($10 AS INTEGER)"
	                      " FROM units WHERE code = $4 AND NOT EXISTS (SELECT 1 FROM users WHERE login = $1)",
	                      params, 10, e);
	if (n == 0) {
		rc = people_unit_exists(db, u->unit, e);
		rc = rc < 0 ? rc
		     : rc   ? err_reason(e, ERR_CONFLICT, "login_taken", ERR_ARGS(ERR_TEXT("login", u->login)),
		                         "login '%s' is taken: choose another", u->login)
		            : unit_unknown(e, u->unit);
	} else if (n < 0) {
		rc = (int)n;
	}
	json_t *after = NULL;
	if (rc == 0 && (rc = user_state(db, u->login, &after, e)) == 0)
		rc = audit_append_json(db, actor, "user.add", u->login, NULL, after, (int64_t)time(NULL), e);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

/* Inside a transaction that changed a user whose state was before (taken):
 * audits the change as action (a change that left the user as it was only
 * when always: a password reset shows in no state), and commits; rolls
 * back on an error. */
static int user_changed(struct db *db, const char *login, json_t *before, const char *action, bool always,
                        const char *actor, struct err *e)
{
	json_t *after = NULL;
	int rc = user_state(db, login, &after, e);
	if (rc == 0 && !always && json_equal(before, after)) {
		json_decref(before);
		json_decref(after);
		return db_commit(db, e);
	}
	if (rc == 0) /* takes both */
		rc = audit_append_json(db, actor, action, login, before, after, (int64_t)time(NULL), e);
	else
		json_decref(before);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

/* Applies an UPDATE of one user ($1 its login, $2 value when given), then
 * then_sql when not NULL ($1 the login), and audits it as action, with the
 * user before and after. */
static int user_update(struct db *db, const char *login, const char *sql, const char *value, const char *then_sql,
                       const char *action, const char *actor, struct err *e)
{
	json_t *before = NULL;
	int rc = db_begin(db, e);
	if (rc || (rc = user_state(db, login, &before, e))) {
		db_rollback(db);
		return rc;
	}
	const char *params[] = { login, value };
	int64_t n = exec_text(db, sql, params, value ? 2 : 1, e);
	if (n >= 0 && then_sql)
		n = exec_text(db, then_sql, params, 1, e);
	if (n < 0) {
		json_decref(before);
		db_rollback(db);
		return (int)n;
	}
	return user_changed(db, login, before, action, strcmp(action, "user.reset_password") == 0, actor, e);
}

int people_users_disable(struct db *db, const char *login, const char *actor, struct err *e)
{
	if (strcmp(login, actor) == 0)
		return err_reason(e, ERR_FORBIDDEN, "self_disable", ERR_ARGS(ERR_TEXT("login", login)),
		                  "you cannot disable your own account '%s': ask another administrator", login);
	return user_update(db, login, "UPDATE users SET disabled = 1 WHERE login = $1", NULL, NULL, "user.disable",
	                   actor, e);
}

int people_users_enable(struct db *db, const char *login, const char *actor, struct err *e)
{
	return user_update(db, login, "UPDATE users SET disabled = 0 WHERE login = $1", NULL, NULL, "user.enable",
	                   actor, e);
}

int people_users_unlock(struct db *db, const char *login, const char *actor, struct err *e)
{
	return user_update(db, login, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE login = $1", NULL,
	                   NULL, "user.unlock", actor, e);
}

int people_users_update(struct db *db, const char *login, const struct user_change *c, const char *actor, struct err *e)
{
	json_t *before = NULL;
	int rc = db_begin(db, e);
	if (rc || (rc = user_state(db, login, &before, e))) {
		db_rollback(db);
		return rc;
	}
	const char *now[4];
	static const char *const keys[4] = { "name", "roles", "unit", "badge" };
	const char *given[4] = { c->name, c->roles, c->unit, c->badge };
	for (int i = 0; i < 4; i++)
		now[i] = given[i] ? given[i] : json_string_value(json_object_get(before, keys[i]));
	int32_t cert_from = c->cert_from ? *c->cert_from : cert_day_of_state(before, "cert_valid_from");
	int32_t cert_to = c->cert_to ? *c->cert_to : cert_day_of_state(before, "cert_valid_to");
	rc = user_fields_check(now[0], now[1], now[3], e);
	if (rc == 0)
		rc = cert_check(cert_from, cert_to, now[3], e);
	if (rc == 0 && c->unit && (rc = people_unit_exists(db, c->unit, e)) == 0)
		rc = unit_unknown(e, c->unit);
	rc = rc < 0 ? rc : 0;
	/* An administrator cannot take its own admin role: the last one would
	 * leave nobody to administer. */
	if (rc == 0 && strcmp(login, actor) == 0 &&
	    (access_roles_parse(json_string_value(json_object_get(before, "roles")), &(int){ 0 }) & ROLE_ADMIN) &&
	    !(access_roles_parse(now[1], &(int){ 0 }) & ROLE_ADMIN))
		rc = err_reason(e, ERR_FORBIDDEN, "self_admin_role", ERR_ARGS(ERR_TEXT("login", login)),
		                "you cannot remove your own admin role: ask another administrator");
	char from[12], to[12];
	cert_key_text(cert_from, from);
	cert_key_text(cert_to, to);
	const char *params[] = { login, now[0], now[1], now[2], now[3], from, to };
	int64_t n = rc ? 0
	               : exec_text(db,
	                           "UPDATE users SET name = $2, roles = $3, unit_code = $4, badge_no = $5,"
	                           " cert_valid_from = CAST($6 AS INTEGER), cert_valid_to = CAST($7 AS INTEGER)"
	                           " WHERE login = $1",
	                           params, 7, e);
	if (rc || n < 0) {
		json_decref(before);
		db_rollback(db);
		return rc ? rc : (int)n;
	}
	return user_changed(db, login, before, "user.update", false, actor, e);
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
	    /* Whoever holds a session of the user now (the reason for a reset,
	     * often) must log in with the new password. */
	    hash, "DELETE FROM sessions WHERE login = $1", "user.reset_password", actor, e);
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
