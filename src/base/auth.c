#include "auth.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int auth_password_check(const char *password, struct err *e)
{
	bool letter = false, digit = false;
	for (const char *p = password; *p; p++) {
		letter |= isalpha((unsigned char)*p) != 0;
		digit |= isdigit((unsigned char)*p) != 0;
	}
	if (strlen(password) < AUTH_PASSWORD_MIN)
		return err_reason(e, ERR_INVALID, "password_too_short",
		                  ERR_ARGS(ERR_TEXT("field", "password"), ERR_INT("min", AUTH_PASSWORD_MIN)),
		                  "the password must have at least %d characters", AUTH_PASSWORD_MIN);
	if (!letter || !digit)
		return err_reason(e, ERR_INVALID, "password_letters_digits", ERR_ARGS(ERR_TEXT("field", "password")),
		                  "the password must mix letters and digits");
	return 0;
}

int auth_password_hash(const char *password, char out[AUTH_HASH_SIZE], struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_NOMEM, "cannot initialise libsodium");
	if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(e, ERR_NOMEM, "out of memory hashing a password");
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	return sodium_init() >= 0 && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static char dummy_hash[AUTH_HASH_SIZE];

static void dummy_hash_make(void)
{
	/* Random, so that no password matches it; hashed with the parameters
	 * of every stored hash, so that checking against it costs the same. */
	char password[17];
	auth_random_password(password);
	if (auth_password_hash(password, dummy_hash, NULL) != 0)
		dummy_hash[0] = '\0';
}

bool auth_password_verify_dummy(const char *password)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, dummy_hash_make);
	if (dummy_hash[0])
		auth_password_verify(dummy_hash, password);
	return false;
}

void auth_random_password(char out[17])
{
	/* No look-alikes (0/O, 1/l/I): it is read off a screen and typed. */
	static const char letters[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char digits[] = "23456789";
	if (sodium_init() < 0)
		abort();
	for (int i = 0; i < 16; i++) {
		bool digit = i % 4 == 3;
		const char *set = digit ? digits : letters;
		out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
	}
	out[16] = '\0';
}

void auth_token_hash(const char *token, char out[AUTH_TOKEN_HASH_SIZE])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, AUTH_TOKEN_HASH_SIZE, digest, sizeof digest);
}
