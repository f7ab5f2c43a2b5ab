/* The HTTP server on libmicrohttpd. One request object per request, made
 * on its first call and freed when the answer is sent (or the connection
 * dies); the route table is searched in order; static files are read once
 * at start and served from memory. */
#include "http.h"
#include "metrics.h"
#include "address.h"
#include "log.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* One file of the browser interface, in memory. */
struct static_file {
	char *path;      /* "/index.html" */
	struct buf data; /* an empty file's is buf's shared empty string: buf_release, never free */
	const char *type;
	char etag[24];
};

struct http_server {
	struct http_options opt;
	struct MHD_Daemon *daemon;
	struct static_file *files;
	size_t nfiles;
	atomic_int in_flight;
	atomic_int suspended; /* parked by http_suspend, not yet resumed */
	atomic_bool draining; /* stopping: new requests are answered 503 */
	pthread_mutex_t log_lock;
};

static const char security_headers[][2][160] = {
	{ "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
	                             "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "X-Frame-Options", "DENY" },
	{ "Referrer-Policy", "no-referrer" },
};

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- static files -------------------------------------------------- */

static const char *content_type_of(const char *path)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* Reads the file open at fd (closed here) into the table as rel. */
static int load_file(struct http_server *s, int fd, const char *rel)
{
	struct buf b;
	buf_init(&b);
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	struct static_file *files = n < 0 ? NULL : realloc(s->files, sizeof *files * (s->nfiles + 1));
	char *path = files ? strdup(rel) : NULL;
	if (!path) {
		buf_release(&b);
		return -1;
	}
	s->files = files;
	struct static_file *sf = &files[s->nfiles++];
	sf->path = path;
	sf->data = b;
	sf->type = content_type_of(rel);
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < b.n; i++)
		h = (h ^ (unsigned char)b.p[i]) * 0x100000001b3ULL;
	snprintf(sf->etag, sizeof sf->etag, "\"%016llx\"", (unsigned long long)h);
	return 0;
}

/* Reads every regular file under the directory open at dir_fd (closed
 * here; not hidden files) into memory, as rel/name. The folder is served
 * without a login, so only what is really in it is served: a symbolic
 * link is refused, not followed (one to /etc/passwd was served), and
 * each name is opened with O_NOFOLLOW relative to its directory rather
 * than checked first, so that a link made between a check and the open
 * is refused too. */
static void load_dir(struct http_server *s, int dir_fd, const char *rel)
{
	DIR *d = fdopendir(dir_fd);
	if (!d) {
		close(dir_fd);
		return;
	}
	struct dirent *ent;
	while ((ent = readdir(d))) {
		if (ent->d_name[0] == '.')
			continue;
		char sub[1024], shown[1100];
		if (snprintf(sub, sizeof sub, "%s/%s", rel, ent->d_name) >= (int)sizeof sub)
			continue; /* no URL of ours is that long */
		log_escape(shown, sizeof shown, sub, LOG_ESCAPE_QUOTED);
		/* O_NONBLOCK: a FIFO would block the open until a writer came. */
		int fd = openat(dir_fd, ent->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) != 0) {
			if (errno == ELOOP)
				log_warn("a symbolic link in the web folder is not served: copy the file in instead",
				         "path=\"%s\"", shown);
			else
				log_warn("cannot read a web file", "path=\"%s\" err=\"%s\"", shown, strerror(errno));
			if (fd >= 0)
				close(fd);
		} else if (S_ISDIR(st.st_mode)) {
			load_dir(s, fd, sub);
		} else if (S_ISREG(st.st_mode)) {
			if (load_file(s, fd, sub) != 0)
				log_warn("cannot read a web file", "path=\"%s\"", shown);
		} else {
			close(fd);
			log_warn("a web folder entry that is not a regular file is not served", "path=\"%s\"", shown);
		}
	}
	closedir(d);
}

