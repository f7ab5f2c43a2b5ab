/* The Open311 answers' XML writer: every text a client sent comes back
 * as character data an XML 1.0 parser takes. Found by tests/fuzz/
 * fuzz_open311: a description holding U+FFFF (valid UTF-8) was written as
 * it was, and XML 1.0 has no such character. */
#include "tickets/xml.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void escaped(const char *text, const char *want)
{
	struct buf out;
	buf_init(&out);
	xml_escape(&out, text, strlen(text));
	assert_string_equal(out.p, want);
	buf_release(&out);
}

static void test_markup_is_escaped(void **state)
{
	(void)state;
	escaped("a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&apos;");
	escaped("东胜区\t站\r\n", "东胜区\t站\r\n");
}

static void test_characters_xml_lacks_become_the_replacement(void **state)
{
	(void)state;
	escaped("a\x01"
	        "b\x1f",
	        "a\xEF\xBF\xBD"
	        "b\xEF\xBF\xBD");
	/* U+FFFE and U+FFFF, anywhere in the text, its end included. */
	escaped("x\xEF\xBF\xBEy\xEF\xBF\xBF", "x\xEF\xBF\xBDy\xEF\xBF\xBD");
	/* Their neighbours are characters: kept. */
	escaped("\xEF\xBF\xBD\xEF\xBF\xBC", "\xEF\xBF\xBD\xEF\xBF\xBC");
}

static const char *item(const char *list)
{
	(void)list;
	return "item";
}

static void test_a_document_of_a_client_text(void **state)
{
	(void)state;
	json_t *v = json_pack("[{s:s}]", "description", "车<\xEF\xBF\xBF>");
	struct buf out;
	buf_init(&out);
	xml_from_json(&out, "errors", v, item);
	assert_string_equal(out.p, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors>\n  <item>\n"
	                           "    <description>车&lt;\xEF\xBF\xBD&gt;</description>\n  </item>\n</errors>\n");
	buf_release(&out);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markup_is_escaped),
		cmocka_unit_test(test_characters_xml_lacks_become_the_replacement),
		cmocka_unit_test(test_a_document_of_a_client_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
