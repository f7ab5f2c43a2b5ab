/* taxi (巡游出租汽车): the city's taxi registry and drivers' service
 * reputation (服务质量信誉考核, RULES.md section 6; docs/taxi.md). It
 * reads penalty cases through the cases module's header (cases.h:
 * cases_by_violation), the checks of IDs, codes and plates through its
 * party.h. */
#include "taxi.h"
#include "base/module.h"

static const char *const requires[] = { "cases", "tickets", NULL };

static int start(const struct module_context *ctx, struct err *e)
{
	return taxi_api_start(ctx->config->rules, e);
}

static const struct http_route routes[] = {
	{ HTTP_GET, "/api/v1/taxi/companies", taxi_companies_get, TAXI_READERS },
	{ HTTP_GET, "/api/v1/taxi/companies/{}", taxi_company_get, TAXI_READERS },
	{ HTTP_GET, "/api/v1/taxi/vehicles", taxi_vehicles_get, TAXI_READERS },
	{ HTTP_GET, "/api/v1/taxi/drivers", taxi_drivers_get, TAXI_READERS },
	{ HTTP_GET, "/api/v1/taxi/drivers/{}", taxi_driver_get, TAXI_READERS },
	{ HTTP_POST, "/api/v1/taxi/drivers/{}/deductions", taxi_deductions_post, TAXI_WRITERS },
	{ 0 },
};

static const struct module_verb verbs[] = {
	{ "taxi import", "[--db URL] companies|vehicles|drivers|training FILE...",
	  "import the taxi registry from CSV: idempotent by key, bad rows quarantined with the reason", "", "",
	  NEEDS_DB, taxi_cmd_import },
	{ "gen taxi", "[--db URL] [--seed N]",
	  "add the demo city's taxi fleet: companies, vehicles, drivers, training, deductions", "seed", "", NEEDS_DB,
	  taxi_cmd_gen },
};

const struct module taxi_module = {
	.name = "taxi",
	.requires = requires,
	.verbs = verbs,
	.nverbs = sizeof verbs / sizeof verbs[0],
	.routes = routes,
	.start = start,
	.stop = taxi_api_stop,
};
