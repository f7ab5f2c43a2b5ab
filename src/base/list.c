/* Sorted, counted lists (see list.h). */
#include "list.h"
#include "buf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SQL texts assembled so far. A connection caches its statements by
 * their text and keeps the pointer, so each text lives as long as the
 * process; there are few (the lists' sorts, each way, with and without a
 * cursor). */
static struct {
	pthread_mutex_t lock;
	char *text[256];
	int n;
} interned = { .lock = PTHREAD_MUTEX_INITIALIZER };

static const char *intern(struct buf *sql, struct err *e)
{
	const char *out = NULL;
	pthread_mutex_lock(&interned.lock);
	for (int i = 0; i < interned.n && !out; i++)
		if (strcmp(interned.text[i], sql->p) == 0)
			out = interned.text[i];
	if (!out && interned.n < (int)(sizeof interned.text / sizeof interned.text[0]) &&
	    (interned.text[interned.n] = strdup(sql->p)))
		out = interned.text[interned.n++];
	pthread_mutex_unlock(&interned.lock);
	buf_release(sql);
	if (!out)
		err_set(e, ERR_NOMEM, "no room for another list query");
	return out;
}

int list_query_init(const struct list *list, const char *sort, long limit, struct list_query *q, struct err *e)
{
	memset(q, 0, sizeof *q);
	q->sort = &list->sorts[0];
	q->desc = list->desc;
	q->limit = limit;
	q->page = 1;
	if (!sort || !*sort)
		return 0;
	bool desc = *sort == '-';
	for (const struct list_sort *s = list->sorts; s->name; s++)
		if (strcmp(sort + desc, s->name) == 0) {
			q->sort = s;
			q->desc = desc;
			return 0;
		}
	return err_reason(e, ERR_INVALID, "sort_unknown", ERR_ARGS(ERR_TEXT("field", "sort"), ERR_TEXT("got", sort)),
	                  "sort '%s' is not a column of this list", sort);
}

/* The sort as ?sort= says it, and as a cursor starts with it. */
static void sort_spec(const struct list_query *q, char out[PAGE_KEY_TEXT])
{
	snprintf(out, PAGE_KEY_TEXT, "%s%s", q->desc ? "-" : "", q->sort->name);
}

int list_parse(struct http_request *rq, const struct list *list, struct list_query *q, struct err *e)
{
	int rc = list_query_init(list, http_query(rq, "sort"), 0, q, e);
	if (rc)
		return rc;
	char shape[4] = { 't', q->sort->type, 'i', '\0' };
	if ((rc = page_parse(rq, &q->cursor, shape, e)))
		return rc;
	q->limit = q->cursor.limit;
	char spec[PAGE_KEY_TEXT];
	sort_spec(q, spec);
	if (q->cursor.after && strcmp(q->cursor.after_text[0], spec) != 0)
		return err_reason(e, ERR_INVALID, "cursor_invalid", ERR_ARGS(ERR_TEXT("field", "after")),
		                  "after is a cursor of the list sorted by %s, not %s", q->cursor.after_text[0], spec);
	const char *page = http_query(rq, "page");
	int64_t n = 1;
	if (page && *page &&
	    (q->cursor.after || slice_to_int(slice_from(page), &n) || n < 1 || n > 1000000 / q->limit + 1))
		return err_reason(e, ERR_INVALID, "page_invalid", ERR_ARGS(ERR_TEXT("field", "page"), ERR_TEXT("got", page)),
		                  "page '%s' must be a page number from 1 (and not given with after)", page);
	q->page = q->cursor.after ? 0 : n;
	return 0;
}

/* " ORDER BY ..." of q: the sort, then the id, both one way. */
static void add_order(struct buf *sql, const struct list *list, const struct list_query *q)
{
	const char *dir = q->desc ? " DESC" : "";
	buf_adds(sql, " ORDER BY ");
	if (q->sort->lead)
		buf_addf(sql, "%s%s, ", q->sort->lead, dir);
	buf_addf(sql, "%s%s, %s%s", q->sort->expr, dir, list->id, dir);
}

