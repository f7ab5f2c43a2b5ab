/* `sunroad gen cases`: the demo year's penalty cases and their file
 * review, added to a database that holds the year's detections (`sunroad
 * gen`, then `ingest` and `unloads import`).
 *
 * Nothing here writes a table of the procedure itself: every act goes
 * through what the API does (cases_open, cases_act, the review's draw,
 * items and finish; the screening's decision), as the officers, the chiefs
 * and the legal reviewers the demo gives each unit, so the demo's cases
 * are checked, stored and audited exactly as the users' are.
 *
 * What it adds, from a seed:
 *  - staff: an officer account for every badge that unloaded a vehicle
 *    (the unit where it unloaded most), two more where a unit has fewer
 *    than three, a chief per unit, two legal reviewers and an inspector
 *    at HQ; random passwords nobody is shown (an administrator resets one
 *    to log in as that person);
 *  - screening: every admissible over-limit detection confirmed;
 *  - a case per confirmed detection, opened by the unit's chief (which
 *    approves it) and carried through the procedure with realistic
 *    timings: statements, hearings for the large fines with the legal
 *    review, late services and payments with their late fines, 催告 and
 *    applications to the court, a few extensions and referrals, closing
 *    and 抄告, some of it late;
 *  - on-site cases of the year (inspections refused or evaded, oversize
 *    loads, taxis), and a handful opened in the last weeks before today,
 *    left at every state of the procedure, so the desk has work in hand;
 *  - the year's file review: a sample of 544 closed files (the 2023
 *    figure) drawn from the seed, their open items scored by the reviewer.
 *
 * The same seed on the same database gives the same cases; the recent
 * ones follow today's date. */
#include "cases.h"
#include "party.h"
#include "base/audit.h"
#include "base/auth.h"
#include "base/datetime.h"
#include "base/rng.h"
#include "base/module.h"
#include "calendar/calendar.h"
#include "overlimit/api.h"
#include "people/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	REVIEWED_FILES = 544, /* the 2023 figure */
	ONSITE_PER_UNIT = 14, /* on-site cases of the year, per unit */
	RECENT_CASES = 24,    /* opened in the last weeks, left in hand */
	MAX_UNITS = 32,
	MAX_BADGES = 12,
};


/* A stream of its own for a key (a plate): the same party for the same
 * vehicle all year. */
static struct rng keyed(uint64_t seed, const char *key)
{
	uint64_t h = 1469598103934665603ULL ^ seed;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (struct rng){ h };
}

/* ---- people and companies --------------------------------------------- */

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
	                                "马", "朱", "胡", "郭", "何", "高", "林", "郑", "梁", "宋", "韩", "冯",
	                                "邓", "曹", "田", "董", "贾", "杜", "白", "乔", "霍", "郝", "苏", "薛" };
static const char *const given[] = { "伟", "军", "磊", "勇", "强", "涛", "斌", "杰", "鹏", "飞", "宏", "刚",
	                             "建", "国", "志", "明", "海", "波", "亮", "春", "晓", "文", "东", "瑞",
	                             "俊", "峰", "利", "平", "辉", "龙", "巴特尔", "宝音", "额尔敦", "那日苏" };
/* Where the trucks of Ordos come from: the region codes of GB/T 2260. */
static const struct {
	const char *code, *name, *town;
} regions[] = {
	{ "150602", "内蒙古自治区鄂尔多斯市东胜区", "东胜" },      { "150621", "内蒙古自治区鄂尔多斯市达拉特旗", "达拉特" },
	{ "150622", "内蒙古自治区鄂尔多斯市准格尔旗", "准格尔" },  { "150624", "内蒙古自治区鄂尔多斯市鄂托克旗", "鄂托克" },
	{ "150626", "内蒙古自治区鄂尔多斯市乌审旗", "乌审" },      { "150627", "内蒙古自治区鄂尔多斯市伊金霍洛旗", "伊金霍洛" },
	{ "150203", "内蒙古自治区包头市昆都仑区", "包头" },        { "610802", "陕西省榆林市榆阳区", "榆林" },
	{ "610881", "陕西省神木市", "神木" },                      { "140602", "山西省朔州市朔城区", "朔州" },
};
static const char *const trades[] = { "物流", "煤炭运销", "汽车运输", "能源运输", "商贸", "建材", "砂石" };
static const char *const firm_words[] = { "鑫源", "恒达", "通顺", "宏远", "金路", "泰和", "安达", "广汇",
	                                  "驰骋", "顺通", "远洋", "华盛", "兴旺", "聚鑫", "瑞丰", "腾达" };

#define COUNT(a) ((int)(sizeof(a) / sizeof(a)[0]))

