/* Complaint tickets (接诉即办, RULES.md section 6) as pure functions: the
 * rulebook (rules/tickets.json), the "137" clock of a ticket, and a
 * ticket's status as the fold of its events, each checked when it is
 * recorded. Nothing here reads a clock, a file or the database.
 *
 * What an event decided when it was recorded (a new deadline) is stored
 * with it and replayed as stored: a later rulebook edit never moves a
 * deadline of the past. */
#ifndef SUNROAD_TICKETS_FLOW_H
#define SUNROAD_TICKETS_FLOW_H

#include "calendar/calendar.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- the rulebook (book.c) -------------------------------------------- */

struct ticket_period {
	enum calendar_kind kind;
	int days;
};

/* One dated version of the clock. */
struct ticket_clock_rule {
	int32_t effective_from;
	const char *citation;
	int contact_minutes;
	struct ticket_period resolve, close;
};

struct ticket_code {
	const char *code, *name;
};

struct ticket_category {
	const char *code, *name, *group;
	const char *violation; /* the catalogue's violation a substantiated one is (NULL: none) */
	bool has_close;        /* its own closing period, besides the clock's */
	struct ticket_period close;
};

#define TICKET_MAX_CODES 64

struct ticket_rulebook {
	void *root; /* the parsed JSON, owning the texts */
	struct ticket_clock_rule clock[16];
	int nclocks; /* by effective_from, ascending */
	struct ticket_code channels[TICKET_MAX_CODES], kinds[TICKET_MAX_CODES];
	struct ticket_category categories[TICKET_MAX_CODES];
	int nchannels, nkinds, ncategories;
	const char *close_citation;
	const char *extension_citation;
	int extension_max_days;
	int duplicate_days;
	int remind_hours, urge_days, circular_working_days;
	int reopen_max_satisfaction, reopen_times;
	const char *number_pattern; /* "{year}-{seq}" */
	int seq_digits;
};

/* Reads rules/tickets.json (dir as rulebook_file_read takes it) and checks
 * it; ERR_INVALID names what is wrong. */
int ticket_rulebook_load(const char *dir, struct ticket_rulebook **out, struct err *e);
void ticket_rulebook_free(struct ticket_rulebook *rb);

/* A channel, kind or category by its code or its Chinese name (NULL: none). */
const struct ticket_code *ticket_channel_find(const struct ticket_rulebook *rb, const char *code_or_name);
const struct ticket_code *ticket_kind_find(const struct ticket_rulebook *rb, const char *code_or_name);
const struct ticket_category *ticket_category_find(const struct ticket_rulebook *rb, const char *code_or_name);

/* The clock in force on day (NULL before the first version). */
const struct ticket_clock_rule *ticket_clock_rule_on(const struct ticket_rulebook *rb, int32_t day);

/* The ticket's number: the pattern with {year} and {seq} (zero-padded). */
void ticket_number_format(const struct ticket_rulebook *rb, int year, int64_t seq, char *out, size_t size);

/* ---- the clock (clock.c) ------------------------------------------------ */

/* The three deadlines of a ticket: contact by an instant; resolve and
 * close by the end of a local day. */
struct ticket_deadlines {
	int64_t contact_at;
	int32_t resolve, close;
	bool resolve_provisional, close_provisional; /* past the calendar's last announced year */
	bool close_by_category;                      /* the category's period was the earlier */
};

/* The deadlines of a ticket received at received_at (Unix seconds) of
 * category (NULL: the clock alone), by the clock in force on the day of
 * receipt: the earliest deadline wins. ERR_INVALID when no clock is in
 * force or the day is before the calendar. */
int ticket_clock(const struct ticket_rulebook *rb, const struct ticket_category *category,
                 const struct calendar_book *book, int64_t received_at, struct ticket_deadlines *out, struct err *e);

/* ---- the fold (flow.c) ---------------------------------------------------- */

