/* `sunroad serve`: puts the modules' routes behind the HTTP server, gives
 * each server thread its own database connection, and stops gracefully on
 * SIGTERM or SIGINT: no new connections, requests in flight (device posts
 * waiting for their commit included) finish, then exit 0. SIGHUP: the log
 * level is read again (config_reload). */
#include "serve.h"
#include "stats_cache.h"
#include "access.h"
#include "audit.h"
#include "http.h"
#include "log.h"
#include "module.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <malloc.h>
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

/* The route table: every module's routes, in one array (freed by the
 * caller). */
static struct http_route *all_routes(size_t *n)
{
	size_t count;
	const struct module *const *all = modules_ordered(&count);
	*n = 0;
	for (size_t i = 0; i < count; i++)
		*n += module_route_count(all[i]);
	struct http_route *routes = malloc(sizeof *routes * (*n ? *n : 1)), *p = routes;
	for (size_t i = 0; routes && i < count; i++) {
		memcpy(p, all[i]->routes, sizeof *p * module_route_count(all[i]));
		p += module_route_count(all[i]);
	}
	return routes;
}

/* The module that keeps the accounts: it decides who may call a route. */
static const struct module *accounts_module(void)
{
	size_t count;
	const struct module *const *all = modules_ordered(&count);
	for (size_t i = 0; i < count; i++)
		if (all[i]->authorize)
			return all[i];
	return NULL;
}

static http_authorizer accounts_authorize;

/* Before each route's handler: the client address that its audit entries
 * record, then the accounts module's check of the caller. */
static int serve_authorize(struct http_request *rq, const struct http_route *route, struct err *e)
{
	audit_set_client(http_client_address(rq));
	return accounts_authorize(rq, route, e);
}

/* Starts every module in order; on a failure stops those started. */
static int modules_start(size_t *started, struct err *e)
{
	size_t count;
	const struct module *const *all = modules_ordered(&count);
	struct module_context ctx = { .config = &config };
	for (*started = 0; *started < count; (*started)++)
		if (all[*started]->start && all[*started]->start(&ctx, e))
			return e->code;
	return 0;
}

static void modules_stop(size_t started)
{
	const struct module *const *all = modules_ordered(&(size_t){ 0 });
	while (started--)
		if (all[started]->stop)
			all[started]->stop();
}

static char served_web[PATH_MAX + 8];

const char *serve_web_dir(void)
{
	return served_web;
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

/* Devices send photos, in the feed or alone: more than any form. */
static size_t serve_max_body(const struct http_route *route)
{
	return route->access & ACCESS_DEVICE ? ACCESS_DEVICE_MAX_BODY : HTTP_MAX_BODY;
}

int serve_run(struct err *e)
{
	const struct config *cfg = &config;
	pool.url = cfg->db;
	pool.sync_full = strcmp(cfg->sqlite_sync, "FULL") == 0;
	/* Migrate once, before any thread opens its connection. */
	if (!serve_thread_db(e))
		return e->code;
	const struct module *accounts = accounts_module();
	if (!accounts)
		return err_set(e, ERR_INVALID, "no module of this build keeps accounts: nobody could log in");
	accounts_authorize = accounts->authorize;

	/* Server threads inherit this mask; the signals are taken by sigwait. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* A big buffer (a direct export's body, a device post) gets pages of
	 * its own, returned when freed. Left to glibc, the threshold rises to
	 * 32 MB after the first such free, and each thread's arena keeps the
	 * largest export it served: the soak's RSS grew 12 % in ten minutes
	 * with nothing leaked (bench/RESULTS.md). */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);

	size_t nroutes, started = 0;
	struct http_route *routes = all_routes(&nroutes);
	if (!routes)
		return err_set(e, ERR_NOMEM, "out of memory");
	char found[sizeof served_web];
	snprintf(served_web, sizeof served_web, "%s", web_dir(cfg->web, found, sizeof found));
	int rc = modules_start(&started, e);
	struct http_server *server = NULL;
	struct http_options opt = {
		.bind = cfg->bind,
		.port = (int)cfg->port,
		.threads = (int)cfg->threads,
		.web_dir = served_web,
		.routes = routes,
		.nroutes = nroutes,
		.authorize = serve_authorize,
		.thread_db = serve_thread_db,
		.caller_free = accounts->caller_free,
		.max_body = serve_max_body,
		.trusted_proxies = cfg->trusted_proxies,
	};
	if (rc == 0 && (rc = http_start(&server, &opt, e)) == 0) {
		fprintf(stderr, "sunroad: serving http://%s%s%s:%ld/ (database %s); stop with Ctrl-C\n",
		        strchr(cfg->bind, ':') ? "[" : "", cfg->bind, strchr(cfg->bind, ':') ? "]" : "", cfg->port,
		        db_backend(thread_db));
		int sig = 0;
		for (;;) {
			/* Once a minute, memory freed since goes back to the system:
			 * each connection's buffers (32 KB) come from the heap, and
			 * after a few hundred slow clients the heap kept them (the
			 * soak's RSS rose by a fifth and stayed there). */
			sig = sigtimedwait(&stop, NULL, &(struct timespec){ .tv_sec = 60 });
			if (sig < 0 && (errno == EAGAIN || errno == EINTR)) {
				malloc_trim(0);
				continue;
			}
			if (sig != SIGHUP)
				break;
			struct err re = { 0 };
			if (config_reload(&re))
				fprintf(stderr, "sunroad: SIGHUP: the settings were not reloaded: %s\n", re.msg);
			else
				fprintf(stderr, "sunroad: SIGHUP: log_level is %s (other settings and the rulebooks take effect at the next start)\n",
				        config.log_level);
		}
		fprintf(stderr, "sunroad: %s: finishing the requests in flight\n",
		        sig == SIGTERM ? "SIGTERM" : "SIGINT");
		http_stop(server, 20000);
	}
	modules_stop(started);
	stats_cache_clear(); /* every module's cached figures, once none can be asked for */
	if (rc == 0)
		fprintf(stderr, "sunroad: stopped\n");
	free(routes);
	for (size_t i = 0; i < pool.n; i++)
		db_close(pool.all[i]);
	free(pool.all);
	pool.all = NULL;
	pool.n = 0;
	thread_db = NULL;
	return rc;
}