static void person_name(struct rng *r, char *out, size_t size)
{
	const char *g = given[rng_below(r, COUNT(given))];
	if (strlen(g) > 3) /* a Mongolian name stands alone */
		snprintf(out, size, "%s", g);
	else if (rng_chance(r, 500))
		snprintf(out, size, "%s%s%s", surnames[rng_below(r, COUNT(surnames))], g, given[rng_below(r, COUNT(given) - 4)]);
	else
		snprintf(out, size, "%s%s", surnames[rng_below(r, COUNT(surnames))], g);
}

/* A resident ID number with its GB 11643 check character. */
static void resident_id(struct rng *r, int region, char out[PARTY_ID_SIZE])
{
	int year = 1965 + rng_below(r, 34), month = 1 + rng_below(r, 12), day = 1 + rng_below(r, 28);
	char digits[18];
	snprintf(digits, sizeof digits, "%s%04d%02d%02d%03d", regions[region].code, year, month, day,
	         rng_below(r, 500) * 2 + 1);
	snprintf(out, PARTY_ID_SIZE, "%s%c", digits, party_resident_id_check_char(digits));
}

/* A unified social credit code: 91 (a company), the region, an
 * organisation code with its GB 11714 check, and the GB 32100 check. */
static void credit_code(struct rng *r, int region, char out[PARTY_ID_SIZE])
{
	char org[9], code[18];
	snprintf(org, sizeof org, "%08d", 10000000 + rng_below(r, 89999999));
	snprintf(code, sizeof code, "91%s%s%c", regions[region].code, org, party_org_code_check_char(org));
	snprintf(out, PARTY_ID_SIZE, "%s%c", code, party_credit_code_check_char(code));
}

static void phone(struct rng *r, char out[16])
{
	static const char *const prefixes[] = { "139", "138", "137", "158", "186", "151", "131", "159" };
	snprintf(out, 16, "%s%08d", prefixes[rng_below(r, COUNT(prefixes))], rng_below(r, 100000000));
}

/* The party, the driver and the carrier of a vehicle, the same for the
 * same plate: an owner-driver, or a transport company's truck whose
 * company is the party. */
static void vehicle_people(uint64_t seed, const char *plate, bool driver_only, json_t **party, json_t **vehicle)
{
	struct rng r = keyed(seed, plate);
	int region = rng_below(&r, COUNT(regions));
	char driver[64], id[PARTY_ID_SIZE], tel[16], address[256];
	person_name(&r, driver, sizeof driver);
	resident_id(&r, region, id);
	phone(&r, tel);
	snprintf(address, sizeof address, "%s%s路%d号", regions[region].name, firm_words[rng_below(&r, COUNT(firm_words))],
	         1 + rng_below(&r, 300));
	/* Companies are fewer than trucks: the company is drawn from the
	 * plate's stream into a pool of 200 per seed. */
	struct rng firm = { seed * 31 + (uint64_t)rng_below(&r, 200) };
	int firm_region = rng_below(&firm, COUNT(regions));
	char firm_name[160], code[PARTY_ID_SIZE], boss[64], firm_address[256];
	snprintf(firm_name, sizeof firm_name, "%s%s%s有限公司", regions[firm_region].town,
	         firm_words[rng_below(&firm, COUNT(firm_words))], trades[rng_below(&firm, COUNT(trades))]);
	credit_code(&firm, firm_region, code);
	person_name(&firm, boss, sizeof boss);
	snprintf(firm_address, sizeof firm_address, "%s%s工业园区%d号", regions[firm_region].name,
	         firm_words[rng_below(&firm, COUNT(firm_words))], 1 + rng_below(&firm, 90));
	int fleet = 30 + rng_below(&firm, 370);
	bool company = !driver_only && rng_chance(&r, 450);
	*party = company ? json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", "organisation", "name", firm_name, "id_number", code,
	                             "representative", boss, "address", firm_address)
	                 : json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", "person", "name", driver, "id_number", id, "phone",
	                             tel, "address", address);
	char permit[32], source[160];
	snprintf(permit, sizeof permit, "%s%06d", regions[region].code, rng_below(&r, 1000000));
	*vehicle = json_pack("{s:s,s:{s:s,s:s},s:{s:s,s:s,s:i}}", "permit", permit, "driver", "name", driver, "licence", id,
	                     "carrier", "name", firm_name, "credit_code", code, "fleet", fleet);
	/* A truck mostly shuttles from one mine or yard: its loading source. */
	static const char *const kinds[] = { "煤矿", "露天煤矿", "砂石料场", "洗煤厂" };
	if (!driver_only && rng_chance(&r, 700)) {
		snprintf(source, sizeof source, "%s%s%s", regions[rng_below(&r, 6)].town, firm_words[rng_below(&r, COUNT(firm_words))],
		         kinds[rng_below(&r, COUNT(kinds))]);
		json_object_set_new(*vehicle, "source", json_pack("{s:s}", "name", source));
	}
}

/* ---- staff -------------------------------------------------------------- */

struct unit_staff {
	char code[33];
	char badge[MAX_BADGES][33];
	int nbadges;
	struct caller chief;
};

