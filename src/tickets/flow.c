/* A ticket's status as the fold of its events (see flow.h). The order of
 * the desk: received, assigned to a unit, the caller contacted, resolved,
 * called back with the caller's satisfaction, closed. A unit may hand a
 * ticket back (退单) for a supervisor to rule on; the clock runs on. */
#include "flow.h"
#include "base/datetime.h"

#include <string.h>

static const char *const state_names[TICKET_STATE_COUNT] = {
	[TICKET_RECEIVED] = "received", [TICKET_ASSIGNED] = "assigned",       [TICKET_CONTACTED] = "contacted",
	[TICKET_RETURNED] = "returned", [TICKET_RESOLVED] = "resolved",       [TICKET_CALLED_BACK] = "called_back",
	[TICKET_CLOSED] = "closed",     [TICKET_MERGED] = "merged",
};

static const char *const event_names[TEV_COUNT] = {
	[TEV_ASSIGN] = "assign",   [TEV_CONTACT] = "contact",   [TEV_RETURN] = "return", [TEV_RULE] = "rule",
	[TEV_EXTEND] = "extend",   [TEV_RESOLVE] = "resolve",   [TEV_CALLBACK] = "callback",
	[TEV_REOPEN] = "reopen",   [TEV_CLOSE] = "close",       [TEV_MERGE] = "merge",   [TEV_ABSORB] = "absorb",
	[TEV_LINK_CASE] = "link_case",
};

static const char *const clock_names[CLOCK_COUNT] = { "contact", "resolve", "close" };
static const char *const clock_state_names[] = { "done", "done_late", "pending", "at_risk", "overdue" };

const char *ticket_state_name(enum ticket_state s)
{
	return s < TICKET_STATE_COUNT ? state_names[s] : "";
}

const char *ticket_event_name(enum ticket_event_type t)
{
	return t < TEV_COUNT ? event_names[t] : "";
}

int ticket_event_parse(const char *name)
{
	for (int t = 0; name && t < TEV_COUNT; t++)
		if (!strcmp(event_names[t], name))
			return t;
	return -1;
}

const char *ticket_clock_name(enum ticket_clock_name c)
{
	return c < CLOCK_COUNT ? clock_names[c] : "";
}

const char *ticket_clock_state_name(enum ticket_clock_state s)
{
	return s <= CLOCK_OVERDUE ? clock_state_names[s] : "";
}

void ticket_open(struct ticket_status *s, int64_t received_at, const struct ticket_deadlines *due)
{
	memset(s, 0, sizeof *s);
	s->state = TICKET_RECEIVED;
	s->received_at = s->last_at = received_at;
	s->due = *due;
}

static int refuse(struct ticket_refusal *why, const char *reason, const char *rule)
{
	*why = (struct ticket_refusal){ reason, rule };
	return 1;
}

/* The clock of a reopened ticket: a new round from the moment it reopens. */
static int new_round(const struct ticket_rulebook *rb, const struct calendar_book *book, int64_t at,
                     struct ticket_deadlines *out, struct err *e)
{
	return ticket_clock(rb, NULL, book, at, out, e);
}

