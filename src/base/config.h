/* Configuration: one table of settings gives each its default, its
 * environment variable, its bounds and its help line. Values come from, in
 * rising precedence: the default, the file (`sunroad.conf`, or the file named
 * by SUNROAD_CONFIG), the environment, then command-line flags. */
#ifndef SUNROAD_CONFIG_H
#define SUNROAD_CONFIG_H

#include "err.h"

struct config {
	char db[1024];    /* database URL or SQLite path */
	char rules[1024]; /* rulebook directory; "" = the compiled-in copy */
	char log_level[16];
	char sqlite_sync[16];  /* NORMAL or FULL */
	long batch;            /* records per ingest transaction */
	char bind[64];         /* serve: address to listen on */
	long port;             /* serve: TCP port */
	long threads;          /* serve: worker threads */
	char web[1024];        /* serve: directory of the browser interface */
	long session_idle;     /* seconds without a request that end a session */
	long session_max;      /* seconds after login that end a session */
	long lockout_failures; /* failed logins in a row that lock an account */
	long lockout_seconds;  /* how long the lock holds */
	long cookie_secure;    /* 1: the session cookie is Secure (served behind TLS) */
};

/* Fills c with defaults, then the file and the environment. */
int config_load(struct config *c, struct err *e);

/* Sets one setting by name ("db", "batch", ...), checking its bounds. */
int config_set(struct config *c, const char *name, const char *value, struct err *e);

/* Writes one help line per setting to f. */
void config_help(void *file);

#endif
