/* libFuzzer target: the credentials a request carries, as the server
 * checks them.
 *
 * The bytes are three lines: the Cookie header, the X-CSRF-Token header
 * and the Authorization header of a POST, sent to the real server
 * (fuzz_server.h) with the real authorizer (people_authorize: the session
 * cookie, found in the database, then the CSRF token of a write) on a
 * route for any session, and to a device's route (overlimit_device_site:
 * "Bearer <site key>"). libmicrohttpd parses the cookies. The database is
 * a SQLite file with one user logged in; "@TOKEN@" in the cookie line and
 * "@CSRF@" in the token line stand for that session's token and CSRF
 * token, so that the fuzzer reaches what lies behind a valid session. A
 * request is let through only with both; every other is answered 401 or
 * 403, as JSON. */
#include "fuzz_server.h"

#include "base/access.h"
#include "overlimit/api.h"
#include "people/session.h"

#include <unistd.h>

static struct db *fuzz_db;
static struct session_new fuzz_session;

static struct db *fuzz_thread_db(struct err *e)
{
	(void)e;
	return fuzz_db;
}

/* Reached only through the authorizer: the cookie and the token were right. */
static int fuzz_session_post(struct http_request *rq, struct err *e)
{
	(void)e;
	const char *token = http_cookie(rq, SESSION_COOKIE), *csrf = http_header(rq, "X-CSRF-Token");
	FUZZ_CHECK(token && strcmp(token, fuzz_session.token) == 0);
	FUZZ_CHECK(csrf && strcmp(csrf, fuzz_session.csrf) == 0);
	return http_json(rq, 200, json_pack("{s:b}", "ok", 1));
}

static int fuzz_device_post(struct http_request *rq, struct err *e)
{
	char site[17];
	int rc = overlimit_device_site(rq, site, e);
	if (rc) {
		fuzz_check_err(rc, e);
		return rc;
	}
	return http_json(rq, 200, json_pack("{s:s}", "site", site));
}

static const struct http_route fuzz_routes[] = {
	{ HTTP_GET | HTTP_POST, "/api/v1/fuzz", fuzz_session_post, ACCESS_SESSION },
	{ HTTP_POST, "/api/v1/device", fuzz_device_post, ACCESS_DEVICE },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_min_level = LOG_OFF;
	people_settings = (struct people_settings){ .session_idle = 1L << 40,
		                                    .session_max = 1L << 40,
		                                    .lockout_failures = 1000000,
		                                    .lockout_seconds = 1,
		                                    .login_address_failures = 1000000,
		                                    .login_address_seconds = 1 };
	/* In memory when there is a tmpfs: the session's idle clock is
	 * written once a second, and a busy disk's fsync would stall a run. */
	char path[64];
	snprintf(path, sizeof path, "%s/sunroad-fuzz-cookie-%d.db", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
	         (int)getpid());
	struct err e = { 0 };
	struct user_new u = { .login = "zhang", .name = "张三", .roles = "officer", .unit = "B01", .badge = "" };
	if (db_open(&fuzz_db, path, NULL, &e) ||
	    people_units_add(fuzz_db, "B01", "东胜大队", "brigade", NULL, "fuzz", &e) ||
	    people_users_add(fuzz_db, &u, "Strong2026pass", "fuzz", &e) ||
	    people_session_login(fuzz_db, "zhang", "Strong2026pass", "127.0.0.1", (int64_t)time(NULL), &fuzz_session,
	                         &e)) {
		fprintf(stderr, "fuzz_cookie: %s\n", e.msg);
		abort();
	}
	/* The file stays open; its name goes now, so that nothing is left. */
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char p[80];
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
	struct http_options opt = { .routes = fuzz_routes,
		                    .nroutes = sizeof fuzz_routes / sizeof fuzz_routes[0],
		                    .authorize = people_authorize,
		                    .thread_db = fuzz_thread_db,
		                    .caller_free = people_caller_free };
	fuzz_server_start(&opt);
	return 0;
}

/* Appends s to out with each "@NAME@" of the pair replaced by its value. */
static void put_replaced(struct buf *out, struct slice s, const char *name, const char *value)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < s.n;) {
		if (s.n - i >= n && memcmp(s.p + i, name, n) == 0) {
			buf_adds(out, value);
			i += n;
		} else {
			buf_addc(out, s.p[i++]);
		}
	}
}

static void send_request(const char *path, struct slice cookie, struct slice csrf, struct slice auth)
{
	struct buf request, answer;
	buf_init(&request);
	buf_init(&answer);
	buf_addf(&request,
	         "POST %s HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\nContent-Length: 0\r\nCookie: ", path);
	put_replaced(&request, cookie, "@TOKEN@", fuzz_session.token);
	buf_adds(&request, "\r\nX-CSRF-Token: ");
	put_replaced(&request, csrf, "@CSRF@", fuzz_session.csrf);
	buf_adds(&request, "\r\nAuthorization: ");
	buf_add(&request, auth.p, auth.n);
	buf_adds(&request, "\r\n\r\n");
	fuzz_server_exchange(request.p, request.n, &answer);
	fuzz_check_json_answer(&answer);
	buf_release(&request);
	buf_release(&answer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct slice cookie, rest, csrf, auth;
	fuzz_split(data, size, '\n', &cookie, &rest);
	fuzz_split((const uint8_t *)rest.p, rest.n, '\n', &csrf, &auth);
	send_request("/api/v1/fuzz", cookie, csrf, auth);
	send_request("/api/v1/device", cookie, csrf, auth);
	return 0;
}