static void static_files_release(struct http_server *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].path);
		buf_release(&s->files[i].data);
	}
	free(s->files);
	s->files = NULL;
	s->nfiles = 0;
}

static const struct static_file *static_find(const struct http_server *s, const char *path)
{
	if (strcmp(path, "/") == 0)
		path = "/index.html";
	for (size_t i = 0; i < s->nfiles; i++)
		if (strcmp(s->files[i].path, path) == 0)
			return &s->files[i];
	return NULL;
}

/* ---- answers --------------------------------------------------------- */

void *http_app(const struct http_request *rq)
{
	return rq->server->opt.app;
}

const char *http_query(struct http_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(struct http_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_HEADER_KIND, name);
}

const char *http_client_address(const struct http_request *rq)
{
	return rq->client;
}

/* Behind a trusted proxy (nginx), the client is the rightmost address of
 * X-Forwarded-For that is not itself a trusted proxy: each proxy appends
 * the address it was reached from, so what a client wrote on the left
 * counts for nothing. rq->client is left as it is when the peer is not
 * trusted or the header names no valid address. */
static void forwarded_client(const char *trusted, struct http_request *rq)
{
	if (!trusted || !*trusted || !address_in_list(trusted, rq->client))
		return;
	const char *xff = MHD_lookup_connection_value(rq->connection, MHD_HEADER_KIND, "X-Forwarded-For");
	if (!xff)
		return;
	size_t end = strlen(xff);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		char hop[64];
		const char *p = xff + start;
		size_t n = end - start;
		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0 || n >= sizeof hop)
			return;
		memcpy(hop, p, n);
		hop[n] = '\0';
		unsigned char bin[16];
		if (inet_pton(strchr(hop, ':') ? AF_INET6 : AF_INET, hop, bin) != 1)
			return;
		snprintf(rq->client, sizeof rq->client, "%s", hop);
		if (!address_in_list(trusted, hop))
			return;
		end = start ? start - 1 : 0;
	}
}

/* The numeric address of the connection's peer into out. */
static void peer_address(struct MHD_Connection *connection, char *out, size_t size)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!info || !info->client_addr)
		return;
	socklen_t len =
	    info->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (getnameinfo(info->client_addr, len, out, (socklen_t)size, NULL, 0, NI_NUMERICHOST) != 0)
		out[0] = '\0';
}

const char *http_cookie(struct http_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_COOKIE_KIND, name);
}

void http_add_header(struct http_request *rq, const char *name, const char *value)
{
	if (rq->nheaders < (int)(sizeof rq->headers / sizeof rq->headers[0]))
		snprintf(rq->headers[rq->nheaders++], sizeof rq->headers[0], "%s\n%s", name, value);
}

int http_send(struct http_request *rq, int status, const char *content_type)
{
	rq->status = status;
	rq->content_type = content_type;
	rq->answered = true;
	return 0;
}

/* ---- JSON answers ------------------------------------------------------ */

/* Whether jansson failed to allocate on this thread since the request's
 * handler was called: a value built then may lack a member that
 * json_object_set_new or json_array_append_new dropped without a word, so
 * the answer is 503, never a truncated 200. */
static _Thread_local bool json_nomem;

static void *json_alloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		json_nomem = true;
	return p;
}

static void json_alloc_install(void)
{
	json_set_alloc_funcs(json_alloc, free);
}

/* The answer when there is no memory even for an error's JSON. */
static int answer_nomem(struct http_request *rq)
{
	static const char body[] = "{\"error\":{\"code\":\"no_memory\",\"reason\":\"no_memory\",\"args\":{},"
	                           "\"message\":\"out of memory writing the answer; try again\"}}";
	buf_clear(&rq->out);
	buf_add(&rq->out, body, sizeof body - 1);
	return http_send(rq, err_http_status(ERR_NOMEM), "application/json");
}

