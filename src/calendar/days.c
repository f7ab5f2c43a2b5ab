/* Counting periods on the official calendar (RULES.md "Days", 民法典
 * Art.201-203, 处罚法 Art.85). Pure: the book and a day in, a day out. */
#include "calendar.h"
#include "base/datetime.h"

int calendar_kind_parse(struct slice s, enum calendar_kind *kind)
{
	if (slice_eq(s, "working"))
		*kind = CALENDAR_WORKING;
	else if (slice_eq(s, "calendar"))
		*kind = CALENDAR_DAYS;
	else
		return -1;
	return 0;
}

const char *calendar_kind_name(enum calendar_kind kind)
{
	return kind == CALENDAR_WORKING ? "working" : "calendar";
}

int calendar_weekday(int32_t day)
{
	/* 1970-01-01, day 0, was a Thursday. */
	return (int)(((day % 7) + 7 + 3) % 7);
}

enum calendar_mark calendar_mark_of(const struct calendar_book *book, int32_t day)
{
	if (day < book->first_day || day > book->last_day)
		return CALENDAR_UNLISTED;
	return (enum calendar_mark)book->marks[day - book->first_day];
}

bool calendar_is_working_day(const struct calendar_book *book, int32_t day)
{
	switch (calendar_mark_of(book, day)) {
	case CALENDAR_HOLIDAY:
		return false;
	case CALENDAR_WORKDAY:
		return true;
	case CALENDAR_UNLISTED:
		break;
	}
	return calendar_weekday(day) < 5;
}

int calendar_due(const struct calendar_book *book, int32_t from, enum calendar_kind kind, int n, int32_t *due,
                 bool *provisional, struct err *e)
{
	char date[11], first[11], last[11];
	if (from < book->first_day) {
		date_format(from, date);
		date_format(book->first_day, first);
		date_format(book->last_day, last);
		return err_set(e, ERR_INVALID,
		               "%s is before the holiday calendar, which covers %s to %s: a period cannot be counted "
		               "from it",
		               date, first, last);
	}
	if (n < 1 || n > CALENDAR_MAX_PERIOD)
		return err_set(e, ERR_INVALID, "n is %d: a period is 1 to %d days", n, CALENDAR_MAX_PERIOD);
	/* The event day is not counted: the period starts the next day. */
	int32_t day = from;
	if (kind == CALENDAR_WORKING) {
		for (int counted = 0; counted < n;)
			counted += calendar_is_working_day(book, ++day);
	} else {
		day = from + n;
		while (!calendar_is_working_day(book, day))
			day++;
	}
	*due = day;
	/* Every day counted lies between from and due: past the book's last
	 * year, some were judged by the week alone. */
	*provisional = day > book->last_day;
	return 0;
}
