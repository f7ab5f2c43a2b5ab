/* `sunroad gen taxi --db URL [--seed N]`: the demo city's taxi fleet.
 * About 8 companies, 1 200 vehicles and 1 500 drivers with valid credit
 * codes, plates and ID numbers (their check characters computed by
 * cases/party.h), each driver with a training record or three; written as
 * CSV files and imported by `taxi import`'s own path (validation,
 * quarantine, audit), so the demo proves the import too. The drivers of
 * the taxi cases `gen cases` made are among them (their licence is their
 * certificate number, their plate a vehicle of the fleet), so that their
 * decided cases cost them points; a few dozen drivers besides get manual
 * deductions (taxi_deduct: audited), one of them down to 0. A database
 * with a taxi registry is refused. The same seed gives the same fleet;
 * days follow today. */
#include "taxi.h"
#include "base/datetime.h"
#include "base/import.h"
#include "base/module.h"
#include "cases/cases.h"
#include "cases/party.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { COMPANIES = 8, VEHICLES = 1200, DRIVERS = 1500, DEDUCTED = 36 };

struct rng {
	uint64_t s;
};

/* splitmix64: the same numbers on every platform. */
static int below(struct rng *r, int n)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return n > 0 ? (int)(z % (uint64_t)n) : 0;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof(a)[0]))

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
	                                "马", "朱", "胡", "郭", "何", "高", "郝", "苏", "薛", "乔", "霍", "白" };
static const char *const given[] = { "建军", "志强", "海龙", "春生", "晓东", "文斌", "俊峰", "利平",
	                             "二虎", "永胜", "金山", "玉梅", "丽娜", "红霞", "宝军", "国庆",
	                             "斌",   "勇",   "涛",   "鹏",   "磊",   "刚",   "敏",   "静" };
static const char *const mongolian[] = { "巴特尔", "宝音", "额尔敦", "那日苏", "乌力吉", "苏和" };
static const char *const regions[] = { "150602", "150603", "150621", "150622", "150627" };
static const char *const firms[COMPANIES] = {
	"鄂尔多斯市东胜区顺达出租汽车有限责任公司", "鄂尔多斯市康巴什区安通出租汽车有限公司",
	"鄂尔多斯市鑫源出租汽车服务有限公司",       "鄂尔多斯市东胜区万家惠出租汽车有限公司",
	"鄂尔多斯市恒通出租汽车有限责任公司",       "鄂尔多斯市伊金霍洛旗金马出租汽车有限公司",
	"鄂尔多斯市达拉特旗宏达出租汽车有限公司",   "鄂尔多斯市准格尔旗顺风出租汽车有限公司",
};
/* The shares of the fleet, in per mille: a few large companies. */
static const int share[COMPANIES] = { 240, 180, 150, 120, 100, 90, 70, 50 };
static const char *const topics[] = { "职业道德与文明服务",   "安全行车与应急处置", "法律法规与营运规范",
	                              "计价器与票据规范使用", "消防与防疫知识",     "无障碍与特殊乘客服务" };
static const char *const reasons[][2] = {
	{ "taxi_courtesy", "执法检查发现车容车貌不整洁,现场责令改正" },
	{ "taxi_receipt", "乘客投诉未主动出具车费票据,经核实" },
	{ "taxi_equipment", "未按规定开启服务评价器,执法检查发现" },
	{ "taxi_touting", "在鄂尔多斯站出租车候客区不服从调度私自揽客" },
	{ "taxi_refuse", "在伊金霍洛国际机场以路程过近为由拒载,视频核实" },
};

static void name_of(struct rng *r, char out[64])
{
	if (below(r, 12) == 0)
		snprintf(out, 64, "%s", mongolian[below(r, COUNT(mongolian))]);
	else
		snprintf(out, 64, "%s%s", surnames[below(r, COUNT(surnames))], given[below(r, COUNT(given))]);
}

