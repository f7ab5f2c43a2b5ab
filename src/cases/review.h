/* Case-file review (案卷评查, RULES.md section 5): the score sheet of
 * rules/review.json, the items sunroad checks itself from a case, and the
 * score and grade of a sheet. Pure: no I/O but loading the sheet. */
#ifndef SUNROAD_CASES_REVIEW_H
#define SUNROAD_CASES_REVIEW_H

#include "procedure.h"

#include <stddef.h>

enum review_check {
	CHECK_NONE, /* the reviewer's */
	CHECK_TWO_OFFICERS,
	CHECK_APPROVED,
	CHECK_LIMITATION,
	CHECK_EVIDENCE,
	CHECK_FINE_MATCHES,
	CHECK_NOTICE,
	CHECK_STATEMENT,
	CHECK_HEARING,
	CHECK_LEGAL_REVIEW,
	CHECK_DECISION_TIME,
	CHECK_SERVED,
	CHECK_CLOSED,
	CHECK_REPORT,
	CHECK_FOOTAGE,
	CHECK_DOCUMENTS,
	CHECK_COUNT
};

struct review_item {
	const char *id, *text, *block, *block_name; /* owned by the sheet */
	int points;
	bool veto;
	enum review_check check;
};

struct review_grade {
	const char *grade, *name;
	int min;
};

struct review_sheet {
	void *root; /* the parsed JSON, owning the texts */
	struct review_item *items;
	size_t nitems;
	struct review_grade grades[8]; /* by min, highest first */
	int ngrades;
	const char *citation;
};

/* Reads rules/review.json (dir as rulebook_file_read takes it) and checks
 * it: the points add up to 100, every check known, grades descending. */
int review_sheet_load(const char *dir, struct review_sheet **out, struct err *e);
void review_sheet_free(struct review_sheet *sheet);
const struct review_item *review_item_find(const struct review_sheet *sheet, const char *id);

/* What a check reads of a case besides its fold. */
struct review_facts {
	const struct case_status *s;
	const struct case_rules *r; /* the rules of the case's opening */
	int nofficers;
	int certified; /* of them, those whose certificate was on record and valid at the opening */
	bool approved;
	bool from_detection;
	int64_t verdict_fine_fen; /* the detection's fine (from_detection) */
	int32_t occurred_day;
	bool served_late, reported, reported_late;
	int footage;            /* body-worn camera recordings the case and its acts reference */
	bool documents_issued;  /* the notice, the decision and its receipt issued by sunroad */
};

enum review_result { RESULT_UNKNOWN, RESULT_PASS, RESULT_FAIL };

/* Runs check c on a case: pass, fail (evidence says why), or unknown (the
 * case has not come that far, or it is the reviewer's to judge). */
enum review_result review_check_run(enum review_check c, const struct review_facts *f, char *evidence, size_t size);
const char *review_check_name(enum review_check c);

/* The grade of a score; a veto item failed makes the lowest grade. */
const struct review_grade *review_grade_of(const struct review_sheet *sheet, int score, bool vetoed);

#endif
