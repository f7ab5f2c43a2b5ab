/* sunroad: the command line. Parses options, loads configuration, and
 * dispatches to the modules. */
#include "base/config.h"
#include "base/datetime.h"
#include "base/db.h"
#include "base/err.h"
#include "base/log.h"
#include "overlimit/overlimit.h"
#include "people/people.h"
#include "serve.h"
#include "base/audit.h"
#include "base/auth.h"

#include <pwd.h>
#include <sodium.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SUNROAD_VERSION "0.1.0"

/* The options any command may take; each command says which it accepts. */
struct options {
	const char *sites, *date, *from, *to, *format, *out, *kind, *year, *seed, *count, *limit;
	const char *code, *name, *parent, *login, *role, *unit, *badge;
	const char *bind, *port, *threads, *web;
	bool password_stdin, temporary;
	const char *args[256];
	int nargs;
};

static const char usage[] =
    "usage: sunroad COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  init [--db URL]                      create or upgrade the database\n"
    "  rules [--date YYYY-MM-DD]            print the over-limit rules in force, with citations\n"
    "  sites import [--db URL] FILE.csv     add or update the site registry\n"
    "  sites list [--db URL]                list the sites and their calibration status\n"
    "  sites key [--db URL] SITE            a new API key for the site's devices (the old one stops working)\n"
    "  judge [--db URL | --sites FILE] [FILE|-]\n"
    "                                       judge detection records, print verdicts as CSV\n"
    "  ingest [--db URL] FILE...            import detection records (CSV or JSON Lines, - for stdin)\n"
    "  unloads import [--db URL] FILE.csv   import unloading records\n"
    "  quarantine list [--db URL] [--kind detection|unload] [--limit N]\n"
    "                                       show the records that were not accepted, and why\n"
    "  gen [--year Y] [--seed N] [--count N] --out DIR\n"
    "                                       write a demo year: sites.csv, detections.csv, unloads.csv\n"
    "  report overlimit [--db URL] --from DATE --to DATE --format json|text|csv\n"
    "                                       the over-limit figures of a period\n"
    "  units add --code CODE --name TEXT --kind brigade|squad|post [--parent CODE] | units import FILE | units list\n"
    "                                       the unit tree (HQ, the detachment, is its root)\n"
    "  users add --login NAME --name TEXT --role ROLE[,ROLE...] --unit CODE [--badge NO] [--password-stdin "
    "[--temporary]]\n"
    "  users list | disable LOGIN | reset-password LOGIN [--password-stdin]\n"
    "                                       accounts (roles: officer, legal, chief, inspector, admin)\n"
    "  audit verify | list [--limit N]      the hash-chained audit log\n"
    "  serve [--db URL] [--bind 127.0.0.1] [--port 8080] [--threads N] [--web DIR]\n"
    "                                       the server: the JSON API (docs/api.md) and the browser interface\n"
    "  help config                          list the settings\n"
    "  version                              print the version\n"
    "\n"
    "Every command also takes --rules DIR (the rulebook) and --db URL.\n";

static struct config cfg;

static const char *cli_actor(void);

/* The valued options, by name: each command lists those it accepts. */
static const struct {
	const char *name;
	size_t offset;
} option_slots[] = {
#define SLOT(field)                                     \
	{                                               \
#field, offsetof(struct options, field) \
	}
	SLOT(sites), SLOT(date),  SLOT(from),  SLOT(to),   SLOT(format),  SLOT(out),    SLOT(kind),  SLOT(year),
	SLOT(seed),  SLOT(count), SLOT(limit), SLOT(code), SLOT(name),    SLOT(parent), SLOT(login), SLOT(role),
	SLOT(unit),  SLOT(badge), SLOT(bind),  SLOT(port), SLOT(threads), SLOT(web),
#undef SLOT
};