enum ticket_state {
	TICKET_RECEIVED,   /* 受理, not yet with a unit */
	TICKET_ASSIGNED,   /* 派单 to a unit (and officer) */
	TICKET_CONTACTED,  /* the caller contacted */
	TICKET_RETURNED,   /* 退单, waiting for a supervisor's ruling */
	TICKET_RESOLVED,   /* 办结 */
	TICKET_CALLED_BACK, /* 回访, with satisfaction */
	TICKET_CLOSED,
	TICKET_MERGED, /* into another ticket, which answers for it */
	TICKET_STATE_COUNT
};

enum ticket_event_type {
	TEV_ASSIGN,
	TEV_CONTACT,
	TEV_RETURN,
	TEV_RULE,
	TEV_EXTEND,
	TEV_RESOLVE,
	TEV_CALLBACK,
	TEV_REOPEN,
	TEV_CLOSE,
	TEV_MERGE,     /* this ticket merged into another */
	TEV_ABSORB,    /* another ticket merged into this one (recorded by the merge) */
	TEV_LINK_CASE, /* a penalty case opened from the ticket */
	TEV_COUNT
};

enum ticket_clock_name { CLOCK_CONTACT, CLOCK_RESOLVE, CLOCK_CLOSE, CLOCK_COUNT };

struct ticket_status {
	enum ticket_state state;
	enum ticket_state returned_from; /* TICKET_RETURNED: the state to go back to */
	int64_t received_at, last_at;
	struct ticket_deadlines due;
	/* When the acts of the current round were done (0: not yet). */
	int64_t contacted_at, resolved_at, called_back_at, closed_at;
	int satisfaction; /* 1..5, 0: none */
	int reopened;     /* times */
	int returns;
	char unit[33], officer[65];
	int extended_days[CLOCK_COUNT];
};

struct ticket_event {
	enum ticket_event_type type;
	int64_t at;
	char unit[33], officer[65]; /* assign; rule (accepted, reassigned) */
	bool accept;                /* rule */
	int satisfaction;           /* callback */
	enum ticket_clock_name clock; /* extend: resolve or close */
	int days;                   /* extend */
	/* What recording it decided, stored with it: new deadlines. */
	bool sets_due;
	struct ticket_deadlines sets;
};

struct ticket_refusal {
	const char *reason; /* stable: "contact_before_assign" */
	const char *rule;   /* the rule it breaks: "assign", "order", "reopen", ... */
};

/* A new ticket's status. */
void ticket_open(struct ticket_status *s, int64_t received_at, const struct ticket_deadlines *due);

/* Checks ev against s at now (Unix seconds) and, when it may be recorded,
 * fills in what it sets and folds it in: 0, 1 (refused: why), or a
 * negative ERR_* from the calendar. */
int ticket_record(const struct ticket_rulebook *rb, const struct calendar_book *book, struct ticket_status *s,
                  struct ticket_event *ev, int64_t now, struct ticket_refusal *why, struct err *e);

/* Folds a stored event in as it was recorded (no check). */
void ticket_replay(struct ticket_status *s, const struct ticket_event *ev);

/* Where one clock stands at the instant at: done (when), done late,
 * pending, at risk (within remind_hours), or overdue; and for an overdue
 * one, the day of the urging notice and of the circular. */
enum ticket_clock_state { CLOCK_DONE, CLOCK_DONE_LATE, CLOCK_PENDING, CLOCK_AT_RISK, CLOCK_OVERDUE };
struct ticket_clock_view {
	enum ticket_clock_state state;
	int64_t due_at;   /* the instant it runs out (a day's deadline: its end, local time) */
	int64_t done_at;  /* 0: not done */
	int64_t left_s;   /* seconds left at `at` (negative: overdue by) */
	int32_t urge_on, circular_on; /* overdue: the escalation days (0: none) */
};
int ticket_clock_view(const struct ticket_rulebook *rb, const struct calendar_book *book, const struct ticket_status *s,
                      enum ticket_clock_name which, int64_t at, struct ticket_clock_view *out);

const char *ticket_state_name(enum ticket_state s);
const char *ticket_event_name(enum ticket_event_type t);
int ticket_event_parse(const char *name);
const char *ticket_clock_name(enum ticket_clock_name c);
const char *ticket_clock_state_name(enum ticket_clock_state s);

#endif