int http_json(struct http_request *rq, int status, json_t *value)
{
	buf_clear(&rq->out);
	char *text = value && !json_nomem ? json_dumps(value, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
	json_decref(value);
	if (!text)
		return answer_nomem(rq);
	buf_adds(&rq->out, text);
	free(text);
	return http_send(rq, status, "application/json");
}

/* Answers a 500: the detail goes to the log, under the request's id; the
 * answer keeps the code and reason (the interface words them) and names
 * the id, for a report. */
static int answer_internal(struct http_request *rq, int code, const struct err *e)
{
	char detail[600];
	log_error("internal error answered", "code=%s error=\"%s\"", err_name(code),
	          log_escape(detail, sizeof detail, e->msg, LOG_ESCAPE_QUOTED));
	json_t *o = json_pack("{s:{s:s,s:s,s:{},s:s+}}", "error", "code", err_name(code), "reason",
	                      e->reason ? e->reason : err_name(code), "args", "message",
	                      "internal error: the server log has the details under request id ", rq->id);
	return http_json(rq, 500, o);
}

int http_database_unavailable(struct err *e)
{
	char detail[600];
	log_error("the database is not available", "error=\"%s\"",
	          log_escape(detail, sizeof detail, e->msg, LOG_ESCAPE_QUOTED));
	return err_reason(e, ERR_BUSY, "database_unavailable", ERR_NO_ARGS,
	                  "the database is not available: try again later (the server log says why)");
}

int http_error(struct http_request *rq, const struct err *e)
{
	int code = e->code ? e->code : ERR_IO;
	int status = err_http_status(code);
	if (status == 500)
		return answer_internal(rq, code, e);
	if (status > 500) {
		char detail[600];
		log_warn("answered", "status=%d code=%s error=\"%s\"", status, err_name(code),
		         log_escape(detail, sizeof detail, e->msg, LOG_ESCAPE_QUOTED));
	}
	/* err_reason wrote the arguments as JSON; a reason without them, or an
	 * error set by err_set, answers {}. */
	json_t *args = e->reason && e->args[0] ? json_loads(e->args, 0, NULL) : NULL;
	json_t *o = json_pack("{s:{s:s,s:s,s:o,s:s}}", "error", "code", err_name(code), "reason",
	                      e->reason ? e->reason : err_name(code), "args",
	                      json_is_object(args) ? args : json_object(), "message", e->msg);
	if (args && !json_is_object(args))
		json_decref(args);
	return http_json(rq, err_http_status(code), o);
}

json_t *http_body_json(struct http_request *rq, struct err *e)
{
	json_error_t je;
	json_t *v = json_loadb(rq->body.p ? rq->body.p : "", rq->body.n, JSON_REJECT_DUPLICATES, &je);
	if (!v)
		err_reason(e, ERR_PARSE, "body_not_json",
		           ERR_ARGS(ERR_INT("line", je.line), ERR_INT("column", je.column)),
		           "the body is not JSON: %s (line %d, column %d)", je.text, je.line, je.column);
	return v;
}

const char *http_json_text(const json_t *object, const char *key)
{
	return json_string_value(json_object_get(object, key));
}

/* ---- routing --------------------------------------------------------- */

static int body_too_large_error(size_t max, struct err *e)
{
	return err_reason(e, ERR_TOO_LARGE, "body_too_large", ERR_ARGS(ERR_INT("max_bytes", max)),
	                  "the body is larger than %zu bytes", max);
}

/* HEAD is answered as GET; the first name of a method is its own. */
static const struct {
	const char *name;
	enum http_method method;
} methods[] = { { "GET", HTTP_GET }, { "HEAD", HTTP_GET },    { "POST", HTTP_POST },
	        { "PUT", HTTP_PUT }, { "PATCH", HTTP_PATCH }, { "DELETE", HTTP_DELETE } };

static enum http_method method_of(const char *m)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(m, methods[i].name) == 0)
			return methods[i].method;
	return 0;
}

const char *http_method_name(unsigned method)
{
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (methods[i].method & method)
			return methods[i].name;
	return "";
}

