/* Who may call what: the roles of GLOSSARY.md and a route's access, written
 * once in the modules' route tables. The accounts module (people) finds
 * the caller of a request; everyone else reads it through caller_of. */
#ifndef SUNROAD_ACCESS_H
#define SUNROAD_ACCESS_H

#include "http.h"

#include <jansson.h>
#include <stdbool.h>

/* The roles as bits; a route's access is the set of roles that may call
 * it, or one of the ACCESS_ flags. */
enum role { ROLE_OFFICER = 1, ROLE_LEGAL = 2, ROLE_CHIEF = 4, ROLE_INSPECTOR = 8, ROLE_ADMIN = 16 };
#define ROLE_COUNT     5
#define ROLES_ALL      31u
#define ACCESS_PUBLIC  0u        /* anyone, no session */
#define ACCESS_SESSION (1u << 8) /* any session, even before the first password change */
#define ACCESS_DEVICE  (1u << 9) /* a site's device key, checked by the handler */

/* The largest body a device's route takes: its records and their photos. */
#define ACCESS_DEVICE_MAX_BODY (32u * 1024 * 1024)

/* The role names, bit i is access_role_names[i]. */
extern const char *const access_role_names[ROLE_COUNT];

/* The bits of a comma-separated role list; *unknown counts the names that
 * are no role, empty ones included. */
unsigned access_roles_parse(const char *roles, int *unknown);

/* Who is calling: set on the request by the authorizer. */
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

/* Whether caller (NULL: anonymous) may call a route of this access, as the
 * authorizer decides it (the device key of ACCESS_DEVICE aside). */
bool access_allows(unsigned access, const struct caller *caller);

/* "public", "session", "device" or "roles". */
const char *access_kind(unsigned access);
/* The role names of access, as a new JSON array. */
json_t *access_roles_json(unsigned access);

#endif
