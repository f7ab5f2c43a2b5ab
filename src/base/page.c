/* Pages of a list: one cursor syntax (see page.h). */
#include "page.h"
#include "datetime.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

json_t *page_cursor(const json_t *key)
{
	char *text = json_dumps(key, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!text)
		return NULL;
	size_t n = strlen(text);
	size_t size = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *cursor = malloc(size);
	json_t *out = NULL;
	if (cursor) {
		sodium_bin2base64(cursor, size, (const unsigned char *)text, n,
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		out = json_string(cursor);
	}
	free(cursor);
	free(text);
	return out;
}

int page_cursor_read(const char *cursor, json_t **key, struct err *e)
{
	*key = NULL;
	size_t n = strlen(cursor);
	unsigned char *text = malloc(n + 1);
	size_t len = 0;
	if (!text)
		return err_set(e, ERR_NOMEM, "out of memory reading a cursor");
	if (n <= 4 * PAGE_KEY_TEXT * PAGE_KEYS &&
	    sodium_base642bin(text, n, cursor, n, NULL, &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0)
		*key = json_loadb((const char *)text, len, JSON_DECODE_ANY, NULL);
	free(text);
	if (!json_is_array(*key)) {
		json_decref(*key);
		*key = NULL;
		return err_reason(e, ERR_INVALID, "cursor_invalid", ERR_ARGS(ERR_TEXT("field", "after")),
		                  "after '%.40s' is not a cursor from a previous page's \"next\"", cursor);
	}
	return 0;
}

/* The page size of a list: ?limit=, 1..1000, 100 by default. */
static int read_limit(struct http_request *rq, long *limit, struct err *e)
{
	const char *s = http_query(rq, "limit");
	*limit = 100;
	if (!s)
		return 0;
	int64_t v;
	if (slice_to_int(slice_from(s), &v) || v < 1 || v > 1000)
		return err_reason(
		    e, ERR_INVALID, "limit_out_of_range",
		    ERR_ARGS(ERR_TEXT("field", "limit"), ERR_INT("min", 1), ERR_INT("max", 1000), ERR_TEXT("got", s)),
		    "limit '%s' must be a whole number from 1 to 1000", s);
	*limit = (long)v;
	return 0;
}

int page_parse(struct http_request *rq, struct page *p, const char *shape, struct err *e)
{
	int rc = read_limit(rq, &p->limit, e);
	return rc ? rc : page_read_after(p, shape, http_query(rq, "after"), e);
}

int page_read_after(struct page *p, const char *shape, const char *after, struct err *e)
{
	p->shape = shape;
	p->after = false;
	if (!after || !*after)
		return 0;
	json_t *key;
	int rc = page_cursor_read(after, &key, e);
	if (rc)
		return rc;
	size_t n = strlen(shape);
	bool fits = n <= PAGE_KEYS && json_array_size(key) == n;
	for (size_t k = 0; fits && k < n; k++) {
		json_t *v = json_array_get(key, k);
		if (shape[k] == 'i' && json_is_integer(v))
			p->after_int[k] = json_integer_value(v);
		else if (shape[k] == 't' && json_is_string(v) && json_string_length(v) < PAGE_KEY_TEXT)
			snprintf(p->after_text[k], PAGE_KEY_TEXT, "%s", json_string_value(v));
		else
			fits = false;
	}
	json_decref(key);
	if (!fits)
		return err_reason(e, ERR_INVALID, "cursor_invalid", ERR_ARGS(ERR_TEXT("field", "after")),
		                  "after '%.40s' is a cursor of another list", after);
	p->after = true;
	return 0;
}

/* The key of the current row of st, as a JSON array of the page's shape. */
static json_t *row_key(const struct page *p, struct db_stmt *st)
{
	json_t *key = json_array();
	for (size_t k = 0; p->shape[k] && k < PAGE_KEYS; k++)
		json_array_append_new(key, p->shape[k] == 'i' ? json_integer(db_col_int(st, p->key_col[k]))
		                                              : json_string(db_col_text(st, p->key_col[k])));
	return key;
}

int page_answer(struct http_request *rq, const struct page *p, struct db_stmt *st, json_t *(*item)(struct db_stmt *st),
                struct err *e)
{
	json_t *items = json_array(), *last = NULL;
	long n = 0;
	bool more = false;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n++ == p->limit) {
			more = true;
			continue; /* run the statement to its end */
		}
		json_decref(last);
		last = row_key(p, st);
		json_array_append_new(items, item(st));
	}
	if (rc < 0) {
		json_decref(items);
		json_decref(last);
		return rc;
	}
	if (!more) {
		json_decref(last);
		last = NULL;
	}
	return page_answer_items(rq, items, last);
}

int page_answer_items(struct http_request *rq, json_t *items, json_t *key)
{
	json_t *next = key ? page_cursor(key) : json_null();
	json_decref(key);
	/* A NULL from an allocation that failed makes the pack fail: a 503. */
	return http_json(rq, 200, json_pack("{s:o,s:o}", "items", items, "next", next));
}

int page_dates_read(const char *from_text, const char *to_text, int32_t *from, int32_t *to, struct err *e)
{
	static const char *const names[] = { "from", "to" };
	const char *texts[] = { from_text, to_text };
	int32_t *days[] = { from, to };
	for (int i = 0; i < 2; i++) {
		const char *s = texts[i];
		if (s && *s && date_parse(slice_from(s), days[i]))
			return err_reason(e, ERR_INVALID, "date_invalid",
			                  ERR_ARGS(ERR_TEXT("field", names[i]), ERR_TEXT("got", s)),
			                  "%s '%s' is not a date YYYY-MM-DD", names[i], s);
	}
	if (*to < *from) {
		char a[11], b[11];
		date_format(*from, a);
		date_format(*to, b);
		return err_reason(e, ERR_INVALID, "range_reversed", ERR_ARGS(ERR_TEXT("from", a), ERR_TEXT("to", b)),
		                  "the period runs backwards: to %s is before from %s", b, a);
	}
	return 0;
}

int page_query_dates(struct http_request *rq, int32_t *from, int32_t *to, struct err *e)
{
	return page_dates_read(http_query(rq, "from"), http_query(rq, "to"), from, to, e);
}