static int parse_options(int argc, char **argv, const char *allowed, struct options *o)
{
	memset(o, 0, sizeof *o);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			if (o->nargs == (int)(sizeof o->args / sizeof o->args[0]))
				die("too many arguments");
			o->args[o->nargs++] = a;
			continue;
		}
		if (strcmp(a, "--password-stdin") == 0 && strstr(allowed, " password-stdin ")) {
			o->password_stdin = true;
			continue;
		}
		if (strcmp(a, "--temporary") == 0 && strstr(allowed, " temporary ")) {
			o->temporary = true;
			continue;
		}
		char name[32];
		const char *eq = strchr(a + 2, '=');
		size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		if (n >= sizeof name)
			n = sizeof name - 1;
		memcpy(name, a + 2, n);
		name[n] = '\0';
		const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (!value) {
			fprintf(stderr, "sunroad: option --%s needs a value\n", name);
			return -1;
		}
		struct err e = { 0 };
		if (strcmp(name, "db") == 0 || strcmp(name, "rules") == 0) {
			if (config_set(&cfg, name, value, &e)) {
				fprintf(stderr, "sunroad: %s\n", e.msg);
				return -1;
			}
			continue;
		}
		char key[40];
		snprintf(key, sizeof key, " %s ", name);
		if (!strstr(allowed, key)) {
			fprintf(stderr, "sunroad: unknown option --%s for this command\n\n%s", name, usage);
			return -1;
		}
		for (size_t k = 0; k < sizeof option_slots / sizeof option_slots[0]; k++)
			if (strcmp(name, option_slots[k].name) == 0)
				*(const char **)((char *)o + option_slots[k].offset) = value;
	}
	return 0;
}

static int fail(const struct err *e)
{
	fprintf(stderr, "sunroad: %s\n", e->msg);
	return 1;
}

static struct db *open_db(void)
{
	struct db *db;
	struct err e = { 0 };
	struct db_options opt = { .sync_full = strcmp(cfg.sqlite_sync, "FULL") == 0 };
	if (db_open(&db, cfg.db, &opt, &e)) {
		fail(&e);
		exit(1);
	}
	return db;
}

static struct rulebook *load_rules(void)
{
	struct rulebook *book;
	struct err e = { 0 };
	if (rulebook_load(&book, cfg.rules, &e)) {
		fail(&e);
		exit(1);
	}
	return book;
}

static long parse_long(const char *what, const char *s, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max)
		die("%s '%s' must be a whole number in %ld..%ld", what, s, min, max);
	return v;
}

static int32_t parse_date_option(const char *what, const char *s)
{
	int32_t day;
	if (!s)
		die("%s is required (a date YYYY-MM-DD)", what);
	if (date_parse(slice_from(s), &day))
		die("%s '%s' is not a date YYYY-MM-DD", what, s);
	return day;
}

static int cmd_init(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, "", &o) || o.nargs)
		return 2;
	struct db *db = open_db();
	struct err e = { 0 };
	int v = db_schema_version(db, &e);
	db_close(db);
	if (v < 0)
		return fail(&e);
	printf("%s: schema version %d\n", cfg.db, v);
	return 0;
}

static void print_money(FILE *out, int64_t fen)
{
	fprintf(out, "%lld", (long long)(fen / 100));
}

static int cmd_rules(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, " date ", &o) || o.nargs)
		return 2;
	int32_t day;
	if (o.date) {
		day = parse_date_option("--date", o.date);
	} else {
		day = local_day((int64_t)time(NULL));
	}
	struct rulebook *book = load_rules();
	struct overlimit_rules r;
	struct err e = { 0 };
	if (rulebook_at(book, day, &r, &e)) {
		rulebook_free(book);
		return fail(&e);
	}
	char date[11], from[11];
	date_format(day, date);
	printf("超限运输规则 (rules in force on %s; rulebook: %s)\n\n", date, rulebook_origin(book));
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
				accuracy_class_format(accuracy_classes[c], cls);
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
	rulebook_free(book);
	return 0;
}