static int check(const struct ticket_rulebook *rb, const struct calendar_book *book, const struct ticket_status *s,
                 struct ticket_event *ev, struct ticket_refusal *why, struct err *e)
{
	enum ticket_state st = s->state;
	switch (ev->type) {
	case TEV_ASSIGN:
		/* To a unit before its contact; once contacted, a unit hands it
		 * back (return) rather than being replaced. */
		if (st != TICKET_RECEIVED && st != TICKET_ASSIGNED)
			return refuse(why, "assign_not_now", "assign");
		return 0;
	case TEV_CONTACT:
		if (st == TICKET_RECEIVED)
			return refuse(why, "contact_before_assign", "assign");
		if (st != TICKET_ASSIGNED)
			return refuse(why, "contact_not_now", "order");
		return 0;
	case TEV_RETURN:
		if (st != TICKET_ASSIGNED && st != TICKET_CONTACTED)
			return refuse(why, "return_not_now", "return");
		return 0;
	case TEV_RULE:
		if (st != TICKET_RETURNED)
			return refuse(why, "rule_not_returned", "return");
		return 0;
	case TEV_EXTEND: {
		if (st == TICKET_CLOSED || st == TICKET_MERGED || (ev->clock == CLOCK_RESOLVE && s->resolved_at))
			return refuse(why, "extend_not_now", "extension");
		if (ev->clock != CLOCK_RESOLVE && ev->clock != CLOCK_CLOSE)
			return refuse(why, "extend_clock", "extension");
		if (ev->days < 1 || s->extended_days[ev->clock] + ev->days > rb->extension_max_days)
			return refuse(why, "extension_too_long", "extension");
		/* Counted on from the deadline it moves, as the clock counts. */
		const struct ticket_clock_rule *c = ticket_clock_rule_on(rb, local_day(s->received_at));
		enum calendar_kind kind = ev->clock == CLOCK_RESOLVE ? c->resolve.kind : c->close.kind;
		int32_t from = ev->clock == CLOCK_RESOLVE ? s->due.resolve : s->due.close;
		ev->sets_due = true;
		ev->sets = s->due;
		int32_t *day = ev->clock == CLOCK_RESOLVE ? &ev->sets.resolve : &ev->sets.close;
		bool *provisional = ev->clock == CLOCK_RESOLVE ? &ev->sets.resolve_provisional : &ev->sets.close_provisional;
		int rc = calendar_due(book, from, kind, ev->days, day, provisional, e);
		/* Resolved later, the ticket closes no earlier than it resolves. */
		if (!rc && ev->sets.close < ev->sets.resolve)
			ev->sets.close = ev->sets.resolve;
		return rc;
	}
	case TEV_RESOLVE:
		if (st == TICKET_ASSIGNED || st == TICKET_RECEIVED)
			return refuse(why, "resolve_before_contact", "order");
		if (st != TICKET_CONTACTED)
			return refuse(why, "resolve_not_now", "order");
		return 0;
	case TEV_CALLBACK:
		if (st != TICKET_RESOLVED)
			return refuse(why, "callback_before_resolve", "order");
		if (ev->satisfaction < 1 || ev->satisfaction > 5)
			return refuse(why, "satisfaction_range", "callback");
		return 0;
	case TEV_REOPEN:
		if (st != TICKET_CALLED_BACK)
			return refuse(why, "reopen_not_now", "reopen");
		if (s->satisfaction > rb->reopen_max_satisfaction)
			return refuse(why, "reopen_satisfied", "reopen");
		if (s->reopened >= rb->reopen_times)
			return refuse(why, "reopen_once", "reopen");
		ev->sets_due = true;
		return new_round(rb, book, ev->at, &ev->sets, e);
	case TEV_CLOSE:
		if (st != TICKET_CALLED_BACK)
			return refuse(why, "close_before_callback", "order");
		return 0;
	case TEV_MERGE:
	case TEV_ABSORB:
		if (st == TICKET_CLOSED || st == TICKET_MERGED)
			return refuse(why, ev->type == TEV_MERGE ? "merge_not_now" : "merge_into_closed", "merge");
		return 0;
	case TEV_LINK_CASE:
		if (st == TICKET_MERGED)
			return refuse(why, "link_not_now", "order");
		return 0;
	default:
		return refuse(why, "event_unknown", "order");
	}
}

int ticket_record(const struct ticket_rulebook *rb, const struct calendar_book *book, struct ticket_status *s,
                  struct ticket_event *ev, int64_t now, struct ticket_refusal *why, struct err *e)
{
	/* An absorb brings the deadlines its merge worked out; the others'
	 * are worked out here. */
	if (ev->type != TEV_ABSORB)
		ev->sets_due = false;
	if (s->state == TICKET_CLOSED && ev->type != TEV_LINK_CASE)
		return refuse(why, "ticket_closed", "order");
	if (s->state == TICKET_MERGED)
		return refuse(why, "ticket_merged", "merge");
	if (ev->at > now)
		return refuse(why, "event_in_future", "order");
	if (ev->at < s->last_at)
		return refuse(why, "event_before_previous", "order");
	int rc = check(rb, book, s, ev, why, e);
	if (rc == 0)
		ticket_replay(s, ev);
	return rc;
}

