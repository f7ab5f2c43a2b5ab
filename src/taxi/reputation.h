/* Service reputation of taxi drivers (服务质量信誉考核, RULES.md section 6):
 * each 12-month cycle a driver starts with the rulebook's full points (20)
 * and loses 1, 3, 5, 10 or 20 for each substantiated violation (a decided
 * penalty case, or a deduction an officer records with a reason); the
 * score never goes below 0, and its grade (AAA ... B) names the measure at
 * the bottom (retraining).
 *
 * The cycle: 12 months from the driver's first qualification day (初次注册
 * 取得从业资格证件之日), restarting on each anniversary; a cycle that
 * starts on 29 February starts on 28 February in a common year. A
 * deduction counts in the cycle of its day: the decision day of a case
 * (the violation is substantiated then), the day an officer gives for a
 * manual one.
 *
 * Pure: plain structs in and out, no I/O, no clock (the day is an
 * argument). The rulebook (rules.c, rules/taxi.json) fills taxi_rules. */
#ifndef SUNROAD_TAXI_REPUTATION_H
#define SUNROAD_TAXI_REPUTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TAXI_MAX_VIOLATIONS 32
#define TAXI_MAX_GRADES     8
#define TAXI_MAX_POINTS     8

struct taxi_violation_points {
	const char *code; /* "taxi_refuse", as rules/violations.json names it */
	int points;
	const char *citation;
};

struct taxi_grade {
	const char *grade;        /* "AAA", "B" */
	const char *name;         /* "AAA级" */
	int min_score;            /* the lowest score of the grade */
	const char *measure;      /* "" or "retraining" */
	const char *measure_name; /* the measure in words */
};

/* The rules of service reputation. Texts point into the loaded rulebook. */
struct taxi_rules {
	int full_points;
	int points[TAXI_MAX_POINTS]; /* what one deduction may take: 1 3 5 10 20 */
	int npoints;
	struct taxi_violation_points violation[TAXI_MAX_VIOLATIONS];
	int nviolations;
	struct taxi_grade grade[TAXI_MAX_GRADES]; /* by min_score, highest first */
	int ngrades;
	const char *citation, *cycle_citation, *grades_citation;
	int32_t effective_from;
};

/* One deduction as scored: its day and points. */
struct taxi_deduction {
	int32_t day;
	int points;
};

/* A cycle scored. */
struct taxi_score {
	int32_t from, to; /* the cycle's first and last day */
	int deducted;     /* the points of the cycle's deductions, summed */
	int score;        /* full - deducted, never below 0 */
	int counted;      /* the deductions that fell in the cycle */
	const struct taxi_grade *grade;
};

/* The cycle of a driver first qualified on `first` that holds `day` (a day
 * before `first` is in the first cycle): *from its first day, *to its last. */
void taxi_cycle_of(int32_t first, int32_t day, int32_t *from, int32_t *to);

/* Scores the cycle holding day: the deductions (n of them, any order, any
 * cycle) dated within it are summed. */
void taxi_score(const struct taxi_rules *r, int32_t first, int32_t day, const struct taxi_deduction *d, size_t n,
                struct taxi_score *out);

/* The grade of a score (the first whose min_score it reaches). */
const struct taxi_grade *taxi_grade_of(const struct taxi_rules *r, int score);

/* The points a violation code costs (NULL when the rulebook has none). */
const struct taxi_violation_points *taxi_violation_find(const struct taxi_rules *r, const char *code);

/* Whether one deduction may take these points (one of r->points). */
bool taxi_points_allowed(const struct taxi_rules *r, int points);

#endif
