/* The record reader and the security review (issue 12, finding 6): a
 * record with a key twice is refused with one reason, "has the field
 * \"plate\" twice", whether it is a line of JSON Lines or an element of a
 * request body's array (record_json_load); the other elements are read as
 * they were, and a body that is no JSON is still refused whole. */
#include "base/records.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static const char *const names[] = { "site", "seq", "plate" };
static const struct record_schema schema = { .names = names, .count = 3, .required = 3, .text = 4 };

/* The records of r as "line|raw|why" lines (why "" when read), into out. */
static void read_all(struct record_reader *r, char *out, size_t size)
{
	struct err e = { 0 };
	size_t n = 0;
	out[0] = '\0';
	while (record_next(r, &e) == 1)
		n += (size_t)snprintf(out + n, size - n, "%lld|%.*s|%s\n", (long long)r->line, (int)r->raw.n, r->raw.p,
		                      r->why.code ? r->why.msg : "");
	record_close(r);
}

/* The records of a request body, read as the device feed reads them. */
static void read_body(const char *body, char *out, size_t size)
{
	json_error_t je;
	json_t *v = record_json_load(body, strlen(body), &je);
	assert_non_null(v);
	struct record_reader r;
	struct err e = { 0 };
	assert_int_equal(record_open_json(&r, v, "t", &schema, &e), 0);
	json_decref(v);
	read_all(&r, out, size);
}

static void test_jsonl_line_with_a_key_twice(void **state)
{
	(void)state;
	const char *text = "{\"site\":\"R01\",\"seq\":1,\"plate\":\"A\"}\n"
	                   "{\"site\":\"R01\",\"seq\":2,\"plate\":\"A\",\"plate\":\"B\"}\n";
	struct record_reader r;
	struct err e = { 0 };
	assert_int_equal(record_open_memory(&r, text, strlen(text), "t", &schema, &e), 0);
	char out[512];
	read_all(&r, out, sizeof out);
	assert_string_equal(
	    out, "1|{\"site\":\"R01\",\"seq\":1,\"plate\":\"A\"}|\n"
	         "2|{\"site\":\"R01\",\"seq\":2,\"plate\":\"A\",\"plate\":\"B\"}|has the field \"plate\" twice\n");
}

static void test_array_element_with_a_key_twice(void **state)
{
	(void)state;
	const char *body = " [ {\"site\":\"R01\",\"seq\":1,\"plate\":\"A\"},\n"
	                   "  {\"site\":\"R01\",\"seq\":2,\"plate\":\"A\",\"plate\":\"B\"} , 5,\n"
	                   "  {\"site\":\"R01\",\"seq\":3,\"plate\":\"{\\\"x\\\":1,\\\"x\\\":2}\"}]\n";
	char out[1024];
	read_body(body, out, sizeof out);
	assert_string_equal(
	    out, "1|{\"site\":\"R01\",\"seq\":1,\"plate\":\"A\"}|\n"
	         "2|{\"site\":\"R01\",\"seq\":2,\"plate\":\"A\",\"plate\":\"B\"}|has the field \"plate\" twice\n"
	         "3|5|is not a JSON object\n"
	         "4|{\"site\":\"R01\",\"seq\":3,\"plate\":\"{\\\"x\\\":1,\\\"x\\\":2}\"}|\n");
}

/* One object (several lines, or with photos) is one record, marked the same. */
static void test_object_with_a_key_twice(void **state)
{
	(void)state;
	const char *body = "{\"site\":\"R01\",\n \"seq\":2,\n \"seq\":3}";
	char out[512];
	read_body(body, out, sizeof out);
	assert_string_equal(out, "1|{\"site\":\"R01\",\n \"seq\":2,\n \"seq\":3}|has the field \"seq\" twice\n");
}

/* Without a key twice nothing changes; no JSON at all is refused whole. */
static void test_bodies_as_before(void **state)
{
	(void)state;
	json_error_t je;
	const char *good = "[{\"site\":\"R01\"}]";
	json_t *v = record_json_load(good, strlen(good), &je);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(json_array_get(v, 0), "site")), "R01");
	json_decref(v);
	const char *broken = "[{\"site\":\"R01\",\"site\":\"R02\"}, {]";
	assert_null(record_json_load(broken, strlen(broken), &je));
	/* A key twice deeper in a record (a photo's) is the record's. */
	const char *nested = "[{\"site\":\"R01\",\"photos\":[{\"kind\":\"a\",\"kind\":\"b\"}]}]";
	char out[512];
	read_body(nested, out, sizeof out);
	assert_string_equal(
	    out, "1|{\"site\":\"R01\",\"photos\":[{\"kind\":\"a\",\"kind\":\"b\"}]}|has the field \"kind\" twice\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl_line_with_a_key_twice),
		cmocka_unit_test(test_array_element_with_a_key_twice),
		cmocka_unit_test(test_object_with_a_key_twice),
		cmocka_unit_test(test_bodies_as_before),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
