/* The command-line verbs of the over-limit module (cli.c). */
#ifndef SUNROAD_OVERLIMIT_CLI_H
#define SUNROAD_OVERLIMIT_CLI_H

#include "../base/module.h"

int overlimit_cmd_rules(struct cli *cli);
int overlimit_cmd_sites_import(struct cli *cli);
int overlimit_cmd_sites_list(struct cli *cli);
int overlimit_cmd_sites_key(struct cli *cli);
int overlimit_cmd_judge(struct cli *cli);
int overlimit_cmd_ingest(struct cli *cli);
int overlimit_cmd_unloads_import(struct cli *cli);
int overlimit_cmd_quarantine_list(struct cli *cli);
int overlimit_cmd_gen(struct cli *cli);
int overlimit_cmd_report(struct cli *cli);

#endif
