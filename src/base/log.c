#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum log_level log_min_level = LOG_WARN;

static const char *const level_names[] = { "debug", "info", "warn", "error", "off" };

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

void log_write(enum log_level level, const char *msg, const char *kv, ...)
{
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);

	flockfile(stderr);
	fprintf(stderr, "ts=%s level=%s msg=\"%s\"", ts, level_names[level], msg);
	if (kv) {
		va_list ap;
		va_start(ap, kv);
		fputc(' ', stderr);
		vfprintf(stderr, kv, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
	funlockfile(stderr);
}
