/* The penalty procedure (处罚法, 程序规定; RULES.md section 4) as pure
 * functions: a case's status is the fold of its events, each event checked
 * against the rules in force on its day and the official calendar when it
 * is recorded. Nothing here reads a clock, a file or the database.
 *
 * What an event decided when it was recorded (the deadlines it set, with
 * the rule each came from) is stored with it, and replaying a case takes
 * those values as stored: a later rulebook edit never moves a deadline of
 * the past. */
#ifndef SUNROAD_CASES_PROCEDURE_H
#define SUNROAD_CASES_PROCEDURE_H

#include "calendar/calendar.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- the rules (rules.c: rules/cases.json) --------------------------- */

enum case_rule {
	CASE_RULE_LIMITATION,
	CASE_RULE_OFFICERS,
	CASE_RULE_SUMMARY,
	CASE_RULE_NOTICE,
	CASE_RULE_STATEMENT,
	CASE_RULE_HEARING_THRESHOLD,
	CASE_RULE_HEARING_REQUEST,
	CASE_RULE_HEARING_NOTICE,
	CASE_RULE_HEARING_CHAIR,
	CASE_RULE_LEGAL_REVIEW,
	CASE_RULE_NO_HEAVIER,
	CASE_RULE_DECISION,
	CASE_RULE_SERVICE,
	CASE_RULE_PAYMENT,
	CASE_RULE_LATE_FINE,
	CASE_RULE_REPORT_HOME,
	CASE_RULE_REPEAT_OFFENDERS,
	CASE_RULE_CASE_NUMBER,
	CASE_RULE_OPENING,
	CASE_RULE_COUNT
};

/* A period counted on the calendar after its event's day. */
struct case_period {
	enum calendar_kind kind;
	int days;
};

/* The rules in force on one day. Texts point into the rulebook. */
struct case_rules {
	const char *id[CASE_RULE_COUNT];       /* "statement" */
	const char *citation[CASE_RULE_COUNT]; /* the law, article and words */
	int32_t effective_from[CASE_RULE_COUNT];
	int limitation_years;
	int min_officers;
	int64_t summary_max_fen[2];         /* [person, organisation] */
	int64_t hearing_min_fen[2];         /* a fine from this amount offers a hearing */
	struct case_period statement, hearing_request, hearing_notice, decision, service, payment, report_home;
	int extension_max_days;
	int late_fine_per_day_bp; /* 300: 3 % of the fine a day */
	/* 条例 Art.66: in any `repeat_days` days, a vehicle or a driver with
	 * more than repeat_more_than[0 / 1] violations, a carrier whose
	 * over-limit vehicles exceed repeat_fleet_bp of its fleet. */
	int repeat_days, repeat_more_than[2], repeat_fleet_bp;
	const char *number_pattern; /* "鄂交执罚〔{year}〕{seq}号" */
	int seq_digits;
};

struct case_rulebook;

/* Reads rules/cases.json (dir as rulebook_file_read takes it) and checks
 * it whole: every rule known, dated, with its values; ERR_INVALID names
 * the rule and the field. */
int case_rulebook_load(const char *dir, struct case_rulebook **out, struct err *e);
void case_rulebook_free(struct case_rulebook *book);
/* The rules in force on day; ERR_INVALID when a rule was not yet in force. */
int case_rules_on(const struct case_rulebook *book, int32_t day, struct case_rules *out, struct err *e);

/* The case number of the seq-th case of year by the pattern:
 * "鄂交执罚〔2023〕0007号". */
void case_number_format(const struct case_rules *r, int year, int64_t seq, char *out, size_t size);

/* ---- the procedure (procedure.c) ------------------------------------- */

enum case_party_kind { PARTY_PERSON, PARTY_ORGANISATION };

enum case_state {
	CASE_OPENED,
	CASE_NOTIFIED,
	CASE_HEARING_REQUESTED,
	CASE_HEARD,
	CASE_DECIDED,
	CASE_SERVED,
	CASE_PAID,
	CASE_DEMANDED,
	CASE_ENFORCED,
	CASE_REFERRED,
	CASE_WAIVED,
	CASE_CLOSED,
};

enum case_event_type {
	EVENT_NOTIFY,          /* 告知: the intended penalty, the rights */
	EVENT_STATEMENT,       /* 陈述申辩 received */
	EVENT_HEARING_REQUEST, /* 听证申请 */
	EVENT_HEARING,         /* 听证举行, by a chair who did not investigate */
	EVENT_REVIEW,          /* 法制审核 */
	EVENT_DECIDE,          /* 处罚决定 */
	EVENT_SERVE,           /* 送达 */
	EVENT_PAY,             /* 缴款, late fine included */
	EVENT_DEMAND,          /* 催告 */
	EVENT_ENFORCE,         /* 申请法院强制执行 */
	EVENT_CLOSE,           /* 结案 */
	EVENT_REPORT,          /* 抄告车籍地 */
	EVENT_EXTEND,          /* 延长办案期限, approved by a chief */
	EVENT_REFER,           /* 移送公安 (one act, one fine) */
	EVENT_WAIVE,           /* 首违不罚 */
	EVENT_APPROVE,         /* 立案审批 of a case an officer opened, by a chief */
	EVENT_TYPE_COUNT
};

