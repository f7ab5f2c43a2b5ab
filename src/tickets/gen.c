/* `sunroad gen tickets`: the demo year's complaint tickets (2,585 in 2023,
 * the detachment's figure) and a handful in hand today, added to a
 * database that holds the demo's units (and, when `gen taxi` ran, the taxi
 * fleet the complaints point at).
 *
 * Every ticket is received and carried through the API's own functions
 * (tickets_create, tickets_act), by a dispatcher at HQ, the brigades'
 * officers and chiefs, so the demo's tickets are checked, stored and
 * audited as the users' are. Realistic timings: the caller mostly
 * contacted within the hour, resolved within three working days and
 * called back and closed within seven, some late; a few returned to the
 * dispatcher and handed on, extended by a chief, merged as duplicates
 * across channels, reopened by an unsatisfied caller. */
#include "tickets.h"
#include "base/auth.h"
#include "base/datetime.h"
#include "base/rng.h"
#include "base/module.h"
#include "people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	YEAR_TICKETS = 2585, /* the 2023 figure */
	IN_HAND = 18,        /* received in the last days, at every step */
	MAX_UNITS = 32,
	MAX_PLATES = 4096,
};


/* A pick by weights (per mille, adding up to 1000). */
static int weighted(struct rng *r, const int *weights, int n)
{
	int roll = rng_below(r, 1000);
	for (int i = 0; i < n; i++)
		if ((roll -= weights[i]) < 0)
			return i;
	return n - 1;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof(a)[0]))

static const char *const channels[] = { "12345", "12328", "web", "petition", "walk_in" };
static const int channel_weights[] = { 550, 380, 30, 20, 20 };
static const char *const kinds[] = { "complaint", "report", "inquiry", "help", "suggestion" };
static const int kind_weights[] = { 800, 80, 60, 40, 20 };
static const char *const categories[] = { "taxi_refuse", "taxi_bargain", "taxi_detour", "taxi_meter", "taxi_dump",
	                                  "taxi_attitude", "taxi_appearance", "taxi_extra_passenger",
	                                  "illegal_operation", "enforcement_conduct", "other_transport" };
static const int category_weights[] = { 220, 150, 120, 80, 50, 60, 20, 20, 100, 60, 120 };
static const char *const texts[] = {
	"来电人反映在火车站候客区,该出租车以路程近为由拒绝载客。",
	"来电人反映出租车司机不打表,要求一口价,与乘客议价。",
	"来电人反映出租车司机故意绕道行驶,多收车费。",
	"来电人反映出租车司机未使用计价器,按自定价格收费。",
	"来电人反映行驶途中司机以加油为由让乘客下车甩客。",
	"来电人反映出租车司机服务态度恶劣,言语粗暴。",
	"来电人反映出租车车内卫生差,车容车貌不整。",
	"来电人反映司机未经同意搭载其他乘客。",
	"来电人举报有私家车在机场长期揽客非法营运。",
	"来电人反映执法人员检查时态度生硬,要求核实。",
	"来电人反映客运班车晚点、货运车辆扰民等交通运输问题。",
};
static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "高", "郭" };

struct unit {
	char code[33];
	char officer[65]; /* who contacts and resolves */
	char chief[65];
};

struct demo {
	struct db *db;
	struct rng r;
	int64_t now;
	struct unit unit[MAX_UNITS];
	int nunits;
	struct caller dispatch, chief;
	char (*plate)[32];
	int nplates;
	int tickets, acts, late, merged, reopened;
};

static struct caller caller_of_login(const char *login, unsigned roles, const char *unit)
{
	struct caller c = { .roles = roles };
	snprintf(c.login, sizeof c.login, "%s", login);
	snprintf(c.unit, sizeof c.unit, "%s", unit);
	c.sees_all = strcmp(unit, "HQ") == 0;
	return c;
}

/* The account login, added when there is none (a random password nobody
 * is shown). */
static int staff(struct demo *d, const char *login, const char *name, const char *roles, const char *unit,
                 struct err *e)
{
	char had[129], badge[33];
	int rc = people_user_label(d->db, login, had, badge, e);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	char password[17];
	auth_random_password(password);
	struct user_new u = { .login = login, .name = name, .roles = roles, .unit = unit, .badge = "", .temporary = true };
	return people_users_add(d->db, &u, password, "gen", e);
}

/* The brigades, each with an officer of the complaints and its chief (the
 * chief `gen cases` made, or one of its own). */