static int cmd_sites(int argc, char **argv)
{
	struct options o;
	if (argc < 1 || parse_options(argc - 1, argv + 1, "", &o))
		return fprintf(stderr, "usage: sunroad sites import|list [--db URL] [FILE.csv]\n"), 2;
	struct err e = { 0 };
	if (strcmp(argv[0], "import") == 0) {
		if (o.nargs != 1)
			return fprintf(stderr, "usage: sunroad sites import [--db URL] FILE.csv\n"), 2;
		struct site_table t;
		site_table_init(&t);
		if (sites_read_csv(&t, o.args[0], &e)) {
			site_table_release(&t);
			return fail(&e);
		}
		struct db *db = open_db();
		int rc = sites_store(db, &t, cli_actor(), &e);
		db_close(db);
		if (rc == 0)
			printf("%d sites imported into %s\n", t.count, cfg.db);
		site_table_release(&t);
		return rc ? fail(&e) : 0;
	}
	if (strcmp(argv[0], "key") == 0 && o.nargs == 1) {
		struct db *db = open_db();
		char key[SITE_KEY_SIZE];
		int rc = sites_new_key(db, o.args[0], cli_actor(), key, &e);
		db_close(db);
		if (rc)
			return fail(&e);
		printf("%s\n", key);
		fprintf(stderr, "sunroad: the new key of site %s is shown once; the previous key no longer works\n",
		        o.args[0]);
		sodium_memzero(key, sizeof key);
		return 0;
	}
	if (strcmp(argv[0], "list") == 0 && o.nargs == 0) {
		struct db *db = open_db();
		struct site_table t;
		site_table_init(&t);
		int rc = sites_load(db, &t, &e);
		db_close(db);
		if (rc)
			return fail(&e);
		int32_t today = local_day((int64_t)time(NULL));
		printf("code\tkind\tname\troad\tkm\taccuracy_class\tcert_no\tcert_valid_from\tcert_valid_"
		       "to\tcalibration\n");
		for (int i = 0; i < t.count; i++) {
			const struct site *s = &t.sites[i];
			char cls[8], from[11], to[11];
			accuracy_class_format(s->accuracy_class, cls);
			date_format(s->cert_valid_from, from);
			date_format(s->cert_valid_to, to);
			const char *status = today < s->cert_valid_from ? "not yet valid 未生效"
			                     : today > s->cert_valid_to ? "expired 已过期"
			                                                : "valid 有效";
			printf("%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\n", s->code,
			       s->kind == SITE_REMOTE ? "remote" : "station", s->name, s->road, s->km, cls, s->cert_no,
			       from, to, status);
		}
		site_table_release(&t);
		return 0;
	}
	fprintf(stderr, "usage: sunroad sites import|list [--db URL] [FILE.csv]\n");
	return 2;
}

static int cmd_judge(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, " sites ", &o) || o.nargs > 1)
		return fprintf(stderr, "usage: sunroad judge [--db URL | --sites FILE] [FILE|-]\n"), 2;
	struct overlimit_env env = { 0 };
	struct err e = { 0 };
	site_table_init(&env.sites);
	if (o.sites) {
		if (sites_read_csv(&env.sites, o.sites, &e))
			return fail(&e);
	} else {
		struct db *db = open_db();
		int rc = sites_load(db, &env.sites, &e);
		db_close(db);
		if (rc)
			return fail(&e);
	}
	env.rules.book = load_rules();
	int rc = judge_file(&env, o.nargs ? o.args[0] : "-", stdout, &e);
	rulebook_free((struct rulebook *)env.rules.book);
	site_table_release(&env.sites);
	return rc ? fail(&e) : 0;
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

typedef int (*import_fn)(struct db *, struct overlimit_env *, const char *, long, struct ingest_summary *,
                         struct err *);

