/* The "137" clock of a ticket (RULES.md section 6, counted as "Days" says):
 * contact within the clock's minutes of the moment of receipt; resolve and
 * close within periods counted from the day of receipt, the day itself not
 * counted; a category's own closing period too, the earlier winning. */
#include "flow.h"
#include "base/datetime.h"

int ticket_clock(const struct ticket_rulebook *rb, const struct ticket_category *category,
                 const struct calendar_book *book, int64_t received_at, struct ticket_deadlines *out, struct err *e)
{
	*out = (struct ticket_deadlines){ 0 };
	int32_t day = local_day(received_at);
	const struct ticket_clock_rule *c = ticket_clock_rule_on(rb, day);
	if (!c) {
		char d[11];
		date_format(day, d);
		return err_reason(e, ERR_INVALID, "clock_not_in_force", ERR_ARGS(ERR_TEXT("on", d)),
		                  "no clock of rules/tickets.json is in force on %s", d);
	}
	out->contact_at = received_at + (int64_t)c->contact_minutes * 60;
	int rc = calendar_due(book, day, c->resolve.kind, c->resolve.days, &out->resolve, &out->resolve_provisional, e);
	if (!rc)
		rc = calendar_due(book, day, c->close.kind, c->close.days, &out->close, &out->close_provisional, e);
	if (!rc && category && category->has_close) {
		int32_t own;
		bool provisional;
		rc = calendar_due(book, day, category->close.kind, category->close.days, &own, &provisional, e);
		if (!rc && own < out->close) {
			out->close = own;
			out->close_provisional = provisional;
			out->close_by_category = true;
		}
	}
	return rc;
}