void ticket_replay(struct ticket_status *s, const struct ticket_event *ev)
{
	if (ev->sets_due)
		s->due = ev->sets;
	if (ev->at > s->last_at)
		s->last_at = ev->at;
	switch (ev->type) {
	case TEV_ASSIGN:
		s->state = TICKET_ASSIGNED;
		memcpy(s->unit, ev->unit, sizeof s->unit);
		memcpy(s->officer, ev->officer, sizeof s->officer);
		break;
	case TEV_CONTACT:
		s->state = TICKET_CONTACTED;
		s->contacted_at = ev->at;
		break;
	case TEV_RETURN:
		s->returned_from = s->state;
		s->state = TICKET_RETURNED;
		s->returns++;
		break;
	case TEV_RULE:
		/* Accepted: the ticket goes to the unit the ruling names, or back
		 * to the dispatcher; refused: back to the unit as it was. */
		if (!ev->accept) {
			s->state = s->returned_from;
		} else if (*ev->unit) {
			s->state = s->contacted_at ? TICKET_CONTACTED : TICKET_ASSIGNED;
			memcpy(s->unit, ev->unit, sizeof s->unit);
			memcpy(s->officer, ev->officer, sizeof s->officer);
		} else {
			s->state = TICKET_RECEIVED;
			s->unit[0] = s->officer[0] = '\0';
		}
		break;
	case TEV_EXTEND:
		s->extended_days[ev->clock] += ev->days;
		break;
	case TEV_RESOLVE:
		s->state = TICKET_RESOLVED;
		s->resolved_at = ev->at;
		break;
	case TEV_CALLBACK:
		s->state = TICKET_CALLED_BACK;
		s->called_back_at = ev->at;
		s->satisfaction = ev->satisfaction;
		break;
	case TEV_REOPEN:
		/* A new round with the same unit: its acts are done again. */
		s->state = TICKET_ASSIGNED;
		s->reopened++;
		s->contacted_at = s->resolved_at = s->called_back_at = 0;
		break;
	case TEV_CLOSE:
		s->state = TICKET_CLOSED;
		s->closed_at = ev->at;
		break;
	case TEV_MERGE:
		s->state = TICKET_MERGED;
		break;
	default:
		break;
	}
}

/* The end of a local day, as an instant: the first second of the next. */
static int64_t end_of_day(int32_t day)
{
	return (int64_t)(day + 1) * 86400 - LOCAL_UTC_OFFSET_S;
}

int ticket_clock_view(const struct ticket_rulebook *rb, const struct calendar_book *book, const struct ticket_status *s,
                      enum ticket_clock_name which, int64_t at, struct ticket_clock_view *out)
{
	*out = (struct ticket_clock_view){ 0 };
	int32_t due_day = 0;
	switch (which) {
	case CLOCK_CONTACT:
		out->due_at = s->due.contact_at;
		out->done_at = s->contacted_at ? s->contacted_at : s->resolved_at;
		break;
	case CLOCK_RESOLVE:
		due_day = s->due.resolve;
		out->done_at = s->resolved_at;
		break;
	default:
		due_day = s->due.close;
		out->done_at = s->closed_at;
		break;
	}
	if (due_day)
		out->due_at = end_of_day(due_day);
	/* A merged ticket is answered by the one it went into. */
	if (s->state == TICKET_MERGED && !out->done_at)
		out->done_at = s->last_at;
	out->left_s = out->due_at - at;
	if (out->done_at) {
		out->state = out->done_at <= out->due_at ? CLOCK_DONE : CLOCK_DONE_LATE;
		return 0;
	}
	if (out->left_s < 0) {
		out->state = CLOCK_OVERDUE;
		int32_t last = local_day(out->due_at - 1);
		out->urge_on = last + rb->urge_days;
		bool provisional;
		return calendar_due(book, last, CALENDAR_WORKING, rb->circular_working_days, &out->circular_on, &provisional,
		                    NULL);
	}
	out->state = out->left_s <= (int64_t)rb->remind_hours * 3600 ? CLOCK_AT_RISK : CLOCK_PENDING;
	return 0;
}
