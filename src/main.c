/* sunroad: the command line. Loads the settings, finds the verb in the
 * modules' tables (src/base/module.h), parses the options it accepts, opens
 * what it needs and runs it. Nothing here knows a domain. */
#include "base/config.h"
#include "base/err.h"
#include "base/module.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SUNROAD_VERSION "0.2.0"

/* Options every verb takes: they choose the database and the rulebooks. */
static const char global_options[] = "db rules";

/* Prints every module's verbs, in module order: the generated help. */
static void usage(FILE *out)
{
	fprintf(out, "usage: sunroad COMMAND [OPTIONS]\n\nCommands:\n");
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	for (size_t m = 0; m < n; m++)
		for (size_t i = 0; i < all[m]->nverbs; i++) {
			const struct module_verb *v = &all[m]->verbs[i];
			char line[256];
			snprintf(line, sizeof line, "%s %s", v->name, v->synopsis);
			if (strlen(line) > 44) /* a long synopsis: the help on its own line */
				fprintf(out, "  %s\n  %-44s %s\n", line, "", v->help);
			else
				fprintf(out, "  %-44s %s\n", line, v->help);
		}
	fprintf(out, "  %-44s %s\n  %-44s %s\n\nEvery command also takes --db URL and --rules DIR.\n", "help config",
	        "list the settings", "version", "print the version");
}

/* Whether word is in the space-separated list. */
static bool listed(const char *list, const char *word, size_t n)
{
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p += len + (p[len] == ' ');
	}
	return false;
}

/* The verb of argv[1] (and argv[2] for a two-word verb); *used words. */
static const struct module_verb *verb_find(int argc, char **argv, int *used)
{
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	char two[128];
	snprintf(two, sizeof two, "%s %s", argv[1], argc > 2 ? argv[2] : "");
	for (int words = 2; words >= 1; words--)
		for (size_t m = 0; m < n; m++)
			for (size_t i = 0; i < all[m]->nverbs; i++)
				if (strcmp(all[m]->verbs[i].name, words == 2 ? two : argv[1]) == 0) {
					*used = words;
					return &all[m]->verbs[i];
				}
	return NULL;
}

/* Says what is wrong with a command line that names no verb: the words
 * the first one takes, when it begins two-word verbs ("sites import"). */
static int unknown_verb(int argc, char **argv)
{
	size_t n, len = strlen(argv[1]);
	const struct module *const *all = modules_ordered(&n);
	bool first = true;
	for (size_t m = 0; m < n; m++)
		for (size_t i = 0; i < all[m]->nverbs; i++) {
			const char *name = all[m]->verbs[i].name;
			if (strncmp(name, argv[1], len) != 0 || name[len] != ' ')
				continue;
			if (first && argc > 2)
				fprintf(stderr, "sunroad: `%s %s` is no command; %s takes:", argv[1], argv[2], argv[1]);
			else if (first)
				fprintf(stderr, "sunroad: %s takes:", argv[1]);
			fprintf(stderr, " %s", name + len + 1);
			first = false;
		}
	if (!first)
		return fputc('\n', stderr), 2;
	fprintf(stderr, "sunroad: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}

/* Splits argv into options and arguments; a setting given as an option
 * (--db, --port, ...) also sets it. Returns 2 on a usage error. */
static int parse(struct cli *cli, int argc, char **argv)
{
	const struct module_verb *v = cli->verb;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			cli->args[cli->nargs++] = argv[i];
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		if (cli->noptions == (int)(sizeof cli->option_name / sizeof cli->option_name[0]))
			return cli_usage(cli);
		bool flag = listed(v->flags, name, n);
		if (!flag && !listed(v->options, name, n) && !listed(global_options, name, n)) {
			fprintf(stderr, "sunroad: unknown option --%.*s for `sunroad %s`\n", (int)n, name, v->name);
			return cli_usage(cli);
		}
		const char *value = flag ? NULL : eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
		if (!flag && !value) {
			fprintf(stderr,
			        "sunroad: option --%.*s needs a value: give it as --%.*s VALUE or --%.*s=VALUE\n",
			        (int)n, name, (int)n, name, (int)n, name);
			return cli_usage(cli);
		}
		char *key = strndup(name, n);
		if (!key)
			die("out of memory");
		struct err e = { 0 };
		if (value && config_has(key) && config_set(key, value, &e))
			return free(key), cli_fail(&e);
		cli->option_name[cli->noptions] = key;
		cli->option_value[cli->noptions++] = value;
	}
	return 0;
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

int main(int argc, char **argv)
{
	struct err e = { 0 };
	if (config_load(&e))
		return cli_fail(&e);
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc > 2 && strcmp(argv[2], "config") == 0) {
			printf("Settings (the file $SUNROAD_CONFIG, else ./sunroad.conf, else " SYSTEM_CONFIG
			       "; then the environment, then flags). Read now: %s\n",
			       config_path() ? config_path() : "none (the defaults)");
			config_help(stdout);
			return 0;
		}
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0)
		return printf("sunroad %s\n", SUNROAD_VERSION), 0;
	int used = 0;
	struct cli cli = { .config = &config, .actor = cli_actor() };
	cli.verb = verb_find(argc, argv, &used);
	if (!cli.verb)
		return unknown_verb(argc, argv);
	cli.args = calloc((size_t)argc, sizeof *cli.args);
	if (!cli.args)
		die("out of memory");
	int rc = parse(&cli, argc - 1 - used, argv + 1 + used);
	if (rc == 0 && (cli.verb->needs & NEEDS_DB)) {
		struct db_options opt = { .sync_full = strcmp(config.sqlite_sync, "FULL") == 0 };
		if (db_open(&cli.db, config.db, &opt, &e))
			rc = cli_fail(&e);
	}
	if (rc == 0)
		rc = cli.verb->run(&cli);
	db_close(cli.db);
	for (int i = 0; i < cli.noptions; i++)
		free((char *)cli.option_name[i]);
	free(cli.args);
	return rc;
}
