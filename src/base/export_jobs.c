/* Exports as background jobs (see export_jobs.h): the HTTP side, the
 * table, and the one worker thread. */
#include "export_jobs.h"
#include "access.h"
#include "audit.h"
#include "datetime.h"
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct export_settings export_settings;

/* Rows between two progress notes of a job. */
#define PROGRESS_ROWS 5000
/* The jobs GET /api/v1/exports lists: the caller's newest. */
#define LIST_MAX "100"

static const char *const formats[] = { [EXPORT_CSV] = "csv", [EXPORT_XLSX] = "xlsx" };

/* The kind named so among every module's exports, or NULL. */
static const struct export_kind *kind_named(const char *name)
{
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	for (size_t m = 0; name && m < n; m++)
		for (const struct export_kind *k = all[m]->exports; k && k->name; k++)
			if (strcmp(k->name, name) == 0)
				return k;
	return NULL;
}

static const char *query_text(void *query, const char *name)
{
	return http_json_text(query, name);
}

/* The export directory: the setting, or beside the database. */
static void export_dir(char *out, size_t size)
{
	if (export_settings.dir[0])
		snprintf(out, size, "%s", export_settings.dir);
	else
		config_data_dir(&config, "exports", out, size);
}

/* The file of job id: DIR/<id>.<ext>, and while it is written DIR/<id>.<ext>.part. */
static void job_path(int64_t id, const char *format, bool part, char *out, size_t size)
{
	char dir[1100];
	export_dir(dir, sizeof dir);
	snprintf(out, size, "%s/%lld.%s%s", dir, (long long)id, format, part ? ".part" : "");
}

static json_t *instant_or_null(struct db_stmt *st, int col)
{
	if (db_col_is_null(st, col))
		return json_null();
	char text[26];
	datetime_format_local(db_col_int(st, col), text);
	return json_string(text);
}

#define JOB_COLUMNS                                                                                       \
	"id, kind, format, state, rows_done, rows_total, file_name, created_at, started_at, finished_at," \
	" error_reason, query, file_bytes, file_name_ascii"

/* A job as the API shows it, from a row of JOB_COLUMNS. */
static json_t *job_json(struct db_stmt *st)
{
	json_t *query = json_loads(db_col_text(st, 11), 0, NULL);
	return json_pack("{s:I,s:s,s:s,s:s,s:I,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)db_col_int(st, 0),
	                 "kind", db_col_text(st, 1), "format", db_col_text(st, 2), "state", db_col_text(st, 3), "rows",
	                 (json_int_t)db_col_int(st, 4), "total",
	                 db_col_is_null(st, 5) ? json_null() : json_integer(db_col_int(st, 5)), "file_name",
	                 db_col_text(st, 6), "created_at", instant_or_null(st, 7), "started_at", instant_or_null(st, 8),
	                 "finished_at", instant_or_null(st, 9), "error_reason",
	                 db_col_is_null(st, 10) ? json_null() : json_string(db_col_text(st, 10)), "query",
	                 query ? query : json_object(), "bytes",
	                 db_col_is_null(st, 12) ? json_null() : json_integer(db_col_int(st, 12)));
}

/* ---- the worker ------------------------------------------------------------ */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stopping, woken;
	struct db *db;
	int64_t cleaned_at;
} worker = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

static bool worker_stopping(void)
{
	pthread_mutex_lock(&worker.lock);
	bool stopping = worker.stopping;
	pthread_mutex_unlock(&worker.lock);
	return stopping;
}

/* Tells the worker a job was queued. */
static void worker_wake(void)
{
	pthread_mutex_lock(&worker.lock);
	worker.woken = true;
	pthread_cond_signal(&worker.wake);
	pthread_mutex_unlock(&worker.lock);
}

/* Waits for a job to be queued, at most a second (another process may
 * queue one too). */
static void worker_wait(void)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 1;
	pthread_mutex_lock(&worker.lock);
	while (!worker.woken && !worker.stopping)
		if (pthread_cond_timedwait(&worker.wake, &worker.lock, &until) == ETIMEDOUT)
			break;
	worker.woken = false;
	pthread_mutex_unlock(&worker.lock);
}

/* The job taken from the queue. */
struct job {
	int64_t id;
	char kind[64], format[8], query[4096];
	struct caller scope;
	long rows; /* written so far */
};