/* A deadline: the last day an act is in time, and whether it lies past
 * the calendar's last announced year (counted on weekends alone). */
struct case_deadline {
	bool set;
	int32_t day;
	bool provisional;
	enum case_rule rule;
	int32_t from;              /* the day the period counts after */
	struct case_period period; /* what was counted */
	int32_t was;               /* a provisional day recounted since (0: none) */
};

enum case_deadline_name {
	DUE_DECISION,
	DUE_STATEMENT,
	DUE_HEARING_REQUEST,
	DUE_SERVICE,
	DUE_PAYMENT,
	DUE_REPORT_HOME,
	DUE_COUNT
};

#define CASE_MAX_OFFICERS 4

/* One act of the procedure as recorded. */
struct case_event {
	enum case_event_type type;
	int32_t on;         /* the day it happened */
	int64_t fine_fen;   /* notify: the intended fine; decide: the fine */
	int64_t amount_fen; /* pay */
	int days;           /* extend */
	char chair[33];     /* hearing: the chair's badge */
	/* What recording it decided, stored with it (replayed as stored). */
	struct case_deadline sets[DUE_COUNT];
	bool hearing_offered; /* notify */
	bool late;            /* an act after its deadline that the law still takes (service) */
	int64_t late_fine_fen; /* pay: the late fine paid */
};

/* A case as its events have made it. */
struct case_status {
	enum case_state state;
	bool summary;
	enum case_party_kind party;
	char officers[CASE_MAX_OFFICERS][33];
	int nofficers;
	int32_t opened_on, last_on;
	int64_t proposed_fine_fen, notified_fine_fen, fine_fen;
	bool hearing_offered, hearing_requested, heard, reviewed, stated, reported;
	bool approved; /* the opening approved by a chief (a chief's own, or an approve act) */
	int32_t notified_on, hearing_requested_on, decided_on, served_on, paid_on, closed_on;
	int extension_days;
	int64_t paid_fen;
	struct case_deadline due[DUE_COUNT];
};

/* A refusal: the stable reason, the rule it breaks and a day or amount it
 * names (0 when none). */
struct case_refusal {
	const char *reason;
	enum case_rule rule;
	int32_t day;
	int64_t fen;
};

/* The status of a case just opened on opened_on (its decision deadline
 * set from r and the calendar). ERR_INVALID when the calendar cannot
 * count from that day. */
int case_open(const struct case_rules *r, const struct calendar_book *book, int32_t opened_on, bool summary,
              enum case_party_kind party, int64_t proposed_fine_fen, struct case_status *s, struct err *e);

/* Records ev on s: checks it against the procedure and the rules in
 * force on its day (r), fills in what it sets (ev->sets and the rest) and
 * applies it. Returns 0 (applied), 1 (refused: *why says by which rule,
 * s unchanged) or a negative ERR_* (the calendar could not count). */
int case_record(const struct case_rules *r, const struct calendar_book *book, struct case_status *s,
                struct case_event *ev, int32_t today, struct case_refusal *why, struct err *e);

/* Applies an event as it was recorded (its sets as stored), unchecked. */
void case_replay(struct case_status *s, const struct case_event *ev);

/* Recounts a provisional deadline on book, which may have the year
 * announced since: the day moves to what the official calendar gives and
 * `was` keeps the provisional one. Returns whether it changed; a deadline
 * still beyond the book stays provisional. */
bool case_deadline_recount(const struct calendar_book *book, struct case_deadline *d);

/* The late fine owed on day: 3 % of the fine for each day after the
 * payment deadline, never more than the fine (0 before, or unpaid fine 0). */
int64_t case_late_fine(const struct case_rules *r, const struct case_status *s, int32_t day);

/* The hearing threshold: whether a fine of fen offers a hearing. */
bool case_hearing_offered(const struct case_rules *r, enum case_party_kind party, int64_t fen);

/* The next deadline a handler must meet in s's state (NULL when none),
 * for the lists' "days left". */
const struct case_deadline *case_next_due(const struct case_status *s);

/* Names: "opened", "notify", "decision", "person"; and back (-1: unknown). */
const char *case_state_name(enum case_state state);
const char *case_event_name(enum case_event_type type);
int case_event_parse(const char *name);
const char *case_due_name(enum case_deadline_name due);
const char *case_rule_name(enum case_rule rule);

#endif
