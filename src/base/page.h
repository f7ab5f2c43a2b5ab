/* Pages of a list in the API, one syntax for every list: the request says
 * ?limit= (1..1000, 100 by default) and ?after= (the previous page's
 * "next"), the answer is {"items":[...],"next":CURSOR or null}. A cursor
 * is opaque to clients: it carries the sort key of the last item given
 * (up to PAGE_KEYS integers or texts, the list's `shape`) as base64url of
 * a JSON array, so a list keyed by time and id and one keyed by login page
 * the same way. */
#ifndef SUNROAD_PAGE_H
#define SUNROAD_PAGE_H

#include "db.h"
#include "err.h"
#include "http.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define PAGE_KEYS     3
#define PAGE_KEY_TEXT 256

/* One page being read and answered. */
struct page {
	long limit;
	const char *shape;      /* the key's parts, in order: 'i' an integer, 't' a text ("ii", "t") */
	int key_col[PAGE_KEYS]; /* the columns of a row that hold them (page_answer) */
	bool after;             /* ?after= was given: after_int / after_text hold its key */
	int64_t after_int[PAGE_KEYS];
	char after_text[PAGE_KEYS][PAGE_KEY_TEXT];
};

/* Reads ?limit= and ?after= for a list keyed by shape; ERR_INVALID naming
 * the parameter when one is not what a client may send. The caller sets
 * key_col, and the keys of the list's start in after_int / after_text,
 * first: without ?after=, after is false and those are left alone. */
int page_parse(struct http_request *rq, struct page *p, const char *shape, struct err *e);

/* The ?after= part of page_parse: after is the cursor given (NULL or "":
 * none). */
int page_read_after(struct page *p, const char *shape, const char *after, struct err *e);

/* Runs st, a query ordered by the page's key whose LIMIT is p->limit + 1,
 * and answers the page: item(st) makes the item of each row (NULL: out of
 * memory), the key columns of the last one given make "next" when there
 * are more rows. */
int page_answer(struct http_request *rq, const struct page *p, struct db_stmt *st, json_t *(*item)(struct db_stmt *st),
                struct err *e);

/* Answers items (stolen) as a page whose next page starts after key (a
 * JSON array of the list's shape, stolen), or the last page (key NULL):
 * for lists whose items come from elsewhere, and for unpaged ones. */
int page_answer_items(struct http_request *rq, json_t *items, json_t *key);

/* The period of a list's filter, ?from= and ?to= (YYYY-MM-DD, local
 * days, both included), each optional: *from and *to hold the fallbacks
 * and are left alone for an absent one. ERR_INVALID with the reason
 * date_invalid (naming the parameter) or range_reversed. */
int page_query_dates(struct http_request *rq, int32_t *from, int32_t *to, struct err *e);
/* The same from the two texts (NULL or "": absent). */
int page_dates_read(const char *from_text, const char *to_text, int32_t *from, int32_t *to, struct err *e);

/* The cursor of key (a JSON array) as a new JSON string, or NULL without
 * memory; and back: 0 with *key (the caller decrefs), or ERR_INVALID. */
json_t *page_cursor(const json_t *key);
int page_cursor_read(const char *cursor, json_t **key, struct err *e);

#endif