struct demo {
	struct db *db;
	const char *actor;
	uint64_t seed;
	struct rng r;
	int32_t today;
	struct unit_staff unit[MAX_UNITS];
	int nunits;
	struct caller legal[2], inspector;
	int opened, acts, refused;
};

static struct caller caller_make(const char *login, const char *name, unsigned roles, const char *unit)
{
	struct caller c = { .roles = roles };
	snprintf(c.login, sizeof c.login, "%s", login);
	snprintf(c.name, sizeof c.name, "%s", name);
	snprintf(c.unit, sizeof c.unit, "%s", unit);
	c.sees_all = strcmp(unit, "HQ") == 0;
	return c;
}

/* The account login (added when there is none yet) as a caller. */
static int staff_add(struct demo *d, const char *login, const char *roles, unsigned role_bits, const char *unit,
                     const char *badge, struct caller *out, struct err *e)
{
	char name[129], had_badge[33];
	int rc = people_user_label(d->db, login, name, had_badge, e);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		person_name(&d->r, name, sizeof name);
		char password[17];
		auth_random_password(password);
		/* A badge is an enforcement certificate: issued before the demo
		 * year, valid beyond today's cases. */
		int y = 2019 + rng_below(&d->r, 4), m = 1 + rng_below(&d->r, 12);
		int32_t from = *badge ? days_from_civil(y, m, 1) : 0, to = *badge ? days_from_civil(y + 9, m, 1) - 1 : 0;
		struct user_new u = { .login = login, .name = name, .roles = roles, .unit = unit, .badge = badge,
			              .temporary = true, .cert_from = from, .cert_to = to };
		if ((rc = people_users_add(d->db, &u, password, d->actor, e)))
			return rc;
	}
	if (out)
		*out = caller_make(login, name, role_bits, unit);
	return 0;
}

static struct unit_staff *unit_of(struct demo *d, const char *code)
{
	for (int i = 0; i < d->nunits; i++)
		if (strcmp(d->unit[i].code, code) == 0)
			return &d->unit[i];
	if (d->nunits == MAX_UNITS)
		return NULL;
	struct unit_staff *u = &d->unit[d->nunits++];
	memset(u, 0, sizeof *u);
	snprintf(u->code, sizeof u->code, "%s", code);
	return u;
}

/* The unit where each badge unloaded most is the badge's. */
static int staff_make(struct demo *d, const struct overlimit_handled *h, size_t n, struct err *e)
{
	struct tally {
		char badge[33], unit[33];
		int count;
	} *t = calloc(n + 1, sizeof *t);
	size_t nt = 0;
	if (!t)
		return err_set(e, ERR_NOMEM, "out of memory counting badges");
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < nt && (strcmp(t[k].badge, h[i].badge) || strcmp(t[k].unit, h[i].unit)))
			k++;
		if (k == nt) {
			snprintf(t[k].badge, 33, "%s", h[i].badge);
			snprintf(t[k].unit, 33, "%s", h[i].unit);
			nt++;
		}
		t[k].count++;
		unit_of(d, h[i].unit);
	}
	int rc = 0;
	for (size_t k = 0; k < nt && !rc; k++) {
		bool best = *t[k].badge != '\0';
		for (size_t j = 0; j < nt && best; j++)
			best = strcmp(t[j].badge, t[k].badge) || t[j].count < t[k].count ||
			       (t[j].count == t[k].count && j >= k);
		struct unit_staff *u = best ? unit_of(d, t[k].unit) : NULL;
		if (u && u->nbadges < MAX_BADGES) {
			char login[65];
			snprintf(login, sizeof login, "o%s", t[k].badge);
			snprintf(u->badge[u->nbadges++], 33, "%s", t[k].badge);
			rc = staff_add(d, login, "officer", ROLE_OFFICER, u->code, t[k].badge, NULL, e);
		}
	}
	free(t);
	for (int i = 0; i < d->nunits && !rc; i++) {
		struct unit_staff *u = &d->unit[i];
		for (int k = 0; u->nbadges < 3 && !rc; k++) {
			char login[65];
			snprintf(u->badge[u->nbadges], 33, "1523%02d%02d", 90 + i % 10, 50 + k);
			snprintf(login, sizeof login, "o%s", u->badge[u->nbadges]);
			rc = staff_add(d, login, "officer", ROLE_OFFICER, u->code, u->badge[u->nbadges], NULL, e);
			u->nbadges++;
		}
		char login[65], badge[33];
		snprintf(login, sizeof login, "chief-%s", u->code);
		for (char *p = login; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		snprintf(badge, sizeof badge, "152380%02d", i);
		if (!rc)
			rc = staff_add(d, login, "chief", ROLE_CHIEF, u->code, badge, &u->chief, e);
	}
	if (!rc)
		rc = staff_add(d, "legal-1", "legal", ROLE_LEGAL, "HQ", "", &d->legal[0], e);
	if (!rc)
		rc = staff_add(d, "legal-2", "legal", ROLE_LEGAL, "HQ", "", &d->legal[1], e);
	if (!rc)
		rc = staff_add(d, "inspector-1", "inspector", ROLE_INSPECTOR, "HQ", "", &d->inspector, e);
	return rc;
}

