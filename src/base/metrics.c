/* The counters of metrics.h and their exposition. Histograms have the
 * same buckets everywhere (seconds, a request's or a commit's): from a
 * millisecond to ten seconds. */
#include "metrics.h"
#include "address.h"
#include "module.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct metrics_settings metrics_settings;

static const double bounds[] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
#define NBOUNDS (sizeof bounds / sizeof bounds[0])

struct histogram {
	_Atomic uint64_t bucket[NBOUNDS]; /* not cumulative: written out as running sums */
	_Atomic uint64_t count, sum_ns;
};

static void observe(struct histogram *h, int64_t ns)
{
	double s = (double)ns / 1e9;
	size_t i = 0;
	while (i < NBOUNDS && s > bounds[i])
		i++;
	if (i < NBOUNDS)
		atomic_fetch_add_explicit(&h->bucket[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->sum_ns, (uint64_t)(ns > 0 ? ns : 0), memory_order_relaxed);
}

struct route_figures {
	_Atomic uint64_t by_class[6]; /* 1xx .. 5xx by the first digit */
	struct histogram latency;
};

static const struct http_route *routes;
static size_t nroutes;
static struct route_figures *figures; /* nroutes + 1: the last is "other" */
static struct histogram commits, groups;
static _Atomic uint64_t db_errors, commit_errors;
static _Atomic int64_t feed_queue;
static time_t started;

void metrics_http_routes(const struct http_route *r, size_t n)
{
	struct route_figures *f = calloc(n + 1, sizeof *f);
	if (!f)
		return; /* no per-route figures: the scrape says so by their absence */
	free(figures);
	figures = f;
	routes = r;
	nroutes = n;
	started = time(NULL);
}

void metrics_http_observe(const struct http_route *route, int status, int64_t ns)
{
	if (!figures)
		return;
	size_t i = route && route >= routes && route < routes + nroutes ? (size_t)(route - routes) : nroutes;
	int cls = status / 100;
	atomic_fetch_add_explicit(&figures[i].by_class[cls >= 1 && cls <= 5 ? cls : 0], 1, memory_order_relaxed);
	observe(&figures[i].latency, ns);
}

void metrics_db_commit(int64_t ns, bool failed)
{
	observe(&commits, ns);
	if (failed)
		atomic_fetch_add_explicit(&commit_errors, 1, memory_order_relaxed);
}

void metrics_db_error(void)
{
	atomic_fetch_add_explicit(&db_errors, 1, memory_order_relaxed);
}

void metrics_feed_queue(int64_t delta)
{
	atomic_fetch_add_explicit(&feed_queue, delta, memory_order_relaxed);
}

void metrics_feed_group(int64_t n)
{
	/* The group's size in records, on the seconds' buckets times 1000:
	 * 1, 2.5, 5, ... 10 000 records. */
	observe(&groups, n * 1000000);
}

/* ---- exposition ----------------------------------------------------------- */

static void head(struct buf *out, const char *name, const char *help, const char *type)
{
	buf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void metrics_gauge(struct buf *out, const char *name, const char *help, int64_t value)
{
	head(out, name, help, "gauge");
	buf_addf(out, "%s %lld\n", name, (long long)value);
}

static void counter(struct buf *out, const char *name, const char *help, uint64_t value)
{
	head(out, name, help, "counter");
	buf_addf(out, "%s %llu\n", name, (unsigned long long)value);
}

/* One histogram's lines; labels "" or `route="..."` with no braces. scale
 * turns the bounds into its unit (1 for seconds, 1000 for records). */
static void histogram_lines(struct buf *out, const char *name, const char *labels, const struct histogram *h,
                            double scale)
{
	uint64_t running = 0;
	const char *comma = *labels ? "," : "";
	for (size_t i = 0; i < NBOUNDS; i++) {
		running += atomic_load_explicit(&h->bucket[i], memory_order_relaxed);
		buf_addf(out, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, comma, bounds[i] * scale,
		         (unsigned long long)running);
	}
	uint64_t count = atomic_load_explicit(&h->count, memory_order_relaxed);
	double sum = (double)atomic_load_explicit(&h->sum_ns, memory_order_relaxed) / 1e9 * scale;
	buf_addf(out, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, comma, (unsigned long long)count);
	buf_addf(out, "%s_sum%s%s%s %.6f\n", name, *labels ? "{" : "", labels, *labels ? "}" : "", sum);
	buf_addf(out, "%s_count%s%s%s %llu\n", name, *labels ? "{" : "", labels, *labels ? "}" : "",
	         (unsigned long long)count);
}

/* "GET /api/v1/cases/{}" as a label value (no quote or backslash in a
 * route pattern, but escaped all the same). */
static void route_label(const struct http_route *r, char *out, size_t size)
{
	char pattern[256];
	size_t n = 0;
	for (const char *p = r ? r->pattern : "other"; *p && n + 2 < sizeof pattern; p++) {
		if (*p == '"' || *p == '\\')
			pattern[n++] = '\\';
		pattern[n++] = *p;
	}
	pattern[n] = '\0';
	if (r)
		snprintf(out, size, "route=\"%s %s\"", http_method_name(r->method), pattern);
	else
		snprintf(out, size, "route=\"other\"");
}

static void http_lines(struct buf *out)
{
	if (!figures)
		return;
	head(out, "sunroad_http_requests_total", "HTTP requests answered, by route and status class", "counter");
	for (size_t i = 0; i <= nroutes; i++) {
		char label[320];
		route_label(i < nroutes ? &routes[i] : NULL, label, sizeof label);
		for (int c = 1; c <= 5; c++) {
			uint64_t v = atomic_load_explicit(&figures[i].by_class[c], memory_order_relaxed);
			if (v)
				buf_addf(out, "sunroad_http_requests_total{%s,status=\"%dxx\"} %llu\n", label, c,
				         (unsigned long long)v);
		}
	}
	head(out, "sunroad_http_request_duration_seconds", "time from a request's first byte to its answer's last",
	     "histogram");
	for (size_t i = 0; i <= nroutes; i++) {
		if (!atomic_load_explicit(&figures[i].latency.count, memory_order_relaxed))
			continue;
		char label[320];
		route_label(i < nroutes ? &routes[i] : NULL, label, sizeof label);
		histogram_lines(out, "sunroad_http_request_duration_seconds", label, &figures[i].latency, 1);
	}
}

/* The resident set, from /proc (0 where there is none). */
static int64_t resident_bytes(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, rss = 0;
	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return (int64_t)rss * sysconf(_SC_PAGESIZE);
}

int metrics_get(struct http_request *rq, struct err *e)
{
	if (!address_in_list(metrics_settings.allow, http_client_address(rq)))
		return err_reason(e, ERR_FORBIDDEN, "metrics_not_allowed", ERR_NO_ARGS,
		                  "the metrics are for the addresses of the metrics_allow setting");
	struct buf out;
	buf_init(&out);
	head(&out, "sunroad_build_info", "the running sunroad", "gauge");
	buf_addf(&out, "sunroad_build_info{db=\"%s\"} 1\n", db_backend(rq->db));
	metrics_gauge(&out, "process_start_time_seconds", "when the server started (Unix seconds)", (int64_t)started);
	metrics_gauge(&out, "process_resident_memory_bytes", "resident memory of the server", resident_bytes());
	metrics_gauge(&out, "sunroad_data_disk_free_bytes",
	              "space left on the file system of the database and photos (-1: unknown)",
	              config_data_free_bytes(&config));
	http_lines(&out);
	head(&out, "sunroad_db_commit_duration_seconds", "time a database commit took", "histogram");
	histogram_lines(&out, "sunroad_db_commit_duration_seconds", "", &commits, 1);
	counter(&out, "sunroad_db_errors_total", "database statements that failed (including refused commits)",
	        atomic_load(&db_errors));
	counter(&out, "sunroad_db_commit_errors_total", "commits that failed", atomic_load(&commit_errors));
	metrics_gauge(&out, "sunroad_feed_queue_records", "device records received and waiting for their group's commit",
	              atomic_load(&feed_queue));
	head(&out, "sunroad_feed_group_records", "records per committed group of the device feed", "histogram");
	histogram_lines(&out, "sunroad_feed_group_records", "", &groups, 1000);
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if (all[i]->metrics)
			rc = all[i]->metrics(rq->db, &out, e);
	if (rc) {
		buf_release(&out);
		return rc;
	}
	buf_release(&rq->out);
	rq->out = out;
	return http_send(rq, 200, "text/plain; version=0.0.4; charset=utf-8");
}
