/* The security review's findings in the HTTP server (issue 12): the web
 * folder's files (an empty one made the stop free a static string; a
 * symbolic link to /etc/passwd was served without a login), request ids,
 * and what a 500 or an unreachable database tells the client. The test
 * includes http.c to reach its statics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "base/http.c"

#include <sys/stat.h>

static char dir[64];

/* A web folder: index.html, an empty file, a file in a subfolder, and
 * what must not be served: links to a file and a folder outside, a link
 * to a file inside, a FIFO, a hidden file. */
static int folder_make(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/sunroad-web-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char cmd[512];
	snprintf(cmd, sizeof cmd,
	         "cd %s && printf '<p>hi</p>' >index.html && : >empty.txt && mkdir sub && printf 'x' >sub/a.js && "
	         "ln -s /etc/passwd passwd && ln -s /etc etc && ln -s index.html again.html && mkfifo pipe && "
	         "printf s >.secret",
	         dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

static int folder_remove(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static void test_only_regular_files_inside_are_served(void **state)
{
	(void)state;
	struct http_server s = { 0 };
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(fd >= 0);
	log_min_level = LOG_OFF; /* the refusals are logged: not here */
	load_dir(&s, fd, "");
	log_min_level = LOG_WARN;
	assert_int_equal(s.nfiles, 3);
	const struct static_file *f = static_find(&s, "/");
	assert_non_null(f);
	assert_int_equal(f->data.n, 9);
	assert_memory_equal(f->data.p, "<p>hi</p>", 9);
	assert_non_null(static_find(&s, "/sub/a.js"));
	f = static_find(&s, "/empty.txt");
	assert_non_null(f);
	assert_int_equal(f->data.n, 0);
	assert_null(static_find(&s, "/passwd"));
	assert_null(static_find(&s, "/etc/passwd"));
	assert_null(static_find(&s, "/again.html"));
	assert_null(static_find(&s, "/pipe"));
	assert_null(static_find(&s, "/.secret"));
	/* What http_stop frees: the empty file's buffer was never allocated. */
	static_files_release(&s);
	assert_int_equal(s.nfiles, 0);
}

static void test_request_ids(void **state)
{
	(void)state;
	assert_true(request_id_sane("0123456789abcdef"));
	assert_true(request_id_sane("f47ac10b-58cc-4372-a567-0e02b2c3d479"));
	assert_true(request_id_sane("nginx.req_1"));
	char longest[HTTP_REQUEST_ID_MAX + 2];
	memset(longest, 'a', sizeof longest);
	longest[HTTP_REQUEST_ID_MAX] = '\0';
	assert_true(request_id_sane(longest));
	longest[HTTP_REQUEST_ID_MAX] = 'a';
	longest[HTTP_REQUEST_ID_MAX + 1] = '\0';
	assert_false(request_id_sane(longest));
	assert_false(request_id_sane(NULL));
	assert_false(request_id_sane(""));
	assert_false(request_id_sane("a b"));
	assert_false(request_id_sane("a\nGET / 200"));
	assert_false(request_id_sane("a\"b"));
	assert_false(request_id_sane("蒙K"));
}

static void test_a_500_names_no_detail(void **state)
{
	(void)state;
	struct http_request rq = { 0 };
	buf_init(&rq.out);
	snprintf(rq.id, sizeof rq.id, "0123456789abcdef");
	struct err e;
	err_set(&e, ERR_IO, "cannot open /var/lib/sunroad/photos/ab/cd: Permission denied");
	log_min_level = LOG_OFF;
	assert_int_equal(http_error(&rq, &e), 0);
	log_min_level = LOG_WARN;
	assert_int_equal(rq.status, 500);
	assert_null(strstr(rq.out.p, "/var/lib"));
	assert_string_equal(rq.out.p,
	                    "{\"error\":{\"code\":\"io\",\"reason\":\"io\",\"args\":{},\"message\":\"internal "
	                    "error: the server log has the details under request id 0123456789abcdef\"}}");
	buf_release(&rq.out);
}

static void test_an_unreachable_database_is_503(void **state)
{
	(void)state;
	struct err e;
	err_set(&e, ERR_IO, "cannot open database /var/lib/sunroad/sunroad.db: unable to open database file");
	log_min_level = LOG_OFF;
	assert_int_equal(http_database_unavailable(&e), ERR_BUSY);
	log_min_level = LOG_WARN;
	assert_int_equal(err_http_status(e.code), 503);
	assert_string_equal(e.reason, "database_unavailable");
	assert_null(strstr(e.msg, "/var/lib"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_only_regular_files_inside_are_served, folder_make, folder_remove),
		cmocka_unit_test(test_request_ids),
		cmocka_unit_test(test_a_500_names_no_detail),
		cmocka_unit_test(test_an_unreachable_database_is_503),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
