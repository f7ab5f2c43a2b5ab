/* People (GLOSSARY: units, officers): the unit tree and the user accounts
 * with their roles. Every change is written to the audit log, in the same
 * transaction, with `actor` as who made it. */
#ifndef SUNROAD_PEOPLE_H
#define SUNROAD_PEOPLE_H

#include "../base/db.h"
#include "../base/err.h"
#include "../base/http.h"

#include <stdbool.h>
#include <stdio.h>

/* Adds a unit under parent (NULL: under HQ). kind: brigade, squad, post. */
int units_add(struct db *db, const char *code, const char *name, const char *kind, const char *parent,
              const char *actor, struct err *e);
int units_list(struct db *db, FILE *out, struct err *e);
/* Adds the units of a CSV file (code,name,kind,parent; parents first) that
 * do not exist yet; *added counts them. Stops at the first bad row. */
int units_import(struct db *db, const char *path, const char *actor, int *added, struct err *e);
/* 1 when the unit exists, 0 when not, or a negative database error. */
int unit_exists(struct db *db, const char *code, struct err *e);

struct user_new {
	const char *login, *name, *roles, *unit, *badge;
	bool temporary; /* the password must be changed at the first login */
};

/* Adds a user with password (checked for strength). roles: comma-separated
 * from officer, legal, chief, inspector, admin. A generated password, one
 * shown to someone else, is temporary: the user must change it first. */
int users_add(struct db *db, const struct user_new *u, const char *password, const char *actor, struct err *e);
int users_list(struct db *db, FILE *out, struct err *e);
int users_disable(struct db *db, const char *login, const char *actor, struct err *e);
/* Sets a new password (must be changed at next login) and unlocks. */
int users_reset_password(struct db *db, const char *login, const char *password, const char *actor, struct err *e);

/* True when every comma-separated role is known. */
bool roles_valid(const char *roles);

/* ---- callers of the server ------------------------------------------ */

/* The roles of GLOSSARY.md as bits; a route's access is the set of roles
 * that may call it, plus these flags. */
enum role { ROLE_OFFICER = 1, ROLE_LEGAL = 2, ROLE_CHIEF = 4, ROLE_INSPECTOR = 8, ROLE_ADMIN = 16 };
#define ROLES_ALL      31u
#define ACCESS_PUBLIC  0u        /* anyone, no session */
#define ACCESS_SESSION (1u << 8) /* any session, even before the first password change */
#define ACCESS_DEVICE  (1u << 9) /* a site's device key, checked by the handler */

/* The bits of a comma-separated role list (unknown names count nothing). */
unsigned roles_mask(const char *roles);

/* Who is calling: set on the request by people_authorize. */
struct caller {
	char login[65];
	char name[129];
	unsigned roles;
	char unit[33];
	bool sees_all; /* admins and the detachment (HQ) see every unit */
	bool must_change_password;
	char csrf[48];
};

/* The caller of rq, or NULL (public and device routes). */
static inline const struct caller *caller_of(const struct http_request *rq)
{
	return (const struct caller *)rq->caller;
}

struct people_settings {
	long session_idle, session_max;         /* seconds */
	long lockout_failures, lockout_seconds; /* failed logins in a row; lock time */
	bool cookie_secure;                     /* behind TLS: the cookie says Secure */
};

/* Sets the session and lock-out policy before the server starts. */
void people_configure(const struct people_settings *s);

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
extern const struct http_route people_routes[];
extern const size_t people_route_count;

#endif