/* ---- the acts ------------------------------------------------------------ */

static json_t *day_json(int32_t day)
{
	char text[11];
	date_format(day, text);
	return json_string(text);
}

static json_t *yuan_json(int64_t fen)
{
	char text[32];
	snprintf(text, sizeof text, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
	return json_string(text);
}

/* The first working day from day on. */
static int32_t working(int32_t day)
{
	while (!calendar_is_working_day(cases_calendar(), day))
		day++;
	return day;
}

/* Records an act (extra: its other members, taken) and reloads the case
 * into *c. A refusal is the generator's mistake: it stops the run. */
static int act(struct demo *d, const struct caller *who, struct case_loaded *c, const char *type, int32_t on,
               json_t *extra, struct err *e)
{
	json_t *body = extra ? extra : json_object();
	json_object_set_new(body, "type", json_string(type));
	json_object_set_new(body, "on", day_json(on));
	int rc = cases_act(d->db, who, c->id, body, e);
	json_decref(body);
	if (rc)
		return rc;
	d->acts++;
	int64_t id = c->id;
	cases_loaded_free(c);
	return cases_load(d->db, NULL, id, c, e);
}

static int64_t fine_of(const struct case_loaded *c)
{
	return c->status.fine_fen;
}

/* What a recent case is made to show. */
enum force { FORCE_HEARING = 1, FORCE_DEMAND = 2, FORCE_ENFORCE = 4, FORCE_REFER = 8 };

/* Where a walk stops: at the end, before an act that would come after
 * `until`, or once the case reaches the state `stop` (the recent cases
 * stop at today, each at a state of its own). */
struct walk {
	int32_t until;
	int stop; /* an enum case_state, or -1 */
	unsigned force;
	const struct caller *officer, *chief, *legal;
	const char *chair; /* a badge of the unit that is not the case's */
};

#define ACT(type, on, extra)                                                 \
	do {                                                                 \
		int32_t act_on = (on);                                       \
		if (act_on > w->until)                                       \
			return 0;                                            \
		if ((rc = act(d, who, c, type, act_on, extra, e)))           \
			return rc;                                           \
		if ((int)c->status.state == w->stop)                         \
			return 0;                                            \
	} while (0)

/* Closed, then reported to the vehicle's home authority (抄告) within
 * its period, now and then late. */
static int close_and_report(struct demo *d, const struct walk *w, struct case_loaded *c, int32_t day, struct err *e)
{
	int rc;
	const struct caller *who = w->officer;
	const struct case_status *s = &c->status;
	ACT("close", day, NULL);
	int32_t due = s->due[DUE_REPORT_HOME].day, report = working(s->closed_on + 1 + rng_below(&d->r, 4));
	report = rng_chance(&d->r, 40) ? due + 1 + rng_below(&d->r, 5) : report < due ? report : due;
	ACT("report", report, NULL);
	return 0;
}

/* The summary procedure: told, decided, served and paid on the spot. */
static int walk_summary(struct demo *d, const struct walk *w, struct case_loaded *c, int32_t day, struct err *e)
{
	int rc;
	const struct caller *who = w->officer;
	int64_t fine = c->status.proposed_fine_fen;
	ACT("notify", day, json_pack("{s:o}", "fine_yuan", yuan_json(fine)));
	ACT("decide", day, json_pack("{s:o}", "fine_yuan", yuan_json(fine)));
	ACT("serve", day, NULL);
	if (fine > 0)
		ACT("pay", day, json_pack("{s:o}", "amount_yuan", yuan_json(fine)));
	return close_and_report(d, w, c, day, e);
}

/* The standard procedure, with what parties and officers really do. */
static int walk_standard(struct demo *d, const struct walk *w, struct case_loaded *c, int32_t day, struct err *e)
{
	int rc;
	const struct caller *who = w->officer;
	struct rng *r = &d->r;
	/* A few go to the police (one act, one fine) before any notice. */
	if (rng_chance(r, 12) || (w->force & FORCE_REFER)) {
		ACT("refer", working(day + 1 + rng_below(r, 5)),
		    json_pack("{s:s}", "reason", "涉嫌交通肇事,移送公安机关交通管理部门处理"));
		return close_and_report(d, w, c, working(c->status.last_on + 1 + rng_below(r, 3)), e);
	}
	int64_t fine = c->status.proposed_fine_fen;
	ACT("notify", working(day + rng_below(r, 3)), json_pack("{s:o}", "fine_yuan", yuan_json(fine)));
	const struct case_status *s = &c->status;
	bool stated = rng_chance(r, 250), requested = s->hearing_offered && (rng_chance(r, 300) || (w->force & FORCE_HEARING));
	if (stated)
		ACT("statement", s->notified_on + rng_below(r, s->due[DUE_STATEMENT].day - s->notified_on + 1),
		    json_pack("{s:s}", "note", "当事人称不知道车辆超限,请求从轻处罚"));
	int32_t ready = s->due[DUE_STATEMENT].day + 1;
	if (s->hearing_offered && !requested)
		ready = s->due[DUE_HEARING_REQUEST].day + 1;
	if (requested) {
		int32_t asked = s->notified_on + 1 + rng_below(r, 3);
		ACT("hearing_request", asked < s->last_on ? s->last_on : asked, NULL);
		int32_t notice;
		bool provisional;
		if ((rc = calendar_due(cases_calendar(), s->hearing_requested_on, CALENDAR_WORKING, 7, &notice, &provisional,
		                       e)))
			return rc;
		ACT("hearing", working(notice + rng_below(r, 5)), json_pack("{s:s}", "chair", w->chair));
		ready = s->last_on + 1;
	}
	/* A case that would run out of time is extended by the chief. */
	if (rng_chance(r, 20)) {
		int32_t asked = s->due[DUE_DECISION].day - 5 - rng_below(r, 10);
		if (asked > s->last_on && asked <= w->until) {
			if ((rc = act(d, w->chief, c, "extend", asked,
			              json_pack("{s:i,s:s}", "days", 30, "reason", "案情复杂,需补充调查车辆所有人及货运源头"), e)))
				return rc;
			ready = s->due[DUE_DECISION].day - 25;
		}
	}
	int32_t decide_on = working(ready + rng_below(r, 4));
	if (s->hearing_offered) {
		const struct caller *legal = w->legal;
		if (decide_on - 1 > s->last_on && decide_on - 1 <= w->until) {
			if ((rc = act(d, legal, c, "review", decide_on - 1,
			              json_pack("{s:s}", "note", "事实清楚,证据确凿,适用法律正确,程序合法,裁量适当"), e)))
				return rc;
		} else if (decide_on <= w->until && (rc = act(d, legal, c, "review", decide_on, NULL, e))) {
			return rc;
		}
	}
	/* Heard out, a penalty is sometimes lightened (never made heavier). */
	int64_t decided = stated && fine >= 100000 && rng_chance(r, 150) ? fine - 50000 : fine;
	ACT("decide", decide_on, json_pack("{s:o}", "fine_yuan", yuan_json(decided)));
	int32_t served = rng_chance(r, 30) ? s->due[DUE_SERVICE].day + 1 + rng_below(r, 4) : working(decide_on + rng_below(r, 3));
	ACT("serve", served, NULL);
	if (fine_of(c) > 0) {
		int32_t due = s->due[DUE_PAYMENT].day;
		int roll = w->force & (FORCE_DEMAND | FORCE_ENFORCE) ? 999 : rng_below(r, 1000);
		struct case_rules rules;
		if (roll < 860) {
			ACT("pay", served + rng_below(r, due - served + 1),
			    json_pack("{s:o}", "amount_yuan", yuan_json(fine_of(c))));
		} else if (roll < 930) {
			int32_t paid = due + 1 + rng_below(r, 20);
			if ((rc = cases_rules_of(paid, &rules, e)))
				return rc;
			ACT("pay", paid, json_pack("{s:o}", "amount_yuan", yuan_json(fine_of(c) + case_late_fine(&rules, s, paid))));
		} else {
			ACT("demand", working(due + 10 + rng_below(r, 20)), NULL);
			if (rng_chance(r, 500) && !(w->force & FORCE_ENFORCE)) {
				int32_t paid = working(s->last_on + 3 + rng_below(r, 10));
				if ((rc = cases_rules_of(paid, &rules, e)))
					return rc;
				ACT("pay", paid,
				    json_pack("{s:o}", "amount_yuan", yuan_json(fine_of(c) + case_late_fine(&rules, s, paid))));
			} else {
				ACT("enforce", working(s->last_on + 10 + rng_below(r, 20)),
				    json_pack("{s:s}", "note", "催告期满仍未履行,已向人民法院申请强制执行"));
				/* The court's ruling takes its time: some wait for it. */
				if (rng_chance(r, 400))
					return 0;
			}
		}
	}
	return close_and_report(d, w, c, working(s->last_on + 1 + rng_below(r, 4)), e);
}

/* The first-offence waiver, where the catalogue allows it. */
static int walk_waiver(struct demo *d, const struct walk *w, struct case_loaded *c, int32_t day, struct err *e)
{
	int rc;
	const struct caller *who = w->officer;
	ACT("notify", day, NULL);
	ACT("waive", working(day + 1), json_pack("{s:s}", "reason", "初次违法且危害后果轻微并及时改正,依法不予行政处罚"));
	return close_and_report(d, w, c, working(c->status.last_on + 1), e);
}

#undef ACT

/* ---- the cases ---------------------------------------------------------- */

/* Opens a case as the unit's chief (so approved) and walks it. */
static int open_and_walk(struct demo *d, struct unit_staff *u, json_t *body, int32_t opened, const struct walk *how,
                         const char *path, struct err *e)
{
	int a = rng_below(&d->r, u->nbadges), b = (a + 1 + rng_below(&d->r, u->nbadges - 1)) % u->nbadges;
	if (!json_object_get(body, "officers"))
		json_object_set_new(body, "officers", json_pack("[s,s]", u->badge[a], u->badge[b]));
	/* The first officer records the acts. */
	char login[65];
	snprintf(login, sizeof login, "o%s", json_string_value(json_array_get(json_object_get(body, "officers"), 0)));
	json_object_set_new(body, "on", day_json(opened));
	int64_t id;
	int rc = cases_open(d->db, &u->chief, body, &id, e);
	json_decref(body);
	if (rc)
		return rc;
	d->opened++;
	/* The chair of a hearing: an officer of the unit not on the case. */
	struct case_loaded c;
	if ((rc = cases_load(d->db, NULL, id, &c, e))) {
		cases_loaded_free(&c);
		return rc;
	}
	const char *chair = u->chief.login;
	for (int i = 0; i < u->nbadges; i++) {
		bool on_case = false;
		for (int k = 0; k < c.status.nofficers; k++)
			on_case |= strcmp(c.status.officers[k], u->badge[i]) == 0;
		if (!on_case)
			chair = u->badge[i];
	}
	struct caller officer = caller_make(login, "", ROLE_OFFICER, u->code);
	struct walk w = *how;
	w.officer = &officer;
	w.chief = &u->chief;
	w.legal = &d->legal[rng_below(&d->r, 2)];
	w.chair = chair;
	int32_t day = opened;
	if (w.stop == CASE_OPENED)
		rc = 0;
	else if (strcmp(path, "summary") == 0)
		rc = walk_summary(d, &w, &c, day, e);
	else if (strcmp(path, "waiver") == 0)
		rc = walk_waiver(d, &w, &c, day, e);
	else
		rc = walk_standard(d, &w, &c, day, e);
	cases_loaded_free(&c);
	return rc;
}

/* A case per admissible over-limit detection of the year, confirmed
 * first; the summary procedure for the warnings. */
static int detection_cases(struct demo *d, const struct overlimit_handled *h, size_t n, struct err *e)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct unit_staff *u = unit_of(d, h[i].unit);
		struct caller screener = caller_make(u->chief.login, u->chief.name, ROLE_CHIEF, u->code);
		rc = overlimit_screening_record(d->db, &screener, h[i].id, "confirm", NULL, NULL, e);
		if (rc == ERR_CONFLICT && e->reason && strcmp(e->reason, "already_decided") == 0)
			rc = 0; /* a second run: screened already */
		struct overlimit_case_facts f;
		int found = rc ? 0 : overlimit_case_facts(d->db, NULL, h[i].id, &f, e);
		if (found < 0)
			rc = found;
		if (rc || !found || !f.confirmed)
			continue;
		json_t *party, *vehicle;
		vehicle_people(d->seed, f.plate, false, &party, &vehicle);
		/* Stopped and unloaded, the officer who unloaded it is on the
		 * case; a remote record's vehicle is summoned within days. */
		int32_t opened = local_day(h[i].unloaded_at ? h[i].unloaded_at : h[i].passed_at);
		opened = h[i].station ? opened : working(opened + rng_below(&d->r, 4));
		json_t *body = json_pack("{s:I,s:o,s:o,s:s}", "detection", (json_int_t)h[i].id, "party", party, "vehicle",
		                         vehicle, "procedure", f.fine_fen == 0 ? "summary" : "standard");
		if (*h[i].badge) {
			int other = rng_below(&d->r, u->nbadges);
			if (strcmp(u->badge[other], h[i].badge) == 0)
				other = (other + 1) % u->nbadges;
			json_object_set_new(body, "officers", json_pack("[s,s]", h[i].badge, u->badge[other]));
		}
		struct walk w = { .until = d->today, .stop = -1 };
		rc = open_and_walk(d, u, body, opened, &w, f.fine_fen == 0 ? "summary" : "standard", e);
		if (rc == ERR_CONFLICT && e->reason && strcmp(e->reason, "detection_has_case") == 0)
			rc = 0;
	}
	return rc;
}

