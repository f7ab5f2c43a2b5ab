/* `sunroad serve`: puts the modules' routes behind the HTTP server, gives
 * each server thread its own database connection, and stops gracefully on
 * SIGTERM or SIGINT: no new connections, requests in flight (device posts
 * waiting for their commit included) finish, then exit 0. */
#include "serve.h"
#include "base/audit.h"
#include "base/http.h"
#include "base/log.h"
#include "overlimit/api.h"
#include "people/people.h"

#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Every server thread's connection, to close them at the end. */
static struct {
	pthread_mutex_t lock;
	struct db **all;
	size_t n;
	const char *url;
	bool sync_full;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER };

static _Thread_local struct db *thread_db;

static struct db *serve_thread_db(struct err *e)
{
	if (thread_db)
		return thread_db;
	struct db_options opt = { .sync_full = pool.sync_full };
	struct db *db;
	if (db_open(&db, pool.url, &opt, e))
		return NULL;
	pthread_mutex_lock(&pool.lock);
	struct db **all = realloc(pool.all, sizeof *all * (pool.n + 1));
	if (all) {
		pool.all = all;
		pool.all[pool.n++] = db;
	}
	pthread_mutex_unlock(&pool.lock);
	if (!all) {
		db_close(db);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	return thread_db = db;
}

static int healthz(struct http_request *rq, struct err *e)
{
	struct db_stmt *st = db_prepare(rq->db, "SELECT 1", e);
	int rc = st ? db_step(st, e) : e->code;
	if (rc < 0)
		return rc;
	db_step(st, NULL);
	return http_json(rq, 200, json_pack("{s:s,s:s}", "status", "ok", "db", db_backend(rq->db)));
}

static int audit_get(struct http_request *rq, struct err *e)
{
	long limit;
	int rc = http_limit(rq, &limit, e);
	if (rc)
		return rc;
	const char *after = http_query(rq, "after");
	int64_t before = INT64_MAX, next;
	if (after && *after && slice_to_int(slice_from(after), &before))
		return err_set(e, ERR_INVALID, "after '%s' is not a cursor from a previous page's \"next\"", after);
	json_t *items;
	if ((rc = audit_page(rq->db, before, limit, &items, &next, e)))
		return rc;
	json_t *o = json_pack("{s:o}", "items", items);
	if (next) {
		char cursor[24];
		snprintf(cursor, sizeof cursor, "%lld", (long long)next);
		json_object_set_new(o, "next", json_string(cursor));
	} else {
		json_object_set_new(o, "next", json_null());
	}
	return http_json(rq, 200, o);
}

static const struct http_route base_routes[] = {
	{ HTTP_GET, "/healthz", healthz, ACCESS_PUBLIC },
	{ HTTP_GET, "/api/v1/audit", audit_get, ROLE_INSPECTOR | ROLE_ADMIN },
};

/* The route table: every module's routes, in one array. */
static struct http_route *all_routes(size_t *n)
{
	const struct {
		const struct http_route *routes;
		size_t n;
	} parts[] = {
		{ base_routes, sizeof base_routes / sizeof base_routes[0] },
		{ people_routes, people_route_count },
		{ overlimit_routes, overlimit_route_count },
	};
	*n = 0;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		*n += parts[i].n;
	struct http_route *all = malloc(sizeof *all * *n), *p = all;
	for (size_t i = 0; all && i < sizeof parts / sizeof parts[0]; i++) {
		memcpy(p, parts[i].routes, sizeof *p * parts[i].n);
		p += parts[i].n;
	}
	return all;
}

/* The browser interface's directory: as configured when it exists, else
 * the web/ of the source tree the binary was built in (build/sunroad), so
 * that `sunroad serve` run from elsewhere still serves the interface. */
static const char *web_dir(const char *configured, char *out, size_t size)
{
	struct stat st;
	if (stat(configured, &st) == 0 && S_ISDIR(st.st_mode))
		return configured;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return configured;
	exe[n] = '\0';
	snprintf(out, size, "%s/../web", dirname(exe));
	if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
		log_info("serving the web interface from the source tree", "dir=%s", out);
		return out;
	}
	log_warn("no web interface directory: the API only", "web=%s", configured);
	return configured;
}

int serve_run(const struct config *cfg, const struct rulebook *book, struct err *e)
{
	pool.url = cfg->db;
	pool.sync_full = strcmp(cfg->sqlite_sync, "FULL") == 0;
	/* Migrate once, before any thread opens its connection. */
	if (!serve_thread_db(e))
		return e->code;
	people_configure(&(struct people_settings){ cfg->session_idle, cfg->session_max, cfg->lockout_failures,
	                                            cfg->lockout_seconds, cfg->cookie_secure });

	/* Server threads inherit this mask; the signals are taken by sigwait. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	size_t nroutes;
	char web[PATH_MAX + 8];
	struct http_route *routes = all_routes(&nroutes);
	if (!routes)
		return err_set(e, ERR_NOMEM, "out of memory");
	int rc = overlimit_api_start(cfg->db, book, e);
	struct http_server *server = NULL;
	struct http_options opt = {
		.bind = cfg->bind,
		.port = (int)cfg->port,
		.threads = (int)cfg->threads,
		.web_dir = web_dir(cfg->web, web, sizeof web),
		.routes = routes,
		.nroutes = nroutes,
		.authorize = people_authorize,
		.thread_db = serve_thread_db,
		.caller_free = people_caller_free,
	};
	if (rc == 0 && (rc = http_start(&server, &opt, e)))
		overlimit_api_stop();
	if (rc == 0) {
		fprintf(stderr, "sunroad: serving http://%s%s%s:%ld/ (database %s); stop with Ctrl-C\n",
		        strchr(cfg->bind, ':') ? "[" : "", cfg->bind, strchr(cfg->bind, ':') ? "]" : "", cfg->port,
		        db_backend(thread_db));
		int sig = 0;
		sigwait(&stop, &sig);
		fprintf(stderr, "sunroad: %s: finishing the requests in flight\n",
		        sig == SIGTERM ? "SIGTERM" : "SIGINT");
		http_stop(server, 20000);
		overlimit_api_stop();
		fprintf(stderr, "sunroad: stopped\n");
	}
	free(routes);
	for (size_t i = 0; i < pool.n; i++)
		db_close(pool.all[i]);
	free(pool.all);
	pool.all = NULL;
	pool.n = 0;
	thread_db = NULL;
	return rc;
}
