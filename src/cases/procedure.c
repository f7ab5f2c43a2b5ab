/* The penalty procedure as a fold of events (see procedure.h). */
#include "procedure.h"

#include <string.h>

static const char *const state_names[] = {
	[CASE_OPENED] = "opened",     [CASE_NOTIFIED] = "notified", [CASE_HEARING_REQUESTED] = "hearing_requested",
	[CASE_HEARD] = "heard",       [CASE_DECIDED] = "decided",   [CASE_SERVED] = "served",
	[CASE_PAID] = "paid",         [CASE_DEMANDED] = "demanded", [CASE_ENFORCED] = "enforced",
	[CASE_REFERRED] = "referred", [CASE_WAIVED] = "waived",     [CASE_CLOSED] = "closed",
};

static const char *const event_names[EVENT_TYPE_COUNT] = {
	[EVENT_NOTIFY] = "notify", [EVENT_STATEMENT] = "statement", [EVENT_HEARING_REQUEST] = "hearing_request",
	[EVENT_HEARING] = "hearing", [EVENT_REVIEW] = "review", [EVENT_DECIDE] = "decide",
	[EVENT_SERVE] = "serve", [EVENT_PAY] = "pay", [EVENT_DEMAND] = "demand",
	[EVENT_ENFORCE] = "enforce", [EVENT_CLOSE] = "close", [EVENT_REPORT] = "report",
	[EVENT_EXTEND] = "extend", [EVENT_REFER] = "refer", [EVENT_WAIVE] = "waive",
	[EVENT_APPROVE] = "approve",
};

static const char *const due_names[DUE_COUNT] = {
	[DUE_DECISION] = "decision", [DUE_STATEMENT] = "statement", [DUE_HEARING_REQUEST] = "hearing_request",
	[DUE_SERVICE] = "service",   [DUE_PAYMENT] = "payment",     [DUE_REPORT_HOME] = "report_home",
};

const char *case_state_name(enum case_state state)
{
	return state <= CASE_CLOSED ? state_names[state] : "";
}

const char *case_event_name(enum case_event_type type)
{
	return type < EVENT_TYPE_COUNT ? event_names[type] : "";
}

int case_event_parse(const char *name)
{
	for (int i = 0; name && i < EVENT_TYPE_COUNT; i++)
		if (strcmp(name, event_names[i]) == 0)
			return i;
	return -1;
}

const char *case_due_name(enum case_deadline_name due)
{
	return due < DUE_COUNT ? due_names[due] : "";
}

bool case_hearing_offered(const struct case_rules *r, enum case_party_kind party, int64_t fen)
{
	/* 较大数额: "以上" includes the amount itself. */
	return fen >= r->hearing_min_fen[party];
}

/* The deadline of a period of rule starting after day. */
static int deadline(const struct calendar_book *book, int32_t day, struct case_period p, enum case_rule rule,
                    struct case_deadline *out, struct err *e)
{
	*out = (struct case_deadline){ .set = true, .rule = rule, .from = day, .period = p };
	return calendar_due(book, day, p.kind, p.days, &out->day, &out->provisional, e);
}

bool case_deadline_recount(const struct calendar_book *book, struct case_deadline *d)
{
	if (!d->set || !d->provisional || d->period.days < 1)
		return false;
	int32_t day;
	bool provisional;
	if (calendar_due(book, d->from, d->period.kind, d->period.days, &day, &provisional, NULL))
		return false;
	d->provisional = provisional;
	if (day == d->day)
		return false;
	d->was = d->day;
	d->day = day;
	return true;
}

int case_open(const struct case_rules *r, const struct calendar_book *book, int32_t opened_on, bool summary,
              enum case_party_kind party, int64_t proposed_fine_fen, struct case_status *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	s->state = CASE_OPENED;
	s->summary = summary;
	s->party = party;
	s->opened_on = s->last_on = opened_on;
	s->proposed_fine_fen = proposed_fine_fen;
	return deadline(book, opened_on, r->decision, CASE_RULE_DECISION, &s->due[DUE_DECISION], e);
}

/* Whether the case has a decision (or ended without one). */
static bool decided(const struct case_status *s)
{
	return s->state >= CASE_DECIDED;
}

static int refuse(struct case_refusal *why, const char *reason, enum case_rule rule, int32_t day, int64_t fen)
{
	*why = (struct case_refusal){ reason, rule, day, fen };
	return 1;
}

