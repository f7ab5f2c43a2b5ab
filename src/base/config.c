#include "config.h"
#include "log.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum setting_type { SETTING_STRING, SETTING_LONG, SETTING_ENUM };

struct setting {
	const char *name;
	const char *env;
	enum setting_type type;
	size_t offset;
	size_t size;
	const char *fallback;
	long min, max;       /* SETTING_LONG */
	const char *choices; /* SETTING_ENUM: '|'-separated */
	const char *help;
};

#define STRING_SETTING(field) SETTING_STRING, offsetof(struct config, field), sizeof(((struct config *)0)->field)
#define LONG_SETTING(field)   SETTING_LONG, offsetof(struct config, field), sizeof(long)
#define ENUM_SETTING(field)   SETTING_ENUM, offsetof(struct config, field), sizeof(((struct config *)0)->field)

static const struct setting settings[] = {
	{ "db", "SUNROAD_DB", STRING_SETTING(db), "sunroad.db", 0, 0, NULL,
	  "database: a SQLite file path (sqlite:PATH also works)" },
	{ "rules", "SUNROAD_RULES", STRING_SETTING(rules), "", 0, 0, NULL,
	  "rulebook directory (empty: ./rules if present, else the compiled-in copy)" },
	{ "log_level", "SUNROAD_LOG_LEVEL", ENUM_SETTING(log_level), "warn", 0, 0, "debug|info|warn|error|off",
	  "least severe log level written to stderr" },
	{ "sqlite_sync", "SUNROAD_SQLITE_SYNC", ENUM_SETTING(sqlite_sync), "NORMAL", 0, 0, "NORMAL|FULL",
	  "SQLite synchronous mode (FULL also survives power loss)" },
	{ "batch", "SUNROAD_BATCH", LONG_SETTING(batch), "10000", 1, 200000, NULL,
	  "records per ingest transaction (two batches are held in memory, about 1 KB a record)" },
	{ "bind", "SUNROAD_BIND", STRING_SETTING(bind), "127.0.0.1", 0, 0, NULL, "serve: address to listen on" },
	{ "port", "SUNROAD_PORT", LONG_SETTING(port), "8080", 1, 65535, NULL, "serve: TCP port" },
	{ "threads", "SUNROAD_THREADS", LONG_SETTING(threads), "4", 1, 256, NULL, "serve: worker threads" },
	{ "web", "SUNROAD_WEB", STRING_SETTING(web), "web", 0, 0, NULL, "serve: directory of the browser interface" },
	{ "session_idle", "SUNROAD_SESSION_IDLE", LONG_SETTING(session_idle), "1800", 1, 86400, NULL,
	  "serve: seconds without a request that end a session" },
	{ "session_max", "SUNROAD_SESSION_MAX", LONG_SETTING(session_max), "43200", 1, 604800, NULL,
	  "serve: seconds after login that end a session" },
	{ "lockout_failures", "SUNROAD_LOCKOUT_FAILURES", LONG_SETTING(lockout_failures), "5", 1, 100, NULL,
	  "serve: failed logins in a row that lock an account" },
	{ "lockout_seconds", "SUNROAD_LOCKOUT_SECONDS", LONG_SETTING(lockout_seconds), "900", 1, 86400, NULL,
	  "serve: how long a locked account stays locked" },
	{ "cookie_secure", "SUNROAD_COOKIE_SECURE", LONG_SETTING(cookie_secure), "0", 0, 1, NULL,
	  "serve: 1 marks the session cookie Secure (set it when TLS terminates in front of sunroad)" },
};

static const struct setting *setting_find(const char *name)
{
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	return NULL;
}

static bool choice_ok(const char *choices, const char *value)
{
	size_t n = strlen(value);
	for (const char *p = choices; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, value, n) == 0)
			return true;
		p += len + (bar != NULL);
	}
	return false;
}

static int setting_apply(struct config *c, const struct setting *s, const char *value, struct err *e)
{
	char *field = (char *)c + s->offset;
	switch (s->type) {
	case SETTING_LONG: {
		char *end;
		errno = 0;
		long v = strtol(value, &end, 10);
		if (errno || end == value || *end || v < s->min || v > s->max)
			return err_set(e, ERR_INVALID, "setting %s: '%s' is not a whole number in %ld..%ld", s->name,
			               value, s->min, s->max);
		*(long *)field = v;
		return 0;
	}
	case SETTING_ENUM:
		if (!choice_ok(s->choices, value))
			return err_set(e, ERR_INVALID, "setting %s: '%s' is not one of %s", s->name, value, s->choices);
		/* fall through */
	case SETTING_STRING:
		if (strlen(value) >= s->size)
			return err_set(e, ERR_INVALID, "setting %s: value longer than %zu bytes", s->name, s->size - 1);
		memcpy(field, value, strlen(value) + 1);
		return 0;
	}
	return 0;
}

int config_set(struct config *c, const char *name, const char *value, struct err *e)
{
	const struct setting *s = setting_find(name);
	if (!s)
		return err_set(e, ERR_INVALID, "unknown setting '%s' (see `sunroad help config`)", name);
	int rc = setting_apply(c, s, value, e);
	if (rc == 0 && strcmp(name, "log_level") == 0)
		log_set_level(c->log_level);
	return rc;
}

static int config_read_file(struct config *c, const char *path, bool must_exist, struct err *e)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must_exist && errno == ENOENT)
			return 0;
		return err_set(e, ERR_IO, "cannot read configuration %s: %s", path, strerror(errno));
	}
	char line[2048];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lineno++;
		char *p = line + strspn(line, " \t");
		p[strcspn(p, "\r\n")] = '\0';
		if (*p == '#' || *p == '\0')
			continue;
		char *eq = strchr(p, '=');
		if (!eq) {
			rc = err_set(e, ERR_PARSE, "%s:%d: expected `name = value`", path, lineno);
			break;
		}
		char *name_end = eq;
		while (name_end > p && (name_end[-1] == ' ' || name_end[-1] == '\t'))
			name_end--;
		*name_end = '\0';
		char *value = eq + 1 + strspn(eq + 1, " \t");
		size_t n = strlen(value);
		while (n && (value[n - 1] == ' ' || value[n - 1] == '\t'))
			value[--n] = '\0';
		rc = config_set(c, p, value, e);
		if (rc)
			err_prefix(e, "%s:%d", path, lineno);
	}
	fclose(f);
	return rc;
}

int config_load(struct config *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (setting_apply(c, &settings[i], settings[i].fallback, e))
			return e->code;
	const char *file = getenv("SUNROAD_CONFIG");
	int rc = config_read_file(c, file ? file : "sunroad.conf", file != NULL, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const char *v = getenv(settings[i].env);
		if (v && (rc = setting_apply(c, &settings[i], v, e))) {
			err_prefix(e, "environment %s", settings[i].env);
			return rc;
		}
	}
	log_set_level(c->log_level);
	return 0;
}

void config_help(void *file)
{
	FILE *f = file;
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const struct setting *s = &settings[i];
		fprintf(f, "  %-12s %-20s default '%s'%s%s\n      %s\n", s->name, s->env, s->fallback,
		        s->choices ? ", one of " : "", s->choices ? s->choices : "", s->help);
	}
}