static int job_progress(struct export_run *run, long rows, long total)
{
	struct err e = { 0 };
	struct job *job = run->worker;
	const int64_t *id = &job->id;
	job->rows = rows;
	struct db_stmt *st =
	    db_prepare(run->db, "UPDATE export_jobs SET rows_done = $2, rows_total = $3 WHERE id = $1", &e);
	if (st) {
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, rows);
		db_bind_int(st, 3, total);
		if (db_step(st, &e) < 0)
			log_warn("an export's progress was not written", "job=%lld err=%s", (long long)*id, e.msg);
	}
	return worker_stopping();
}

/* Writes what became of job id: done (with its rows and bytes), failed
 * (with its reason) or queued again (the server stopping). */
static void job_finish(struct db *db, int64_t id, const char *state, long rows, int64_t bytes, const char *reason)
{
	struct err e = { 0 };
	struct db_stmt *st = db_prepare(db,
	                                "UPDATE export_jobs SET state = $2, rows_done = $3, file_bytes = $4,"
	                                " finished_at = $5, error_reason = $6 WHERE id = $1",
	                                &e);
	if (st) {
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, state, strlen(state));
		db_bind_int(st, 3, rows);
		if (bytes >= 0)
			db_bind_int(st, 4, bytes);
		else
			db_bind_null(st, 4);
		if (strcmp(state, "queued") == 0)
			db_bind_null(st, 5);
		else
			db_bind_int(st, 5, (int64_t)time(NULL));
		if (reason)
			db_bind_text(st, 6, reason, strlen(reason));
		else
			db_bind_null(st, 6);
	}
	if (!st || db_step(st, &e) < 0)
		log_error("an export job's state was not written", "job=%lld state=%s err=%s", (long long)id, state,
		          e.msg);
}

/* Takes the oldest queued job: 1 with *job, 0 when there is none. */
static int job_take(struct db *db, struct job *job, struct err *e)
{
	struct db_stmt *st;
	int rc = db_row(db,
	                "SELECT id, kind, format, query, login, scope_all, scope_unit FROM export_jobs"
	                " WHERE state = 'queued' ORDER BY id LIMIT 1",
	                DB_NO_ARGS, &st, e);
	if (rc <= 0)
		return rc;
	*job = (struct job){ .id = db_col_int(st, 0) };
	snprintf(job->kind, sizeof job->kind, "%s", db_col_text(st, 1));
	snprintf(job->format, sizeof job->format, "%s", db_col_text(st, 2));
	snprintf(job->query, sizeof job->query, "%s", db_col_text(st, 3));
	snprintf(job->scope.login, sizeof job->scope.login, "%s", db_col_text(st, 4));
	job->scope.sees_all = db_col_int(st, 5) != 0;
	snprintf(job->scope.unit, sizeof job->scope.unit, "%s", db_col_text(st, 6));
	db_row_done(st);
	/* Another server on the database may have taken it meanwhile. */
	st = db_prepare(db,
	                "UPDATE export_jobs SET state = 'running', started_at = $2, rows_done = 0"
	                " WHERE id = $1 AND state = 'queued'",
	                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, job->id);
	db_bind_int(st, 2, (int64_t)time(NULL));
	if ((rc = db_step(st, e)) < 0)
		return rc;
	return db_changes(st) == 1 ? 1 : job_take(db, job, e);
}

/* Runs one job to its end. */
static void job_run(struct db *db, struct job *job)
{
	struct err e = { 0 };
	const struct export_kind *kind = kind_named(job->kind);
	json_t *query = json_loads(job->query, 0, NULL);
	char part[1200], path[1200];
	job_path(job->id, job->format, true, part, sizeof part);
	job_path(job->id, job->format, false, path, sizeof path);
	struct export_run run = {
		.db = db,
		.scope = &job->scope,
		.get = query_text,
		.src = query,
		.format = strcmp(job->format, "xlsx") == 0 ? EXPORT_XLSX : EXPORT_CSV,
		.path = part,
		.progress = job_progress,
		.worker = job,
	};
	char dir[1100];
	export_dir(dir, sizeof dir);
	int rc = !kind    ? err_reason(&e, ERR_INVALID, "export_kind_unknown", ERR_ARGS(ERR_TEXT("got", job->kind)),
	                               "no module of this build makes '%s' exports", job->kind)
	         : !query ? err_set(&e, ERR_PARSE, "the job's filter is not JSON")
	         : mkdir(dir, 0777) && errno != EEXIST
	             ? err_reason(&e, ERR_IO, "export_io", ERR_NO_ARGS, "cannot create the export directory %s: %s",
	                          dir, strerror(errno))
	             : kind->run(&run, &e);
	json_decref(query);
	struct stat st;
	if (rc == 0 && (rename(part, path) || stat(path, &st)))
		rc = err_reason(&e, ERR_IO, "export_io", ERR_NO_ARGS, "cannot put the export in place at %s: %s", path,
		                strerror(errno));
	if (rc == 0) {
		job_finish(db, job->id, "done", job->rows, (int64_t)st.st_size, NULL);
		log_info("export done", "job=%lld kind=%s rows=%ld", (long long)job->id, job->kind, job->rows);
		return;
	}
	unlink(part);
	if (rc == ERR_BUSY && worker_stopping()) {
		job_finish(db, job->id, "queued", 0, -1, NULL);
		return;
	}
	log_warn("export failed", "job=%lld kind=%s err=%s", (long long)job->id, job->kind, e.msg);
	job_finish(db, job->id, "failed", 0, -1, e.reason ? e.reason : err_name(rc));
}