/* An act on the spot: a violation of the catalogue with its facts. */
struct onsite {
	const char *violation, *facts, *path;
	int64_t fine_fen;
};

static const struct onsite onsite_kinds[] = {
	{ "refuse_inspection", "该车未按超限检测指示标志接受检测,强行通过固定超限检测站点", "standard", 500000 },
	{ "evade_inspection", "该车采取短途驳载方式逃避超限检测", "standard", 800000 },
	{ "evade_inspection", "该车多次采取短途驳载方式逃避超限检测,情节严重", "standard", 1500000 },
	{ "overlimit_size", "车货总宽度 2.9 米,超过 2.55 米的限定标准", "summary", 20000 },
	{ "overlimit_size", "车货总高度 4.4 米,超过 4 米的限定标准", "standard", 80000 },
	{ "overlimit_size", "车货总长度 21 米,超过 18.1 米的限定标准,首次违法当场改正", "waiver", 0 },
	{ "taxi_refuse", "巡游出租汽车驾驶员在火车站以路程过近为由拒载乘客", "summary", 20000 },
	{ "taxi_bargain", "巡游出租汽车驾驶员与乘客议价,未按计价器收费", "summary", 20000 },
	{ "taxi_receipt", "巡游出租汽车驾驶员未按规定出具车费票据,当场改正", "waiver", 0 },
};

