/* Errors: one enum of codes, one caller-owned struct carrying the message.
 * Functions return 0 on success or a negative ERR_* code, and fill the
 * caller's struct err (when given) with a message that says what is wrong
 * and what to do.
 *
 * An error a browser user can meet also carries a reason: a stable name of
 * what is wrong ("login_too_short") and its arguments ({"field":"login",
 * "min":2}), which the API answers beside the message and the interface
 * words in the user's language (docs/api.md, "Errors"). The message stays
 * English, for the command line and the logs. */
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
	ERR_LOCKED = -13,     /* an account locked after failed logins */
	ERR_METHOD = -14,     /* the path exists, not with this method */
	ERR_MEDIA_TYPE = -15, /* a body of a type the route does not take */
	ERR_TOO_MANY = -16,   /* too many attempts from one client: wait */
};

#define ERR_ARGS_SIZE 192

struct err {
	int code;
	char msg[256];
	const char *reason;       /* a string literal; NULL: none more specific than the code */
	char args[ERR_ARGS_SIZE]; /* the reason's arguments as a JSON object's text; "": none */
};

/* Sets e (when not NULL) to code and the formatted message, with no
 * reason; returns code, so callers write `return err_set(e, ERR_PARSE,
 * "...")`. */
int err_set(struct err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* An argument of a reason: ERR_INT("min", 2), ERR_TEXT("field", "login").
 * The name is a literal; a text is copied (cut to 64 bytes, bytes that are
 * not UTF-8 become '?'). */
struct err_arg {
	const char *name;
	enum { ERR_ARG_INT, ERR_ARG_TEXT } type;
	long long i;
	const char *text;
};
#define ERR_INT(name, v)  ((struct err_arg){ (name), ERR_ARG_INT, (long long)(v), NULL })
#define ERR_TEXT(name, s) ((struct err_arg){ (name), ERR_ARG_TEXT, 0, (s) })
/* A reason's arguments as (array, count): ERR_ARGS(ERR_TEXT("field", "login")). */
#define ERR_ARGS(...)                            \
	(const struct err_arg[]){ __VA_ARGS__ }, \
	    (int)(sizeof((const struct err_arg[]){ __VA_ARGS__ }) / sizeof(struct err_arg))
#define ERR_NO_ARGS NULL, 0

/* err_set with a reason (a literal, snake_case, listed in docs/api.md) and
 * its arguments; what does not fit in e->args is left out. Returns code:
 * `return err_reason(e, ERR_INVALID, "login_format", ERR_ARGS(ERR_TEXT
 * ("field", "login")), "login '%s' must be ...", login)`. */
int err_reason(struct err *e, int code, const char *reason, const struct err_arg *args, int nargs, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Prefixes e->msg with the formatted context ("file.csv: ..."); the
 * reason and its arguments stay. */
void err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The stable machine name of a code ("parse", "not_found", ...). */
const char *err_name(int code);

/* The HTTP status that answers a code. */
int err_http_status(int code);

/* Prints "sunroad: fatal: ..." and exits 1; start-up only. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