/* Removes the files of the jobs finished more than export_keep_days ago:
 * each job then says expired. */
static void jobs_clean(struct db *db, int64_t now)
{
	struct err e = { 0 };
	int64_t ids[256];
	char formats_of[256][8];
	int n = 0, rc;
	struct db_stmt *st = db_prepare(db,
	                                "SELECT id, format FROM export_jobs WHERE state = 'done' AND finished_at < $1"
	                                " ORDER BY id LIMIT 256",
	                                &e);
	if (!st)
		return;
	db_bind_int(st, 1, now - export_settings.keep_days * 86400);
	while ((rc = db_step(st, &e)) == DB_ROW) {
		ids[n] = db_col_int(st, 0);
		snprintf(formats_of[n++], sizeof formats_of[0], "%s", db_col_text(st, 1));
	}
	for (int i = 0; rc == 0 && i < n; i++) {
		char path[1200];
		job_path(ids[i], formats_of[i], false, path, sizeof path);
		if (unlink(path) && errno != ENOENT)
			log_warn("an old export could not be removed", "path=%s err=%s", path, strerror(errno));
		st = db_prepare(db, "UPDATE export_jobs SET state = 'expired' WHERE id = $1", &e);
		if (st) {
			db_bind_int(st, 1, ids[i]);
			db_step(st, &e);
		}
	}
}

static void *worker_main(void *arg)
{
	(void)arg;
	while (!worker_stopping()) {
		int64_t now = (int64_t)time(NULL);
		if (now - worker.cleaned_at >= 3600) {
			jobs_clean(worker.db, now);
			worker.cleaned_at = now;
		}
		struct job job;
		struct err e = { 0 };
		int rc = job_take(worker.db, &job, &e);
		if (rc == 1)
			job_run(worker.db, &job);
		else {
			if (rc < 0)
				log_warn("the export queue could not be read", "err=%s", e.msg);
			worker_wait();
		}
	}
	return NULL;
}

int export_jobs_start(const struct module_context *ctx, struct err *e)
{
	struct db_options opt = { .sync_full = strcmp(ctx->config->sqlite_sync, "FULL") == 0 };
	int rc = db_open(&worker.db, ctx->config->db, &opt, e);
	/* Jobs a crash left running start again from their first row. */
	if (rc == 0)
		rc = db_exec(worker.db,
		             "UPDATE export_jobs SET state = 'queued', rows_done = 0 WHERE state = 'running'", e);
	if (rc == 0) {
		worker.stopping = worker.woken = false;
		worker.cleaned_at = 0;
		if (pthread_create(&worker.thread, NULL, worker_main, NULL))
			rc = err_set(e, ERR_NOMEM, "cannot start the export worker");
	}
	if (rc) {
		db_close(worker.db);
		worker.db = NULL;
		return rc;
	}
	worker.running = true;
	return 0;
}

void export_jobs_stop(void)
{
	if (!worker.running)
		return;
	pthread_mutex_lock(&worker.lock);
	worker.stopping = true;
	pthread_cond_signal(&worker.wake);
	pthread_mutex_unlock(&worker.lock);
	pthread_join(worker.thread, NULL);
	worker.running = false;
	db_close(worker.db);
	worker.db = NULL;
}

/* ---- the direct exports' turns ------------------------------------------------ */

/* The exports being written and by whom: one entry per user with any. */
static struct {
	pthread_mutex_t lock;
	long running;
	struct {
		char login[65];
		long n;
	} users[EXPORT_RUNNING_LIMIT];
} turns = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Seconds a refused client is told to wait: about one export's time. */
#define RETRY_AFTER_S 5