static int run_import(const struct options *o, import_fn import, bool unloads)
{
	struct db *db = open_db();
	struct overlimit_env env = { 0 };
	struct err e = { 0 };
	site_table_init(&env.sites);
	if (sites_load(db, &env.sites, &e)) {
		db_close(db);
		return fail(&e);
	}
	env.rules.book = load_rules();
	struct ingest_summary sum = { 0 };
	double start = now_seconds();
	int status = 0;
	for (int i = 0; i < o->nargs; i++) {
		struct ingest_summary before = sum;
		if (import(db, &env, o->args[i], cfg.batch, &sum, &e)) {
			fail(&e);
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
		    audit_append(db, cli_actor(), unloads ? "unloads.import" : "detections.import", o->args[i], "",
		                 after, (int64_t)time(NULL), &e)) {
			fail(&e);
			status = 1;
		}
	}
	sum.seconds = now_seconds() - start;
	if (sum.quarantined + sum.conflicts)
		fprintf(stderr,
		        "sunroad: %lld record%s quarantined with the reason; see `sunroad quarantine list --db %s`\n",
		        (long long)(sum.quarantined + sum.conflicts), sum.quarantined + sum.conflicts == 1 ? "" : "s",
		        cfg.db);
	print_summary(&sum, unloads);
	rulebook_free((struct rulebook *)env.rules.book);
	site_table_release(&env.sites);
	db_close(db);
	return status;
}

static int cmd_ingest(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, "", &o) || o.nargs == 0)
		return fprintf(stderr, "usage: sunroad ingest [--db URL] FILE... (- for stdin)\n"), 2;
	return run_import(&o, ingest_file, false);
}

static int cmd_unloads(int argc, char **argv)
{
	struct options o;
	if (argc < 1 || strcmp(argv[0], "import") || parse_options(argc - 1, argv + 1, "", &o) || o.nargs == 0)
		return fprintf(stderr, "usage: sunroad unloads import [--db URL] FILE.csv\n"), 2;
	return run_import(&o, unloads_import_file, true);
}

static int cmd_quarantine(int argc, char **argv)
{
	struct options o;
	if (argc < 1 || strcmp(argv[0], "list") || parse_options(argc - 1, argv + 1, " kind limit ", &o) || o.nargs)
		return fprintf(stderr,
		               "usage: sunroad quarantine list [--db URL] [--kind detection|unload] [--limit N]\n"),
		       2;
	if (o.kind && strcmp(o.kind, "detection") && strcmp(o.kind, "unload"))
		die("--kind must be detection or unload");
	long limit = o.limit ? parse_long("--limit", o.limit, 0, 100000000) : 0;
	struct db *db = open_db();
	struct err e = { 0 };
	int rc = quarantine_list(db, o.kind, limit, stdout, &e);
	db_close(db);
	return rc ? fail(&e) : 0;
}

static int cmd_gen(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, " year seed count out ", &o) || o.nargs || !o.out)
		return fprintf(stderr, "usage: sunroad gen [--year Y] [--seed N] [--count N] --out DIR\n"), 2;
	struct gen_options g = {
		.year = o.year ? (int)parse_long("--year", o.year, 2017, 2099) : 2023,
		.seed = o.seed ? (uint64_t)parse_long("--seed", o.seed, 0, __LONG_MAX__) : 1,
		.count = o.count ? parse_long("--count", o.count, 0, 1000000000) : 1235735,
		.out_dir = o.out,
	};
	struct err e = { 0 };
	return gen_run(&g, &e) ? fail(&e) : 0;
}

static int cmd_report(int argc, char **argv)
{
	struct options o;
	if (argc < 1 || strcmp(argv[0], "overlimit") || parse_options(argc - 1, argv + 1, " from to format ", &o) ||
	    o.nargs)
		return fprintf(
		           stderr,
		           "usage: sunroad report overlimit [--db URL] --from DATE --to DATE --format json|text|csv\n"),
		       2;
	int32_t from = parse_date_option("--from", o.from), to = parse_date_option("--to", o.to);
	if (to < from)
		die("--to %s is before --from %s", o.to, o.from);
	const char *f = o.format ? o.format : "text";
	enum report_format format = strcmp(f, "json") == 0   ? REPORT_JSON
	                            : strcmp(f, "csv") == 0  ? REPORT_CSV
	                            : strcmp(f, "text") == 0 ? REPORT_TEXT
	                                                     : (die("--format must be json, text or csv"), REPORT_TEXT);
	struct db *db = open_db();
	struct err e = { 0 };
	int rc = report_overlimit(db, from, to, format, NULL, stdout, &e);
	db_close(db);
	return rc ? fail(&e) : 0;
}

