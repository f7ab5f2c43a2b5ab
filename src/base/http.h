/* The HTTP server: libmicrohttpd with a thread pool on epoll, a route table,
 * JSON answers and errors in one format, static files, security headers, an
 * access log line per request, and a graceful stop. It knows nothing of
 * users or the domain: the application gives it routes and an authorizer.
 *
 * A request lives from its first byte to the end of its answer; everything
 * a handler allocates for it hangs off the request and is freed with it. */
#ifndef SUNROAD_HTTP_H
#define SUNROAD_HTTP_H

#include "buf.h"
#include "db.h"
#include "err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum http_method { HTTP_GET = 1, HTTP_POST = 2, HTTP_PUT = 4, HTTP_PATCH = 8, HTTP_DELETE = 16 };

#define HTTP_MAX_PARAMS     2
#define HTTP_MAX_BODY       (1024 * 1024)      /* larger: 413 */
#define HTTP_DROP_BODY      (64 * 1024 * 1024) /* larger: 413 before reading it */
#define HTTP_REQUEST_ID_MAX 64

struct http_request;
struct http_server;

/* A handler answers the request (http_json, http_error, ...) and returns 0,
 * or returns a negative ERR_* with e set, which is answered as an error; or
 * returns HTTP_SUSPENDED after http_suspend, and answers later from
 * rq->resume. */
typedef int (*http_handler)(struct http_request *rq, struct err *e);
#define HTTP_SUSPENDED 1

struct http_route {
	unsigned method;     /* enum http_method */
	const char *pattern; /* "/api/v1/users/{}": {} matches one path segment */
	http_handler handler;
	unsigned access; /* for the authorizer: who may call */
};

struct http_request {
	struct http_server *server;
	void *connection;
	enum http_method method;
	const char *method_name;
	char *path; /* decoded, without the query */
	struct slice param[HTTP_MAX_PARAMS];
	const struct http_route *route;
	struct buf body;
	bool body_too_large;
	size_t max_body; /* the largest body its route takes (opt.max_body) */
	int64_t started_ns;
	/* The request's id: the client's X-Request-Id when it is sane (1 to
	 * HTTP_REQUEST_ID_MAX of A-Z a-z 0-9 . _ -), else 16 random hex
	 * digits; answered as X-Request-Id and written in every log line made
	 * while serving the request, so that a user's report, the access log
	 * and the error lines meet. */
	char id[HTTP_REQUEST_ID_MAX + 1];
	char client[64];     /* the peer's address, "192.0.2.1" or "2001:db8::1" ("" unknown) */
	struct db *db;       /* this thread's connection, for routes */
	void *caller;        /* set by the authorizer; freed with the request */
	const void *file;    /* a static file being served */
	http_handler resume; /* after http_suspend: called to answer */
	void *resume_arg;
	bool suspended;

	/* The answer. */
	int status;
	struct buf out;
	const char *content_type;
	char headers[4][512]; /* extra "Name: value" lines */
	int nheaders;
	bool answered;
};

/* Decides whether the caller may use route (by route->access); sets
 * rq->caller. Returns 0, or ERR_UNAUTHORIZED / ERR_FORBIDDEN with e set. */
typedef int (*http_authorizer)(struct http_request *rq, const struct http_route *route, struct err *e);

struct http_options {
	const char *bind;
	int port;
	int threads;
	const char *web_dir; /* static files; NULL: none */
	const struct http_route *routes;
	size_t nroutes;
	http_authorizer authorize;
	/* The calling thread's database connection (opened on first use). */
	struct db *(*thread_db)(struct err *e);
	void (*caller_free)(void *caller);
	/* The largest body a route takes (NULL, or a route it does not
	 * know: HTTP_MAX_BODY); a device posting photos needs more. */
	size_t (*max_body)(const struct http_route *route);
	void *app; /* for handlers: http_app() */
	/* Proxies in front (address.h list; NULL or "": none) whose
	 * X-Forwarded-For names the client. */
	const char *trusted_proxies;
};

/* The name of a route's method ("GET", ...; a route of several methods:
 * the first of them). */
const char *http_method_name(unsigned method);

/* Starts listening; the caller frees *out with http_stop. */
int http_start(struct http_server **out, const struct http_options *opt, struct err *e);
/* Stops accepting, waits up to grace_ms for requests in flight (suspended
 * ones included), then closes every connection and frees the server. */
void http_stop(struct http_server *s, int grace_ms);
/* Requests begun and not yet answered. */
int http_in_flight(struct http_server *s);

void *http_app(const struct http_request *rq);

/* The query parameter `name`, decoded, or NULL. Valid during the request. */
const char *http_query(struct http_request *rq, const char *name);
/* A request header, or NULL. */
const char *http_header(struct http_request *rq, const char *name);
/* The client's address as text (the TCP peer: a proxy in front of sunroad
 * is the address seen), "" when unknown. Valid during the request. */
const char *http_client_address(const struct http_request *rq);
/* A cookie, or NULL. */
const char *http_cookie(struct http_request *rq, const char *name);

/* Answers with status and the JSON value (stolen: decref'd here). A NULL
 * value (a json_pack that failed), or any allocation jansson failed while
 * the handler ran, answers 503 no_memory instead: never a partial 200. */
int http_json(struct http_request *rq, int status, json_t *value);
/* Answers with status and bytes already in rq->out of content_type. */
int http_send(struct http_request *rq, int status, const char *content_type);
/* Answers {"error":{"code":...,"message":...}} for e's code. An error
 * answered 500 (a bug, a disk, a database's own failure) is logged with its
 * message, and answered with a message that says only where to look (the
 * request id): its text may name files, hosts or SQL. */
int http_error(struct http_request *rq, const struct err *e);
/* The database cannot be reached: logs e's message (the detail: a file
 * name, a server's error) and sets e to ERR_BUSY with the reason
 * database_unavailable (503), which says nothing of it. Returns e->code. */
int http_database_unavailable(struct err *e);
/* Adds a response header line ("Set-Cookie: ..."). A handler's own
 * Cache-Control replaces the default (no-store). */
void http_add_header(struct http_request *rq, const char *name, const char *value);

/* The request body parsed as JSON, or NULL with e set (ERR_PARSE). The
 * caller decrefs. */
json_t *http_body_json(struct http_request *rq, struct err *e);

/* The string member key of a JSON object, or NULL when absent or not a
 * string. */
const char *http_json_text(const json_t *object, const char *key);

/* Parks the request: no answer until http_resume; then rq->resume is called
 * on a server thread to answer. Callable from any thread. */
void http_suspend(struct http_request *rq, http_handler resume, void *arg);
void http_resume(struct http_request *rq);

#endif