static int units_read(struct demo *d, struct err *e)
{
	struct db_stmt *st = db_prepare(d->db, "SELECT code FROM units WHERE kind = 'brigade' ORDER BY code", e);
	if (!st)
		return e->code;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW && d->nunits < MAX_UNITS)
		snprintf(d->unit[d->nunits++].code, 33, "%s", db_col_text(st, 0));
	if (rc < 0)
		return rc;
	rc = staff(d, "dispatch-1", "热线派单员", "officer", "HQ", e);
	rc = rc ? rc : staff(d, "dispatch-chief", "热线督办科长", "chief", "HQ", e);
	d->dispatch = caller_of_login("dispatch-1", ROLE_OFFICER, "HQ");
	d->chief = caller_of_login("dispatch-chief", ROLE_CHIEF, "HQ");
	for (int i = 0; i < d->nunits && !rc; i++) {
		struct unit *u = &d->unit[i];
		char lower[33];
		snprintf(lower, sizeof lower, "%s", u->code);
		for (char *p = lower; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		snprintf(u->officer, sizeof u->officer, "complaints-%s", lower);
		snprintf(u->chief, sizeof u->chief, "chief-%s", lower);
		char name[64];
		snprintf(name, sizeof name, "%s投诉专管员", u->code);
		rc = staff(d, u->officer, name, "officer", u->code, e);
		snprintf(name, sizeof name, "%s大队长", u->code);
		rc = rc ? rc : staff(d, u->chief, name, "chief", u->code, e);
	}
	if (!rc && d->nunits == 0)
		rc = err_set(e, ERR_INVALID, "no brigade in the database: import the demo's units first");
	return rc;
}

/* The plates of the taxi fleet (`gen taxi`), or made up when there is
 * none: the complaints point at real registry vehicles when they can. */
static int plates_read(struct demo *d, struct err *e)
{
	d->plate = calloc(MAX_PLATES, sizeof *d->plate);
	if (!d->plate)
		return err_set(e, ERR_NOMEM, "out of memory");
	struct err ignore = { 0 };
	struct db_stmt *st = db_prepare(d->db, "SELECT plate FROM taxi_vehicles ORDER BY plate", &ignore);
	while (st && db_step(st, &ignore) == DB_ROW && d->nplates < MAX_PLATES)
		snprintf(d->plate[d->nplates++], 32, "%s", db_col_text(st, 0));
	for (; d->nplates < 800; d->nplates++)
		snprintf(d->plate[d->nplates], 32, "蒙KT%04d", d->nplates + 1);
	return 0;
}

/* An instant of a local day at a time (seconds of the day). */
static int64_t local_at(int32_t day, int seconds)
{
	return (int64_t)day * 86400 - LOCAL_UTC_OFFSET_S + seconds;
}

static json_t *at_json(int64_t t)
{
	char text[32];
	datetime_format_local(t, text);
	return json_string(text);
}

/* An act on ticket id as who at t; refusals are the generator's mistakes. */
static int act(struct demo *d, const struct caller *who, int64_t id, const char *type, int64_t t, json_t *extra,
               struct err *e)
{
	json_t *body = extra ? extra : json_object();
	json_object_set_new(body, "type", json_string(type));
	json_object_set_new(body, "at", at_json(t));
	int rc = tickets_act(d->db, who, id, body, e);
	json_decref(body);
	d->acts += rc == 0;
	return rc;
}

/* The end of the working hours of the day t falls on, or t + gap. */
static int64_t later(struct rng *r, int64_t t, int min_minutes, int max_minutes)
{
	return t + 60 * (min_minutes + rng_below(r, max_minutes - min_minutes + 1));
}

/* One ticket: received at `received`, walked up to `until` (an instant:
 * acts after it are left for later). */