/* Tells a refused client when to try again. */
static void retry_after(struct http_request *rq)
{
	char seconds[8];
	snprintf(seconds, sizeof seconds, "%d", RETRY_AFTER_S);
	http_add_header(rq, "Retry-After", seconds);
}

static const char *login_of(const struct http_request *rq)
{
	const struct caller *c = caller_of(rq);
	return c ? c->login : "";
}

int export_direct_enter(struct http_request *rq, struct err *e)
{
	const char *login = login_of(rq);
	long max =
	    export_settings.running_max < EXPORT_RUNNING_LIMIT ? export_settings.running_max : EXPORT_RUNNING_LIMIT;
	int rc = 0, free_slot = -1, mine = -1;
	pthread_mutex_lock(&turns.lock);
	for (int i = 0; i < EXPORT_RUNNING_LIMIT; i++) {
		if (turns.users[i].n && strcmp(turns.users[i].login, login) == 0)
			mine = i;
		else if (!turns.users[i].n && free_slot < 0)
			free_slot = i;
	}
	if (mine >= 0 && turns.users[mine].n >= export_settings.per_user_max)
		rc = err_reason(
		    e, ERR_TOO_MANY, "export_too_many",
		    ERR_ARGS(ERR_INT("max", export_settings.per_user_max), ERR_INT("retry_after_s", RETRY_AFTER_S)),
		    "one user may have %ld exports written at once, and yours are: wait for them, or ask for a"
		    " background export (POST /api/v1/exports)",
		    export_settings.per_user_max);
	else if (turns.running >= max || (mine < 0 && free_slot < 0))
		rc = err_reason(e, ERR_BUSY, "export_busy",
		                ERR_ARGS(ERR_INT("max", max), ERR_INT("retry_after_s", RETRY_AFTER_S)),
		                "the server is writing %ld exports already: try again shortly, or ask for a background"
		                " export (POST /api/v1/exports)",
		                max);
	else {
		if (mine < 0) {
			mine = free_slot;
			snprintf(turns.users[mine].login, sizeof turns.users[mine].login, "%s", login);
		}
		turns.users[mine].n++;
		turns.running++;
	}
	pthread_mutex_unlock(&turns.lock);
	if (rc)
		retry_after(rq);
	return rc;
}

void export_direct_leave(struct http_request *rq)
{
	const char *login = login_of(rq);
	pthread_mutex_lock(&turns.lock);
	for (int i = 0; i < EXPORT_RUNNING_LIMIT; i++)
		if (turns.users[i].n && strcmp(turns.users[i].login, login) == 0) {
			turns.users[i].n--;
			turns.running--;
			break;
		}
	pthread_mutex_unlock(&turns.lock);
}

/* ---- HTTP ------------------------------------------------------------------ */

void export_direct_headers(struct http_request *rq, int64_t total)
{
	char text[24];
	snprintf(text, sizeof text, "%lld", (long long)total);
	http_add_header(rq, "X-Total-Count", text);
	if (total > export_settings.direct_max)
		http_add_header(rq, "X-Export-Capped", "1");
}

/* The job of the path's id if the caller asked for it: 1 with *row on it
 * (JOB_COLUMNS), or export_unknown (another's job is not there either). */
static int own_job(struct http_request *rq, struct db_stmt **row, struct err *e)
{
	char *end;
	char id_text[24];
	snprintf(id_text, sizeof id_text, "%.*s", (int)rq->param[0].n, rq->param[0].p);
	errno = 0;
	long long id = strtoll(id_text, &end, 10);
	int rc = 0;
	if (!errno && *id_text && !*end && id > 0)
		rc = db_row(rq->db, "SELECT " JOB_COLUMNS " FROM export_jobs WHERE id = $1 AND login = $2",
		            DB_ARGS(DB_INT(id), DB_TEXT(caller_of(rq)->login)), row, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_reason(e, ERR_NOTFOUND, "export_unknown", ERR_ARGS(ERR_TEXT("id", id_text)),
		                  "no export %s of yours", id_text);
	return 1;
}

int export_jobs_get(struct http_request *rq, struct err *e)
{
	struct db_stmt *row;
	int rc = own_job(rq, &row, e);
	if (rc < 0)
		return rc;
	json_t *job = job_json(row);
	db_row_done(row);
	return http_json(rq, 200, job);
}

int export_jobs_list(struct http_request *rq, struct err *e)
{
	struct db_stmt *st = db_prepare(rq->db,
	                                "SELECT " JOB_COLUMNS " FROM export_jobs WHERE login = $1"
	                                " ORDER BY id DESC LIMIT " LIST_MAX,
	                                e);
	if (!st)
		return e->code;
	const char *login = caller_of(rq)->login;
	db_bind_text(st, 1, login, strlen(login));
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW)
		json_array_append_new(items, job_json(st));
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	return http_json(rq, 200,
	                 json_pack("{s:o,s:I,s:I}", "items", items, "direct_max",
	                           (json_int_t)export_settings.direct_max, "keep_days",
	                           (json_int_t)export_settings.keep_days));
}