static int onsite_case(struct demo *d, struct unit_staff *u, const struct onsite *k, int32_t opened,
                       const struct walk *how, struct err *e)
{
	char plate[32], when[32];
	static const char letters[] = "ABCDEFGHJKLMN";
	snprintf(plate, sizeof plate, "蒙%c%05d", letters[rng_below(&d->r, 13)], rng_below(&d->r, 100000));
	json_t *party, *vehicle;
	/* A taxi driver is the party; so is the one who asks for a hearing (a
	 * company's threshold is ten times a person's). */
	bool taxi = strncmp(k->violation, "taxi", 4) == 0;
	vehicle_people(d->seed, plate, taxi || (how->force & FORCE_HEARING), &party, &vehicle);
	json_object_set_new(vehicle, "plate", json_string(plate));
	json_object_set_new(vehicle, "color", json_string(taxi ? "blue" : "yellow"));
	datetime_format_local((int64_t)opened * 86400 - LOCAL_UTC_OFFSET_S + 8 * 3600 + rng_below(&d->r, 10 * 3600), when);
	json_t *body = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:s}", "violation", k->violation, "occurred_at", when, "place",
	                         taxi ? "鄂尔多斯站站前广场" : "G210 线鄂尔多斯段",
	                         "facts", k->facts, "party", party, "vehicle", vehicle, "procedure",
	                         strcmp(k->path, "summary") ? "standard" : "summary");
	if (k->fine_fen)
		json_object_set_new(body, "fine_yuan", yuan_json(k->fine_fen));
	/* The stop is filmed by the officers' body-worn cameras (now and then
	 * the recording is not linked: the file review finds it). */
	if (!rng_chance(&d->r, 60)) {
		int y, m, dd;
		char recording[64];
		civil_from_days(opened, &y, &m, &dd);
		snprintf(recording, sizeof recording, "%s-DSJ-%04d%02d%02d-%04d", u->code, y, m, dd, 1 + rng_below(&d->r, 9999));
		json_object_set_new(body, "footage", json_pack("[s]", recording));
	}
	return open_and_walk(d, u, body, opened, how, k->path, e);
}

