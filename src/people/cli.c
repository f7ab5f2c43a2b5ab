/* The command-line verbs of people: the unit tree and the accounts. */
#include "cli.h"
#include "people.h"
#include "../base/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int people_cmd_units_add(struct cli *cli)
{
	const char *code = cli_option(cli, "code"), *name = cli_option(cli, "name"), *kind = cli_option(cli, "kind");
	if (cli->nargs || !code || !name || !kind)
		return cli_usage(cli);
	struct err e = { 0 };
	if (people_units_add(cli->db, code, name, kind, cli_option(cli, "parent"), cli->actor, &e))
		return cli_fail(&e);
	printf("unit %s added\n", code);
	return 0;
}

int people_cmd_units_import(struct cli *cli)
{
	if (cli->nargs != 1)
		return cli_usage(cli);
	struct err e = { 0 };
	int added = 0;
	if (people_units_import(cli->db, cli->args[0], cli->actor, &added, &e))
		return cli_fail(&e);
	printf("%d unit%s added\n", added, added == 1 ? "" : "s");
	return 0;
}

int people_cmd_units_list(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	struct err e = { 0 };
	return people_units_list(cli->db, stdout, &e) ? cli_fail(&e) : 0;
}

/* The password from one line of standard input, or a random one printed
 * once, for the person creating the account to hand over. */
static int read_password(bool from_stdin, char *out, size_t size, bool *generated, struct err *e)
{
	*generated = !from_stdin;
	if (!from_stdin) {
		char random[17];
		auth_random_password(random);
		snprintf(out, size, "%s", random);
		return 0;
	}
	if (!fgets(out, (int)size, stdin))
		return err_set(e, ERR_INVALID,
		               "--password-stdin: standard input holds no password; pipe it in as one line,"
		               " or leave out --password-stdin for a random one");
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

/* The day of the date option name into *day, 0 when not given. Day 0
 * (1970-01-01) is how people.h says "not on record": refused as a day. */
static int cert_day(const struct cli *cli, const char *name, int32_t *day, struct err *e)
{
	*day = cli_option(cli, name) ? cli_date(cli, name) : 0;
	if (cli_option(cli, name) && *day == 0)
		return err_set(e, ERR_INVALID, "--%s: 1970-01-01 cannot be a certificate's day", name);
	return 0;
}

int people_cmd_users_add(struct cli *cli)
{
	struct user_new u = { .login = cli_option(cli, "login"),
		              .name = cli_option(cli, "name"),
		              .roles = cli_option(cli, "role"),
		              .unit = cli_option(cli, "unit"),
		              .badge = cli_option(cli, "badge"),
		              .temporary = cli_flag(cli, "temporary") };
	if (cli->nargs || !u.login || !u.name || !u.roles || !u.unit)
		return cli_usage(cli);
	if (!u.badge)
		u.badge = "";
	/* The certificate's validity: either day, or both, or neither. */
	struct err e = { 0 };
	if (cert_day(cli, "cert-from", &u.cert_from, &e) || cert_day(cli, "cert-to", &u.cert_to, &e))
		return cli_fail(&e);
	char password[256];
	bool generated;
	int rc = read_password(cli_flag(cli, "password-stdin"), password, sizeof password, &generated, &e);
	u.temporary = u.temporary || generated;
	if (rc == 0 && (rc = people_users_add(cli->db, &u, password, cli->actor, &e)) == 0)
		printf("user %s added%s%s\n", u.login, generated ? "; password (shown once): " : "",
		       generated ? password : "");
	sodium_memzero(password, sizeof password);
	return rc ? cli_fail(&e) : 0;
}

int people_cmd_users_list(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	struct err e = { 0 };
	return people_users_list(cli->db, stdout, &e) ? cli_fail(&e) : 0;
}

/* A verb that changes one account: LOGIN, then what it did. */
static int user_verb(struct cli *cli, int (*change)(struct db *, const char *, const char *, struct err *),
                     const char *done)
{
	if (cli->nargs != 1)
		return cli_usage(cli);
	struct err e = { 0 };
	if (change(cli->db, cli->args[0], cli->actor, &e))
		return cli_fail(&e);
	printf("user %s %s\n", cli->args[0], done);
	return 0;
}

int people_cmd_users_disable(struct cli *cli)
{
	return user_verb(cli, people_users_disable, "disabled");
}

int people_cmd_users_enable(struct cli *cli)
{
	return user_verb(cli, people_users_enable, "enabled");
}

int people_cmd_users_unlock(struct cli *cli)
{
	return user_verb(cli, people_users_unlock, "unlocked");
}

int people_cmd_users_reset_password(struct cli *cli)
{
	if (cli->nargs != 1)
		return cli_usage(cli);
	struct err e = { 0 };
	char password[256];
	bool generated;
	int rc = read_password(cli_flag(cli, "password-stdin"), password, sizeof password, &generated, &e);
	if (rc == 0 && (rc = people_users_reset_password(cli->db, cli->args[0], password, cli->actor, &e)) == 0)
		printf("password of %s reset%s%s\n", cli->args[0], generated ? "; new password (shown once): " : "",
		       generated ? password : "");
	sodium_memzero(password, sizeof password);
	return rc ? cli_fail(&e) : 0;
}
