#include "log.h"
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

_Atomic enum log_level log_min_level = LOG_WARN;

static const char *const level_names[] = { "debug", "info", "warn", "error", "off" };

/* The request this thread serves (http.c sets it around each call). */
static _Thread_local const char *request_id;

int log_set_level(const char *name)
{
	for (int i = 0; i <= LOG_OFF; i++) {
		if (strcmp(name, level_names[i]) == 0) {
			log_min_level = (enum log_level)i;
			return 0;
		}
	}
	return -1;
}

void log_set_request_id(const char *id)
{
	request_id = id && *id ? id : NULL;
}

/* The length of the UTF-8 character at s (NUL-terminated), or 0 when the
 * bytes there are not one (a cut sequence stops at the NUL; utf8_valid
 * refuses overlong forms and surrogates). */
static size_t utf8_length(const unsigned char *s)
{
	size_t n = s[0] < 0x80                    ? 1
	           : s[0] >= 0xc2 && s[0] <= 0xdf ? 2
	           : s[0] >= 0xe0 && s[0] <= 0xef ? 3
	           : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
	                                          : 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n > 1 && !utf8_valid((const char *)s, n) ? 0 : n;
}

/* Whether the byte c, a character by itself, is written as it is. */
static bool plain(unsigned char c, enum log_escape_mode mode)
{
	if (c < 0x20 || c == 0x7f)
		return false;
	if (mode != LOG_ESCAPE_LINE && (c == '"' || c == '\\'))
		return false;
	return mode != LOG_ESCAPE_BARE || c != ' ';
}

char *log_escape(char *out, size_t size, const char *s, enum log_escape_mode mode)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	/* n: bytes written; fit: where "..." goes if what follows does not fit. */
	size_t n = 0, fit = 0;
	while (*p) {
		char esc[4];
		const char *piece = (const char *)p;
		size_t len = utf8_length(p), used = len ? len : 1;
		if (len == 0 || (len == 1 && !plain(*p, mode))) {
			piece = esc;
			esc[0] = '\\';
			len = 2;
			switch (*p) {
			case '\n':
				esc[1] = 'n';
				break;
			case '\r':
				esc[1] = 'r';
				break;
			case '\t':
				esc[1] = 't';
				break;
			case '"':
			case '\\':
				esc[1] = (char)*p;
				break;
			default:
				esc[1] = 'x';
				esc[2] = hex[*p >> 4];
				esc[3] = hex[*p & 15];
				len = 4;
			}
		}
		if (n + len + 1 > size) {
			memcpy(out + fit, "...", 4);
			return out;
		}
		memcpy(out + n, piece, len);
		n += len;
		if (n + 4 <= size)
			fit = n;
		p += used;
	}
	out[n] = '\0';
	return out;
}

void log_write(enum log_level level, const char *msg, const char *kv, ...)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);

	/* Escaped here, whatever the caller did: a message or a value that
	 * carries a request's bytes must not start a line of its own. */
	char text[1024] = "", quoted_msg[512], line_kv[2048];
	if (kv) {
		va_list ap;
		va_start(ap, kv);
		vsnprintf(text, sizeof text, kv, ap);
		va_end(ap);
	}
	log_escape(quoted_msg, sizeof quoted_msg, msg, LOG_ESCAPE_QUOTED);
	log_escape(line_kv, sizeof line_kv, text, LOG_ESCAPE_LINE);

	flockfile(stderr);
	fprintf(stderr, "ts=%s level=%s msg=\"%s\"", ts, level_names[level], quoted_msg);
	if (line_kv[0])
		fprintf(stderr, " %s", line_kv);
	if (request_id)
		fprintf(stderr, " request_id=%s", request_id);
	fputc('\n', stderr);
	funlockfile(stderr);
}
