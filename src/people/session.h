/* Sessions, inside the people module: what its HTTP handlers use. */
#ifndef SUNROAD_PEOPLE_SESSION_H
#define SUNROAD_PEOPLE_SESSION_H

#include "people.h"

#define SESSION_COOKIE "sunroad_session"

struct session_new {
	char token[48]; /* for the cookie; only its hash is stored */
	char csrf[48];
	bool must_change_password;
	int64_t retry_after; /* ERR_TOO_MANY: seconds until the address may try again */
};

/* Whether the session cookie carries Secure (people_configure). */
bool people_cookie_secure(void);

/* Checks the password and opens a session. Each guess is counted before
 * it is checked (the account locks at the policy's limit; a login that is
 * no account counts and locks alike, and answers the same), and so is each
 * attempt from address (the client's; NULL or "": not throttled), which
 * the policy's limit of failures per address throttles. ERR_TOO_MANY for a
 * throttled address, ERR_LOCKED, ERR_UNAUTHORIZED for a wrong login or
 * password, ERR_FORBIDDEN for a disabled account. */
int people_session_login(struct db *db, const char *login, const char *password, const char *address, int64_t now,
                         struct session_new *out, struct err *e);
/* Fills c from the session of token, ending it when it has expired
 * (ERR_UNAUTHORIZED), and keeps its idle clock. */
int people_session_find(struct db *db, const char *token, int64_t now, struct caller *c, struct err *e);
int people_session_logout(struct db *db, const char *token, const char *login, int64_t now, struct err *e);
/* Changes the password of login after checking old, whose guesses count
 * with the logins' (ERR_LOCKED at the limit, ERR_FORBIDDEN for a wrong one),
 * and ends every session of login but the one of token (the caller's). */
int people_session_change_password(struct db *db, const char *login, const char *token, const char *old,
                                   const char *new_password, int64_t now, struct err *e);

#endif
