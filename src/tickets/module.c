/* tickets (工单, 接诉即办): complaint tickets from the hotlines and other
 * channels on the "137" clock (RULES.md section 6), carried by the desk
 * and the units from receipt to closing. */
#include "tickets.h"
#include "base/module.h"

static const char *const requires[] = { "people", "calendar", "cases", NULL };

static int start(const struct module_context *ctx, struct err *e)
{
	return tickets_start(ctx->config->rules, e);
}

static const struct http_route routes[] = { TICKETS_ROUTES, { 0 } };

const struct module tickets_module = {
	.name = "tickets",
	.requires = requires,
	.routes = routes,
	.start = start,
	.stop = tickets_stop,
};
