/* Logging: one logfmt line per event on stderr. The macros test the level
 * before any formatting happens, so disabled levels cost a comparison. */
#ifndef SUNROAD_LOG_H
#define SUNROAD_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

extern enum log_level log_min_level;

/* Sets the level from its name ("debug", "info", "warn", "error", "off");
 * returns -1 for an unknown name. */
int log_set_level(const char *name);

/* Writes `ts=... level=... msg="msg" ` followed by the formatted key=value
 * pairs of kv (may be NULL). */
void log_write(enum log_level level, const char *msg, const char *kv, ...) __attribute__((format(printf, 3, 4)));

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
