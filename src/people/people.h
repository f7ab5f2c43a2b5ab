/* People (GLOSSARY: units, officers): the unit tree and the user accounts
 * with their roles. Every change is written to the audit log, in the same
 * transaction, with `actor` as who made it. */
#ifndef SUNROAD_PEOPLE_H
#define SUNROAD_PEOPLE_H

#include "../base/db.h"
#include "../base/err.h"

#include <stdbool.h>
#include <stdio.h>

/* Adds a unit under parent (NULL: under HQ). kind: brigade, squad, post. */
int units_add(struct db *db, const char *code, const char *name, const char *kind, const char *parent,
              const char *actor, struct err *e);
int units_list(struct db *db, FILE *out, struct err *e);
/* 1 when the unit exists, 0 when not, or a negative database error. */
int unit_exists(struct db *db, const char *code, struct err *e);

struct user_new {
	const char *login, *name, *roles, *unit, *badge;
};

/* Adds a user with password (checked for strength), who must change it at
 * first login. roles: comma-separated from officer, legal, chief,
 * inspector, admin. */
int users_add(struct db *db, const struct user_new *u, const char *password, const char *actor, struct err *e);
int users_list(struct db *db, FILE *out, struct err *e);
int users_disable(struct db *db, const char *login, const char *actor, struct err *e);
/* Sets a new password (must be changed at next login) and unlocks. */
int users_reset_password(struct db *db, const char *login, const char *password, const char *actor, struct err *e);

/* True when every comma-separated role is known. */
bool roles_valid(const char *roles);

#endif