/* Matches path against pattern, capturing the {} segments. */
static bool route_match(const char *pattern, const char *path, struct slice param[HTTP_MAX_PARAMS])
{
	int n = 0;
	while (*pattern && *path) {
		if (pattern[0] == '{' && pattern[1] == '}') {
			size_t len = strcspn(path, "/");
			if (len == 0 || n == HTTP_MAX_PARAMS)
				return false;
			param[n++] = (struct slice){ path, len };
			path += len;
			pattern += 2;
		} else if (*pattern++ != *path++) {
			return false;
		}
	}
	return !*pattern && !*path;
}

/* Finds the route of rq's method and path: sets rq->route and its
 * parameters, or leaves rq->route NULL. Done once, when the headers are in:
 * the route says how large a body it takes. */
static void route_find(const struct http_server *s, struct http_request *rq)
{
	for (size_t i = 0; i < s->opt.nroutes; i++) {
		const struct http_route *r = &s->opt.routes[i];
		struct slice param[HTTP_MAX_PARAMS] = { 0 };
		if ((r->method & rq->method) && route_match(r->pattern, rq->path, param)) {
			memcpy(rq->param, param, sizeof param);
			rq->route = r;
			return;
		}
	}
}

/* Whether some route, of any method, has rq's path. */
static bool path_known(const struct http_server *s, const struct http_request *rq)
{
	for (size_t i = 0; i < s->opt.nroutes; i++) {
		struct slice param[HTTP_MAX_PARAMS] = { 0 };
		if (route_match(s->opt.routes[i].pattern, rq->path, param))
			return true;
	}
	return false;
}

static int dispatch(struct http_request *rq, struct err *e)
{
	struct http_server *s = rq->server;
	const struct http_route *r = rq->route;
	if (r) {
		if (rq->body_too_large)
			return body_too_large_error(rq->max_body, e);
		if (s->opt.thread_db && !(rq->db = s->opt.thread_db(e)))
			return http_database_unavailable(e);
		int rc = s->opt.authorize ? s->opt.authorize(rq, r, e) : 0;
		return rc ? rc : r->handler(rq, e);
	}
	if (path_known(s, rq))
		return err_reason(e, ERR_METHOD, "method_not_allowed",
		                  ERR_ARGS(ERR_TEXT("method", rq->method_name), ERR_TEXT("path", rq->path)),
		                  "%s is not allowed on %s", rq->method_name, rq->path);
	if (strncmp(rq->path, "/api/", 5) == 0)
		return err_reason(e, ERR_NOTFOUND, "no_endpoint",
		                  ERR_ARGS(ERR_TEXT("method", rq->method_name), ERR_TEXT("path", rq->path)),
		                  "no such endpoint: %s %s (see docs/api.md)", rq->method_name, rq->path);
	if (rq->method == HTTP_GET) {
		const struct static_file *f = static_find(s, rq->path);
		/* The interface routes by fragment; any other path is a 404. */
		if (f) {
			const char *inm = http_header(rq, "If-None-Match");
			if (inm && strcmp(inm, f->etag) == 0)
				return http_send(rq, 304, f->type);
			rq->content_type = f->type;
			rq->status = 200;
			rq->answered = true;
			rq->file = f;
			return 0;
		}
	}
	return err_set(e, ERR_NOTFOUND, "not found: %s", rq->path);
}

/* ---- libmicrohttpd glue ----------------------------------------------- */

/* Whether the handler added a header of this name. */
static bool own_header(const struct http_request *rq, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < rq->nheaders; i++)
		if (strncasecmp(rq->headers[i], name, n) == 0 && rq->headers[i][n] == '\n')
			return true;
	return false;
}

