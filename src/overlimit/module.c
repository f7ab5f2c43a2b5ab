/* overlimit (治超): detections from weigh-in-motion sites and stations,
 * judged against the legal limits, screened, unloaded and counted. */
#include "api.h"
#include "cli.h"
#include "photos.h"
#include "../base/log.h"
#include "../base/photo_store.h"

#include <string.h>

static const char *const requires[] = { "people", NULL };

static const struct module_verb verbs[] = {
	{ "rules", "[--date YYYY-MM-DD]", "print the over-limit rules in force, with citations", "date", "", 0,
	  overlimit_cmd_rules },
	{ "sites import", "[--db URL] FILE.csv", "add or update the site registry", "", "", NEEDS_DB,
	  overlimit_cmd_sites_import },
	{ "sites list", "[--db URL]", "list the sites and their calibration status", "", "", NEEDS_DB,
	  overlimit_cmd_sites_list },
	{ "sites key", "[--db URL] SITE", "a new API key for the site's devices (the old one stops working)", "", "",
	  NEEDS_DB, overlimit_cmd_sites_key },
	{ "judge", "[--db URL | --sites FILE] [FILE|-]", "judge detection records, print verdicts as CSV", "sites", "",
	  0, overlimit_cmd_judge },
	{ "ingest", "[--db URL] [--photos DIR] FILE...",
	  "import detection records (CSV or JSON Lines, - for stdin) and the photos they name", "photos photo_dir", "",
	  NEEDS_DB, overlimit_cmd_ingest },
	{ "unloads import", "[--db URL] FILE.csv", "import unloading records", "", "", NEEDS_DB,
	  overlimit_cmd_unloads_import },
	{ "quarantine list", "[--db URL] [--kind detection|unload] [--limit N]",
	  "show the records that were not accepted, and why", "kind limit", "", NEEDS_DB,
	  overlimit_cmd_quarantine_list },
	{ "gen", "[--year Y] [--seed N] [--count N] --out DIR",
	  "write a demo year: units.csv, sites.csv, detections.csv, unloads.csv, photos/", "year seed count out", "", 0,
	  overlimit_cmd_gen },
	{ "photos check", "[--db URL] [--photo_dir DIR] [--verify]",
	  "photos no detection refers to, and detections whose photos are missing (--verify: rehash every photo)",
	  "photo_dir", "verify", NEEDS_DB, overlimit_cmd_photos_check },
	{ "report overlimit", "[--db URL] --from DATE --to DATE --format json|text|csv",
	  "the over-limit figures of a period", "from to format", "", NEEDS_DB, overlimit_cmd_report },
};

static const struct setting settings[] = {
	{ "screening_claim_s", "SUNROAD_SCREENING_CLAIM_S", SETTING_NUMBER(overlimit_screening_settings.claim_s), "300", 1,
	  3600, NULL, "serve: seconds an officer's claim on a record of the screening queue holds" },
	{ "screening_undo_s", "SUNROAD_SCREENING_UNDO_S", SETTING_NUMBER(overlimit_screening_settings.undo_s), "10", 1,
	  600, NULL, "serve: seconds in which a screening decision may be undone by its author" },
	{ "max_clock_skew", "SUNROAD_MAX_CLOCK_SKEW", SETTING_NUMBER(overlimit_clock_settings.max_clock_skew), "10", 0,
	  1440, NULL, "minutes a detection's passed_at may be ahead of the server's clock; later ones are quarantined" },
};

/* The server's side: the rulebook that judges the devices' records, the
 * photo store of their evidence and the device feed's committer, kept from
 * start to stop. */
static struct rulebook *book;
static struct photo_store *photos;

static void stop(void)
{
	overlimit_api_stop();
	overlimit_rulebook_free(book);
	book = NULL;
	photo_store_free(photos);
	photos = NULL;
}

/* PostgreSQL: the months an ingest was loading when it died get their
 * indexes (schema 0010) before the server answers anyone. */
static int index_orphans(const char *url, struct err *e)
{
	struct db *db = NULL;
	int64_t months = 0;
	int rc = db_open(&db, url, NULL, e);
	if (rc == 0 && strcmp(db_backend(db), "postgres") == 0 &&
	    db_get_int(db, "SELECT sunroad_index_months(true)", DB_NO_ARGS, &months, e) < 0)
		rc = e->code;
	if (months)
		log_warn("indexed the months an interrupted ingest left", "months=%lld", (long long)months);
	db_close(db);
	return rc;
}

static int start(const struct module_context *ctx, struct err *e)
{
	int rc = index_orphans(ctx->config->db, e);
	if (rc == 0)
		rc = overlimit_rulebook_load(&book, ctx->config->rules, e);
	if (rc == 0)
		rc = photo_store_new_config(&photos, ctx->config, e);
	if (rc == 0)
		rc = overlimit_api_start(ctx->config->db, book, photos, e);
	if (rc) {
		overlimit_rulebook_free(book);
		photo_store_free(photos);
		book = NULL;
		photos = NULL;
	}
	return rc;
}

const struct module overlimit_module = {
	.name = "overlimit",
	.requires = requires,
	.verbs = verbs,
	.nverbs = sizeof verbs / sizeof verbs[0],
	.routes = overlimit_routes,
	.exports = overlimit_exports,
	.settings = settings,
	.nsettings = sizeof settings / sizeof settings[0],
	.start = start,
	.stop = stop,
	.copy_hook = overlimit_copy_hook,
	.metrics = overlimit_metrics,
};
