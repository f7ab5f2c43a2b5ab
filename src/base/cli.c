/* What every module's command-line verbs share: their options, their usage
 * line, and how a failure is printed. */
#include "datetime.h"
#include "module.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cli_option(const struct cli *cli, const char *name)
{
	for (int i = 0; i < cli->noptions; i++)
		if (cli->option_value[i] && strcmp(cli->option_name[i], name) == 0)
			return cli->option_value[i];
	return NULL;
}

bool cli_flag(const struct cli *cli, const char *name)
{
	for (int i = 0; i < cli->noptions; i++)
		if (!cli->option_value[i] && strcmp(cli->option_name[i], name) == 0)
			return true;
	return false;
}

int cli_usage(const struct cli *cli)
{
	fprintf(stderr, "usage: sunroad %s %s\n", cli->verb->name, cli->verb->synopsis);
	return 2;
}

int cli_fail(const struct err *e)
{
	fprintf(stderr, "sunroad: %s\n", e->msg);
	return 1;
}

long cli_long(const struct cli *cli, const char *name, long fallback, long min, long max)
{
	const char *s = cli_option(cli, name);
	if (!s)
		return fallback;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max)
		die("--%s '%s' must be a whole number in %ld..%ld", name, s, min, max);
	return v;
}

int32_t cli_date(const struct cli *cli, const char *name)
{
	const char *s = cli_option(cli, name);
	int32_t day;
	if (!s)
		die("--%s is required (a date YYYY-MM-DD)", name);
	if (date_parse(slice_from(s), &day))
		die("--%s '%s' is not a date YYYY-MM-DD", name, s);
	return day;
}