static enum MHD_Result send_answer(struct http_request *rq)
{
	struct MHD_Response *resp;
	const struct static_file *file = rq->status == 200 ? rq->file : NULL;
	if (file) {
		resp = MHD_create_response_from_buffer(file->data.n, file->data.p, MHD_RESPMEM_PERSISTENT);
	} else {
		resp = MHD_create_response_from_buffer(rq->out.n, rq->out.p, MHD_RESPMEM_MUST_COPY);
	}
	if (!resp)
		return MHD_NO;
	if (rq->content_type)
		MHD_add_response_header(resp, "Content-Type", rq->content_type);
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	MHD_add_response_header(resp, "X-Request-Id", rq->id);
	if (file) {
		MHD_add_response_header(resp, "ETag", file->etag);
		MHD_add_response_header(resp, "Cache-Control", "no-cache");
	} else if (!own_header(rq, "Cache-Control")) {
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	}
	for (int i = 0; i < rq->nheaders; i++) {
		char *nl = strchr(rq->headers[i], '\n');
		*nl = '\0';
		MHD_add_response_header(resp, rq->headers[i], nl + 1);
	}
	enum MHD_Result ok = MHD_queue_response(rq->connection, (unsigned)rq->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

static enum MHD_Result answer_error(struct http_request *rq, struct err *e)
{
	http_error(rq, e);
	return send_answer(rq);
}

/* Whether a client's X-Request-Id can be ours: short, and of characters
 * that need no escaping in a log line or a header. */
static bool request_id_sane(const char *id)
{
	size_t n = id ? strlen(id) : 0;
	return n >= 1 && n <= HTTP_REQUEST_ID_MAX &&
	       strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static void request_id_make(struct MHD_Connection *connection, char id[HTTP_REQUEST_ID_MAX + 1])
{
	const char *theirs = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "X-Request-Id");
	if (request_id_sane(theirs)) {
		snprintf(id, HTTP_REQUEST_ID_MAX + 1, "%s", theirs);
		return;
	}
	unsigned char bytes[8];
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2hex(id, HTTP_REQUEST_ID_MAX + 1, bytes, sizeof bytes);
}

/* The request's first call: the headers are in, no body yet. */
static struct http_request *request_new(struct http_server *s, struct MHD_Connection *connection, const char *url,
                                        const char *method)
{
	struct http_request *rq = calloc(1, sizeof *rq);
	if (!rq || !(rq->path = strdup(url))) {
		free(rq);
		return NULL;
	}
	rq->server = s;
	rq->connection = connection;
	rq->method_name = method;
	rq->method = method_of(method);
	rq->started_ns = now_ns();
	request_id_make(connection, rq->id);
	peer_address(connection, rq->client, sizeof rq->client);
	forwarded_client(s->opt.trusted_proxies, rq);
	buf_init(&rq->body);
	buf_init(&rq->out);
	atomic_fetch_add(&s->in_flight, 1);
	return rq;
}

/* The first call's answer when it answers at once; MHD_YES to read on. */
static enum MHD_Result request_begin(struct http_server *s, struct http_request *rq)
{
	/* An oversize body is read and dropped, so that the client, still
	 * sending, gets the 413 rather than a reset connection; only an
	 * absurd one is cut short. */
	if (atomic_load(&s->draining)) {
		struct err e;
		err_reason(&e, ERR_BUSY, "server_stopping", ERR_NO_ARGS, "the server is stopping: try again shortly");
		return answer_error(rq, &e);
	}
	route_find(s, rq);
	rq->max_body = rq->route && s->opt.max_body ? s->opt.max_body(rq->route) : HTTP_MAX_BODY;
	const char *length = MHD_lookup_connection_value(rq->connection, MHD_HEADER_KIND, "Content-Length");
	if (length && strtoll(length, NULL, 10) > HTTP_DROP_BODY) {
		struct err e;
		body_too_large_error(rq->max_body, &e);
		return answer_error(rq, &e);
	}
	return MHD_YES;
}

/* A later call: more of the body, or its end (then the answer). */
static enum MHD_Result request_step(struct http_request *rq, const char *upload_data, size_t *upload_size)
{
	if (*upload_size) {
		if (rq->body.n + *upload_size > rq->max_body)
			rq->body_too_large = true;
		else
			buf_add(&rq->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->answered)
		return MHD_YES; /* answered early (oversize) */
	struct err e = { 0 };
	int rc;
	if (rq->suspended) {
		rq->suspended = false;
		rc = rq->resume(rq, &e);
	} else if (!rq->method) {
		rc = err_reason(&e, ERR_METHOD, "method_not_allowed", ERR_ARGS(ERR_TEXT("method", rq->method_name)),
		                "method %s is not supported", rq->method_name);
	} else {
		rc = dispatch(rq, &e);
	}
	if (rc == HTTP_SUSPENDED)
		return MHD_YES;
	if (rc < 0)
		http_error(rq, &e);
	else if (!rq->answered) {
		err_set(&e, ERR_IO, "the handler gave no answer");
		http_error(rq, &e);
	}
	return send_answer(rq);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	(void)version;
	struct http_server *s = cls;
	struct http_request *rq = *con_cls;
	json_nomem = false; /* counts what this call builds */
	enum MHD_Result result;
	if (!rq) {
		if (!(rq = request_new(s, connection, url, method)))
			return MHD_NO;
		*con_cls = rq;
		log_set_request_id(rq->id);
		result = request_begin(s, rq);
	} else {
		log_set_request_id(rq->id);
		result = request_step(rq, upload_data, upload_size);
	}
	/* This thread serves other connections next. */
	log_set_request_id(NULL);
	return result;
}

void http_suspend(struct http_request *rq, http_handler resume, void *arg)
{
	rq->resume = resume;
	rq->resume_arg = arg;
	rq->suspended = true;
	atomic_fetch_add(&rq->server->suspended, 1);
	MHD_suspend_connection(rq->connection);
}

void http_resume(struct http_request *rq)
{
	/* Counted off first: once resumed, the request may be answered and
	 * freed by a server thread before this returns. (A resumed request
	 * not yet picked up is resumed by MHD_stop_daemon itself.) */
	atomic_fetch_sub(&rq->server->suspended, 1);
	MHD_resume_connection(rq->connection);
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)connection;
	struct http_server *s = cls;
	struct http_request *rq = *con_cls;
	if (!rq)
		return;
	int64_t ns = now_ns() - rq->started_ns, us = ns / 1000;
	metrics_http_observe(rq->route, rq->status, ns);
	const struct static_file *file = rq->status == 200 ? rq->file : NULL;
	/* The access log: one line a request on stdout. The method and the
	 * path are the client's bytes, decoded (%0A is a newline): escaped,
	 * spaces too, so that a line is one request and its fields split on
	 * spaces. */
	char method[64], path[1024];
	log_escape(method, sizeof method, rq->method_name, LOG_ESCAPE_BARE);
	log_escape(path, sizeof path, rq->path, LOG_ESCAPE_BARE);
	pthread_mutex_lock(&s->log_lock);
	printf("%s %s %d %zu %lld.%03lldms%s request_id=%s\n", method, path, rq->status,
	       file ? file->data.n : rq->out.n, (long long)(us / 1000), (long long)(us % 1000),
	       toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted", rq->id);
	pthread_mutex_unlock(&s->log_lock);
	log_set_request_id(rq->id);
	if (rq->caller && s->opt.caller_free)
		s->opt.caller_free(rq->caller);
	log_set_request_id(NULL);
	buf_release(&rq->body);
	buf_release(&rq->out);
	free(rq->path);
	free(rq);
	*con_cls = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

int http_in_flight(struct http_server *s)
{
	return atomic_load(&s->in_flight);
}

/* Connections open at once: at most 4096, fewer when the process may not
 * open that many files (a reserve kept for the databases, photos and
 * exports); the soft limit is raised first, up to the hard one, since a
 * server run by hand often has 1024. One address may hold a quarter of
 * them: slow clients sending a byte at a time (the timeout counts from the
 * last byte) took all 4096 from one address and no one else got in (the
 * soak, bench/soak). Behind a proxy every request comes from its address:
 * a quarter is still far more requests in flight than the threads serve. */
#define HTTP_CONNECTIONS_MAX 4096
#define HTTP_FILES_RESERVE   256

static unsigned connection_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return HTTP_CONNECTIONS_MAX;
	rlim_t want = HTTP_CONNECTIONS_MAX + HTTP_FILES_RESERVE;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return HTTP_CONNECTIONS_MAX;
	unsigned n = rl.rlim_cur > 2 * HTTP_FILES_RESERVE ? (unsigned)(rl.rlim_cur - HTTP_FILES_RESERVE) : 64;
	log_warn("fewer connections: the process may open too few files (raise LimitNOFILE or ulimit -n)",
	         "connections=%u files=%llu", n, (unsigned long long)rl.rlim_cur);
	return n;
}

int http_start(struct http_server **out, const struct http_options *opt, struct err *e)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST };
	struct addrinfo *ai = NULL;
	char port[8];
	snprintf(port, sizeof port, "%d", opt->port);
	if (getaddrinfo(opt->bind, port, &hints, &ai) != 0 || !ai)
		return err_set(e, ERR_INVALID, "bind address '%s' is not an IP address (e.g. 127.0.0.1 or ::1)",
		               opt->bind);
	/* The request ids are random. */
	if (sodium_init() < 0) {
		freeaddrinfo(ai);
		return err_set(e, ERR_IO, "libsodium cannot start: no random request ids");
	}
	struct http_server *s = calloc(1, sizeof *s);
	if (!s) {
		freeaddrinfo(ai);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	s->opt = *opt;
	metrics_http_routes(opt->routes, opt->nroutes);
	static pthread_once_t json_once = PTHREAD_ONCE_INIT;
	pthread_once(&json_once, json_alloc_install);
	pthread_mutex_init(&s->log_lock, NULL);
	/* The folder itself may be a link (an operator's choice); what is in
	 * it may not (load_dir). */
	int web_fd = opt->web_dir && *opt->web_dir ? open(opt->web_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (web_fd >= 0)
		load_dir(s, web_fd, "");
	unsigned connections = connection_limit();
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon =
	    MHD_start_daemon(flags, (uint16_t)opt->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	                     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->threads, MHD_OPTION_NOTIFY_COMPLETED,
	                     on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT,
	                     connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT, connections / 4,
	                     MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!s->daemon) {
		static_files_release(s);
		pthread_mutex_destroy(&s->log_lock);
		free(s);
		return err_set(e, ERR_IO, "cannot listen on %s port %d (in use? try --port)", opt->bind, opt->port);
	}
	*out = s;
	return 0;
}

void http_stop(struct http_server *s, int grace_ms)
{
	/* New requests are answered 503 rather than refused: after
	 * MHD_quiesce_daemon, libmicrohttpd (0.9.75, thread pool and epoll)
	 * was seen not to finish a parked request resumed later, and
	 * MHD_stop_daemon aborts the process while one is parked. Draining,
	 * no request is parked anew; the parked ones are resumed by the
	 * threads that took them (the feed's committer), which still run. */
	atomic_store(&s->draining, true);
	int waited = 0;
	while ((http_in_flight(s) > 0 && waited < grace_ms) ||
	       (atomic_load(&s->suspended) > 0 && waited < 10 * grace_ms)) {
		usleep(10000);
		waited += 10;
	}
	if (atomic_load(&s->suspended) > 0)
		fprintf(stderr, "sunroad: %d requests still parked after %d s\n", atomic_load(&s->suspended),
		        waited / 1000);
	MHD_stop_daemon(s->daemon);
	fflush(stdout);
	static_files_release(s);
	pthread_mutex_destroy(&s->log_lock);
	free(s);
}