static int one(struct demo *d, int64_t received, int64_t until, int64_t *out_id, struct err *e)
{
	struct rng *r = &d->r;
	int cat = weighted(r, category_weights, COUNT(categories));
	const char *category = categories[cat];
	bool taxi = strncmp(category, "taxi", 4) == 0;
	char phone[16], name[32];
	snprintf(phone, sizeof phone, "1%d%d%08d", 3 + rng_below(r, 6), rng_below(r, 10), rng_below(r, 100000000));
	snprintf(name, sizeof name, "%s%s", surnames[rng_below(r, COUNT(surnames))], rng_chance(r, 500) ? "先生" : "女士");
	json_t *body = json_pack("{s:s,s:s,s:s,s:o,s:{s:s,s:s},s:s}", "channel",
	                         channels[weighted(r, channel_weights, COUNT(channels))], "kind",
	                         taxi ? "complaint" : kinds[weighted(r, kind_weights, COUNT(kinds))], "category", category,
	                         "received_at", at_json(received), "caller", "name", name, "phone", phone, "text",
	                         texts[cat]);
	if (taxi || rng_chance(r, 300))
		json_object_set_new(body, "subject", json_pack("{s:s,s:s}", "kind", "taxi_vehicle", "plate",
		                                               d->plate[rng_below(r, d->nplates)]));
	int64_t id;
	int rc = tickets_create(d->db, &d->dispatch, body, &id, e);
	json_decref(body);
	if (rc)
		return rc;
	*out_id = id;
	d->tickets++;
	struct unit *u = &d->unit[rng_below(r, d->nunits)];
	struct caller officer = caller_of_login(u->officer, ROLE_OFFICER, u->code);
	int64_t t = later(r, received, 3, 25);
#define STEP(who, type, when, extra)                                                \
	do {                                                                        \
		int64_t step_at = (when);                                           \
		if (step_at > until)                                                \
			return 0;                                                   \
		if ((rc = act(d, who, id, type, step_at, extra, e)))               \
			return rc;                                                  \
		t = step_at;                                                        \
	} while (0)
	STEP(&d->dispatch, "assign", t, json_pack("{s:s}", "unit", u->code));
	/* Now and then the same caller calls the other hotline too: that
	 * ticket is merged into this one, which answers both. */
	if (rng_chance(r, 40) && received + 3 * 3600 < until && d->tickets + 2 <= YEAR_TICKETS) {
		json_t *again = json_pack("{s:s,s:s,s:s,s:o,s:{s:s,s:s},s:s}", "channel",
		                          rng_chance(r, 500) ? "12328" : "12345", "kind", "complaint", "category", category,
		                          "received_at", at_json(t + 60 * (5 + rng_below(r, 60))), "caller", "name", name, "phone",
		                          phone, "text", texts[cat]);
		int64_t second;
		rc = tickets_create(d->db, &d->dispatch, again, &second, e);
		json_decref(again);
		if (rc)
			return rc;
		d->tickets++;
		struct ticket_loaded dup;
		if ((rc = tickets_load(d->db, NULL, second, &dup, e)))
			return tickets_loaded_free(&dup), rc;
		int64_t merge_at = dup.status.received_at + 60 * (2 + rng_below(r, 20));
		tickets_loaded_free(&dup);
		if ((rc = act(d, &d->dispatch, second, "merge", merge_at, json_pack("{s:I}", "into", (json_int_t)id), e)))
			return rc;
		d->merged++;
		t = merge_at;
	}
	/* A few went to the wrong brigade and come back through the dispatcher. */
	if (rng_chance(r, 30)) {
		STEP(&officer, "return", later(r, t, 10, 90), json_pack("{s:s}", "reason", "不属本大队辖区,申请退单"));
		u = &d->unit[(u - d->unit + 1 + rng_below(r, d->nunits - 1)) % d->nunits];
		officer = caller_of_login(u->officer, ROLE_OFFICER, u->code);
		STEP(&d->chief, "rule", later(r, t, 10, 120), json_pack("{s:s,s:s}", "decision", "accept", "unit", u->code));
	}
	bool late = rng_chance(r, 70);
	int64_t contact = later(r, received, 8, 55);
	if (late || contact <= t)
		contact = late ? later(r, t, 70, 300) : t + 60;
	STEP(&officer, "contact", contact, json_pack("{s:s}", "note", "已电话联系来电人,了解诉求"));
	struct ticket_loaded now;
	if ((rc = tickets_load(d->db, NULL, id, &now, e)))
		return tickets_loaded_free(&now), rc;
	int32_t resolve_due = now.status.due.resolve, close_due = now.status.due.close;
	tickets_loaded_free(&now);
	if (rng_chance(r, 20)) {
		STEP(&d->chief, "extend", later(r, t, 60, 600),
		     json_pack("{s:s,s:i,s:s}", "clock", "resolve", "days", 3, "reason", "需调取车载视频核实"));
		resolve_due += 4;
	}
	/* Resolved on a working day by the deadline, now and then after it. */
	int32_t day = local_day(t);
	int32_t resolve_day = rng_chance(r, 920) ? day + rng_below(r, resolve_due - day + 1) : resolve_due + 1 + rng_below(r, 4);
	int64_t resolved = local_at(resolve_day, 9 * 3600 + rng_below(r, 8 * 3600));
	STEP(&officer, "resolve", resolved > t ? resolved : t + 600,
	     json_pack("{s:s}", "result", taxi ? "经调查核实,已约谈驾驶员并责令改正,按规定处理" : "已核实并处理,向来电人说明情况"));
	static const int satisfaction_weights[] = { 15, 35, 80, 250, 620 };
	int satisfaction = 1 + weighted(r, satisfaction_weights, 5);
	STEP(&d->dispatch, "callback", later(r, t, 60, 1440), json_pack("{s:i}", "satisfaction", satisfaction));
	if (satisfaction <= 2 && rng_chance(r, 600)) {
		STEP(&d->dispatch, "reopen", later(r, t, 5, 60), json_pack("{s:s}", "reason", "来电人对处理结果不满意,要求重新办理"));
		d->reopened++;
		STEP(&officer, "contact", later(r, t, 10, 50), NULL);
		STEP(&officer, "resolve", later(r, t, 600, 2880), json_pack("{s:s}", "result", "再次核实并处理"));
		STEP(&d->dispatch, "callback", later(r, t, 60, 1440), json_pack("{s:i}", "satisfaction", 3 + rng_below(r, 3)));
	}
	int64_t closed = later(r, t, 5, 240);
	if (local_day(closed) > close_due)
		d->late++;
	STEP(&d->dispatch, "close", closed, json_pack("{s:s}", "summary", "已按来电人诉求办理并回访,予以结单"));
#undef STEP
	return 0;
}

