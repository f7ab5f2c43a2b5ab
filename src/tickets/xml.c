/* JSON to XML for the Open311 answers (xml.h). */
#include "xml.h"

#include <stdio.h>
#include <stdlib.h>

void xml_escape(struct buf *out, const char *text, size_t n)
{
	size_t plain = 0; /* the start of the run not yet written */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		/* U+FFFE and U+FFFF (EF BF BE, EF BF BF) are UTF-8 but no
		 * characters of XML 1.0 either: a parser refuses the document. */
		size_t len = c == 0xEF && i + 2 < n && (unsigned char)text[i + 1] == 0xBF &&
		                     ((unsigned char)text[i + 2] & 0xFE) == 0xBE
		                 ? 3
		                 : 1;
		const char *entity = c == '&'                                          ? "&amp;"
		                     : c == '<'                                        ? "&lt;"
		                     : c == '>'                                        ? "&gt;"
		                     : c == '"'                                        ? "&quot;"
		                     : c == '\''                                       ? "&apos;"
		                     : c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? "\xEF\xBF\xBD"
		                     : len == 3                                        ? "\xEF\xBF\xBD"
		                                                                       : NULL;
		if (!entity)
			continue;
		buf_add(out, text + plain, i - plain);
		buf_adds(out, entity);
		i += len - 1;
		plain = i + 1;
	}
	buf_add(out, text + plain, n - plain);
}

static void element(struct buf *out, const char *name, const json_t *v, xml_item_name item_name, int depth)
{
	for (int i = 0; i < depth; i++)
		buf_adds(out, "  ");
	if (json_is_null(v) || !v) {
		buf_addf(out, "<%s/>\n", name);
		return;
	}
	buf_addf(out, "<%s>", name);
	if (json_is_object(v) || json_is_array(v)) {
		buf_addc(out, '\n');
		if (json_is_object(v)) {
			const char *key;
			const json_t *member;
			json_object_foreach((json_t *)v, key, member) element(out, key, member, item_name, depth + 1);
		} else {
			size_t i;
			const json_t *item;
			const char *child = item_name(name);
			json_array_foreach(v, i, item) element(out, child, item, item_name, depth + 1);
		}
		for (int i = 0; i < depth; i++)
			buf_adds(out, "  ");
	} else if (json_is_string(v)) {
		xml_escape(out, json_string_value(v), json_string_length(v));
	} else {
		char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
		if (!text)
			abort(); /* as buf does: the server's allocation failure is no partial answer */
		buf_adds(out, text);
		free(text);
	}
	buf_addf(out, "</%s>\n", name);
}

void xml_from_json(struct buf *out, const char *root, const json_t *value, xml_item_name item_name)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	element(out, root, value, item_name, 0);
}
