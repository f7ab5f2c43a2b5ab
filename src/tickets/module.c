/* tickets (工单, 接诉即办): complaint tickets from the hotlines and other
 * channels on the "137" clock (RULES.md section 6), carried by the desk
 * and the units from receipt to closing. */
#include "tickets.h"
#include "open311.h"
#include "import.h"
#include "base/module.h"

static const char *const requires[] = { "people", "calendar", "cases", NULL };

static int start(const struct module_context *ctx, struct err *e)
{
	return tickets_start(ctx->config->rules, e);
}

static const struct http_route routes[] = { TICKETS_IMPORT_ROUTES, TICKETS_ROUTES, OPEN311_ROUTES, { 0 } };

static const struct module_verb verbs[] = {
	{ "gen tickets", "[--db URL] [--year Y] [--seed N]",
	  "add a demo year's complaint tickets to its units (and taxi fleet): received, handled, called back, closed",
	  "year seed", "", NEEDS_DB, tickets_cmd_gen },
	{ "tickets key", "[--db URL] NAME", "a new Open311 api_key for a client app or platform (its old one stops working)",
	  "", "", NEEDS_DB, open311_cmd_key },
	TICKETS_IMPORT_VERBS,
};

static const struct setting settings[] = { OPEN311_SETTINGS };

const struct module tickets_module = {
	.name = "tickets",
	.requires = requires,
	.routes = routes,
	.verbs = verbs,
	.nverbs = sizeof verbs / sizeof verbs[0],
	.settings = settings,
	.nsettings = sizeof settings / sizeof settings[0],
	.start = start,
	.stop = tickets_stop,
	.metrics = tickets_metrics,
};
