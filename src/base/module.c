/* base as a module: what every other module stands on. Its verbs create the
 * database, keep the audit chain and serve; its settings are the database,
 * the rulebooks, logging and the server's. */
#include "api.h"
#include "audit.h"
#include "backup.h"
#include "metrics.h"
#include "export_jobs.h"
#include "module.h"
#include "serve.h"

#include <stdio.h>
#include <string.h>

static int cmd_init(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	printf("%s: schema", cli->config->db);
	for (size_t i = 0; i < n; i++) {
		struct err e = { 0 };
		int v = db_schema_version(cli->db, all[i]->name, &e);
		if (v < 0)
			return cli_fail(&e);
		if (v)
			printf("%s %s %d", i ? "," : "", all[i]->name, v);
	}
	printf("\n");
	return 0;
}

static int cmd_audit_verify(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	struct err e = { 0 };
	struct audit_report r;
	if (audit_verify_anchored(cli->db, cli->config->db, &r, &e))
		return cli_fail(&e);
	audit_report_print(&r, stdout);
	return 0;
}

static int cmd_audit_list(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	struct err e = { 0 };
	return audit_list(cli->db, cli_long(cli, "limit", 50, 0, 100000000), stdout, &e) ? cli_fail(&e) : 0;
}

static int cmd_serve(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	struct err e = { 0 };
	return serve_run(&e) ? cli_fail(&e) : 0;
}

/* The server's background work of base: the audit checkpoints (first
 * in, last out: they see the head every other module leaves) and the
 * export jobs. */
static int base_start(const struct module_context *ctx, struct err *e)
{
	int rc = audit_checkpoints_start(ctx, e);
	if (rc == 0 && (rc = export_jobs_start(ctx, e)) != 0)
		audit_checkpoints_stop();
	return rc;
}

static void base_stop(void)
{
	export_jobs_stop();
	audit_checkpoints_stop();
}

static const struct module_verb verbs[] = {
	{ "init", "[--db URL]", "create or upgrade the database", "", "", NEEDS_DB, cmd_init },
	{ "audit verify", "",
	  "re-walk the hash-chained audit log: links, hashes, MACs by the audit key, and the server's checkpoints", "",
	  "", NEEDS_DB, cmd_audit_verify },
	{ "audit list", "[--limit N]", "the newest entries of the audit log", "limit", "", NEEDS_DB, cmd_audit_list },
	{ "backup", "[--db URL] FILE",
	  "a consistent backup of the database and the photo store into FILE, while the server runs", "", "", 0,
	  backup_cmd },
	{ "copy", "--from URL --to URL",
	  "copy every table of one database into an empty one, e.g. from SQLite to PostgreSQL", "from to", "", 0,
	  copy_cmd },
	{ "restore", "[--db URL] FILE",
	  "restore a backup into an empty database and its photo store, then verify the audit chain", "", "", 0,
	  restore_cmd },
	{ "serve", "[--db URL] [--bind 127.0.0.1] [--port 8080] [--threads N] [--web DIR]",
	  "the server: the JSON API (docs/api.md) and the browser interface", "bind port threads web", "", 0,
	  cmd_serve },
};