int64_t case_late_fine(const struct case_rules *r, const struct case_status *s, int32_t day)
{
	const struct case_deadline *pay = &s->due[DUE_PAYMENT];
	if (!pay->set || s->fine_fen <= 0 || day <= pay->day)
		return 0;
	/* Whole fen, rounded down: the party's favour. */
	int64_t late = s->fine_fen * r->late_fine_per_day_bp / 10000 * (day - pay->day);
	return late < s->fine_fen ? late : s->fine_fen;
}

/* Checks ev against s and r; on success fills in what it sets. 0, 1
 * (refused), or a negative ERR_* from the calendar. */
static int check(const struct case_rules *r, const struct calendar_book *book, const struct case_status *s,
                 struct case_event *ev, struct case_refusal *why, struct err *e)
{
	enum case_state st = s->state;
	int32_t on = ev->on;
	switch (ev->type) {
	case EVENT_NOTIFY:
		if (st != CASE_OPENED)
			return refuse(why, "notify_not_now", CASE_RULE_NOTICE, 0, 0);
		if (ev->fine_fen < 0)
			return refuse(why, "fine_negative", CASE_RULE_NOTICE, 0, 0);
		if (s->summary && ev->fine_fen > r->summary_max_fen[s->party])
			return refuse(why, "summary_fine_too_high", CASE_RULE_SUMMARY, 0, r->summary_max_fen[s->party]);
		ev->hearing_offered = !s->summary && case_hearing_offered(r, s->party, ev->fine_fen);
		{
			int rc = deadline(book, on, r->statement, CASE_RULE_STATEMENT, &ev->sets[DUE_STATEMENT], e);
			if (!rc && ev->hearing_offered)
				rc = deadline(book, on, r->hearing_request, CASE_RULE_HEARING_REQUEST, &ev->sets[DUE_HEARING_REQUEST],
				              e);
			return rc;
		}
	case EVENT_STATEMENT:
		if (st != CASE_NOTIFIED && st != CASE_HEARING_REQUESTED && st != CASE_HEARD)
			return refuse(why, "statement_not_now", CASE_RULE_STATEMENT, 0, 0);
		/* On the spot (summary) the party speaks when told. */
		if (!s->summary && on > s->due[DUE_STATEMENT].day)
			return refuse(why, "statement_late", CASE_RULE_STATEMENT, s->due[DUE_STATEMENT].day, 0);
		return 0;
	case EVENT_HEARING_REQUEST:
		if (st != CASE_NOTIFIED || !s->hearing_offered)
			return refuse(why, s->hearing_offered ? "hearing_request_not_now" : "hearing_not_offered",
			              CASE_RULE_HEARING_THRESHOLD, 0, r->hearing_min_fen[s->party]);
		if (on > s->due[DUE_HEARING_REQUEST].day)
			return refuse(why, "hearing_request_late", CASE_RULE_HEARING_REQUEST, s->due[DUE_HEARING_REQUEST].day, 0);
		return 0;
	case EVENT_HEARING: {
		if (st != CASE_HEARING_REQUESTED)
			return refuse(why, "hearing_not_requested", CASE_RULE_HEARING_REQUEST, 0, 0);
		for (int i = 0; i < s->nofficers; i++)
			if (strcmp(s->officers[i], ev->chair) == 0)
				return refuse(why, "hearing_chair_investigated", CASE_RULE_HEARING_CHAIR, 0, 0);
		struct case_deadline notice;
		int rc = deadline(book, s->hearing_requested_on, r->hearing_notice, CASE_RULE_HEARING_NOTICE, &notice, e);
		if (rc)
			return rc;
		/* Notified the day it was asked for, the hearing is seven working
		 * days later at the earliest. */
		if (on < notice.day)
			return refuse(why, "hearing_notice_short", CASE_RULE_HEARING_NOTICE, notice.day, 0);
		return 0;
	}
	case EVENT_REVIEW:
		if (st < CASE_NOTIFIED || decided(s) || s->reviewed)
			return refuse(why, "review_not_now", CASE_RULE_LEGAL_REVIEW, 0, 0);
		return 0;
	case EVENT_DECIDE:
		if (st == CASE_OPENED)
			return refuse(why, "decision_before_notice", CASE_RULE_NOTICE, 0, 0);
		if (decided(s))
			return refuse(why, "decided_already", CASE_RULE_DECISION, 0, 0);
		if (st == CASE_HEARING_REQUESTED)
			return refuse(why, "decision_before_hearing", CASE_RULE_HEARING_REQUEST, 0, 0);
		if (ev->fine_fen < 0)
			return refuse(why, "fine_negative", CASE_RULE_NOTICE, 0, 0);
		if (ev->fine_fen > s->notified_fine_fen)
			return refuse(why, "decision_heavier_than_notice", CASE_RULE_NO_HEAVIER, 0, s->notified_fine_fen);
		if (s->hearing_offered && !s->reviewed)
			return refuse(why, "decision_without_review", CASE_RULE_LEGAL_REVIEW, 0, 0);
		if (!s->summary && !s->stated && on <= s->due[DUE_STATEMENT].day)
			return refuse(why, "decision_in_statement_period", CASE_RULE_STATEMENT, s->due[DUE_STATEMENT].day, 0);
		if (s->hearing_offered && !s->hearing_requested && on <= s->due[DUE_HEARING_REQUEST].day)
			return refuse(why, "decision_in_hearing_period", CASE_RULE_HEARING_REQUEST, s->due[DUE_HEARING_REQUEST].day,
			              0);
		if (on > s->due[DUE_DECISION].day)
			return refuse(why, "decision_late", CASE_RULE_DECISION, s->due[DUE_DECISION].day, 0);
		return deadline(book, on, r->service, CASE_RULE_SERVICE, &ev->sets[DUE_SERVICE], e);
	case EVENT_SERVE:
		if (st != CASE_DECIDED)
			return refuse(why, "serve_not_now", CASE_RULE_SERVICE, 0, 0);
		/* Served late it is still served: the file review counts it. */
		ev->late = on > s->due[DUE_SERVICE].day;
		return s->fine_fen > 0 ? deadline(book, on, r->payment, CASE_RULE_PAYMENT, &ev->sets[DUE_PAYMENT], e) : 0;
	case EVENT_PAY: {
		if ((st != CASE_SERVED && st != CASE_DEMANDED) || s->fine_fen <= 0)
			return refuse(why, "pay_not_now", CASE_RULE_PAYMENT, 0, 0);
		int64_t late = case_late_fine(r, s, on);
		if (ev->amount_fen != s->fine_fen + late)
			return refuse(why, "payment_amount", CASE_RULE_LATE_FINE, on, s->fine_fen + late);
		ev->late_fine_fen = late;
		return 0;
	}
	case EVENT_DEMAND:
		if (st != CASE_SERVED || s->fine_fen <= 0)
			return refuse(why, "demand_not_now", CASE_RULE_PAYMENT, 0, 0);
		if (on <= s->due[DUE_PAYMENT].day)
			return refuse(why, "demand_before_due", CASE_RULE_PAYMENT, s->due[DUE_PAYMENT].day, 0);
		return 0;
	case EVENT_ENFORCE:
		if (st != CASE_DEMANDED)
			return refuse(why, "enforce_not_now", CASE_RULE_PAYMENT, 0, 0);
		return 0;
	case EVENT_CLOSE: {
		bool done = st == CASE_PAID || st == CASE_ENFORCED || st == CASE_REFERRED || st == CASE_WAIVED ||
		            (st == CASE_SERVED && s->fine_fen == 0);
		if (!done)
			return refuse(why, "close_unfinished", st < CASE_DECIDED ? CASE_RULE_DECISION : CASE_RULE_PAYMENT, 0, 0);
		return deadline(book, on, r->report_home, CASE_RULE_REPORT_HOME, &ev->sets[DUE_REPORT_HOME], e);
	}
	case EVENT_REPORT:
		if (st != CASE_CLOSED || s->reported)
			return refuse(why, "report_not_now", CASE_RULE_REPORT_HOME, 0, 0);
		ev->late = on > s->due[DUE_REPORT_HOME].day;
		return 0;
	case EVENT_EXTEND: {
		if (decided(s))
			return refuse(why, "extend_not_now", CASE_RULE_DECISION, 0, 0);
		if (ev->days < 1 || s->extension_days + ev->days > r->extension_max_days)
			return refuse(why, "extension_too_long", CASE_RULE_DECISION, 0, 0);
		/* Asked for while the period runs, counted from the opening. */
		if (on > s->due[DUE_DECISION].day)
			return refuse(why, "decision_late", CASE_RULE_DECISION, s->due[DUE_DECISION].day, 0);
		struct case_period p = { r->decision.kind, r->decision.days + s->extension_days + ev->days };
		return deadline(book, s->opened_on, p, CASE_RULE_DECISION, &ev->sets[DUE_DECISION], e);
	}
	case EVENT_REFER:
	case EVENT_WAIVE:
		if (decided(s))
			return refuse(why, ev->type == EVENT_REFER ? "refer_not_now" : "waive_not_now", CASE_RULE_DECISION, 0, 0);
		return 0;
	case EVENT_APPROVE:
		if (s->approved)
			return refuse(why, "approved_already", CASE_RULE_OPENING, 0, 0);
		return 0;
	default:
		return refuse(why, "event_unknown", CASE_RULE_NOTICE, 0, 0);
	}
}

