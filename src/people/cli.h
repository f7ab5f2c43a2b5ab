/* The command-line verbs of people (cli.c), for the module's table. */
#ifndef SUNROAD_PEOPLE_CLI_H
#define SUNROAD_PEOPLE_CLI_H

#include "../base/module.h"

int people_cmd_units_add(struct cli *cli);
int people_cmd_units_import(struct cli *cli);
int people_cmd_units_list(struct cli *cli);
int people_cmd_users_add(struct cli *cli);
int people_cmd_users_list(struct cli *cli);
int people_cmd_users_disable(struct cli *cli);
int people_cmd_users_enable(struct cli *cli);
int people_cmd_users_unlock(struct cli *cli);
int people_cmd_users_reset_password(struct cli *cli);

#endif
