#include "config.h"
#include "db.h"
#include "log.h"
#include "module.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/statvfs.h>

struct config config;

/* Calls fn for every setting of every module, until it returns non-zero. */
static int each_setting(int (*fn)(const struct setting *, void *), void *arg)
{
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	for (size_t m = 0; m < n; m++)
		for (size_t i = 0; i < all[m]->nsettings; i++) {
			int rc = fn(&all[m]->settings[i], arg);
			if (rc)
				return rc;
		}
	return 0;
}

struct find {
	const char *name;
	const struct setting *found;
};

static int match_name(const struct setting *s, void *arg)
{
	struct find *f = arg;
	if (strcmp(s->name, f->name) != 0)
		return 0;
	f->found = s;
	return 1;
}

static const struct setting *setting_find(const char *name)
{
	struct find f = { name, NULL };
	each_setting(match_name, &f);
	return f.found;
}

bool config_has(const char *name)
{
	return setting_find(name) != NULL;
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

static int setting_apply(const struct setting *s, const char *value, struct err *e)
{
	char *field = s->target;
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

int config_set(const char *name, const char *value, struct err *e)
{
	const struct setting *s = setting_find(name);
	if (!s)
		return err_set(e, ERR_INVALID, "unknown setting '%s' (see `sunroad help config`)", name);
	int rc = setting_apply(s, value, e);
	if (rc == 0 && strcmp(name, "log_level") == 0)
		log_set_level(config.log_level);
	return rc;
}

/* Reads the settings file at path; only: apply that setting alone (the
 * others are checked for their form and skipped), NULL: all. */
static int config_read_file(const char *path, bool must_exist, const char *only, struct err *e)
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
		if (only && strcmp(p, only))
			continue;
		rc = config_set(p, value, e);
		if (rc)
			err_prefix(e, "%s:%d", path, lineno);
	}
	fclose(f);
	return rc;
}

static int apply_default(const struct setting *s, void *e)
{
	return setting_apply(s, s->fallback, e);
}

static int apply_environment(const struct setting *s, void *arg)
{
	struct err *e = arg;
	const char *v = getenv(s->env);
	int rc = v ? setting_apply(s, v, e) : 0;
	if (rc)
		err_prefix(e, "environment %s", s->env);
	return rc;
}

/* The settings file: the one $SUNROAD_CONFIG names (it must exist); else
 * ./sunroad.conf; else the package's /etc/sunroad/sunroad.conf, so that a
 * command run from any directory on an installed machine finds the
 * database it serves rather than making a new one; else none (*must_exist
 * false: the defaults). */
static const char *config_file(bool *must_exist)
{
	const char *named = getenv("SUNROAD_CONFIG");
	*must_exist = named != NULL;
	if (named)
		return named;
	if (access("sunroad.conf", F_OK) != 0 && access(SYSTEM_CONFIG, F_OK) == 0) {
		*must_exist = true; /* there: unreadable is an error, not the defaults */
		return SYSTEM_CONFIG;
	}
	return "sunroad.conf";
}

const char *config_path(void)
{
	bool must_exist;
	const char *file = config_file(&must_exist);
	return must_exist || access(file, F_OK) == 0 ? file : NULL;
}

int config_load(struct err *e)
{
	int rc = each_setting(apply_default, e);
	if (rc)
		return rc;
	bool must_exist;
	const char *file = config_file(&must_exist);
	if ((rc = config_read_file(file, must_exist, NULL, e)))
		return rc;
	if ((rc = each_setting(apply_environment, e)))
		return rc;
	log_set_level(config.log_level);
	return 0;
}

int config_reload(struct err *e)
{
	bool must_exist;
	const char *file = config_file(&must_exist), *env = getenv("SUNROAD_LOG_LEVEL");
	char level[sizeof config.log_level];
	snprintf(level, sizeof level, "%s", config.log_level);
	int rc = config_read_file(file, must_exist, "log_level", e);
	if (!rc && env)
		rc = config_set("log_level", env, e);
	if (rc) {
		snprintf(config.log_level, sizeof config.log_level, "%s", level);
		return rc;
	}
	log_set_level(config.log_level);
	return 0;
}

void config_help(void *file)
{
	FILE *f = file;
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	for (size_t m = 0; m < n; m++) {
		if (all[m]->nsettings)
			fprintf(f, "%s:\n", all[m]->name);
		for (size_t i = 0; i < all[m]->nsettings; i++) {
			const struct setting *s = &all[m]->settings[i];
			fprintf(f, "  %-16s %-26s default '%s'%s%s\n      %s\n", s->name, s->env, s->fallback,
			        s->choices ? ", one of " : "", s->choices ? s->choices : "", s->help);
		}
	}
}

void config_data_dir(const struct config *c, const char *name, char *out, size_t size)
{
	const char *db = db_sqlite_file(c->db);
	if (!db) {
		snprintf(out, size, "%s", name);
		return;
	}
	/* Beside the database file: the two are backed up together. */
	const char *slash = strrchr(db, '/');
	if (!slash)
		snprintf(out, size, "%s", name);
	else if (slash == db)
		snprintf(out, size, "/%s", name);
	else
		snprintf(out, size, "%.*s/%s", (int)(slash - db), db, name);
}

int64_t config_data_free_bytes(const struct config *c)
{
	char dir[sizeof c->photo_dir + 8];
	if (!db_sqlite_file(c->db) && c->photo_dir[0])
		snprintf(dir, sizeof dir, "%s", c->photo_dir);
	else
		config_data_dir(c, ".", dir, sizeof dir);
	struct statvfs fs;
	if (statvfs(dir, &fs) != 0)
		return -1;
	return (int64_t)fs.f_bavail * (int64_t)fs.f_frsize;
}