static void resident_id(struct rng *r, char out[PARTY_ID_SIZE])
{
	char digits[18];
	snprintf(digits, sizeof digits, "%s%04d%02d%02d%03d", regions[below(r, COUNT(regions))], 1962 + below(r, 38),
	         1 + below(r, 12), 1 + below(r, 28), below(r, 1000));
	snprintf(out, PARTY_ID_SIZE, "%s%c", digits, party_resident_id_check_char(digits));
}

static void credit_code(struct rng *r, char out[PARTY_ID_SIZE])
{
	char org[9], code[18];
	snprintf(org, sizeof org, "%08d", 10000000 + below(r, 89999999));
	snprintf(code, sizeof code, "91%s%s%c", regions[below(r, COUNT(regions))], org, party_org_code_check_char(org));
	snprintf(out, PARTY_ID_SIZE, "%s%c", code, party_credit_code_check_char(code));
}

/* A taxi plate of Ordos (蒙K) the fleet has not used yet: K and T, then
 * four digits; or a new-energy one, D and five digits. */
static void plate_of(int i, char out[PARTY_PLATE_SIZE])
{
	if (i % 5 == 4)
		snprintf(out, PARTY_PLATE_SIZE, "蒙KD%05d", 10000 + i * 7);
	else
		snprintf(out, PARTY_PLATE_SIZE, "蒙KT%04d", (i * 7 + 13) % 10000);
}

/* A day of the calendar as the CSV has it. */
static void day_text(int32_t day, char out[11])
{
	date_format(day, out);
}

struct fleet {
	char dir[64];
	char path[4][96];
	FILE *f[4];
};

static const char *const files[4] = { "companies", "vehicles", "drivers", "training" };
static const char *const headers[4] = {
	"credit_code,name",
	"plate,permit_no,company",
	"certificate_no,name,id_number,valid_from,valid_to,company,phone,plate,first_qualified",
	"certificate_no,day,hours,topic",
};

