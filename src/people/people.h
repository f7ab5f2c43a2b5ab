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
#include <stdint.h>
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

/* The enforcement certificate (行政执法证) of a user is its badge number with
 * a validity, first and last day as day numbers of base/datetime.h; 0 means
 * not on record (so 1970-01-01, day 0, is never a certificate's day). Either
 * day alone may be on record; both: first <= last. A certificate needs a
 * badge: a day on record without one is ERR_INVALID (cert_badge_required). */
struct user_new {
	const char *login, *name, *roles, *unit, *badge;
	bool temporary;             /* the password must be changed at the first login */
	int32_t cert_from, cert_to; /* the certificate's validity; 0: not on record */
};

/* Adds a user with password (checked for strength). roles: comma-separated
 * from officer, legal, chief, inspector, admin. A generated password, one
 * shown to someone else, is temporary: the user must change it first.
 * ERR_INVALID for a field that is not what a user may have: a reason of
 * docs/api.md, for a certificate date_invalid (a day outside 1900..2999),
 * cert_range_reversed or cert_badge_required. */
int people_users_add(struct db *db, const struct user_new *u, const char *password, const char *actor, struct err *e);
int people_users_list(struct db *db, FILE *out, struct err *e);

/* What an edit changes; NULL: unchanged. roles as for people_users_add.
 * A certificate day points to the new day number, or to 0 to take the day
 * off the record: `c.cert_to = &(int32_t){ 0 }` clears it. */
struct user_change {
	const char *name, *roles, *unit, *badge;
	const int32_t *cert_from, *cert_to;
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
/* Sets a new password (must be changed at next login), unlocks, and ends
 * every session of the user. */
int people_users_reset_password(struct db *db, const char *login, const char *password, const char *actor,
                                struct err *e);

/* The name and badge number of the user login, for showing who did
 * something (a screening decision): 1 with them copied into name and badge
 * (cut to fit), 0 when there is no such user, or an error. */
int people_user_label(struct db *db, const char *login, char name[129], char badge[33], struct err *e);

/* An officer as another module finds it by the badge number of its
 * enforcement certificate. */
struct people_officer {
	char login[65], name[129];
	unsigned roles;             /* enum role bits (base/access.h) */
	int32_t cert_from, cert_to; /* day numbers, 0: not on record */
};

/* The enabled user whose badge number is badge (the first by login if two
 * share it) into *out: 1 found, 0 when there is none (always for an empty
 * badge), or a negative error. out is the caller's; nothing to free. */
int people_officer_by_badge(struct db *db, const char *badge, struct people_officer *out, struct err *e);

/* True when the officer's certificate is valid on day (a day number):
 * both its days are on record and first <= day <= last. Pure. */
bool people_cert_valid_on(const struct people_officer *o, int32_t day);

/* True when every comma-separated role is known. */
bool people_roles_valid(const char *roles);

/* ---- callers of the server ------------------------------------------ */

/* The roles and the caller are base/access.h. */

/* The session and lock-out policy: rows of the settings table. */
struct people_settings {
	long session_idle, session_max;         /* seconds */
	long lockout_failures, lockout_seconds; /* failed logins in a row; lock time */
	/* Failed logins from one client address in a window of that many
	 * seconds, beyond which it is refused until the window ends. */
	long login_address_failures, login_address_seconds;
	long cookie_secure; /* 1: behind TLS, the cookie says Secure */
};
extern struct people_settings people_settings;

/* The server's authorizer: finds the session of the cookie, checks the
 * route's roles and the CSRF token of a write. */
int people_authorize(struct http_request *rq, const struct http_route *route, struct err *e);
void people_caller_free(void *caller);
/* The server's start: makes what the first login needs ahead of it. */
struct module_context;
int people_start(const struct module_context *ctx, struct err *e);
/* GET /metrics: the sessions in use (metrics.c). */
int people_metrics(struct db *db, struct buf *out, struct err *e);

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
