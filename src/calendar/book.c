/* The holiday book: rules/holidays.json read into one mark a day, checked
 * as it is read so that an agency's hand-added year is either right or
 * refused with the line that is wrong. */
#include "calendar.h"
#include "base/datetime.h"
#include "base/rulebook_file.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_YEAR 1900 /* the years of base/datetime.h's dates */
#define LAST_YEAR  2998 /* so that a period may end in the year after */

/* An entry as read, with the line it was found on, for messages. */
struct entry_read {
	struct calendar_entry entry;
	int line;
	int year;
};

/* What the reader carries: the text for finding lines, and what was read. */
struct reader {
	const char *text;
	size_t n;
	const char *origin;
	struct err *e;
	struct entry_read *entries;
	size_t count, cap;
	size_t seen_at; /* line_at's memo: the line of offset seen_at */
	int seen_line;
};

/* The line of byte offset at in the text; the offsets asked for mostly
 * grow, so it counts on from the last one. */
static int line_at(struct reader *r, size_t at)
{
	if (at < r->seen_at || !r->seen_line) {
		r->seen_at = 0;
		r->seen_line = 1;
	}
	for (; r->seen_at < at && r->seen_at < r->n; r->seen_at++)
		r->seen_line += r->text[r->seen_at] == '\n';
	return r->seen_line;
}

/* The offset of the first needle at or after from, or from when there is
 * none. jansson keeps no positions, but the book's values appear in the
 * text in the order they are read, so a search from the last one finds
 * each in its place. */
static size_t locate(const struct reader *r, size_t from, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = from; k && i + k <= r->n; i++)
		if (memcmp(r->text + i, needle, k) == 0)
			return i;
	return from;
}