static int fleet_open(struct fleet *fl, struct err *e)
{
	snprintf(fl->dir, sizeof fl->dir, "%s/sunroad-taxi.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(fl->dir))
		return err_set(e, ERR_IO, "cannot make a temporary directory for the fleet's files");
	const char *dir = fl->dir; /* (the paths are written beside it, in the same struct) */
	for (int i = 0; i < 4; i++) {
		char path[sizeof fl->path[i]];
		snprintf(path, sizeof path, "%s/%s.csv", dir, files[i]);
		memcpy(fl->path[i], path, sizeof path);
		if (!(fl->f[i] = fopen(fl->path[i], "w")))
			return err_set(e, ERR_IO, "cannot write %s", fl->path[i]);
		fprintf(fl->f[i], "%s\n", headers[i]);
	}
	return 0;
}

static void fleet_remove(struct fleet *fl)
{
	for (int i = 0; i < 4; i++) {
		if (fl->f[i])
			fclose(fl->f[i]);
		if (*fl->path[i])
			unlink(fl->path[i]);
	}
	if (*fl->dir)
		rmdir(fl->dir);
}

/* Writes the fleet's four files: the drivers of the taxi cases first. */
static int fleet_write(struct fleet *fl, struct db *db, uint64_t seed, int32_t today, struct err *e)
{
	struct rng r = { seed * 0x2545F4914F6CDD1DULL + 11 };
	char codes[COMPANIES][PARTY_ID_SIZE];
	for (int c = 0; c < COMPANIES; c++) {
		credit_code(&r, codes[c]);
		fprintf(fl->f[0], "%s,%s\n", codes[c], firms[c]);
	}
	/* The company of the i-th of n, by the shares. */
	int company_of[VEHICLES];
	for (int i = 0, c = 0, upto = share[0] * VEHICLES / 1000; i < VEHICLES; i++) {
		while (i >= upto && c < COMPANIES - 1)
			upto += share[++c] * VEHICLES / 1000;
		company_of[i] = c;
	}
	char plates[VEHICLES][PARTY_PLATE_SIZE];
	for (int i = 0; i < VEHICLES; i++)
		plate_of(i, plates[i]);
	/* The drivers the taxi cases name, each with the plate of the case
	 * (a vehicle of the fleet: the case's plate replaces one). */
	json_t *cases = NULL;
	int rc = cases_by_violation(db, "taxi_", NULL, &cases, e);
	if (rc)
		return rc;
	struct {
		char id[PARTY_ID_SIZE], name[64];
		int vehicle;
	} known[DRIVERS / 4];
	int nknown = 0;
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c)
	{
		const char *licence = json_string_value(json_object_get(c, "licence"));
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *plate = json_string_value(json_object_get(c, "plate"));
		char normal[PARTY_PLATE_SIZE];
		struct err ignored = { 0 };
		bool seen = false;
		for (int k = 0; k < nknown; k++)
			seen |= strcmp(known[k].id, licence) == 0;
		if (seen || nknown == COUNT(known) || !*name ||
		    party_resident_id_check(slice_from(licence), today, NULL, NULL, &ignored) ||
		    party_plate_check(slice_from(plate), normal, &ignored))
			continue;
		int v = nknown * 37 % VEHICLES;
		snprintf(plates[v], sizeof plates[v], "%s", normal);
		snprintf(known[nknown].id, sizeof known[nknown].id, "%s", licence);
		snprintf(known[nknown].name, sizeof known[nknown].name, "%s", name);
		known[nknown++].vehicle = v;
	}
	json_decref(cases);
	/* Two plates the same (a case's plate among the fleet's): the fleet's
	 * own is renumbered out of the way. */
	for (int a = 0; a < VEHICLES; a++)
		for (int k = 0; k < nknown; k++)
			if (a != known[k].vehicle && strcmp(plates[a], plates[known[k].vehicle]) == 0)
				snprintf(plates[a], sizeof plates[a], "蒙KD%05d", 90000 + a);
	for (int v = 0; v < VEHICLES; v++)
		fprintf(fl->f[1], "%s,%s%06d,%s\n", plates[v], "150600", 100000 + v * 13, codes[company_of[v]]);
	for (int d = 0; d < DRIVERS; d++) {
		char id[PARTY_ID_SIZE], name[64], tel[16], from_text[11], to_text[11], first_text[11];
		int v = d < VEHICLES ? d : below(&r, VEHICLES);
		if (d < nknown) {
			snprintf(id, sizeof id, "%s", known[d].id);
			snprintf(name, sizeof name, "%s", known[d].name);
			v = known[d].vehicle;
		} else {
			resident_id(&r, id);
			name_of(&r, name);
		}
		static const char *const prefixes[] = { "139", "138", "158", "186", "151", "131", "159", "177" };
		snprintf(tel, sizeof tel, "%s%08d", prefixes[below(&r, COUNT(prefixes))], below(&r, 100000000));
		/* The certificate runs six years; most were renewed lately, a few
		 * lapse this month or have lapsed. */
		int32_t from = today - 30 - below(&r, 5 * 365);
		if (d % 97 == 5)
			from = today - 6 * 365 + below(&r, 20);
		else if (d % 131 == 7)
			from = today - 6 * 365 - 40;
		int32_t first = from - (below(&r, 3) ? below(&r, 12 * 365) : 0);
		day_text(from, from_text);
		day_text(from + 6 * 365 - 1, to_text);
		day_text(first, first_text);
		fprintf(fl->f[2], "%s,%s,%s,%s,%s,%s,%s,%s,%s\n", id, name, id, from_text, to_text,
		        codes[company_of[v]], tel, plates[v], first_text);
		for (int t = 0, n = 1 + below(&r, 3); t < n; t++) {
			char day[11];
			day_text(today - 5 - below(&r, 700), day);
			fprintf(fl->f[3], "%s,%s,%d,%s\n", id, day, 2 + 2 * below(&r, 3),
			        topics[below(&r, COUNT(topics))]);
		}
	}
	for (int k = 0; k < 4; k++) {
		if (fclose(fl->f[k]))
			rc = err_set(e, ERR_IO, "cannot write %s", fl->path[k]);
		fl->f[k] = NULL;
	}
	return rc;
}

