/* The pure scoring of service reputation (reputation.h). */
#include "reputation.h"
#include "base/datetime.h"

#include <string.h>

/* The anniversary of (month, day) in year: 29 February is 28 February in
 * a common year (the month has no such day: its last day stands for it). */
static int32_t anniversary(int year, int month, int day)
{
	if (month == 2 && day == 29) {
		bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
		if (!leap)
			day = 28;
	}
	return days_from_civil(year, month, day);
}

void taxi_cycle_of(int32_t first, int32_t day, int32_t *from, int32_t *to)
{
	int fy, fm, fd, y, m, d;
	civil_from_days(first, &fy, &fm, &fd);
	if (day < first)
		day = first;
	civil_from_days(day, &y, &m, &d);
	int32_t start = anniversary(y, fm, fd);
	if (start > day)
		start = anniversary(--y, fm, fd);
	if (start < first)
		start = first;
	*from = start;
	*to = anniversary(y + 1, fm, fd) - 1;
}

const struct taxi_grade *taxi_grade_of(const struct taxi_rules *r, int score)
{
	for (int i = 0; i < r->ngrades; i++)
		if (score >= r->grade[i].min_score)
			return &r->grade[i];
	return r->ngrades ? &r->grade[r->ngrades - 1] : NULL;
}

void taxi_score(const struct taxi_rules *r, int32_t first, int32_t day, const struct taxi_deduction *d, size_t n,
                struct taxi_score *out)
{
	memset(out, 0, sizeof *out);
	taxi_cycle_of(first, day, &out->from, &out->to);
	for (size_t i = 0; i < n; i++) {
		if (d[i].day < out->from || d[i].day > out->to || d[i].points <= 0)
			continue;
		out->deducted += d[i].points;
		out->counted++;
	}
	out->score = r->full_points - out->deducted;
	if (out->score < 0)
		out->score = 0;
	out->grade = taxi_grade_of(r, out->score);
}

const struct taxi_violation_points *taxi_violation_find(const struct taxi_rules *r, const char *code)
{
	for (int i = 0; code && i < r->nviolations; i++)
		if (strcmp(r->violation[i].code, code) == 0)
			return &r->violation[i];
	return NULL;
}

bool taxi_points_allowed(const struct taxi_rules *r, int points)
{
	for (int i = 0; i < r->npoints; i++)
		if (r->points[i] == points)
			return true;
	return false;
}
