#include "err.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The length of the UTF-8 sequence at s (NUL-terminated), or 0 when the
 * bytes there are not one: overlong forms, surrogates and cut sequences
 * included, so that the arguments are always valid JSON text. */
static size_t utf8_sequence(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	size_t n = s[0] >= 0xc2 && s[0] <= 0xdf   ? 2
	           : s[0] >= 0xe0 && s[0] <= 0xef ? 3
	           : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
	                                          : 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Makes s valid UTF-8 in place: a byte that starts no sequence (a cut
 * one, or bytes from a query echoed in a message) becomes '?', so that the
 * message can always be answered as JSON. */
static void keep_utf8(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p;) {
		size_t n = utf8_sequence(p);
		if (n == 0)
			*p++ = '?';
		else
			p += n;
	}
}

/* The message and code of e, without a reason. */
static void set_message(struct err *e, int code, const char *fmt, va_list ap)
{
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	keep_utf8(e->msg);
	e->code = code;
	e->reason = NULL;
	e->args[0] = '\0';
}

int err_set(struct err *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		set_message(e, code, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* A bounded writer of the arguments' JSON: what does not fit sets full. */
struct args_out {
	char *p;
	size_t size, n;
	bool full;
};

static void put(struct args_out *o, const char *s, size_t n)
{
	if (o->full || o->n + n >= o->size) {
		o->full = true;
		return;
	}
	memcpy(o->p + o->n, s, n);
	o->n += n;
}

/* A JSON string of text, at most 64 of its bytes. */
static void put_text(struct args_out *o, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t used = 0;
	put(o, "\"", 1);
	while (*s) {
		size_t n = utf8_sequence(s);
		if (used + (n ? n : 1) > 64)
			break;
		char esc[8];
		if (n == 0)
			put(o, "?", 1);
		else if (*s == '"' || *s == '\\')
			put(o, esc, (size_t)snprintf(esc, sizeof esc, "\\%c", *s));
		else if (*s < 0x20)
			put(o, esc, (size_t)snprintf(esc, sizeof esc, "\\u%04x", *s));
		else
			put(o, (const char *)s, n);
		used += n ? n : 1;
		s += n ? n : 1;
	}
	put(o, "\"", 1);
}

int err_reason(struct err *e, int code, const char *reason, const struct err_arg *args, int nargs, const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	va_start(ap, fmt);
	set_message(e, code, fmt, ap);
	va_end(ap);
	e->reason = reason;
	/* One byte kept for the closing brace; an argument that does not fit
	 * is left out whole. */
	struct args_out o = { e->args, sizeof e->args - 1, 0, false };
	put(&o, "{", 1);
	for (int i = 0; i < nargs; i++) {
		size_t mark = o.n;
		char num[32];
		put(&o, o.n > 1 ? ",\"" : "\"", o.n > 1 ? 2 : 1);
		put(&o, args[i].name, strlen(args[i].name));
		put(&o, "\":", 2);
		if (args[i].type == ERR_ARG_INT)
			put(&o, num, (size_t)snprintf(num, sizeof num, "%lld", args[i].i));
		else
			put_text(&o, args[i].text ? args[i].text : "");
		if (o.full) {
			o.n = mark;
			o.full = false;
		}
	}
	e->args[o.n++] = '}';
	e->args[o.n] = '\0';
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
	keep_utf8(e->msg);
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
	{ ERR_MEDIA_TYPE, "media_type", 415 },
	{ ERR_TOO_MANY, "too_many", 429 },
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
