/* GET /metrics (docs/operations.md): the server's figures in the
 * Prometheus text format (version 0.0.4), for the addresses of the
 * metrics_allow setting only. What happens in the process (requests and
 * their latency per route, commits and their latency, database errors, the
 * device feed's queue and groups) is counted here as it happens, with
 * atomics and no lock; what stands in the database (sessions, backlogs) is
 * asked of each module's metrics hook at the scrape. */
#ifndef SUNROAD_METRICS_H
#define SUNROAD_METRICS_H

#include "buf.h"
#include "db.h"
#include "http.h"

#include <stdint.h>

struct metrics_settings {
	char allow[512]; /* addresses and networks, comma-separated: "127.0.0.1, ::1, 10.0.0.0/8" */
};
extern struct metrics_settings metrics_settings;

/* The server's routes, counted by their index; requests matching none
 * (the interface's files, 404s) are counted as route "other". */
void metrics_http_routes(const struct http_route *routes, size_t n);
void metrics_http_observe(const struct http_route *route, int status, int64_t ns);

/* A commit that took ns (failed: it counts as an error too). */
void metrics_db_commit(int64_t ns, bool failed);
/* A statement the database refused or failed. */
void metrics_db_error(void);

/* The device feed: records waiting for the committer (delta), and one
 * group committed with n records. */
void metrics_feed_queue(int64_t delta);
void metrics_feed_group(int64_t n);

/* For a module's metrics hook: one gauge line, `# HELP`/`# TYPE` first. */
void metrics_gauge(struct buf *out, const char *name, const char *help, int64_t value);

/* The route. */
int metrics_get(struct http_request *rq, struct err *e);

#endif
