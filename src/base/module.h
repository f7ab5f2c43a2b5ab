/* A module: one domain of sunroad (over-limit, people, cases, ...), declared
 * in one struct the way Git lists its commands and Redis its command table.
 * Everything a domain adds to the program is a row here: its command-line
 * verbs, its HTTP routes with the roles allowed (written once: the browser
 * builds its navigation from GET /api/v1/routes), its settings, its start
 * and stop. Its tables are src/<module>/schema/NNNN_name.sql and its
 * rulebook rules/<module>.json, found by the build; the list of modules is
 * generated from src/<module>/module.c, so adding a module touches no other
 * module's files. */
#ifndef SUNROAD_MODULE_H
#define SUNROAD_MODULE_H

#include "buf.h"
#include "config.h"
#include "db.h"
#include "err.h"
#include "http.h"

#include <stdbool.h>
#include <stddef.h>

struct export_kind;

/* What a verb needs before it runs; the command line provides it. */
enum module_needs {
	NEEDS_DB = 1, /* cli->db is open (and migrated) */
};

/* One command-line verb as the user runs it: `sunroad NAME ...`. */
struct cli {
	int nargs; /* positional arguments, options removed */
	char **args;
	struct db *db;     /* NEEDS_DB: open; closed by the caller */
	const char *actor; /* who acts, for the audit log: "cli:USER" */
	const struct config *config;
	const struct module_verb *verb;
	/* The options given, by name; see cli_option and cli_flag. */
	const char *option_name[32];
	const char *option_value[32];
	int noptions;
};

struct module_verb {
	const char *name;     /* "ingest", or two words: "sites import" */
	const char *synopsis; /* the rest of the usage line: "[--kind K] FILE..." */
	const char *help;     /* one line: what it does */
	const char *options;  /* valued options it accepts: "from to format" */
	const char *flags;    /* options without a value: "password-stdin temporary" */
	unsigned needs;       /* enum module_needs */
	/* Runs the verb: 0 on success, 1 on failure (message printed), 2 for a
	 * usage error (cli_usage). */
	int (*run)(struct cli *cli);
};

/* The value of --name, or NULL when not given. */
const char *cli_option(const struct cli *cli, const char *name);
/* Whether the flag --name was given. */
bool cli_flag(const struct cli *cli, const char *name);
/* Prints the verb's usage line to stderr and returns 2. */
int cli_usage(const struct cli *cli);
/* Prints "sunroad: " and e's message to stderr and returns 1. */
int cli_fail(const struct err *e);
/* A whole number option in min..max, or fallback when absent; dies with
 * a message naming the option when it is not. */
long cli_long(const struct cli *cli, const char *name, long fallback, long min, long max);
/* A date option (YYYY-MM-DD) as the integer day; dies when absent or bad. */
int32_t cli_date(const struct cli *cli, const char *name);

/* What start gets: the settings and the database every thread opens. */
struct module_context {
	const struct config *config;
};

struct module {
	const char *name;
	/* Modules whose tables and functions this one uses (NULL-terminated);
	 * base comes first without being named. Migrations run in this order. */
	const char *const *requires;
	const struct module_verb *verbs;
	size_t nverbs;
	const struct http_route *routes; /* ends with a row whose pattern is NULL */
	const struct setting *settings;
	size_t nsettings;
	/* The server's start and stop (NULL: nothing to do). start runs after
	 * the database is migrated and before the first request; stop after
	 * the last one has been answered, in reverse order. */
	int (*start)(const struct module_context *ctx, struct err *e);
	void (*stop)(void);
	/* The exports it makes as background jobs (export.h; NULL: none),
	 * ending with { 0 }: POST /api/v1/exports names one by its kind. */
	const struct export_kind *exports;
	/* `sunroad copy` (copy.c): what copying the tables row by row cannot
	 * do for this module, before the tables are copied (before: true,
	 * e.g. PostgreSQL's partitions) and after (e.g. tables derived from
	 * others). NULL: nothing. */
	int (*copy_hook)(struct db *from, struct db *to, bool before, struct err *e);
	/* GET /metrics (metrics.c): the module's gauges of what stands in
	 * the database (backlogs, sessions), appended to out at each scrape
	 * with metrics_gauge. NULL: none. */
	int (*metrics)(struct db *db, struct buf *out, struct err *e);
	/* The module that keeps the accounts decides who may call a route
	 * (at most one module sets these). */
	http_authorizer authorize;
	void (*caller_free)(void *caller);
};

/* `sunroad copy --from URL --to URL` (copy.c). */
int copy_cmd(struct cli *cli);

/* The number of routes of m. */
size_t module_route_count(const struct module *m);

/* The modules of this build, base first, each after those it requires. */
const struct module *const *modules_ordered(size_t *n);

#endif