int tickets_cmd_gen(struct cli *cli)
{
	if (cli->nargs)
		return cli_usage(cli);
	int year = (int)cli_long(cli, "year", 2023, 2019, 2100);
	struct err e = { 0 };
	struct demo *d = calloc(1, sizeof *d);
	if (!d) {
		err_set(&e, ERR_NOMEM, "out of memory");
		return cli_fail(&e);
	}
	d->db = cli->db;
	d->r.s = (uint64_t)cli_long(cli, "seed", 1, 0, 0x7fffffff) * 0x9E3779B97F4A7C15ULL + 11;
	d->now = (int64_t)time(NULL);
	int64_t had = 0;
	int rc = tickets_start(cli->config->rules, &e);
	if (!rc && (rc = db_get_int(d->db, "SELECT count(*) FROM tickets", DB_NO_ARGS, &had, &e)) > 0)
		rc = 0;
	if (!rc && had)
		rc = err_set(&e, ERR_CONFLICT, "the database has %lld tickets already: gen tickets fills a new demo database",
		             (long long)had);
	rc = rc ? rc : units_read(d, &e);
	rc = rc ? rc : plates_read(d, &e);
	/* The year's tickets in time order: more by day than by night, more in
	 * the summer and around the holidays' travel. */
	int32_t first = days_from_civil(year, 1, 1), days = days_from_civil(year + 1, 1, 1) - first;
	while (d->tickets < YEAR_TICKETS && !rc) {
		int32_t day = first + (int32_t)((int64_t)d->tickets * days / YEAR_TICKETS);
		int seconds = rng_chance(&d->r, 900) ? 7 * 3600 + rng_below(&d->r, 16 * 3600) : rng_below(&d->r, 86400);
		int64_t id;
		rc = one(d, local_at(day, seconds), d->now, &id, &e);
	}
	/* In hand: received over the last three days, walked up to now. */
	for (int i = 0; i < IN_HAND && !rc; i++) {
		int64_t received = d->now - 3 * 86400 + (int64_t)i * 3 * 86400 / IN_HAND;
		int64_t id;
		int64_t until = received + (int64_t)(i % 6) * 3600 * 8;
		rc = one(d, received, until < d->now ? until : d->now, &id, &e);
	}
	if (!rc)
		printf("%d tickets received (%d in hand), %d acts, %d merged, %d reopened, %d closed late\n", d->tickets,
		       IN_HAND, d->acts, d->merged, d->reopened, d->late);
	free(d->plate);
	free(d);
	tickets_stop();
	return rc ? cli_fail(&e) : 0;
}
