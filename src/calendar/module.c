/* calendar: the official calendar of working days (the State Council's
 * holidays and make-up working days, rules/holidays.json) and the last day
 * of periods counted on it (RULES.md "Days"), for the penalty procedure's
 * deadlines. It needs no database. */
#include "calendar.h"
#include "base/module.h"

static const struct module_verb verbs[] = {
	{ "calendar due", "[--rules DIR] [FILE|-]",
	  "the last day of periods (CSV from,kind,n in, from,kind,n,due,provisional out)", "", "", 0,
	  calendar_cmd_due },
	{ "calendar show", "[--rules DIR] [--year Y]", "a year's public holidays and make-up working days", "year", "",
	  0, calendar_cmd_show },
};

static int start(const struct module_context *ctx, struct err *e)
{
	return calendar_api_start(ctx->config->rules, e);
}

const struct module calendar_module = {
	.name = "calendar",
	.verbs = verbs,
	.nverbs = sizeof verbs / sizeof verbs[0],
	.routes = calendar_routes,
	.start = start,
	.stop = calendar_api_stop,
};