/* The body's members: kind, format and query (an object of texts). */
static int read_request(json_t *body, const struct export_kind **kind, enum export_format *format, json_t **query,
                        struct err *e)
{
	const char *name = http_json_text(body, "kind"), *fmt = http_json_text(body, "format");
	if (!(*kind = kind_named(name)))
		return err_reason(e, ERR_INVALID, "export_kind_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "kind"), ERR_TEXT("got", name ? name : "")),
		                  "kind '%s' is no export of this build", name ? name : "");
	if (fmt && strcmp(fmt, "csv") == 0)
		*format = EXPORT_CSV;
	else if (fmt && strcmp(fmt, "xlsx") == 0)
		*format = EXPORT_XLSX;
	else
		return err_reason(e, ERR_INVALID, "export_format_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "format"), ERR_TEXT("got", fmt ? fmt : "")),
		                  "format '%s' must be csv or xlsx", fmt ? fmt : "");
	*query = json_object_get(body, "query");
	if (!*query)
		*query = json_object();
	else if (json_is_object(*query))
		json_incref(*query);
	else
		return err_reason(e, ERR_INVALID, "field_type",
		                  ERR_ARGS(ERR_TEXT("field", "query"), ERR_TEXT("type", "object")),
		                  "query must be an object of texts");
	const char *key;
	json_t *value;
	json_object_foreach(*query, key, value)
	{
		if (!json_is_string(value)) {
			json_decref(*query);
			return err_reason(e, ERR_INVALID, "field_type",
			                  ERR_ARGS(ERR_TEXT("field", key), ERR_TEXT("type", "string")),
			                  "query member %s must be a text", key);
		}
	}
	return 0;
}

/* A user's jobs not finished yet, at most: one worker writes them one
 * after the other, so a user who queues hundreds holds everyone's up. */
#define JOBS_PER_USER 5

/* ERR_TOO_MANY (429 export_jobs_too_many) when the caller has
 * JOBS_PER_USER jobs queued or running. */
static int jobs_room(struct http_request *rq, struct err *e)
{
	int64_t n = 0;
	int rc =
	    db_get_int(rq->db, "SELECT count(*) FROM export_jobs WHERE login = $1 AND state IN ('queued', 'running')",
	               DB_ARGS(DB_TEXT(caller_of(rq)->login)), &n, e);
	if (rc < 0)
		return rc;
	if (n < JOBS_PER_USER)
		return 0;
	retry_after(rq);
	return err_reason(e, ERR_TOO_MANY, "export_jobs_too_many",
	                  ERR_ARGS(ERR_INT("max", JOBS_PER_USER), ERR_INT("retry_after_s", RETRY_AFTER_S)),
	                  "you have %d exports waiting or being written: wait for one to finish", JOBS_PER_USER);
}

/* Stores the job and audits it, in one transaction: its id. */
static int insert_job(struct http_request *rq, const struct export_kind *kind, enum export_format format, json_t *query,
                      const struct export_name *name, int64_t now, int64_t *id, struct err *e)
{
	const struct caller *c = caller_of(rq);
	char *query_text_json = json_dumps(query, JSON_COMPACT | JSON_SORT_KEYS);
	if (!query_text_json)
		return err_set(e, ERR_NOMEM, "out of memory");
	int rc = db_begin(rq->db, e);
	struct db_stmt *st;
	if (rc == 0)
		rc = db_row(
		    rq->db,
		    "INSERT INTO export_jobs (login, scope_all, scope_unit, kind, format, query, state, rows_done,"
		    " file_name, file_name_ascii, created_at)"
		    " VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, $8, $9) RETURNING id",
		    DB_ARGS(DB_TEXT(c->login), DB_INT(c->sees_all), DB_TEXT(c->unit), DB_TEXT(kind->name),
		            DB_TEXT(formats[format]), DB_TEXT(query_text_json), DB_TEXT(name->utf8),
		            DB_TEXT(name->ascii), DB_INT(now)),
		    &st, e);
	if (rc == 1) {
		*id = db_col_int(st, 0);
		db_row_done(st);
		char object[32];
		snprintf(object, sizeof object, "export:%lld", (long long)*id);
		rc = audit_append_json(rq->db, c->login, "export.create", object, NULL,
		                       json_pack("{s:s,s:s,s:O,s:s}", "kind", kind->name, "format", formats[format],
		                                 "query", query, "file_name", name->utf8),
		                       now, e);
	} else if (rc == 0)
		rc = err_set(e, ERR_DB, "the new export job has no id");
	free(query_text_json);
	if (rc == 0)
		rc = db_commit(rq->db, e);
	if (rc)
		db_rollback(rq->db);
	return rc;
}

