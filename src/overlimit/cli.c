/* The command-line verbs of the over-limit module: the rulebook, the site
 * registry, judging, importing detections and unloads, the quarantine, the
 * demo generator and the report. */
#include "cli.h"
#include "overlimit.h"
#include "../base/audit.h"
#include "../base/photo_store.h"
#include "../base/datetime.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static struct rulebook *load_rules(const struct cli *cli)
{
	struct rulebook *book;
	struct err e = { 0 };
	if (overlimit_rulebook_load(&book, cli->config->rules, &e)) {
		cli_fail(&e);
		exit(1);
	}
	return book;
}

static void print_money(FILE *out, int64_t fen)
{
	fprintf(out, "%lld", (long long)(fen / 100));
}

int overlimit_cmd_rules(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	int32_t day = cli_option(cli, "date") ? cli_date(cli, "date") : local_day((int64_t)time(NULL));
	struct rulebook *book = load_rules(cli);
	struct overlimit_rules r;
	struct err e = { 0 };
	if (overlimit_rulebook_at(book, day, &r, &e)) {
		overlimit_rulebook_free(book);
		return cli_fail(&e);
	}
	char date[11], from[11];
	date_format(day, date);
	printf("超限运输规则 (rules in force on %s; rulebook: %s)\n\n", date, overlimit_rulebook_origin(book));
	for (int k = 0; k < RULE_COUNT; k++) {
		const struct rule_source *s = &r.source[k];
		date_format(s->effective_from, from);
		printf("[%s] %s\n  依据: %s\n  施行: %s\n", s->id, s->title, s->citation, from);
		switch ((enum rule_id)k) {
		case RULE_GROSS_LIMIT:
			for (int a = 2; a <= MAX_AXLES; a++) {
				printf("  %2d 轴: 货车 %lld kg, 汽车列车 %lld kg", a,
				       (long long)r.limit_kg[a][VEHICLE_TRUCK],
				       (long long)r.limit_kg[a][VEHICLE_TRAIN]);
				if (r.single_drive_limit_kg[a])
					printf(", 牵引车驱动轴为单轴 %lld kg", (long long)r.single_drive_limit_kg[a]);
				printf("\n");
			}
			break;
		case RULE_SINGLE_TIRE:
			printf("  每根单轮胎非驱动轴核减 %lld kg\n", (long long)r.single_tire_reduction_kg);
			break;
		case RULE_SIZE_LIMIT:
			printf("  高 %d mm, 宽 %d mm, 长 %d mm\n", r.height_mm, r.width_mm, r.length_mm);
			break;
		case RULE_MEASUREMENT_ERROR:
			printf("  准确度等级 -> 误差:");
			for (int c = 0; c < ACCURACY_CLASS_COUNT; c++) {
				char cls[8];
				overlimit_accuracy_class_format(accuracy_classes[c], cls);
				printf(" %s级 %d.%02d%%", cls, r.error_bp[c] / 100, r.error_bp[c] % 100);
			}
			printf("\n");
			break;
		case RULE_MASS_FINE:
			printf("  超限 %lld kg 以内警告; 每超 %lld kg 罚款 ", (long long)r.warning_max_over_kg,
			       (long long)r.step_kg);
			print_money(stdout, r.fine_per_step_fen);
			printf(" 元 (%s), 最高 ", r.round_up ? "不足部分计入" : "仅计满额部分");
			print_money(stdout, r.mass_max_fen);
			printf(" 元\n");
			break;
		case RULE_SIZE_FINE:
			for (int b = 0; b < SIZE_BANDS; b++) {
				const struct size_band *band = &r.band[b];
				if (band->max_height_mm)
					printf("  高≤%d 宽≤%d 长≤%d mm: ", band->max_height_mm, band->max_width_mm,
					       band->max_length_mm);
				else
					printf("  超出以上: ");
				print_money(stdout, band->min_fen);
				printf("-");
				print_money(stdout, band->max_fen);
				printf(" 元, 默认 ");
				print_money(stdout, band->fine_fen);
				printf(" 元\n");
			}
			break;
		case RULE_FINE_CAP:
			printf("  累计罚款最高 ");
			print_money(stdout, r.cap_fen);
			printf(" 元\n");
			break;
		case RULE_TON100:
			printf("  实测车货总质量 ≥ %lld kg\n", (long long)r.ton100_kg);
			break;
		case RULE_COUNT:
			break;
		}
		printf("\n");
	}
	overlimit_rulebook_free(book);
	return 0;
}

