/* The command-line verbs of the calendar: the last day of periods, read
 * from CSV, and a year's holidays and make-up working days. */
#include "calendar.h"
#include "base/datetime.h"
#include "base/module.h"
#include "base/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const due_names[] = { "from", "kind", "n" };
enum { DUE_FROM, DUE_KIND, DUE_N, DUE_COUNT };

/* How much of a bad value a message shows. */
static int shown(struct slice s)
{
	return s.n > 40 ? 40 : (int)s.n;
}

/* Counts one row into out ("from,kind,n,due,provisional\n"), or says in e
 * what is wrong with it. */
static int due_row(const struct calendar_book *book, const struct record_reader *r, struct buf *out, struct err *e)
{
	if (r->why.code)
		return err_set(e, r->why.code, "the row %s", r->why.msg);
	for (int i = 0; i < DUE_COUNT; i++)
		if (!(r->present & (1u << i)) || !slice_trim(r->value[i]).n)
			return err_set(e, ERR_INVALID, "%s is empty", due_names[i]);
	struct slice from_text = slice_trim(r->value[DUE_FROM]), kind_text = slice_trim(r->value[DUE_KIND]);
	struct slice n_text = slice_trim(r->value[DUE_N]);
	int32_t from, due;
	enum calendar_kind kind;
	int64_t n;
	bool provisional;
	if (date_parse(from_text, &from))
		return err_set(e, ERR_INVALID, "from '%.*s' is not a date YYYY-MM-DD", shown(from_text), from_text.p);
	if (calendar_kind_parse(kind_text, &kind))
		return err_set(e, ERR_INVALID, "kind '%.*s' must be working or calendar", shown(kind_text),
		               kind_text.p);
	if (slice_to_int(n_text, &n) || n < 1 || n > CALENDAR_MAX_PERIOD)
		return err_set(e, ERR_INVALID, "n '%.*s' must be a whole number from 1 to %d", shown(n_text), n_text.p,
		               CALENDAR_MAX_PERIOD);
	int rc = calendar_due(book, from, kind, (int)n, &due, &provisional, e);
	if (rc)
		return rc;
	char a[11], b[11];
	date_format(from, a);
	date_format(due, b);
	buf_addf(out, "%s,%s,%d,%s,%d\n", a, calendar_kind_name(kind), (int)n, b, provisional);
	return 0;
}

int calendar_cmd_due(struct cli *cli)
{
	if (cli->nargs > 1)
		return cli_usage(cli);
	const char *path = cli->nargs ? cli->args[0] : "-";
	const char *name = cli->nargs && strcmp(path, "-") ? path : "standard input";
	struct calendar_book *book;
	struct err e = { 0 };
	if (calendar_book_load(cli->config->rules, &book, &e))
		return cli_fail(&e);
	static const struct record_schema schema = { due_names, DUE_COUNT, (1u << DUE_COUNT) - 1, 0 };
	struct record_reader r;
	if (record_open(&r, path, &schema, &e)) {
		calendar_book_free(book);
		return cli_fail(&e);
	}
	/* Every row is checked before any is written: on exit 1 nothing was,
	 * on exit 0 there is one row per input row. */
	struct buf out;
	buf_init(&out);
	buf_adds(&out, "from,kind,n,due,provisional\n");
	int rc = 0, bad = 0;
	if (r.format == RECORD_EMPTY) {
		fprintf(stderr, "sunroad: %s is empty: the first line must be the header from,kind,n\n", name);
		bad++;
	}
	while ((rc = record_next(&r, &e)) == 1) {
		struct err why = { 0 };
		if (due_row(book, &r, &out, &why)) {
			fprintf(stderr, "sunroad: %s: line %lld: %s\n", name, (long long)r.line, why.msg);
			bad++;
		}
	}
	if (rc < 0) {
		cli_fail(&e);
		bad++;
	}
	if (!bad)
		fwrite(out.p, 1, out.n, stdout);
	buf_release(&out);
	record_close(&r);
	calendar_book_free(book);
	return bad ? 1 : 0;
}

static const char *const weekdays[7] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

int calendar_cmd_show(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	int y, m, d;
	civil_from_days(local_day((int64_t)time(NULL)), &y, &m, &d);
	int year = (int)cli_long(cli, "year", y, 1900, 2998);
	struct calendar_book *book;
	struct err e = { 0 };
	if (calendar_book_load(cli->config->rules, &book, &e))
		return cli_fail(&e);
	if (year < book->first_year || year > book->last_year) {
		err_set(&e, ERR_NOTFOUND,
		        "%d is not in the holiday calendar, which covers %d to %d: add the year to holidays.json when "
		        "the State Council announces it (docs/calendar.md)",
		        year, book->first_year, book->last_year);
		calendar_book_free(book);
		return cli_fail(&e);
	}
	printf("%d 年放假和调休上班安排 (holidays and make-up working days)\n", year);
	printf("calendar: %d to %d, %s%s%s\n\n", book->first_year, book->last_year, book->origin,
	       *book->version ? ", " : "", book->version);
	for (size_t i = 0; i < book->nentries; i++) {
		const struct calendar_entry *x = &book->entries[i];
		civil_from_days(x->from, &y, &m, &d);
		if (y != year)
			continue;
		char from[11], to[11], when[40];
		date_format(x->from, from);
		date_format(x->to, to);
		if (x->from == x->to)
			snprintf(when, sizeof when, "%s %s", from, weekdays[calendar_weekday(x->from)]);
		else
			snprintf(when, sizeof when, "%s %s - %s %s", from, weekdays[calendar_weekday(x->from)], to,
			         weekdays[calendar_weekday(x->to)]);
		if (x->mark == CALENDAR_HOLIDAY)
			printf("%-31s  放假 holiday  %s, %d 天\n", when, x->name, (int)(x->to - x->from + 1));
		else
			printf("%-31s  上班 workday  %s\n", when, x->name);
	}
	int working = 0, total = 0;
	for (int32_t day = days_from_civil(year, 1, 1); day <= days_from_civil(year, 12, 31); day++, total++)
		working += calendar_is_working_day(book, day);
	printf("\n%d: %d working days, %d rest days\n", year, working, total - working);
	calendar_book_free(book);
	return 0;
}
