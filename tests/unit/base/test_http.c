/* JSON answers when memory runs out: a json_pack that failed (NULL), or a
 * member that jansson dropped for want of memory while the handler built
 * its answer, answers 503 no_memory, never 200 with an empty or partial
 * body. The test includes http.c to reach its allocator and counts the
 * allocations it lets through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

/* The allocator under http.c: fails once `allowed` allocations have
 * succeeded (-1: never). */
static int allowed = -1;
static void *failing_malloc(size_t n)
{
	if (allowed == 0)
		return NULL;
	if (allowed > 0)
		allowed--;
	return malloc(n);
}
#define malloc failing_malloc
#include "base/http.c"
#undef malloc

static void request_init(struct http_request *rq)
{
	memset(rq, 0, sizeof *rq);
	buf_init(&rq->out);
	buf_init(&rq->body);
}

static void assert_nomem(struct http_request *rq)
{
	assert_int_equal(rq->status, 503);
	assert_true(rq->answered);
	assert_non_null(strstr(rq->out.p, "\"code\":\"no_memory\""));
	buf_release(&rq->out);
}

static void test_a_failed_pack_is_503(void **state)
{
	(void)state;
	struct http_request rq;
	request_init(&rq);
	json_nomem = false;
	/* json_pack gives NULL for a NULL string, as for no memory. */
	assert_int_equal(http_json(&rq, 200, json_pack("{s:s}", "name", (const char *)NULL)), 0);
	assert_nomem(&rq);
}

static void test_a_dropped_member_is_503(void **state)
{
	(void)state;
	struct http_request rq;
	request_init(&rq);
	json_alloc_install();
	json_nomem = false;
	json_t *o = json_object();
	allowed = 0; /* the next string cannot be made: the member is dropped */
	json_object_set_new(o, "plate", json_string("鄂A12345"));
	allowed = -1;
	json_object_set_new(o, "seq", json_integer(1));
	assert_int_equal(json_object_size(o), 1); /* a partial object... */
	assert_int_equal(http_json(&rq, 200, o), 0);
	assert_nomem(&rq); /* ...is never answered */
	/* The next request on this thread starts afresh. */
	json_nomem = false;
	request_init(&rq);
	assert_int_equal(http_json(&rq, 201, json_pack("{s:i}", "ok", 1)), 0);
	assert_int_equal(rq.status, 201);
	assert_string_equal(rq.out.p, "{\"ok\":1}");
	buf_release(&rq.out);
}

static void test_an_error_without_memory(void **state)
{
	(void)state;
	struct http_request rq;
	request_init(&rq);
	json_alloc_install();
	json_nomem = false;
	struct err e;
	err_set(&e, ERR_NOTFOUND, "no detection 7");
	allowed = 0; /* not even the error's JSON can be made */
	assert_int_equal(http_error(&rq, &e), 0);
	allowed = -1;
	assert_nomem(&rq);
	json_set_alloc_funcs(malloc, free);
}

static void test_an_error_answers_its_reason(void **state)
{
	(void)state;
	struct http_request rq;
	request_init(&rq);
	json_nomem = false;
	struct err e;
	err_reason(&e, ERR_INVALID, "field_too_long", ERR_ARGS(ERR_TEXT("field", "name"), ERR_INT("max", 128)),
	           "name is too long");
	assert_int_equal(http_error(&rq, &e), 0);
	assert_int_equal(rq.status, 422);
	assert_string_equal(rq.out.p, "{\"error\":{\"code\":\"invalid\",\"reason\":\"field_too_long\",\"args\":"
	                              "{\"field\":\"name\",\"max\":128},\"message\":\"name is too long\"}}");
	/* Without a reason: the code is the reason, and no arguments. */
	buf_release(&rq.out);
	request_init(&rq);
	err_set(&e, ERR_BUSY, "the database is busy");
	assert_int_equal(http_error(&rq, &e), 0);
	assert_int_equal(rq.status, 503);
	assert_string_equal(rq.out.p, "{\"error\":{\"code\":\"busy\",\"reason\":\"busy\",\"args\":{},"
	                              "\"message\":\"the database is busy\"}}");
	buf_release(&rq.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_failed_pack_is_503),
		cmocka_unit_test(test_a_dropped_member_is_503),
		cmocka_unit_test(test_an_error_without_memory),
		cmocka_unit_test(test_an_error_answers_its_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
