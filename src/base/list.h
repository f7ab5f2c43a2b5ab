/* A list the browser shows as a table: filtered, sorted by any of its
 * columns, counted, and paged either by number or by cursor. One request
 * syntax for every such list:
 *
 *   ?sort=NAME or ?sort=-NAME  the column (ascending, or descending);
 *                              the list's default without it
 *   ?page=N                    the Nth page of ?limit= rows (from 1)
 *   ?after=CURSOR              the page after the one whose "next" it was
 *
 * and one answer: {"items":[...], "next":CURSOR or null, "total":N,
 * "page":N, "sort":"-NAME"}, where "total" (the rows the filter matches)
 * and "page" come with every page not reached by cursor: a client asks for
 * the count once and pages on by cursor, which costs the same on the
 * thousandth page as on the first.
 *
 * The SQL is assembled from the list's own pieces, written in the code;
 * nothing from the request enters it but bound values. */
#ifndef SUNROAD_LIST_H
#define SUNROAD_LIST_H

#include "page.h"

/* A column a list sorts by. */
struct list_sort {
	const char *name; /* as ?sort= names it */
	const char *expr; /* its SQL expression (never NULL in a row) */
	char type;        /* 'i' an integer, 't' a text */
	/* NULL, or an expression ordered as expr is that an index leads with
	 * (detections: d.day before d.passed_at), ordered by first. */
	const char *lead;
};

struct list {
	const char *columns; /* what an item is made of: SELECT these */
	int ncolumns;        /* how many columns that is */
	const char *from;    /* "FROM ... WHERE <the filter>", its values $1..$nparams */
	/* NULL, or the same rows with fewer joins, for counting them (the
	 * joins that only add columns cost a third of a year's count) */
	const char *count_from;
	int nparams;
	const char *id;                /* the unique integer that breaks ties, "d.id" */
	const struct list_sort *sorts; /* ends with { 0 }; the first is the default */
	bool desc;                     /* the default sort's direction */
	/* Binds the filter's values to st ($1..$nparams), from arg. */
	void (*bind)(struct db_stmt *st, const void *arg);
	json_t *(*item)(struct db_stmt *st); /* an item from a row (its first ncolumns) */
};

/* A request of a list: its sort, and the page asked for. */
struct list_query {
	const struct list_sort *sort;
	bool desc;
	long limit;
	long page;          /* 1.. when paged by number, 0 by cursor */
	struct page cursor; /* shape: "t" + the sort's type + "i" */
};

/* Reads ?sort=, ?page=, ?limit= and ?after= for list; ERR_INVALID with
 * the reason sort_unknown, page_invalid or cursor_invalid naming what was
 * wrong. */
int list_parse(struct http_request *rq, const struct list *list, struct list_query *q, struct err *e);

/* The first page of limit rows sorted by sort (?sort='s syntax; NULL or
 * "": the list's default): for exports. ERR_INVALID (sort_unknown). */
int list_query_init(const struct list *list, const char *sort, long limit, struct list_query *q, struct err *e);

/* Answers the page q asks of list, filtered by arg (given to list->bind). */
int list_answer(struct http_request *rq, const struct list *list, const struct list_query *q, const void *arg,
                struct err *e);

/* How many rows list's filter (arg) matches. */
int list_count(struct db *db, const struct list *list, const void *arg, int64_t *total, struct err *e);

/* The statement of the rows of q in order (for exports: no count, no
 * answer), its LIMIT and OFFSET those of q. */
struct db_stmt *list_rows(struct db *db, const struct list *list, const struct list_query *q, const void *arg,
                          struct err *e);

#endif