static const struct setting settings[] = {
	{ "db", "SUNROAD_DB", SETTING_TEXT(config.db), "sunroad.db", 0, 0, NULL,
	  "database: a SQLite file path (sqlite:PATH also works) or postgres://..." },
	{ "rules", "SUNROAD_RULES", SETTING_TEXT(config.rules), "", 0, 0, NULL,
	  "rulebook directory (empty: ./rules if present, else the compiled-in copy)" },
	{ "log_level", "SUNROAD_LOG_LEVEL", SETTING_CHOICE(config.log_level), "warn", 0, 0, "debug|info|warn|error|off",
	  "least severe log level written to stderr" },
	{ "sqlite_sync", "SUNROAD_SQLITE_SYNC", SETTING_CHOICE(config.sqlite_sync), "NORMAL", 0, 0, "NORMAL|FULL",
	  "SQLite synchronous mode (FULL also survives power loss)" },
	{ "batch", "SUNROAD_BATCH", SETTING_NUMBER(config.batch), "25000", 1, 200000, NULL,
	  "records per import transaction (two batches per writer are held in memory, about 0.5 KB a record)" },
	{ "ingest_writers", "SUNROAD_INGEST_WRITERS", SETTING_NUMBER(config.ingest_writers), "2", 1, 8, NULL,
	  "PostgreSQL: connections that store one ingest in parallel (a site's records always by the same one;"
	  " one more builds the indexes of the months it loads; SQLite has one writer)" },
	{ "bind", "SUNROAD_BIND", SETTING_TEXT(config.bind), "127.0.0.1", 0, 0, NULL, "serve: address to listen on" },
	{ "port", "SUNROAD_PORT", SETTING_NUMBER(config.port), "8080", 1, 65535, NULL, "serve: TCP port" },
	{ "threads", "SUNROAD_THREADS", SETTING_NUMBER(config.threads), "4", 1, 256, NULL, "serve: worker threads" },
	{ "trusted_proxies", "SUNROAD_TRUSTED_PROXIES", SETTING_TEXT(config.trusted_proxies), "", 0, 0, NULL,
	  "serve: proxies in front (\"127.0.0.1, ::1\" for nginx on this machine) whose X-Forwarded-For names the client" },
	{ "web", "SUNROAD_WEB", SETTING_TEXT(config.web), "web", 0, 0, NULL,
	  "serve: directory of the browser interface" },
	{ "metrics_allow", "SUNROAD_METRICS_ALLOW", SETTING_TEXT(metrics_settings.allow), "127.0.0.1, ::1", 0, 0, NULL,
	  "serve: the addresses and networks GET /metrics answers (\"10.0.0.0/8, ::1\"; empty: none)" },
	{ "audit_key_file", "SUNROAD_AUDIT_KEY_FILE", SETTING_TEXT(audit_settings.key_file), "", 0, 0, NULL,
	  "the key of the audit log's MACs, kept out of the database, made (0600) on first use (empty: audit.key"
	  " beside the SQLite file, ./audit.key for PostgreSQL)" },
	{ "audit_checkpoints", "SUNROAD_AUDIT_CHECKPOINTS", SETTING_TEXT(audit_settings.checkpoints), "", 0, 0, NULL,
	  "serve: the append-only file of the audit chain's checkpoints (empty: audit.checkpoints beside the SQLite"
	  " file, ./audit.checkpoints for PostgreSQL)" },
	{ "audit_checkpoint_s", "SUNROAD_AUDIT_CHECKPOINT_S", SETTING_NUMBER(audit_settings.checkpoint_s), "300", 1,
	  86400, NULL, "serve: seconds between checkpoints of the audit chain (one at start and at stop too)" },
	{ "photo_dir", "SUNROAD_PHOTO_DIR", SETTING_TEXT(config.photo_dir), "", 0, 0, NULL,
	  "evidence photo store (empty: photos/ beside the SQLite file, ./photos for PostgreSQL)" },
	{ "photo_max_bytes", "SUNROAD_PHOTO_MAX_BYTES", SETTING_NUMBER(config.photo_max_bytes), "2097152", 1024,
	  67108864, NULL, "the largest evidence photo taken, in bytes" },
	{ "export_dir", "SUNROAD_EXPORT_DIR", SETTING_TEXT(export_settings.dir), "", 0, 0, NULL,
	  "serve: the background exports' files (empty: exports/ beside the SQLite file, ./exports for PostgreSQL)" },
	{ "export_keep_days", "SUNROAD_EXPORT_KEEP_DAYS", SETTING_NUMBER(export_settings.keep_days), "7", 1, 3650, NULL,
	  "serve: days a background export's file is kept" },
	{ "export_direct_max", "SUNROAD_EXPORT_DIRECT_MAX", SETTING_NUMBER(export_settings.direct_max), "100000", 1,
	  1000000, NULL, "serve: the rows a direct export gives at most (more: a background export)" },
	{ "export_running_max", "SUNROAD_EXPORT_RUNNING_MAX", SETTING_NUMBER(export_settings.running_max), "3", 1,
	  EXPORT_RUNNING_LIMIT, NULL,
	  "serve: direct exports written at once (keep it under threads; more are refused: 503 export_busy)" },
	{ "export_per_user_max", "SUNROAD_EXPORT_PER_USER_MAX", SETTING_NUMBER(export_settings.per_user_max), "1", 1,
	  EXPORT_RUNNING_LIMIT, NULL, "serve: direct exports one user has written at once (more: 429 export_too_many)" },
};

const struct module base_module = {
	.name = "base",
	.verbs = verbs,
	.nverbs = sizeof verbs / sizeof verbs[0],
	.routes = base_routes,
	.settings = settings,
	.nsettings = sizeof settings / sizeof settings[0],
	.start = base_start,
	.stop = base_stop,
};