int export_jobs_post(struct http_request *rq, struct err *e)
{
	json_t *body = http_body_json(rq, e), *query = NULL;
	if (!body)
		return e->code;
	const struct export_kind *kind = NULL;
	enum export_format format = EXPORT_CSV;
	struct export_name name;
	int64_t now = (int64_t)time(NULL), id = 0;
	int rc = json_is_object(body)
	             ? read_request(body, &kind, &format, &query, e)
	             : err_reason(e, ERR_INVALID, "body_not_object", ERR_NO_ARGS, "the body is not an object");
	if (rc == 0)
		rc = kind->prepare(query_text, query, caller_of(rq), format, now, &name, e);
	if (rc == 0)
		rc = jobs_room(rq, e);
	if (rc == 0)
		rc = insert_job(rq, kind, format, query, &name, now, &id, e);
	json_decref(query);
	json_decref(body);
	if (rc)
		return rc;
	worker_wake();
	struct db_stmt *row;
	rc = db_row(rq->db, "SELECT " JOB_COLUMNS " FROM export_jobs WHERE id = $1", DB_ARGS(DB_INT(id)), &row, e);
	if (rc <= 0)
		return rc ? rc : err_set(e, ERR_DB, "the new export job is gone");
	json_t *job = job_json(row);
	db_row_done(row);
	char location[64];
	snprintf(location, sizeof location, "/api/v1/exports/%lld", (long long)id);
	http_add_header(rq, "Location", location);
	return http_json(rq, 202, job);
}

int export_jobs_file(struct http_request *rq, struct err *e)
{
	struct db_stmt *row;
	int rc = own_job(rq, &row, e);
	if (rc < 0)
		return rc;
	int64_t id = db_col_int(row, 0);
	char state[16], format[8];
	struct export_name name = { 0 };
	snprintf(state, sizeof state, "%s", db_col_text(row, 3));
	snprintf(format, sizeof format, "%s", db_col_text(row, 2));
	snprintf(name.utf8, sizeof name.utf8, "%s", db_col_text(row, 6));
	snprintf(name.ascii, sizeof name.ascii, "%s", db_col_text(row, 13));
	db_row_done(row);
	if (strcmp(state, "expired") == 0)
		return err_reason(e, ERR_NOTFOUND, "export_expired",
		                  ERR_ARGS(ERR_INT("id", id), ERR_INT("days", export_settings.keep_days)),
		                  "export %lld was removed after %ld days: export again", (long long)id,
		                  export_settings.keep_days);
	if (strcmp(state, "done") != 0)
		return err_reason(e, ERR_CONFLICT, "export_not_ready",
		                  ERR_ARGS(ERR_INT("id", id), ERR_TEXT("state", state)), "export %lld is %s, not done",
		                  (long long)id, state);
	char path[1200];
	job_path(id, format, false, path, sizeof path);
	if (buf_read_file(&rq->out, path))
		return err_reason(e, ERR_IO, "export_io", ERR_NO_ARGS, "cannot read the export %s: %s", path,
		                  strerror(errno));
	/* Who downloaded what is written before the file goes out. */
	char object[32];
	snprintf(object, sizeof object, "export:%lld", (long long)id);
	const struct caller *c = caller_of(rq);
	rc = audit_append_json(rq->db, c->login, "export.download", object, NULL,
	                       json_pack("{s:s,s:I}", "file_name", name.utf8, "bytes", (json_int_t)rq->out.n),
	                       (int64_t)time(NULL), e);
	if (rc)
		return rc;
	http_add_header(rq, "Cache-Control", "private, no-store");
	export_disposition(rq, &name);
	return http_send(rq, 200, export_media_type(strcmp(format, "xlsx") == 0 ? EXPORT_XLSX : EXPORT_CSV));
}