/* Manual deductions for DEDUCTED drivers (each another: 41 is prime to
 * the 1 300 drivers past the first 200), in their current cycle; the
 * first of them loses all its points. */
static int deductions(struct db *db, const struct taxi_rules *rules, uint64_t seed, int32_t today, const char *actor,
                      int *made, struct err *e)
{
	struct rng r = { seed * 31 + 7 };
	int64_t drivers = 0;
	int rc = db_get_int(db, "SELECT count(*) FROM taxi_drivers", DB_NO_ARGS, &drivers, e);
	for (int k = 0; rc >= 0 && k < DEDUCTED && drivers > 0; k++) {
		int64_t driver = 0, first = 0;
		struct db_stmt *row;
		rc = db_row(db, "SELECT id, first_qualified FROM taxi_drivers ORDER BY id LIMIT 1 OFFSET $1",
		            DB_ARGS(DB_INT(200 + k * 41 % (drivers > 200 ? drivers - 200 : 1))), &row, e);
		if (rc != 1)
			break;
		driver = db_col_int(row, 0);
		first = db_col_int(row, 1);
		db_row_done(row);
		int32_t from, to;
		taxi_cycle_of(date_from_key((int32_t)first), today, &from, &to);
		for (int n = 0, times = k == 0 ? 3 : 1 + below(&r, 2); n < times && rc >= 0; n++) {
			int which = k == 0 ? 4 : below(&r, COUNT(reasons));
			int32_t on = from + below(&r, today - from + 1);
			char day[11];
			date_format(on, day);
			json_t *body = json_pack("{s:s,s:s,s:s}", "violation", reasons[which][0], "reason",
			                         reasons[which][1], "day", day);
			int64_t id;
			rc = taxi_deduct(db, rules, actor, driver, body, today, &id, e);
			json_decref(body);
			*made += rc == 0;
		}
	}
	return rc < 0 ? rc : 0;
}

int taxi_cmd_gen(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	uint64_t seed = (uint64_t)cli_long(cli, "seed", 1, 0, 1000000000L);
	struct err e = { 0 };
	int64_t have = 0;
	if (db_get_int(cli->db, "SELECT count(*) FROM taxi_drivers", DB_NO_ARGS, &have, &e) < 0)
		return cli_fail(&e);
	if (have) {
		fprintf(stderr, "sunroad: gen taxi: the database has a taxi registry already (%lld drivers)\n",
		        (long long)have);
		return 1;
	}
	struct taxi_rulebook *book;
	if (taxi_rulebook_load(cli->config->rules, &book, &e))
		return cli_fail(&e);
	int32_t today = local_day((int64_t)time(NULL));
	struct fleet fl = { 0 };
	int rc = fleet_open(&fl, &e);
	if (rc == 0)
		rc = fleet_write(&fl, cli->db, seed, today, &e);
	/* The four files through `taxi import`, in order. */
	for (int k = 0; rc == 0 && k < 4; k++) {
		char *args[2] = { (char *)files[k], fl.path[k] };
		struct cli sub = *cli;
		sub.nargs = 2;
		sub.args = args;
		rc =
		    taxi_cmd_import(&sub) ? err_set(&e, ERR_INVALID, "importing the generated %s failed", files[k]) : 0;
	}
	int made = 0;
	if (rc == 0)
		rc = deductions(cli->db, taxi_rulebook_rules(book), seed, today, cli->actor, &made, &e);
	fleet_remove(&fl);
	taxi_rulebook_free(book);
	if (rc)
		return cli_fail(&e);
	printf("%d manual deductions recorded\n", made);
	return 0;
}