/* Sets the reader's error: "ORIGIN: line L: MESSAGE". Returns ERR_INVALID. */
static int fail(const struct reader *r, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(const struct reader *r, int line, const char *fmt, ...)
{
	char msg[sizeof r->e->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(r->e, ERR_INVALID, "%s: line %d: %s", r->origin, line, msg);
}

/* Whether every key of object is in the space-separated list known. */
static int known_keys(const struct reader *r, json_t *object, const char *known, int line, const char *what)
{
	const char *key;
	json_t *value;
	json_object_foreach(object, key, value)
	{
		size_t k = strlen(key);
		const char *p = known;
		bool found = false;
		while (*p && !found) {
			size_t len = strcspn(p, " ");
			found = len == k && memcmp(p, key, k) == 0;
			p += len + (p[len] == ' ');
		}
		if (!found)
			return fail(r, line, "%s has the unknown key \"%s\" (known: %s)", what, key, known);
	}
	return 0;
}

/* A date member of an entry: a string YYYY-MM-DD in year. */
static int entry_date(const struct reader *r, json_t *entry, const char *key, int year, int line, const char *list,
                      int32_t *day)
{
	json_t *v = json_object_get(entry, key);
	const char *s = json_string_value(v);
	if (!s)
		return fail(r, line, "year %d, %s: \"%s\" must be a date \"YYYY-MM-DD\"", year, list, key);
	if (date_parse(slice_from(s), day))
		return fail(r, line, "year %d, %s: \"%s\" is \"%.40s\", not a date YYYY-MM-DD", year, list, key, s);
	int y, m, d;
	civil_from_days(*day, &y, &m, &d);
	if (y != year)
		return fail(r, line, "year %d, %s: %s is not in %d (each year lists the days of its own year)", year,
		            list, s, year);
	return 0;
}

static int add_entry(struct reader *r, const struct entry_read *er)
{
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct entry_read *p = realloc(r->entries, cap * sizeof *p);
		if (!p)
			return err_set(r->e, ERR_NOMEM, "out of memory reading %s", r->origin);
		r->entries = p;
		r->cap = cap;
	}
	r->entries[r->count++] = *er;
	return 0;
}

static const char *const weekday_names[7] = { "Monday", "Tuesday",  "Wednesday", "Thursday",
	                                      "Friday", "Saturday", "Sunday" };

/* One list of a year ("holidays" or "workdays"); *at is the reader's place
 * in the text, moved past each entry found. */
static int read_list(struct reader *r, json_t *year_object, int year, const char *list, enum calendar_mark mark,
                     size_t *at, int year_line)
{
	json_t *entries = json_object_get(year_object, list);
	if (!json_is_array(entries))
		return fail(r, year_line, "year %d: \"%s\" must be a list (it may be empty: [])", year, list);
	char quoted[32];
	snprintf(quoted, sizeof quoted, "\"%s\"", list);
	size_t cursor = locate(r, *at, quoted);
	size_t i;
	json_t *entry;
	json_array_foreach(entries, i, entry)
	{
		/* The entry's first date, as written, marks its place. */
		const char *first = json_string_value(json_object_get(entry, "date"));
		if (!first)
			first = json_string_value(json_object_get(entry, "from"));
		if (first) {
			char needle[64];
			snprintf(needle, sizeof needle, "\"%.40s\"", first);
			cursor = locate(r, cursor, needle);
		}
		int line = line_at(r, cursor);
		/* Past this entry, whose other dates must not be taken for the next one's. */
		cursor = locate(r, cursor, "}") + 1;
		if (!json_is_object(entry))
			return fail(r, line, "year %d, %s: entry %zu must be an object {\"name\", \"date\"}", year,
			            list, i + 1);
		char what[64];
		snprintf(what, sizeof what, "year %d, %s, entry %zu,", year, list, i + 1);
		if (known_keys(r, entry, "name date from to", line, what))
			return r->e->code;
		const char *name = json_string_value(json_object_get(entry, "name"));
		if (!name || !*name)
			return fail(r, line, "year %d, %s: entry %zu has no \"name\" (the holiday: \"春节\")", year,
			            list, i + 1);
		struct entry_read er = { .entry = { .mark = mark }, .line = line, .year = year };
		bool has_date = json_object_get(entry, "date"),
		     has_range = json_object_get(entry, "from") || json_object_get(entry, "to");
		if (has_date == has_range)
			return fail(r, line, "year %d, %s: entry %zu needs either \"date\" or \"from\" and \"to\"",
			            year, list, i + 1);
		int rc = has_date ? entry_date(r, entry, "date", year, line, list, &er.entry.from)
		                  : entry_date(r, entry, "from", year, line, list, &er.entry.from);
		if (!rc)
			rc = has_date ? (er.entry.to = er.entry.from, 0)
			              : entry_date(r, entry, "to", year, line, list, &er.entry.to);
		if (rc)
			return rc;
		char from[11], to[11];
		date_format(er.entry.from, from);
		date_format(er.entry.to, to);
		if (er.entry.to < er.entry.from)
			return fail(r, line, "year %d, %s: \"from\" %s is after \"to\" %s", year, list, from, to);
		if (mark == CALENDAR_WORKDAY)
			for (int32_t d = er.entry.from; d <= er.entry.to; d++)
				if (calendar_weekday(d) < 5) {
					date_format(d, from);
					return fail(
					    r, line,
					    "year %d, workdays: %s is a %s; a make-up working day is a Saturday or "
					    "a Sunday",
					    year, from, weekday_names[calendar_weekday(d)]);
				}
		er.entry.name = strdup(name);
		if (!er.entry.name || add_entry(r, &er)) {
			free(er.entry.name);
			return err_set(r->e, ERR_NOMEM, "out of memory reading %s", r->origin);
		}
	}
	*at = cursor;
	return 0;
}

static int read_years(struct reader *r, json_t *years, int *first, int *last)
{
	int line_of_year[LAST_YEAR - FIRST_YEAR + 1] = { 0 };
	size_t at = 0, i;
	json_t *y;
	*first = LAST_YEAR + 1;
	*last = FIRST_YEAR - 1;
	json_array_foreach(years, i, y)
	{
		at = locate(r, at, "\"year\"");
		int line = line_at(r, at);
		json_t *number = json_object_get(y, "year");
		if (!json_is_integer(number) || json_integer_value(number) < FIRST_YEAR ||
		    json_integer_value(number) > LAST_YEAR)
			return fail(r, line, "years, entry %zu: \"year\" must be a year from %d to %d", i + 1,
			            FIRST_YEAR, LAST_YEAR);
		int year = (int)json_integer_value(number);
		if (line_of_year[year - FIRST_YEAR])
			return fail(r, line, "year %d is listed twice (also on line %d)", year,
			            line_of_year[year - FIRST_YEAR]);
		line_of_year[year - FIRST_YEAR] = line;
		char what[32];
		snprintf(what, sizeof what, "year %d", year);
		if (known_keys(r, y, "year holidays workdays source note", line, what))
			return r->e->code;
		size_t year_at = at;
		if (read_list(r, y, year, "holidays", CALENDAR_HOLIDAY, &at, line) ||
		    read_list(r, y, year, "workdays", CALENDAR_WORKDAY, &year_at, line))
			return r->e->code;
		if (year_at > at)
			at = year_at;
		at++;
		if (year < *first)
			*first = year;
		if (year > *last)
			*last = year;
	}
	if (*first > *last)
		return fail(r, 1, "\"years\" lists no year");
	for (int year = *first; year <= *last; year++)
		if (!line_of_year[year - FIRST_YEAR])
			return fail(r, 1, "year %d is missing: the calendar must list every year from %d to %d", year,
			            *first, *last);
	return 0;
}

static int by_first_day(const void *a, const void *b)
{
	const struct entry_read *x = a, *y = b;
	return x->entry.from < y->entry.from ? -1 : x->entry.from > y->entry.from ? 1 : x->line - y->line;
}

/* Marks every day of every entry; a day marked twice is an error. */
static int mark_days(struct reader *r, struct calendar_book *b)
{
	const struct entry_read **by_day = calloc((size_t)(b->last_day - b->first_day + 1), sizeof *by_day);
	if (!by_day)
		return err_set(r->e, ERR_NOMEM, "out of memory reading %s", r->origin);
	int rc = 0;
	for (size_t i = 0; i < r->count && !rc; i++) {
		const struct entry_read *er = &r->entries[i];
		for (int32_t d = er->entry.from; d <= er->entry.to && !rc; d++) {
			const struct entry_read *other = by_day[d - b->first_day];
			char date[11];
			date_format(d, date);
			if (!other)
				by_day[d - b->first_day] = er;
			else if (other->entry.mark == er->entry.mark)
				rc = fail(r, er->line, "%s is listed twice as a %s (also on line %d)", date,
				          er->entry.mark == CALENDAR_HOLIDAY ? "holiday" : "make-up working day",
				          other->line);
			else
				rc = fail(r, er->line,
				          "%s is both a holiday and a make-up working day (lines %d and %d)", date,
				          other->line < er->line ? other->line : er->line,
				          other->line < er->line ? er->line : other->line);
			if (!rc)
				b->marks[d - b->first_day] = (uint8_t)er->entry.mark;
		}
	}
	free(by_day);
	return rc;
}

static void version_of(json_t *root, char *out, size_t size)
{
	const char *package = json_string_value(json_object_get(root, "package"));
	const char *version = json_string_value(json_object_get(root, "version"));
	snprintf(out, size, "%s%s%s", package && version ? package : "", package && version ? " " : "",
	         version ? version : "");
}

int calendar_book_parse(const char *text, size_t n, const char *origin, struct calendar_book **out, struct err *e)
{
	*out = NULL;
	json_error_t jerr;
	json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return err_set(e, ERR_PARSE, "%s: line %d: not valid JSON: %s", origin, jerr.line, jerr.text);
	struct reader r = { .text = text, .n = n, .origin = origin, .e = e };
	struct calendar_book *b = calloc(1, sizeof *b);
	int rc = b ? 0 : err_set(e, ERR_NOMEM, "out of memory reading %s", origin);
	json_t *years = json_object_get(root, "years");
	if (!rc && !json_is_object(root))
		rc = fail(&r, 1, "the book must be an object with \"years\"");
	if (!rc && known_keys(&r, root, "title source package version generated_by note years", 1, "the book"))
		rc = e->code;
	if (!rc && !json_is_array(years))
		rc = fail(&r, 1, "\"years\" must be a list of years");
	if (!rc)
		rc = read_years(&r, years, &b->first_year, &b->last_year);
	if (!rc) {
		b->first_day = days_from_civil(b->first_year, 1, 1);
		b->last_day = days_from_civil(b->last_year, 12, 31);
		b->marks = calloc((size_t)(b->last_day - b->first_day + 1), 1);
		b->entries = calloc(r.count ? r.count : 1, sizeof *b->entries);
		if (!b->marks || !b->entries)
			rc = err_set(e, ERR_NOMEM, "out of memory reading %s", origin);
	}
	if (!rc) {
		if (r.count) /* qsort wants an array, even of nothing */
			qsort(r.entries, r.count, sizeof *r.entries, by_first_day);
		rc = mark_days(&r, b);
	}
	if (!rc) {
		/* The names move to the book. */
		for (size_t i = 0; i < r.count; i++) {
			b->entries[i] = r.entries[i].entry;
			r.entries[i].entry.name = NULL;
		}
		b->nentries = r.count;
		snprintf(b->origin, sizeof b->origin, "%s", origin);
		version_of(root, b->version, sizeof b->version);
	}
	for (size_t i = 0; i < r.count; i++)
		free(r.entries[i].entry.name);
	free(r.entries);
	json_decref(root);
	if (rc) {
		calendar_book_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int calendar_book_load(const char *dir, struct calendar_book **out, struct err *e)
{
	struct buf text;
	char origin[512];
	buf_init(&text);
	int rc = rulebook_file_read("holidays", dir, false, &text, origin, sizeof origin, e);
	if (rc == 0)
		rc = calendar_book_parse(text.p, text.n,
		                         strcmp(origin, "built-in") ? origin : "holidays.json (built-in)", out, e);
	buf_release(&text);
	return rc;
}

void calendar_book_free(struct calendar_book *book)
{
	if (!book)
		return;
	for (size_t i = 0; i < book->nentries; i++)
		free(book->entries[i].name);
	free(book->entries);
	free(book->marks);
	free(book);
}
