/* Logging: one logfmt line per event on stderr. The macros test the level
 * before any formatting happens, so disabled levels cost a comparison.
 *
 * One event is always one line: log_write escapes control characters and
 * bytes that are not UTF-8 in whatever it is given, so a value taken from
 * a request (a path with %0A in it) cannot forge a line. A value written
 * between quotes should also go through log_escape, so that a quote in it
 * cannot forge a key. While a server thread serves a request, every line
 * it logs ends with that request's id (log_set_request_id). */
#ifndef SUNROAD_LOG_H
#define SUNROAD_LOG_H

#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

/* Atomic: a SIGHUP sets it while the server's threads log. */
extern _Atomic enum log_level log_min_level;

/* Sets the level from its name ("debug", "info", "warn", "error", "off");
 * returns -1 for an unknown name. */
int log_set_level(const char *name);

/* Writes `ts=... level=... msg="msg" ` followed by the formatted key=value
 * pairs of kv (may be NULL) and, while a request is served on this thread,
 * ` request_id=...`. */
void log_write(enum log_level level, const char *msg, const char *kv, ...) __attribute__((format(printf, 3, 4)));

/* How much log_escape escapes. Always: control characters and DEL (\n \r
 * \t, others \xNN) and each byte that is not part of a UTF-8 character
 * (\xNN). */
enum log_escape_mode {
	LOG_ESCAPE_LINE,   /* no more: keeps an event on one line */
	LOG_ESCAPE_QUOTED, /* also '"' and '\': a value written key="..." */
	LOG_ESCAPE_BARE,   /* also spaces (\x20): a value written without quotes */
};

/* Writes s, escaped, into out (size bytes, at least 4): cut at a whole
 * character or escape, ending in "..." when it does not fit. Returns out,
 * so that it can be an argument of log_warn() and printf() directly. */
char *log_escape(char *out, size_t size, const char *s, enum log_escape_mode mode);

/* The id of the request this thread is serving, written at the end of each
 * line it logs; NULL or "" when it serves none. The caller keeps id alive
 * until it sets another. */
void log_set_request_id(const char *id);

#define log_at(level, ...)                               \
	do {                                             \
		if ((level) >= log_min_level)            \
			log_write((level), __VA_ARGS__); \
	} while (0)
#define log_debug(...) log_at(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_at(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_at(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_at(LOG_ERROR, __VA_ARGS__)

#endif
