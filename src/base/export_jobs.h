/* Exports as background jobs: a list too long for a request (more rows
 * than export_direct_max) is written by one worker thread of the server,
 * which opens its own database connection, into a file of the export
 * directory; the browser polls the job's progress and downloads the file.
 *
 * A job is a row of export_jobs: who asked, with the scope they had then
 * (sees_all and unit, so the file holds exactly what they may see), the
 * kind (a module's struct export_kind), the format, the filter as a JSON
 * object of texts, the state (queued, running, done, failed, expired),
 * the rows written and the total, the file's name. Jobs left running by a
 * crash are queued again at start; files older than export_keep_days are
 * removed (the job then says expired). Creating a job and downloading its
 * file are audited (export.create, export.download). */
#ifndef SUNROAD_EXPORT_JOBS_H
#define SUNROAD_EXPORT_JOBS_H

#include "export.h"
#include "module.h"

/* The settings (base's table): the directory of the files ("": exports
 * beside the SQLite file, ./exports for PostgreSQL), the days a file is
 * kept, the rows a direct (synchronous) export gives at most, and how many
 * direct exports may be written at once, by the server and by one user. */
struct export_settings {
	char dir[1024];
	long keep_days;
	long direct_max;
	long running_max;
	long per_user_max;
};
extern struct export_settings export_settings;

/* The most export_running_max may be: the slots' table is this long. */
#define EXPORT_RUNNING_LIMIT 64

/* A direct export's turn. Each one holds a server thread and a file's worth
 * of memory while it is written, so at most export_running_max run at once
 * (the other threads keep answering: /healthz, the device feed), and at
 * most export_per_user_max of one user. Takes a turn for rq's caller, or
 * answers with Retry-After: 429 export_too_many when the caller has theirs
 * running, 503 export_busy when the server has. Give it back with
 * export_direct_leave once the file is written. */
int export_direct_enter(struct http_request *rq, struct err *e);
void export_direct_leave(struct http_request *rq);

/* POST /api/v1/exports, GET /api/v1/exports, GET /api/v1/exports/{id},
 * GET /api/v1/exports/{id}/file (docs/api.md). */
int export_jobs_post(struct http_request *rq, struct err *e);
int export_jobs_list(struct http_request *rq, struct err *e);
int export_jobs_get(struct http_request *rq, struct err *e);
int export_jobs_file(struct http_request *rq, struct err *e);

/* The server's worker: start queues again the jobs a crash left running
 * and starts the thread (its own connection to the configured database);
 * stop asks the job in progress to stop (it is queued again), and joins. */
int export_jobs_start(const struct module_context *ctx, struct err *e);
void export_jobs_stop(void);

/* Adds the headers of a direct export of total matching rows:
 * X-Total-Count, and X-Export-Capped: 1 when total is over the cap. */
void export_direct_headers(struct http_request *rq, int64_t total);

#endif