static int onsite_cases(struct demo *d, int year, struct err *e)
{
	int rc = 0;
	int32_t first = days_from_civil(year, 1, 1);
	struct walk whole = { .until = d->today, .stop = -1 };
	for (int i = 0; i < d->nunits && !rc; i++)
		for (int k = 0; k < ONSITE_PER_UNIT && !rc; k++)
			rc = onsite_case(d, &d->unit[i], &onsite_kinds[rng_below(&d->r, COUNT(onsite_kinds))],
			                 working(first + rng_below(&d->r, 350)), &whole, e);
	/* In hand: opened in the last months, each stopped at a state of the
	 * procedure (some of them running late), so every state shows. */
	static const struct {
		enum case_state stop;
		int kind;
		unsigned force;
	} in_hand[] = {
		{ CASE_OPENED, 0, 0 },         { CASE_NOTIFIED, 0, 0 },          { CASE_HEARING_REQUESTED, 2, FORCE_HEARING },
		{ CASE_HEARD, 2, FORCE_HEARING }, { CASE_DECIDED, 4, 0 },        { CASE_SERVED, 1, 0 },
		{ CASE_DEMANDED, 1, FORCE_DEMAND }, { CASE_ENFORCED, 0, FORCE_ENFORCE }, { CASE_PAID, 4, 0 },
		{ CASE_REFERRED, 0, FORCE_REFER }, { CASE_WAIVED, 5, 0 },       { CASE_CLOSED, 3, 0 },
	};
	for (int k = 0; k < RECENT_CASES && !rc && d->nunits; k++) {
		int which = k % COUNT(in_hand);
		struct walk w = { .until = d->today, .stop = (int)in_hand[which].stop, .force = in_hand[which].force };
		int32_t opened = working(d->today - 90 + rng_below(&d->r, 30) + (k < COUNT(in_hand) ? 0 : 50));
		rc = onsite_case(d, &d->unit[k % d->nunits], &onsite_kinds[in_hand[which].kind], opened, &w, e);
	}
	return rc;
}

