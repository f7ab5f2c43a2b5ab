/* The HTTP routes of base: liveness, the audit log, and the table of routes
 * with who may call each (the browser builds its navigation from it). */
#include "access.h"
#include "api.h"
#include "audit.h"
#include "datetime.h"
#include "export_jobs.h"
#include "metrics.h"
#include "page.h"
#include "module.h"
#include "serve.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

static int healthz(struct http_request *rq, struct err *e)
{
	/* Public: a failure answers 503 and names nothing (the log has it). */
	int rc = db_get_int(rq->db, "SELECT 1", DB_NO_ARGS, NULL, e);
	if (rc < 0)
		return http_database_unavailable(e);
	return http_json(rq, 200, json_pack("{s:s,s:s}", "status", "ok", "db", db_backend(rq->db)));
}

/* The audit log, newest first, filtered by person (actor), action,
 * object and period; paged by seq. */
static int audit_get(struct http_request *rq, struct err *e)
{
	struct list_query q;
	int32_t from = days_from_civil(1900, 1, 1), to = days_from_civil(2999, 12, 31);
	int rc = list_parse(rq, &audit_entries, &q, e);
	if (rc || (rc = page_query_dates(rq, &from, &to, e)))
		return rc;
	struct audit_filter f = {
		.actor = http_query(rq, "actor"),
		.action = http_query(rq, "action"),
		.object = http_query(rq, "object"),
		.from_s = (int64_t)from * 86400 - LOCAL_UTC_OFFSET_S,
		.to_s = (int64_t)(to + 1) * 86400 - LOCAL_UTC_OFFSET_S,
	};
	return list_answer(rq, &audit_entries, &q, &f, e);
}

/* Whether web/<module>/module.js is served: the module has pages. */
static bool has_pages(const char *module)
{
	char path[PATH_MAX + 64];
	struct stat st;
	snprintf(path, sizeof path, "%s/%s/module.js", serve_web_dir(), module);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether this session's caller may call a route: a device route wants a
 * site's key, which no session is. */
static bool may_call(unsigned access, const struct caller *caller)
{
	return !(access & ACCESS_DEVICE) && access_allows(access, caller);
}

/* Every module and route, with who may call it and whether this caller may:
 * the browser's navigation, so roles are written once (in the C tables). */
static int routes_get(struct http_request *rq, struct err *e)
{
	(void)e;
	const struct caller *caller = caller_of(rq);
	json_t *roles = json_array(), *modules = json_array(), *routes = json_array();
	for (int i = 0; i < ROLE_COUNT; i++)
		json_array_append_new(roles, json_string(access_role_names[i]));
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	for (size_t m = 0; m < n; m++) {
		json_array_append_new(modules,
		                      json_pack("{s:s,s:b}", "name", all[m]->name, "web", has_pages(all[m]->name)));
		for (size_t i = 0; all[m]->routes && all[m]->routes[i].pattern; i++) {
			const struct http_route *r = &all[m]->routes[i];
			json_array_append_new(routes,
			                      json_pack("{s:s,s:s,s:s,s:s,s:o,s:b}", "module", all[m]->name, "method",
			                                http_method_name(r->method), "path", r->pattern, "access",
			                                access_kind(r->access), "roles", access_roles_json(r->access),
			                                "allowed", may_call(r->access, caller)));
		}
	}
	return http_json(rq, 200, json_pack("{s:o,s:o,s:o}", "roles", roles, "modules", modules, "routes", routes));
}

const struct http_route base_routes[] = {
	{ HTTP_GET, "/healthz", healthz, ACCESS_PUBLIC },
	{ HTTP_GET, "/metrics", metrics_get, ACCESS_PUBLIC },
	{ HTTP_GET, "/api/v1/audit", audit_get, ROLE_INSPECTOR | ROLE_ADMIN },
	{ HTTP_GET, "/api/v1/routes", routes_get, ACCESS_SESSION },
	{ HTTP_POST, "/api/v1/exports", export_jobs_post, ROLES_ALL },
	{ HTTP_GET, "/api/v1/exports", export_jobs_list, ROLES_ALL },
	{ HTTP_GET, "/api/v1/exports/{}", export_jobs_get, ROLES_ALL },
	{ HTTP_GET, "/api/v1/exports/{}/file", export_jobs_file, ROLES_ALL },
	{ 0 },
};
