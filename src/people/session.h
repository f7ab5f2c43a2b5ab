/* Sessions, inside the people module: what its HTTP handlers use. */
#ifndef SUNROAD_PEOPLE_SESSION_H
#define SUNROAD_PEOPLE_SESSION_H

#include "people.h"

#define SESSION_COOKIE "sunroad_session"

struct session_new {
	char token[48]; /* for the cookie; only its hash is stored */
	char csrf[48];
	bool must_change_password;
};

/* Whether the session cookie carries Secure (people_configure). */
bool people_cookie_secure(void);

/* Checks the password (counting failures, locking the account at the
 * policy's limit) and opens a session. ERR_UNAUTHORIZED for a wrong login
 * or password, ERR_LOCKED, ERR_FORBIDDEN for a disabled account. */
int people_session_login(struct db *db, const char *login, const char *password, int64_t now, struct session_new *out,
                         struct err *e);
/* Fills c from the session of token, ending it when it has expired
 * (ERR_UNAUTHORIZED), and keeps its idle clock. */
int people_session_find(struct db *db, const char *token, int64_t now, struct caller *c, struct err *e);
int people_session_logout(struct db *db, const char *token, const char *login, int64_t now, struct err *e);
int people_session_change_password(struct db *db, const char *login, const char *old, const char *new_password,
                                   int64_t now, struct err *e);

#endif