/* ---- the file review ---------------------------------------------------- */

static const struct {
	const char *item, *note;
	int per_mille, max;
} findings[] = {
	{ "facts", "违法事实表述未写明货物名称及装载来源", 30, 5 },
	{ "documents", "询问笔录未载明执法证件号码,文书用语不规范", 90, 3 },
	{ "archive", "卷内目录与材料页码不符", 70, 2 },
	{ "basis", "适用法律条款引用不准确", 3, 10 },
};

static int review_items(struct demo *d, const struct caller *reviewer, int64_t review, struct err *e)
{
	struct db_stmt *st = db_prepare(d->db,
	                                "SELECT item FROM review_items WHERE review_id = $1 AND result = 'unknown'"
	                                " ORDER BY item",
	                                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, review);
	char open[16][33];
	int n = 0, rc;
	while ((rc = db_step(st, e)) == DB_ROW)
		if (n < 16)
			snprintf(open[n++], 33, "%s", db_col_text(st, 0));
	if (rc < 0)
		return rc;
	for (int i = 0; i < n && !rc; i++) {
		json_t *body = json_pack("{s:s,s:s}", "item", open[i], "result", "pass");
		for (int k = 0; k < COUNT(findings); k++)
			if (strcmp(findings[k].item, open[i]) == 0 && rng_chance(&d->r, findings[k].per_mille)) {
				json_object_set_new(body, "result", json_string("fail"));
				json_object_set_new(body, "deducted", json_integer(1 + rng_below(&d->r, findings[k].max)));
				json_object_set_new(body, "note", json_string(findings[k].note));
			}
		rc = cases_review_item(d->db, reviewer, review, body, e);
		json_decref(body);
	}
	return rc ? rc : cases_review_finish(d->db, reviewer, review, e);
}

static int file_review(struct demo *d, int year, int *reviewed, struct err *e)
{
	char from[11], to[11];
	date_format(days_from_civil(year, 1, 1), from);
	date_format(days_from_civil(year, 12, 31), to);
	const struct caller *reviewer = &d->legal[0];
	json_t *body = json_pack("{s:i,s:I,s:s,s:s}", "sample", REVIEWED_FILES, "seed", (json_int_t)(d->seed & 0xffffffff),
	                         "from", from, "to", to);
	json_t *answer;
	int rc = cases_reviews_draw(d->db, reviewer, body, &answer, e);
	json_decref(body);
	if (rc)
		return rc;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(answer, "reviews"), i, it)
	{
		if (rc)
			break;
		/* The inspectors take every third file. */
		rc = review_items(d, i % 3 == 2 ? &d->inspector : reviewer, json_integer_value(json_object_get(it, "id")), e);
		*reviewed += !rc;
	}
	json_decref(answer);
	return rc;
}

/* ---- the verb --------------------------------------------------------------- */

int cases_cmd_gen(struct cli *cli)
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
	d->actor = cli->actor;
	d->seed = (uint64_t)cli_long(cli, "seed", 1, 0, 0x7fffffff);
	d->r = (struct rng){ d->seed * 0x2545F4914F6CDD1DULL + 7 };
	struct overlimit_handled *h = NULL;
	size_t n = 0;
	int reviewed = 0;
	int rc = cases_api_start(cli->config->rules, &e);
	if (!rc)
		d->today = cases_today();
	int64_t had = 0;
	if (!rc && (rc = db_get_int(d->db, "SELECT count(*) FROM cases", DB_NO_ARGS, &had, &e)) > 0)
		rc = 0;
	if (!rc && had)
		rc = err_set(&e, ERR_CONFLICT, "the database has %lld cases already: gen cases fills a new demo database",
		             (long long)had);
	if (!rc)
		rc = overlimit_handled_list(d->db, days_from_civil(year, 1, 1), days_from_civil(year, 12, 31), &h, &n, &e);
	if (!rc && n == 0)
		rc = err_set(&e, ERR_INVALID, "no admissible over-limit detection in %d: import the demo year first", year);
	if (!rc)
		rc = staff_make(d, h, n, &e);
	if (!rc)
		rc = detection_cases(d, h, n, &e);
	if (!rc)
		rc = onsite_cases(d, year, &e);
	if (!rc)
		rc = file_review(d, year, &reviewed, &e);
	if (!rc)
		printf("%d cases opened (%zu from detections), %d acts, %d files reviewed\n", d->opened, n, d->acts,
		       reviewed);
	free(h);
	free(d);
	cases_api_stop();
	return rc ? cli_fail(&e) : 0;
}
