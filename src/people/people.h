/* People (GLOSSARY: units, officers): the unit tree and the user accounts
 * with their roles. Every change is written to the audit log, in the same
 * transaction, with `actor` as who made it. */
#ifndef SUNROAD_PEOPLE_H
#define SUNROAD_PEOPLE_H

#include "../base/db.h"
#include "../base/err.h"
#include "../base/access.h"
#include "../base/http.h"

#include <stdbool.h>
#include <stdio.h>

/* Adds a unit under parent (NULL: under HQ). kind: brigade, squad, post. */
int people_units_add(struct db *db, const char *code, const char *name, const char *kind, const char *parent,
                     const char *actor, struct err *e);
int people_units_list(struct db *db, FILE *out, struct err *e);
/* Adds the units of a CSV file (code,name,kind,parent; parents first) that
 * do not exist yet; *added counts them. Stops at the first bad row. */
int people_units_import(struct db *db, const char *path, const char *actor, int *added, struct err *e);
/* 1 when the unit exists, 0 when not, or a negative database error. */
int people_unit_exists(struct db *db, const char *code, struct err *e);

struct user_new {
	const char *login, *name, *roles, *unit, *badge;
	bool temporary; /* the password must be changed at the first login */
};

/* Adds a user with password (checked for strength). roles: comma-separated
 * from officer, legal, chief, inspector, admin. A generated password, one
 * shown to someone else, is temporary: the user must change it first. */
int people_users_add(struct db *db, const struct user_new *u, const char *password, const char *actor, struct err *e);
int people_users_list(struct db *db, FILE *out, struct err *e);

/* What an edit changes; NULL: unchanged. roles as for people_users_add. */
struct user_change {
	const char *name, *roles, *unit, *badge;
};

/* Edits a user, audited as user.update with the user before and after
 * (nothing when nothing changed). ERR_INVALID for a field that is not
 * what a user may have, ERR_NOTFOUND for an unknown user or unit,
 * ERR_FORBIDDEN when actor would remove its own admin role. */
int people_users_update(struct db *db, const char *login, const struct user_change *c, const char *actor,
                        struct err *e);
/* Disables an account (ERR_FORBIDDEN for actor's own), enables it again,
 * or unlocks it after failed logins; each audited with the user before and
 * after. */
int people_users_disable(struct db *db, const char *login, const char *actor, struct err *e);
int people_users_enable(struct db *db, const char *login, const char *actor, struct err *e);
int people_users_unlock(struct db *db, const char *login, const char *actor, struct err *e);
/* Sets a new password (must be changed at next login) and unlocks. */
int people_users_reset_password(struct db *db, const char *login, const char *password, const char *actor,
                                struct err *e);

/* The name and badge number of the user login, for showing who did
 * something (a screening decision): 1 with them copied into name and badge
 * (cut to fit), 0 when there is no such user, or an error. */
int people_user_label(struct db *db, const char *login, char name[129], char badge[33], struct err *e);

/* The enabled user whose badge number is badge (the first by login if two
 * share it): 1 with its login, name and roles (enum role bits), 0 when
 * there is none, or an error. */
int people_user_by_badge(struct db *db, const char *badge, char login[65], char name[129], unsigned *roles,
                         struct err *e);

/* True when every comma-separated role is known. */
bool people_roles_valid(const char *roles);

/* ---- callers of the server ------------------------------------------ */

/* The roles and the caller are base/access.h. */

/* The session and lock-out policy: rows of the settings table. */
struct people_settings {
	long session_idle, session_max;         /* seconds */
	long lockout_failures, lockout_seconds; /* failed logins in a row; lock time */
	long cookie_secure;                     /* 1: behind TLS, the cookie says Secure */
};
extern struct people_settings people_settings;

/* The server's authorizer: finds the session of the cookie, checks the
 * route's roles and the CSRF token of a write. */
int people_authorize(struct http_request *rq, const struct http_route *route, struct err *e);
void people_caller_free(void *caller);

/* SQL that lists the unit codes a caller sees, with $1 = 1 for all units
 * and $2 = the caller's unit; used as `x IN (SCOPE_UNITS_SQL)`. */
#define SCOPE_UNITS_SQL                                                                                        \
	"SELECT code FROM units WHERE $1 = 1 UNION SELECT code FROM (WITH RECURSIVE sub(code) AS"              \
	" (SELECT CAST($2 AS TEXT) UNION ALL SELECT u.code FROM units u JOIN sub ON u.parent_code = sub.code)" \
	" SELECT code FROM sub) AS scoped"

/* Binds a caller's scope to $1 and $2 of st (see SCOPE_UNITS_SQL). */
void people_bind_scope(struct db_stmt *st, const struct caller *c);

/* The routes of sessions, users and units. */
/* Ends with a row whose pattern is NULL. */
extern const struct http_route people_routes[];

#endif
