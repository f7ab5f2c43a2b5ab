/* The official calendar: which days are working days in China, and the day
 * a period counted in working or calendar days ends (RULES.md "Days").
 *
 * The book (book.c) is rules/holidays.json: the State Council's public
 * holidays and make-up working days (调休上班), year by year, checked as it
 * is read. The counting (days.c) is pure: a book and a day in, a day out;
 * no I/O, no globals, no clock. Days are the day numbers of
 * base/datetime.h (days since 1970-01-01, local calendar). */
#ifndef SUNROAD_CALENDAR_H
#define SUNROAD_CALENDAR_H

#include "base/buf.h"
#include "base/err.h"
#include "base/http.h"

struct cli;

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest period counted, in days of either kind. */
#define CALENDAR_MAX_PERIOD 3660

/* What the book says of a day; a day it does not list is a weekday or a
 * weekend day as the week makes it. */
enum calendar_mark {
	CALENDAR_UNLISTED = 0,
	CALENDAR_HOLIDAY = 1, /* a rest day of a public holiday, on a weekend or not */
	CALENDAR_WORKDAY = 2, /* a make-up working day (调休上班), on a weekend */
};

/* One line of the book: a holiday's rest days or make-up working days. */
struct calendar_entry {
	int32_t from, to; /* first and last day, within one year */
	enum calendar_mark mark;
	char *name; /* "春节"; owned by the book */
};

/* The book: read-only once loaded, so any number of threads may share it. */
struct calendar_book {
	int first_year, last_year; /* every year in between is listed */
	int32_t first_day, last_day;
	uint8_t *marks;                 /* enum calendar_mark of each day, first_day..last_day */
	struct calendar_entry *entries; /* by first day */
	size_t nentries;
	char origin[512];  /* where it was read from: a path or "built-in" */
	char version[128]; /* "chinese-days 1.5.7", or "" when the file names none */
};

/* Parses and checks the text of a holidays.json (n bytes at text, named
 * origin in messages) into a new book in *out, which the caller frees with
 * calendar_book_free. A book that is not right is refused whole, with a
 * message naming the line and what is wrong: a bad date, a date outside
 * its year, a year listed twice or missing between two others, a day both
 * a holiday and a make-up working day, a make-up working day that is not a
 * weekend day. ERR_PARSE (not JSON), ERR_INVALID or ERR_NOMEM. */
int calendar_book_parse(const char *text, size_t n, const char *origin, struct calendar_book **out, struct err *e);

/* Reads dir/holidays.json (dir NULL or "": ./rules/holidays.json when it
 * exists, else the copy built into the binary) and parses it as
 * calendar_book_parse does. */
int calendar_book_load(const char *dir, struct calendar_book **out, struct err *e);

void calendar_book_free(struct calendar_book *book);

/* ---- counting (days.c): pure ---------------------------------------- */

enum calendar_kind {
	CALENDAR_WORKING, /* N working days (处罚法 Art.85: 二日、三日、五日、七日) */
	CALENDAR_DAYS,    /* N calendar days, the last moved to a working day */
};

/* "working" or "calendar" into *kind; -1 when it is neither. */
int calendar_kind_parse(struct slice s, enum calendar_kind *kind);
/* "working" or "calendar". */
const char *calendar_kind_name(enum calendar_kind kind);

/* The week's day of a day: 0 for Monday to 6 for Sunday. */
int calendar_weekday(int32_t day);

/* Whether day is a working day: a make-up working day, or a Monday to
 * Friday that is no holiday. A day outside the book is judged by the week
 * alone (calendar_due says when it did). */
bool calendar_is_working_day(const struct calendar_book *book, int32_t day);

/* What the book says of day (CALENDAR_UNLISTED outside it). */
enum calendar_mark calendar_mark_of(const struct calendar_book *book, int32_t day);

/* The last day of a period of n days (1..CALENDAR_MAX_PERIOD) of kind that
 * starts after the event day from (RULES.md "Days"): the event day is not
 * counted; n working days end on the n-th working day after it; n calendar
 * days end n days after it, or on the next working day when that is a rest
 * day. *provisional is set when the end lies after the book's last year
 * (counted on weekends alone: recount when the year is announced). A from
 * before the book's first year is ERR_INVALID naming the day and the
 * book's range; so is an n out of range. */
int calendar_due(const struct calendar_book *book, int32_t from, enum calendar_kind kind, int n, int32_t *due,
                 bool *provisional, struct err *e);

/* ---- the command line (cli.c) and the API (api.c) --------------------- */

int calendar_cmd_due(struct cli *cli);
int calendar_cmd_show(struct cli *cli);

/* Ends with a row whose pattern is NULL. */
extern const struct http_route calendar_routes[];
/* The book the routes answer from, loaded at start; NULL after stop. */
int calendar_api_start(const char *rules_dir, struct err *e);
void calendar_api_stop(void);

#endif