struct db_stmt *list_rows(struct db *db, const struct list *list, const struct list_query *q, const void *arg,
                          struct err *e)
{
	struct buf sql;
	buf_init(&sql);
	int n = list->nparams;
	buf_addf(&sql, "SELECT %s, %s, %s %s", list->columns, q->sort->expr, list->id, list->from);
	if (q->cursor.after) {
		const char *cmp = q->desc ? "<" : ">";
		buf_addf(&sql, " AND (%s %s $%d OR (%s = $%d AND %s %s $%d))", q->sort->expr, cmp, n + 1, q->sort->expr,
		         n + 1, list->id, cmp, n + 2);
	}
	add_order(&sql, list, q);
	/* Numbered right after the cursor's, or the filter's without one:
	 * PostgreSQL refuses a statement with a parameter it never uses. */
	int limit = q->cursor.after ? n + 3 : n + 1;
	buf_addf(&sql, " LIMIT $%d OFFSET $%d", limit, limit + 1);
	const char *text = intern(&sql, e);
	struct db_stmt *st = text ? db_prepare(db, text, e) : NULL;
	if (!st)
		return NULL;
	list->bind(st, arg);
	if (q->cursor.after) {
		if (q->sort->type == 'i')
			db_bind_int(st, n + 1, q->cursor.after_int[1]);
		else
			db_bind_text(st, n + 1, q->cursor.after_text[1], strlen(q->cursor.after_text[1]));
		db_bind_int(st, n + 2, q->cursor.after_int[2]);
	}
	db_bind_int(st, limit, q->limit + 1);
	db_bind_int(st, limit + 1, q->page > 1 ? (q->page - 1) * q->limit : 0);
	return st;
}

/* How many rows list's filter matches. */
int list_count(struct db *db, const struct list *list, const void *arg, int64_t *total, struct err *e)
{
	struct buf sql;
	buf_init(&sql);
	buf_addf(&sql, "SELECT count(*) %s", list->count_from ? list->count_from : list->from);
	const char *text = intern(&sql, e);
	struct db_stmt *st = text ? db_prepare(db, text, e) : NULL;
	if (!st)
		return e->code;
	list->bind(st, arg);
	int rc = db_step(st, e);
	if (rc == DB_ROW)
		*total = db_col_int(st, 0);
	db_row_done(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : err_set(e, ERR_DB, "a count gave no row");
}

/* The cursor after the current row of st. */
static json_t *row_cursor(const struct list *list, const struct list_query *q, struct db_stmt *st)
{
	char spec[PAGE_KEY_TEXT];
	sort_spec(q, spec);
	int col = list->ncolumns;
	return json_pack("[s,o,I]", spec,
	                 q->sort->type == 'i' ? json_integer(db_col_int(st, col)) : json_string(db_col_text(st, col)),
	                 (json_int_t)db_col_int(st, col + 1));
}

int list_answer(struct http_request *rq, const struct list *list, const struct list_query *q, const void *arg,
                struct err *e)
{
	int64_t total = 0;
	int rc = q->page ? list_count(rq->db, list, arg, &total, e) : 0;
	struct db_stmt *st = rc ? NULL : list_rows(rq->db, list, q, arg, e);
	if (!st)
		return e->code;
	json_t *items = json_array(), *last = NULL;
	long n = 0;
	bool more = false;
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (n++ == q->limit) {
			more = true;
			continue; /* run the statement to its end */
		}
		json_decref(last);
		last = row_cursor(list, q, st);
		json_array_append_new(items, list->item(st));
	}
	json_t *next = more && last ? page_cursor(last) : json_null();
	json_decref(last);
	if (rc < 0) {
		json_decref(items);
		json_decref(next);
		return rc;
	}
	char spec[PAGE_KEY_TEXT];
	sort_spec(q, spec);
	json_t *answer = json_pack("{s:o,s:o,s:s}", "items", items, "next", next, "sort", spec);
	if (answer && q->page) {
		json_object_set_new(answer, "total", json_integer(total));
		json_object_set_new(answer, "page", json_integer(q->page));
	}
	/* A NULL from an allocation that failed: a 503. */
	return http_json(rq, 200, answer);
}
