/* cases (行政处罚案件): penalty cases carried through the procedure of the
 * Administrative Penalty Law on the official calendar, from a screened
 * detection or an on-site act to closing (RULES.md section 4). */
#include "cases.h"
#include "documents_http.h"
#include "base/module.h"

static const char *const requires[] = { "people", "calendar", "overlimit", NULL };

static int start(const struct module_context *ctx, struct err *e)
{
	return cases_api_start(ctx->config->rules, e);
}

/* The cases' routes (api.c) and the documents' (documents_http.c). */
static const struct http_route routes[] = { CASES_ROUTES, CASES_DOCUMENT_ROUTES, { 0 } };

static const struct module_verb verbs[] = {
	{ "gen cases", "[--db URL] [--year Y] [--seed N]",
	  "add a demo year's cases to its imported detections: staff, screening, the procedure, the file review",
	  "year seed", "", NEEDS_DB, cases_cmd_gen },
};

static const struct setting settings[] = { CASES_DOCUMENT_SETTINGS };

const struct module cases_module = {
	.name = "cases",
	.requires = requires,
	.verbs = verbs,
	.nverbs = sizeof verbs / sizeof verbs[0],
	.routes = routes,
	.settings = settings,
	.nsettings = sizeof settings / sizeof settings[0],
	.start = start,
	.stop = cases_api_stop,
	.metrics = cases_metrics,
};
