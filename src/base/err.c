#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int err_set(struct err *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
		e->code = code;
	}
	return code;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	if (!e)
		return;
	char prefix[128], old[sizeof e->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	snprintf(e->msg, sizeof e->msg, "%s: %s", prefix, old);
}

static const struct {
	int code;
	const char *name;
	int http;
} codes[] = {
	{ ERR_OK, "ok", 200 },
	{ ERR_NOMEM, "no_memory", 503 },
	{ ERR_IO, "io", 500 },
	{ ERR_PARSE, "parse", 400 },
	{ ERR_INVALID, "invalid", 422 },
	{ ERR_NOTFOUND, "not_found", 404 },
	{ ERR_CONFLICT, "conflict", 409 },
	{ ERR_FORBIDDEN, "forbidden", 403 },
	{ ERR_DB, "database", 500 },
	{ ERR_UNSUPPORTED, "unsupported", 501 },
	{ ERR_BUSY, "busy", 503 },
	{ ERR_UNAUTHORIZED, "unauthorized", 401 },
	{ ERR_TOO_LARGE, "too_large", 413 },
	{ ERR_LOCKED, "locked", 423 },
	{ ERR_METHOD, "method", 405 },
};

const char *err_name(int code)
{
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i].code == code)
			return codes[i].name;
	return "internal";
}

int err_http_status(int code)
{
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (codes[i].code == code)
			return codes[i].http;
	return 500;
}

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("sunroad: fatal: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}