int case_record(const struct case_rules *r, const struct calendar_book *book, struct case_status *s,
                struct case_event *ev, int32_t today, struct case_refusal *why, struct err *e)
{
	memset(ev->sets, 0, sizeof ev->sets);
	ev->hearing_offered = ev->late = false;
	ev->late_fine_fen = 0;
	if (s->state == CASE_CLOSED && ev->type != EVENT_REPORT)
		return refuse(why, "case_closed", CASE_RULE_DECISION, s->closed_on, 0);
	if (ev->on > today)
		return refuse(why, "event_in_future", CASE_RULE_NOTICE, today, 0);
	if (ev->on < s->last_on)
		return refuse(why, "event_before_previous", CASE_RULE_NOTICE, s->last_on, 0);
	int rc = check(r, book, s, ev, why, e);
	if (rc == 0)
		case_replay(s, ev);
	return rc;
}

void case_replay(struct case_status *s, const struct case_event *ev)
{
	for (int i = 0; i < DUE_COUNT; i++)
		if (ev->sets[i].set)
			s->due[i] = ev->sets[i];
	if (ev->on > s->last_on)
		s->last_on = ev->on;
	switch (ev->type) {
	case EVENT_NOTIFY:
		s->state = CASE_NOTIFIED;
		s->notified_on = ev->on;
		s->notified_fine_fen = ev->fine_fen;
		s->hearing_offered = ev->hearing_offered;
		break;
	case EVENT_STATEMENT:
		s->stated = true;
		break;
	case EVENT_HEARING_REQUEST:
		s->state = CASE_HEARING_REQUESTED;
		s->hearing_requested = true;
		s->hearing_requested_on = ev->on;
		break;
	case EVENT_HEARING:
		s->state = CASE_HEARD;
		s->heard = true;
		break;
	case EVENT_REVIEW:
		s->reviewed = true;
		break;
	case EVENT_DECIDE:
		s->state = CASE_DECIDED;
		s->decided_on = ev->on;
		s->fine_fen = ev->fine_fen;
		break;
	case EVENT_SERVE:
		s->state = CASE_SERVED;
		s->served_on = ev->on;
		break;
	case EVENT_PAY:
		s->state = CASE_PAID;
		s->paid_on = ev->on;
		s->paid_fen = ev->amount_fen;
		break;
	case EVENT_DEMAND:
		s->state = CASE_DEMANDED;
		break;
	case EVENT_ENFORCE:
		s->state = CASE_ENFORCED;
		break;
	case EVENT_CLOSE:
		s->state = CASE_CLOSED;
		s->closed_on = ev->on;
		break;
	case EVENT_REPORT:
		s->reported = true;
		break;
	case EVENT_EXTEND:
		s->extension_days += ev->days;
		break;
	case EVENT_REFER:
		/* One act, one fine: the police fine it; this case fines nothing. */
		s->state = CASE_REFERRED;
		s->fine_fen = 0;
		break;
	case EVENT_WAIVE:
		s->state = CASE_WAIVED;
		s->fine_fen = 0;
		break;
	case EVENT_APPROVE:
		s->approved = true;
		break;
	default:
		break;
	}
}

const struct case_deadline *case_next_due(const struct case_status *s)
{
	enum case_deadline_name next;
	switch (s->state) {
	case CASE_OPENED:
	case CASE_NOTIFIED:
	case CASE_HEARING_REQUESTED:
	case CASE_HEARD:
		next = DUE_DECISION;
		break;
	case CASE_DECIDED:
		next = DUE_SERVICE;
		break;
	case CASE_SERVED:
		next = DUE_PAYMENT;
		break;
	case CASE_CLOSED:
		if (s->reported)
			return NULL;
		next = DUE_REPORT_HOME;
		break;
	default:
		return NULL;
	}
	return s->due[next].set ? &s->due[next] : NULL;
}
