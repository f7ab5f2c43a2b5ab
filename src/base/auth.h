/* Passwords: argon2id hashes (libsodium), a minimum strength, and random
 * passwords for new accounts. */
#ifndef SUNROAD_AUTH_H
#define SUNROAD_AUTH_H

#include "err.h"

#include <stdbool.h>

#define AUTH_HASH_SIZE    128 /* crypto_pwhash_STRBYTES */
#define AUTH_PASSWORD_MIN 10

/* Refuses a password shorter than AUTH_PASSWORD_MIN or without both
 * letters and digits, saying which rule it breaks. */
int auth_password_check(const char *password, struct err *e);

/* The argon2id hash of password, as libsodium's self-describing string. */
int auth_password_hash(const char *password, char out[AUTH_HASH_SIZE], struct err *e);

bool auth_password_verify(const char *hash, const char *password);

/* Does the work of auth_password_verify against a hash of a random
 * password made once (the cost of the first call includes making it), and
 * answers false: a login that is no account takes as long to refuse as a
 * wrong password. Thread-safe. */
bool auth_password_verify_dummy(const char *password);

/* What is stored of a bearer secret (a session token, a device key): its
 * SHA-256 in hex, so that a copy of the database opens nothing. */
#define AUTH_TOKEN_HASH_SIZE 65
void auth_token_hash(const char *token, char out[AUTH_TOKEN_HASH_SIZE]);

/* A random 16-character password that passes auth_password_check. */
void auth_random_password(char out[17]);

#endif
