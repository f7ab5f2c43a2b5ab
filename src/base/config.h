/* Configuration: one table of settings gives each its default, its
 * environment variable, its bounds and its help line. The table is the
 * union of every module's rows (struct module's settings), each pointing
 * into its module's own struct. Values come from, in rising precedence:
 * the default, the file (`sunroad.conf`, or the file named by
 * SUNROAD_CONFIG), the environment, then command-line flags. */
#ifndef SUNROAD_CONFIG_H
#define SUNROAD_CONFIG_H

#include "err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum setting_type { SETTING_STRING, SETTING_LONG, SETTING_ENUM };

/* One setting: a row of a module's table. */
struct setting {
	const char *name; /* in the file and on the command line: "session_idle" */
	const char *env;  /* "SUNROAD_SESSION_IDLE" */
	enum setting_type type;
	void *target; /* a char[size] (STRING, ENUM) or a long (LONG) */
	size_t size;
	const char *fallback;
	long min, max;       /* SETTING_LONG */
	const char *choices; /* SETTING_ENUM: '|'-separated */
	const char *help;
};

/* The target and size of a setting, for the rows of a table. */
#define SETTING_TEXT(array)   SETTING_STRING, (array), sizeof(array)
#define SETTING_CHOICE(array) SETTING_ENUM, (array), sizeof(array)
#define SETTING_NUMBER(var)   SETTING_LONG, &(var), sizeof(long)

/* The settings of base: the database, the rulebooks, logging, the server. */
struct config {
	char db[1024];    /* database URL or SQLite path */
	char rules[1024]; /* rulebook directory; "" = ./rules if present, else the compiled-in copy */
	char log_level[16];
	char sqlite_sync[16]; /* NORMAL or FULL */
	long batch;           /* records per import transaction */
	long ingest_writers;  /* PostgreSQL: connections storing one ingest */
	char bind[64];        /* serve: address to listen on */
	long port;            /* serve: TCP port */
	long threads;         /* serve: worker threads */
	char web[1024];       /* serve: directory of the browser interface */
	char trusted_proxies[512]; /* serve: proxies whose X-Forwarded-For names the client (address.h) */
	char photo_dir[1024]; /* the photo store; "" = photos beside the SQLite file (./photos for PostgreSQL) */
	long photo_max_bytes; /* the largest photo the store takes */
};
extern struct config config;

/* The settings file of an installed package (packaging/). */
#define SYSTEM_CONFIG "/etc/sunroad/sunroad.conf"

/* Sets every module's settings to their defaults, then the file and the
 * environment. The file: $SUNROAD_CONFIG, else ./sunroad.conf, else
 * SYSTEM_CONFIG when it exists (config_path says which; NULL: none). */
int config_load(struct err *e);
const char *config_path(void);

/* SIGHUP: reads the log level again from the settings file and the
 * environment, the one setting a running server takes on (the others,
 * and the rulebooks, at the next start); on an error nothing changes. */
int config_reload(struct err *e);

/* Sets one setting by name ("db", "batch", ...), checking its bounds. */
int config_set(const char *name, const char *value, struct err *e);

/* Whether name is a setting of some module. */
bool config_has(const char *name);

/* The directory `name` of the server's data (photos, exports) when its
 * setting is empty: beside the SQLite database file, or in the working
 * directory for PostgreSQL. */
void config_data_dir(const struct config *c, const char *name, char *out, size_t size);

/* The bytes an unprivileged writer has left on the file system of the
 * server's data (the SQLite file's directory; with PostgreSQL, the photo
 * store's), or -1 when it cannot be told. */
int64_t config_data_free_bytes(const struct config *c);

/* Writes one help line per setting to f, module by module. */
void config_help(void *file);

#endif
