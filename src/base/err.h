/* Errors: one enum of codes, one caller-owned struct carrying the message.
 * Functions return 0 on success or a negative ERR_* code, and fill the
 * caller's struct err (when given) with a message that says what is wrong
 * and what to do. */
#ifndef SUNROAD_ERR_H
#define SUNROAD_ERR_H

enum err_code {
	ERR_OK = 0,
	ERR_NOMEM = -1,
	ERR_IO = -2,
	ERR_PARSE = -3,
	ERR_INVALID = -4,
	ERR_NOTFOUND = -5,
	ERR_CONFLICT = -6,
	ERR_FORBIDDEN = -7,
	ERR_DB = -8,
	ERR_UNSUPPORTED = -9,
	ERR_BUSY = -10,         /* the database gave up for now (lock, deadlock): retry */
	ERR_UNAUTHORIZED = -11, /* no valid session or key */
	ERR_TOO_LARGE = -12,
	ERR_LOCKED = -13, /* an account locked after failed logins */
	ERR_METHOD = -14, /* the path exists, not with this method */
};

struct err {
	int code;
	char msg[256];
};

/* Sets e (when not NULL) to code and the formatted message; returns code,
 * so callers write `return err_set(e, ERR_PARSE, "...")`. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Prefixes e->msg with the formatted context ("file.csv: ..."). */
void err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The stable machine name of a code ("parse", "not_found", ...). */
const char *err_name(int code);

/* The HTTP status that answers a code. */
int err_http_status(int code);

/* Prints "sunroad: fatal: ..." and exits 1; start-up only. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
