/* Errors with a reason (src/base/err.c): err_reason writes the arguments
 * as a JSON object that is always valid (texts escaped, cut on a character
 * boundary, bytes that are not UTF-8 replaced, what does not fit left out
 * whole), err_set clears a reason, err_prefix keeps it, and a message is
 * always valid UTF-8 so that it can be answered as JSON. */
#include "base/err.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

/* e's arguments, parsed (the caller decrefs); fails the test when they are
 * not a JSON object. */
static json_t *args_of(const struct err *e)
{
	json_error_t je;
	json_t *o = json_loads(e->args, 0, &je);
	if (!json_is_object(o))
		fail_msg("args is not a JSON object: %s (%s)", e->args, je.text);
	return o;
}

static void test_reason_and_args(void **state)
{
	(void)state;
	struct err e = { 0 };
	assert_int_equal(err_reason(&e, ERR_INVALID, "field_too_long",
	                            ERR_ARGS(ERR_TEXT("field", "name"), ERR_INT("max", 128), ERR_INT("got", -3)),
	                            "name is %d bytes long", 300),
	                 ERR_INVALID);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.reason, "field_too_long");
	assert_string_equal(e.msg, "name is 300 bytes long");
	assert_string_equal(e.args, "{\"field\":\"name\",\"max\":128,\"got\":-3}");
	err_prefix(&e, "line %d", 4);
	assert_string_equal(e.msg, "line 4: name is 300 bytes long");
	assert_string_equal(e.reason, "field_too_long");
	err_set(&e, ERR_NOTFOUND, "no user '%s'", "li");
	assert_null(e.reason);
	assert_string_equal(e.args, "");
	assert_int_equal(err_reason(&e, ERR_INVALID, "login_failed", ERR_NO_ARGS, "wrong"), ERR_INVALID);
	assert_string_equal(e.args, "{}");
	assert_int_equal(err_reason(NULL, ERR_BUSY, "busy", ERR_NO_ARGS, "busy"), ERR_BUSY);
}

static void test_texts_are_escaped_and_cut(void **state)
{
	(void)state;
	struct err e;
	err_reason(&e, ERR_INVALID, "date_invalid",
	           ERR_ARGS(ERR_TEXT("got", "a\"b\\c\n\x01\xff"
	                                    "d")),
	           "x");
	json_t *o = args_of(&e);
	assert_string_equal(json_string_value(json_object_get(o, "got")), "a\"b\\c\n\x01?d");
	json_decref(o);

	/* 40 characters of 3 bytes: cut to 21 of them (63 bytes), never inside one. */
	char long_text[121] = "";
	for (int i = 0; i < 40; i++)
		memcpy(long_text + 3 * i, "日", 4);
	err_reason(&e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("got", long_text)), "x");
	o = args_of(&e);
	const char *got = json_string_value(json_object_get(o, "got"));
	assert_int_equal(strlen(got), 63);
	assert_memory_equal(got, long_text, 63);
	json_decref(o);

	/* Overlong forms, surrogates and a cut sequence are no UTF-8. */
	err_reason(&e, ERR_INVALID, "x",
	           ERR_ARGS(ERR_TEXT("a", "\xc0\xaf"), ERR_TEXT("b", "\xed\xa0\x80"), ERR_TEXT("c", "\xe6\x97")), "x");
	o = args_of(&e);
	assert_string_equal(json_string_value(json_object_get(o, "a")), "??");
	assert_string_equal(json_string_value(json_object_get(o, "b")), "???");
	assert_string_equal(json_string_value(json_object_get(o, "c")), "??");
	json_decref(o);
}

static void test_what_does_not_fit_is_left_out(void **state)
{
	(void)state;
	struct err e;
	char text[65];
	memset(text, 'x', 64);
	text[64] = '\0';
	err_reason(&e, ERR_INVALID, "many",
	           ERR_ARGS(ERR_TEXT("one", text), ERR_TEXT("two", text), ERR_TEXT("three", text), ERR_INT("four", 4)),
	           "x");
	json_t *o = args_of(&e);
	assert_non_null(json_object_get(o, "one"));
	assert_non_null(json_object_get(o, "two"));
	assert_null(json_object_get(o, "three")); /* would overflow: left out whole */
	assert_int_equal(json_integer_value(json_object_get(o, "four")), 4);
	assert_true(strlen(e.args) < sizeof e.args);
	json_decref(o);
}

static void test_messages_stay_utf8(void **state)
{
	(void)state;
	struct err e;
	err_set(&e, ERR_INVALID, "from '%s' is not a date", "\xff\xfe");
	assert_string_equal(e.msg, "from '?" "?' is not a date");
	/* A message cut inside a character ends with '?' for its bytes. */
	char chinese[400] = "";
	for (int i = 0; i < 100; i++)
		memcpy(chinese + 3 * i, "超", 4);
	err_set(&e, ERR_INVALID, "x%s", chinese); /* 1 + 300 bytes into 256 */
	json_t *s = json_string(e.msg);
	assert_non_null(s); /* valid UTF-8 */
	json_decref(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reason_and_args),
		cmocka_unit_test(test_texts_are_escaped_and_cut),
		cmocka_unit_test(test_what_does_not_fit_is_left_out),
		cmocka_unit_test(test_messages_stay_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
