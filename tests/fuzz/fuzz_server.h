/* The real HTTP server (src/base/http.c, included as the unit tests do to
 * reach its statics), in the fuzzer's own thread: a libmicrohttpd daemon
 * without a listening socket or threads of its own, handed one end of a
 * socket pair per request and run by MHD_run until it has answered and
 * closed. The request line, the headers and the cookies are parsed by
 * libmicrohttpd as in production, the route is found and the handler
 * called by http.c's on_request, and the access log line written by
 * on_completed (to /dev/null). Include it in one target. */
#ifndef SUNROAD_FUZZ_SERVER_H
#define SUNROAD_FUZZ_SERVER_H

#include "fuzz.h"

#include "../../src/base/http.c"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>

static struct http_server fuzz_server;

/* Starts the daemon over opt's routes (once, at initialisation). */
static void fuzz_server_start(const struct http_options *opt)
{
	fuzz_server.opt = *opt;
	pthread_mutex_init(&fuzz_server.log_lock, NULL);
	/* The access log goes to stdout: away from libFuzzer's output. */
	int null = open("/dev/null", O_WRONLY);
	if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
		abort();
	close(null);
	fuzz_server.daemon = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, on_request, &fuzz_server,
	                                      MHD_OPTION_NOTIFY_COMPLETED, on_completed, &fuzz_server, MHD_OPTION_END);
	if (!fuzz_server.daemon)
		abort();
}

static unsigned fuzz_server_connections(void)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(fuzz_server.daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return info ? info->num_connections : 0;
}

/* Sends the n bytes of request on a new connection and appends what comes
 * back to answer, until the server closes it or has nothing more to say
 * (a request it still waits the rest of). The connection is then closed
 * and the daemon run until it has let go of it. */
static void fuzz_server_exchange(const char *request, size_t n, struct buf *answer)
{
	int fds[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
		abort();
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(40000) };
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (MHD_add_connection(fuzz_server.daemon, fds[1], (struct sockaddr *)&peer, sizeof peer) != MHD_YES)
		abort();
	size_t sent = 0;
	for (int idle = 0; idle < 32;) {
		bool progress = false;
		if (sent < n) {
			ssize_t w = send(fds[0], request + sent, n - sent, MSG_NOSIGNAL);
			if (w > 0) {
				sent += (size_t)w;
				progress = true;
			}
		}
		MHD_run(fuzz_server.daemon);
		char chunk[8192];
		ssize_t r;
		while ((r = recv(fds[0], chunk, sizeof chunk, 0)) > 0) {
			buf_add(answer, chunk, (size_t)r);
			progress = true;
		}
		if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			break; /* answered and closed */
		idle = progress ? 0 : idle + 1;
	}
	close(fds[0]);
	for (int round = 0; round < 1000 && fuzz_server_connections() > 0; round++)
		MHD_run(fuzz_server.daemon);
	FUZZ_CHECK(fuzz_server_connections() == 0);
	/* FUZZ_SHOW=1: each answer on stderr, to see what an input reaches. */
	static int show = -1;
	if (show < 0)
		show = getenv("FUZZ_SHOW") != NULL;
	if (show)
		fprintf(stderr, "---- answer\n%.*s\n", (int)answer->n, answer->p);
}

/* The status of an answer ("HTTP/1.1 200 OK..."), 0 when there is none;
 * *body set to what follows the headers. */
static int fuzz_answer_status(const struct buf *answer, struct slice *body)
{
	*body = (struct slice){ "", 0 };
	if (answer->n < 12 || memcmp(answer->p, "HTTP/1.", 7) != 0)
		return 0;
	const char *end = memmem(answer->p, answer->n, "\r\n\r\n", 4);
	if (end)
		*body = (struct slice){ end + 4, answer->n - (size_t)(end + 4 - answer->p) };
	int64_t status = 0;
	return slice_to_int((struct slice){ answer->p + 9, 3 }, &status) ? 0 : (int)status;
}

/* An answer of ours (JSON) must be a JSON value whole: an error is
 * {"error":{...}}. libmicrohttpd's own answers (a request it could not
 * parse: 400, 413, 431, 505...) are HTML and not checked. */
static void fuzz_check_json_answer(const struct buf *answer)
{
	struct slice body;
	int status = fuzz_answer_status(answer, &body);
	if (!status || !memmem(answer->p, (size_t)(body.p - answer->p), "application/json", 16))
		return;
	json_t *v = json_loadb(body.p, body.n, 0, NULL);
	FUZZ_CHECK(v);
	if (status >= 400)
		FUZZ_CHECK(json_is_object(json_object_get(v, "error")));
	json_decref(v);
}

#endif