static void print_summary(const struct ingest_summary *s, bool unloads)
{
	printf("{\"read\":%lld,\"accepted\":%lld,\"duplicates\":%lld,\"conflicts\":%lld,\"quarantined\":%lld,",
	       (long long)s->read, (long long)s->accepted, (long long)s->duplicates, (long long)s->conflicts,
	       (long long)s->quarantined);
	if (unloads)
		printf("\"unloaded_kg\":%lld,", (long long)s->unloaded_kg);
	else
		printf("\"overlimit\":%lld,\"ton100\":%lld,", (long long)s->overlimit, (long long)s->ton100);
	printf("\"seconds\":%.3f}\n", s->seconds);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_import(const struct cli *cli, bool unloads)
{
	struct db *db = cli->db;
	struct overlimit_env env = { 0 };
	struct err e = { 0 };
	overlimit_site_table_init(&env.sites);
	if (overlimit_sites_load(db, &env.sites, &e))
		return cli_fail(&e);
	env.rules.book = load_rules(cli);
	/* The photos records name must be in the store (brought from --photos
	 * DIR when given): a record naming one it does not have is refused. */
	const char *photos_from = cli_option(cli, "photos");
	struct stat st;
	if (photos_from && (stat(photos_from, &st) || !S_ISDIR(st.st_mode)))
		die("--photos %s is not a directory of photos", photos_from);
	if (!unloads && photo_store_new_config(&env.photos, cli->config, &e))
		return cli_fail(&e);
	env.photos_from = photos_from;
	/* SQLite checks each detection's site_id against sites (the schema's
	 * REFERENCES), 5 % of its work storing one (bench/RESULTS.md), and
	 * nothing to find here: the ingest takes its site ids from the sites
	 * table, and no command deletes a site or changes its id. The schema
	 * on PostgreSQL has no such key for the same reason. */
	if (!unloads && strcmp(db_backend(db), "sqlite") == 0 && db_exec(db, "PRAGMA foreign_keys=OFF", &e))
		return cli_fail(&e);
	/* PostgreSQL: a month the ingest makes is indexed once loaded. */
	env.load_months = !unloads && strcmp(db_backend(db), "postgres") == 0;
	struct overlimit_writers writers;
	if (overlimit_writers_open(&writers, db, &env, cli->config->db, unloads ? 1 : cli->config->ingest_writers,
	                           &e)) {
		overlimit_writers_close(&writers);
		return cli_fail(&e);
	}
	struct ingest_summary sum = { 0 };
	double start = now_seconds();
	int status = 0;
	for (int i = 0; i < cli->nargs; i++) {
		struct ingest_summary before = sum;
		long batch = cli->config->batch;
		if (unloads ? overlimit_unloads_import_file(db, &env, cli->args[i], batch, &sum, &e)
		            : overlimit_ingest_file(&writers, cli->args[i], batch, &sum, &e)) {
			cli_fail(&e);
			status = 1;
		}
		/* The import itself is on the record: who loaded which file, with what result. */
		char after[256];
		snprintf(
		    after, sizeof after,
		    "{\"read\":%lld,\"accepted\":%lld,\"duplicates\":%lld,\"conflicts\":%lld,\"quarantined\":%lld}",
		    (long long)(sum.read - before.read), (long long)(sum.accepted - before.accepted),
		    (long long)(sum.duplicates - before.duplicates), (long long)(sum.conflicts - before.conflicts),
		    (long long)(sum.quarantined - before.quarantined));
		if (sum.read > before.read &&
		    audit_append(db, cli->actor, unloads ? "unloads.import" : "detections.import", cli->args[i], "",
		                 after, (int64_t)time(NULL), &e)) {
			cli_fail(&e);
			status = 1;
		}
	}
	if (overlimit_writers_finish(&writers, &e)) {
		cli_fail(&e);
		status = 1;
	}
	sum.seconds = now_seconds() - start;
	if (sum.quarantined + sum.conflicts)
		fprintf(stderr,
		        "sunroad: %lld record%s quarantined with the reason; see `sunroad quarantine list --db %s`\n",
		        (long long)(sum.quarantined + sum.conflicts), sum.quarantined + sum.conflicts == 1 ? "" : "s",
		        cli->config->db);
	print_summary(&sum, unloads);
	overlimit_writers_close(&writers);
	overlimit_rulebook_free((struct rulebook *)env.rules.book);
	overlimit_site_table_release(&env.sites);
	photo_store_free(env.photos);
	return status;
}

int overlimit_cmd_ingest(struct cli *cli)
{
	return cli->nargs ? run_import(cli, false) : cli_usage(cli);
}

int overlimit_cmd_unloads_import(struct cli *cli)
{
	return cli->nargs ? run_import(cli, true) : cli_usage(cli);
}

int overlimit_cmd_sites_import(struct cli *cli)
{
	if (cli->nargs != 1)
		return cli_usage(cli);
	struct err e = { 0 };
	struct site_table t;
	overlimit_site_table_init(&t);
	int rc = overlimit_sites_read_csv(&t, cli->args[0], &e);
	if (rc == 0)
		rc = overlimit_sites_store(cli->db, &t, cli->actor, &e);
	if (rc == 0)
		printf("%d sites imported into %s\n", t.count, cli->config->db);
	overlimit_site_table_release(&t);
	return rc ? cli_fail(&e) : 0;
}

int overlimit_cmd_sites_key(struct cli *cli)
{
	if (cli->nargs != 1)
		return cli_usage(cli);
	struct err e = { 0 };
	char key[SITE_KEY_SIZE];
	if (overlimit_sites_new_key(cli->db, cli->args[0], cli->actor, key, &e))
		return cli_fail(&e);
	printf("%s\n", key);
	fprintf(stderr, "sunroad: the new key of site %s is shown once; the previous key no longer works\n",
	        cli->args[0]);
	sodium_memzero(key, sizeof key);
	return 0;
}

int overlimit_cmd_sites_list(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	struct err e = { 0 };
	struct site_table t;
	overlimit_site_table_init(&t);
	if (overlimit_sites_load(cli->db, &t, &e))
		return cli_fail(&e);
	int32_t today = local_day((int64_t)time(NULL));
	printf("code\tkind\tname\troad\tkm\taccuracy_class\tcert_no\tcert_valid_from\tcert_valid_"
	       "to\tcalibration\n");
	for (int i = 0; i < t.count; i++) {
		const struct site *s = &t.sites[i];
		char cls[8], from[11], to[11];
		overlimit_accuracy_class_format(s->accuracy_class, cls);
		date_format(s->cert_valid_from, from);
		date_format(s->cert_valid_to, to);
		const char *status = today < s->cert_valid_from ? "not yet valid 未生效"
		                     : today > s->cert_valid_to ? "expired 已过期"
		                                                : "valid 有效";
		printf("%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\n", s->code,
		       s->kind == SITE_REMOTE ? "remote" : "station", s->name, s->road, s->km, cls, s->cert_no, from,
		       to, status);
	}
	overlimit_site_table_release(&t);
	return 0;
}

/* Judges without storing: the sites come from --sites FILE, else from the
 * database, which is opened here only then. */
int overlimit_cmd_judge(struct cli *cli)
{
	if (cli->nargs > 1)
		return cli_usage(cli);
	struct overlimit_env env = { 0 };
	struct err e = { 0 };
	overlimit_site_table_init(&env.sites);
	const char *sites = cli_option(cli, "sites");
	if (sites) {
		if (overlimit_sites_read_csv(&env.sites, sites, &e))
			return cli_fail(&e);
	} else {
		struct db *db;
		struct db_options opt = { .sync_full = strcmp(cli->config->sqlite_sync, "FULL") == 0 };
		int rc = db_open(&db, cli->config->db, &opt, &e);
		if (rc == 0) {
			rc = overlimit_sites_load(db, &env.sites, &e);
			db_close(db);
		}
		if (rc)
			return cli_fail(&e);
	}
	env.rules.book = load_rules(cli);
	int rc = overlimit_judge_file(&env, cli->nargs ? cli->args[0] : "-", stdout, &e);
	overlimit_rulebook_free((struct rulebook *)env.rules.book);
	overlimit_site_table_release(&env.sites);
	return rc ? cli_fail(&e) : 0;
}

int overlimit_cmd_quarantine_list(struct cli *cli)
{
	const char *kind = cli_option(cli, "kind");
	if (cli->nargs)
		return cli_usage(cli);
	if (kind && strcmp(kind, "detection") && strcmp(kind, "unload"))
		die("--kind must be detection or unload");
	struct err e = { 0 };
	return overlimit_quarantine_list(cli->db, kind, cli_long(cli, "limit", 0, 0, 100000000), stdout, &e)
	           ? cli_fail(&e)
	           : 0;
}

int overlimit_cmd_gen(struct cli *cli)
{
	if (cli->nargs || !cli_option(cli, "out"))
		return cli_usage(cli);
	struct gen_options g = {
		.year = (int)cli_long(cli, "year", 2023, 2017, 2099),
		.seed = (uint64_t)cli_long(cli, "seed", 1, 0, __LONG_MAX__),
		.count = cli_long(cli, "count", 1235735, 0, 1000000000),
		.out_dir = cli_option(cli, "out"),
	};
	struct err e = { 0 };
	return overlimit_gen_run(&g, &e) ? cli_fail(&e) : 0;
}

int overlimit_cmd_report(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	int32_t from = cli_date(cli, "from"), to = cli_date(cli, "to");
	if (to < from)
		die("--to %s is before --from %s", cli_option(cli, "to"), cli_option(cli, "from"));
	const char *f = cli_option(cli, "format") ? cli_option(cli, "format") : "text";
	enum report_format format = strcmp(f, "json") == 0   ? REPORT_JSON
	                            : strcmp(f, "csv") == 0  ? REPORT_CSV
	                            : strcmp(f, "text") == 0 ? REPORT_TEXT
	                                                     : (die("--format must be json, text or csv"), REPORT_TEXT);
	struct err e = { 0 };
	return overlimit_report_overlimit(cli->db, from, to, format, NULL, stdout, &e) ? cli_fail(&e) : 0;
}