/* Who acts, for the audit log: the operating-system user at the console. */
static const char *cli_actor(void)
{
	static char actor[96];
	const char *user = getenv("SUDO_USER") ? getenv("SUDO_USER") : getenv("USER");
	struct passwd *pw = user && *user ? NULL : getpwuid(getuid());
	snprintf(actor, sizeof actor, "cli:%s", user && *user ? user : pw ? pw->pw_name : "unknown");
	return actor;
}

/* The password from one line of standard input, or a random one printed
 * once, for the person creating the account to hand over. */
static int read_password(bool from_stdin, char *out, size_t size, bool *generated)
{
	*generated = !from_stdin;
	if (!from_stdin) {
		char random[17];
		auth_random_password(random);
		snprintf(out, size, "%s", random);
		return 0;
	}
	if (!fgets(out, (int)size, stdin))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int cmd_serve(int argc, char **argv)
{
	struct options o;
	if (parse_options(argc, argv, " bind port threads web ", &o) || o.nargs)
		return fprintf(
		           stderr,
		           "usage: sunroad serve [--db URL] [--bind ADDRESS] [--port N] [--threads N] [--web DIR]\n"),
		       2;
	struct err e = { 0 };
	const char *names[] = { "bind", "port", "threads", "web" };
	const char *values[] = { o.bind, o.port, o.threads, o.web };
	for (int i = 0; i < 4; i++)
		if (values[i] && config_set(&cfg, names[i], values[i], &e))
			return fail(&e);
	struct rulebook *book = load_rules();
	int rc = serve_run(&cfg, book, &e);
	rulebook_free(book);
	return rc ? fail(&e) : 0;
}

static int cmd_units(int argc, char **argv)
{
	struct options o;
	if (argc < 1 || parse_options(argc - 1, argv + 1, " code name kind parent ", &o) ||
	    o.nargs != (strcmp(argv[0], "import") == 0))
		return fprintf(stderr, "usage: sunroad units add --code CODE --name TEXT --kind KIND [--parent CODE]\n"
		                       "       sunroad units import FILE.csv | units list\n"),
		       2;
	struct err e = { 0 };
	struct db *db = open_db();
	int rc;
	if (strcmp(argv[0], "add") == 0) {
		if (!o.code || !o.name || !o.kind)
			die("units add needs --code, --name and --kind");
		rc = units_add(db, o.code, o.name, o.kind, o.parent, cli_actor(), &e);
		if (rc == 0)
			printf("unit %s added\n", o.code);
	} else if (strcmp(argv[0], "import") == 0) {
		int added = 0;
		rc = units_import(db, o.args[0], cli_actor(), &added, &e);
		if (rc == 0)
			printf("%d unit%s added\n", added, added == 1 ? "" : "s");
	} else if (strcmp(argv[0], "list") == 0) {
		rc = units_list(db, stdout, &e);
	} else {
		rc = err_set(&e, ERR_INVALID, "unknown units command '%s' (add, import, list)", argv[0]);
	}
	db_close(db);
	return rc ? fail(&e) : 0;
}

static int cmd_users(int argc, char **argv)
{
	struct options o;
	if (argc < 1 || parse_options(argc - 1, argv + 1, " login name role unit badge password-stdin temporary ", &o))
		return fprintf(stderr, "usage: sunroad users add|list|disable|reset-password ...\n"), 2;
	struct err e = { 0 };
	char password[256];
	bool generated = false;
	int rc;
	struct db *db = open_db();
	if (strcmp(argv[0], "add") == 0 && o.nargs == 0) {
		if (!o.login || !o.name || !o.role || !o.unit)
			die("users add needs --login, --name, --role and --unit");
		struct user_new u = { o.login, o.name, o.role, o.unit, o.badge ? o.badge : "", false };
		rc = read_password(o.password_stdin, password, sizeof password, &generated);
		u.temporary = generated || o.temporary;
		rc = rc ? err_set(&e, ERR_INVALID, "no password on standard input")
		        : users_add(db, &u, password, cli_actor(), &e);
		if (rc == 0)
			printf("user %s added%s%s\n", o.login, generated ? "; password (shown once): " : "",
			       generated ? password : "");
	} else if (strcmp(argv[0], "list") == 0 && o.nargs == 0) {
		rc = users_list(db, stdout, &e);
	} else if (strcmp(argv[0], "disable") == 0 && o.nargs == 1) {
		rc = users_disable(db, o.args[0], cli_actor(), &e);
		if (rc == 0)
			printf("user %s disabled\n", o.args[0]);
	} else if (strcmp(argv[0], "reset-password") == 0 && o.nargs == 1) {
		rc = read_password(o.password_stdin, password, sizeof password, &generated);
		rc = rc ? err_set(&e, ERR_INVALID, "no password on standard input")
		        : users_reset_password(db, o.args[0], password, cli_actor(), &e);
		if (rc == 0)
			printf("password of %s reset%s%s\n", o.args[0],
			       generated ? "; new password (shown once): " : "", generated ? password : "");
	} else {
		rc = err_set(
		    &e, ERR_INVALID,
		    "usage: sunroad users add --login NAME --name TEXT --role ROLE[,ROLE...] --unit CODE [--badge NO]"
		    " [--password-stdin [--temporary]] | list | disable LOGIN | reset-password LOGIN "
		    "[--password-stdin]");
	}
	sodium_memzero(password, sizeof password);
	db_close(db);
	return rc ? fail(&e) : 0;
}

static int cmd_audit(int argc, char **argv)
{
	struct options o;
	if (argc < 1 || parse_options(argc - 1, argv + 1, " limit ", &o) || o.nargs)
		return fprintf(stderr, "usage: sunroad audit verify | list [--limit N]\n"), 2;
	struct err e = { 0 };
	struct db *db = open_db();
	int rc;
	if (strcmp(argv[0], "verify") == 0) {
		int64_t entries, broken;
		rc = audit_verify(db, &entries, &broken, &e);
		if (rc == 0)
			printf("audit chain intact: %lld entries\n", (long long)entries);
	} else if (strcmp(argv[0], "list") == 0) {
		rc = audit_list(db, o.limit ? parse_long("--limit", o.limit, 0, 100000000) : 50, stdout, &e);
	} else {
		rc = err_set(&e, ERR_INVALID, "unknown audit command '%s' (verify, list)", argv[0]);
	}
	db_close(db);
	return rc ? fail(&e) : 0;
}

int main(int argc, char **argv)
{
	struct err e = { 0 };
	if (config_load(&cfg, &e))
		return fail(&e);
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc > 2 && strcmp(argv[2], "config") == 0) {
			printf("Settings (file sunroad.conf or $SUNROAD_CONFIG, then environment, then flags):\n");
			config_help(stdout);
			return 0;
		}
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	const char *cmd = argv[1];
	int n = argc - 2;
	char **rest = argv + 2;
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0)
		return printf("sunroad %s\n", SUNROAD_VERSION), 0;
	if (strcmp(cmd, "init") == 0)
		return cmd_init(n, rest);
	if (strcmp(cmd, "rules") == 0)
		return cmd_rules(n, rest);
	if (strcmp(cmd, "sites") == 0)
		return cmd_sites(n, rest);
	if (strcmp(cmd, "judge") == 0)
		return cmd_judge(n, rest);
	if (strcmp(cmd, "ingest") == 0)
		return cmd_ingest(n, rest);
	if (strcmp(cmd, "unloads") == 0)
		return cmd_unloads(n, rest);
	if (strcmp(cmd, "quarantine") == 0)
		return cmd_quarantine(n, rest);
	if (strcmp(cmd, "gen") == 0)
		return cmd_gen(n, rest);
	if (strcmp(cmd, "report") == 0)
		return cmd_report(n, rest);
	if (strcmp(cmd, "serve") == 0)
		return cmd_serve(n, rest);
	if (strcmp(cmd, "units") == 0)
		return cmd_units(n, rest);
	if (strcmp(cmd, "users") == 0)
		return cmd_users(n, rest);
	if (strcmp(cmd, "audit") == 0)
		return cmd_audit(n, rest);
	fprintf(stderr, "sunroad: unknown command '%s'\n\n%s", cmd, usage);
	return 2;
}
