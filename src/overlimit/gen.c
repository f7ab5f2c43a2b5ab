/* `sunroad gen`: a demo year of over-limit enforcement in Ordos (鄂尔多斯),
 * Inner Mongolia: the site registry, the detections of every weigh-in-motion
 * point and fixed station in time order, and the unloading that followed the
 * over-limit ones.
 *
 * The year is calibrated, not lucky: the records that will be judged over
 * the limit, the 100-tonne trucks among them and the tonnes unloaded are
 * planned first, in proportion to the 2023 annual figures, and every other
 * record is kept within its limit even before the measurement error is
 * deducted. Limits and errors come from the compiled-in national rulebook
 * (not ./rules), so a seed gives the same bytes wherever it runs.
 *
 * Every over-limit record, and a small sample of the others, comes with
 * the photos its site's cameras took (gen_photo.c), written to photos/
 * under their SHA-256 and named in the record's `photos` field. They are
 * drawn from a random stream of their own, so the records, and the
 * figures, are those of the same seed without photos. */
#include "overlimit.h"
#include "gen_photo.h"
#include "../base/datetime.h"
#include "../base/photo_store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The 2023 annual figures a default year reproduces; other counts scale. */
enum {
	FIGURES_COUNT = 1235735,
	FIGURES_OVERLIMIT = 1081,
	FIGURES_TON100 = 300,
	FIGURES_UNLOADED_TENS_KG = 3801196, /* 38 011.96 t */
};

enum {
	FLEET_SIZE = 30000,
	OVERLOADERS = 1500, /* fleet[0..OVERLOADERS): the trucks that get caught */
	HABITUAL = 25,      /* fleet[0..HABITUAL): caught again and again */
	HABITUAL_PER_MILLE = 100,
	OFFICERS = 60,
	UNREAD_PLATE_PER_MILLE = 3,
	EMPTY_TRIP_PER_MILLE = 400,
	INTERCEPT_PER_MILLE = 850, /* a remote over-limit vehicle is stopped later */
	TON100_SPAN_KG = 40000,    /* 100-tonne trucks weigh up to 140 t */
	FLUSH_BYTES = 1 << 20,
	PHOTO_SAMPLE_PER_MILLION = 100, /* of the records within the limits */
};

/* ---- random numbers ------------------------------------------------ */

/* xoshiro256** seeded through splitmix64: fast, and the same numbers on
 * every platform, which rand() does not promise. Everything below is
 * integer arithmetic for the same reason. */
struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* One independent stream per part of the year, so that --count changes the
 * traffic but not the fleet. */
static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, n), n > 0; the modulo bias is below 2^-30 for our n. */
static int64_t rng_below(struct rng *r, int64_t n)
{
	return (int64_t)(rng_next(r) % (uint64_t)n);
}

static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static bool rng_per_mille(struct rng *r, int p)
{
	return rng_below(r, 1000) < p;
}

/* An index in [0, n) where low indices come about twice as often as high
 * ones: some trucks run far more trips than others. */
static int skewed_index(struct rng *r, int n)
{
	int64_t u = rng_below(r, 1 << 20), w = rng_below(r, 1 << 20);
	int64_t shaped = (u + u * w / (1 << 20)) / 2; /* (u + u*w) / 2 */
	return (int)(shaped * n / (1 << 20));
}

/* Picks an index by weight from a cumulative table. */
static int pick(struct rng *r, const int32_t *cumulative, int n)
{
	int64_t x = rng_below(r, cumulative[n - 1]);
	int i = 0;
	while (x >= cumulative[i])
		i++;
	return i;
}

/* ---- the tables ---------------------------------------------------- */

struct site_spec {
	const char *code, *name, *road, *km, *lat, *lon, *accuracy_class;
	int traffic; /* relative share of the year's detections */
	bool sizes;  /* measures length, width and height */
	int lanes;
	int lapse_mmdd; /* the certificate ran out that day of the year; 0: never */
};

static const struct site_spec site_specs[] = {
	{ "R01", "G109线东胜段非现场执法点", "G109", "1021.350", "39.8213", "109.9462", "5", 60, true, 4, 0 },
	{ "R02", "G109线准格尔段非现场执法点", "G109", "925.800", "39.8731", "110.9825", "5", 45, false, 2, 0 },
	{ "R03", "G210线东胜南段非现场执法点", "G210", "1068.200", "39.7532", "109.9921", "2", 70, false, 4, 0 },
	{ "R04", "G210线伊金霍洛段非现场执法点", "G210", "1105.600", "39.4812", "109.8011", "5", 65, true, 4, 0 },
	{ "R05", "G65包茂高速康巴什段非现场执法点", "G65", "663.400", "39.6034", "109.7745", "5", 55, false, 4, 0 },
	{ "R06", "G65包茂高速达拉特段非现场执法点", "G65", "612.100", "40.2905", "109.9876", "5", 40, false, 4, 0 },
	{ "R07", "G18荣乌高速准格尔段非现场执法点", "G18", "1032.700", "39.9103", "111.1302", "5", 45, true, 4, 815 },
	{ "R08", "G18荣乌高速鄂托克段非现场执法点", "G18", "1298.500", "39.2517", "107.8830", "10", 25, false, 4, 0 },
	{ "R09", "G242线达拉特段非现场执法点", "G242", "356.900", "40.3627", "110.0513", "5", 35, false, 2, 0 },
	{ "R10", "S215线乌审旗段非现场执法点", "S215", "88.300", "38.6120", "108.8405", "5", 30, true, 2, 0 },
	{ "R11", "S215线图克段非现场执法点", "S215", "132.600", "39.1034", "109.0522", "10", 25, false, 2, 0 },
	{ "R12", "S216线纳林陶亥段非现场执法点", "S216", "45.200", "39.4206", "110.2913", "5", 50, false, 2, 0 },
	{ "R13", "S216线新街段非现场执法点", "S216", "78.900", "39.2615", "109.8122", "5", 40, true, 2, 0 },
	{ "R14", "S24线沙圪堵段非现场执法点", "S24", "62.400", "39.5338", "111.0724", "5", 35, false, 2, 0 },
	{ "R15", "S24线纳日松段非现场执法点", "S24", "95.100", "39.6121", "110.8836", "5", 30, false, 2, 630 },
	{ "R16", "G338线鄂托克前旗段非现场执法点", "G338", "1255.300", "38.1823", "107.4812", "5", 20, true, 2, 0 },
	{ "R17", "G338线乌审旗段非现场执法点", "G338", "1180.700", "38.5946", "108.8632", "2", 25, false, 2, 0 },
	{ "R18", "G6京藏高速棋盘井段非现场执法点", "G6", "1288.400", "39.3502", "106.9807", "5", 35, false, 4, 0 },
	{ "R19", "S31线罕台段非现场执法点", "S31", "22.500", "39.8352", "109.8654", "5", 40, true, 2, 0 },
	{ "R20", "S31线札萨克段非现场执法点", "S31", "58.300", "39.2702", "109.5988", "5", 30, false, 2, 0 },
	{ "R21", "G109线杭锦旗段非现场执法点", "G109", "1140.600", "39.8334", "108.7362", "5", 25, false, 2, 1009 },
	{ "R22", "G109线鄂托克段非现场执法点", "G109", "1225.100", "39.0953", "107.9793", "10", 25, true, 2, 0 },
	{ "R23", "G210线树林召段非现场执法点", "G210", "1012.400", "40.4021", "110.0322", "5", 40, false, 4, 0 },
	{ "R24", "G65包茂高速乌兰木伦段非现场执法点", "G65", "712.800", "39.3021", "110.1105", "5", 45, false, 4, 0 },
	{ "S01", "包茂高速罕台超限检测站", "G65", "642.300", "39.8415", "109.8702", "0", 60, true, 2, 0 },
	{ "S02", "G109线棋盘井超限检测站", "G109", "1262.800", "39.3608", "106.9985", "0.2", 40, true, 2, 0 },
	{ "S03", "G210线新街超限检测站", "G210", "1126.500", "39.2804", "109.7903", "0", 50, true, 2, 0 },
	{ "S04", "荣乌高速薛家湾超限检测站", "G18", "1018.200", "39.8801", "111.2103", "0", 45, true, 2, 0 },
	{ "S05", "S215线嘎鲁图超限检测站", "S215", "102.700", "38.6015", "108.8302", "0.2", 25, true, 2, 0 },
	{ "S06", "G242线树林召超限检测站", "G242", "348.100", "40.3932", "110.0201", "0", 35, true, 2, 0 },
	{ "S07", "S216线纳林陶亥超限检测站", "S216", "40.600", "39.4352", "110.2745", "0.2", 30, true, 2, 0 },
	{ "S08", "G338线敖勒召其超限检测站", "G338", "1262.400", "38.1836", "107.4905", "0", 20, true, 2, 0 },
	{ "S09", "S24线大路超限检测站", "S24", "18.600", "40.0512", "111.2506", "0", 30, true, 2, 0 },
	{ "S10", "G109线大饭铺超限检测站", "G109", "903.400", "39.9402", "111.3806", "0.2", 30, true, 2, 0 },
	{ "S11", "京藏高速蒙西超限检测站", "G6", "1275.600", "39.4702", "107.0106", "0", 25, true, 2, 0 },
	{ "S12", "G210线伊金霍洛超限检测站", "G210", "1098.200", "39.5705", "109.7452", "0", 45, true, 2, 0 },
	{ "S13", "G109线乌兰超限检测站", "G109", "1218.900", "39.1036", "107.9702", "0.2", 25, true, 2, 0 },
};

#define SITE_COUNT ((int)(sizeof site_specs / sizeof site_specs[0]))

/* Vehicle configurations of a coal region: mostly 6-axle trains. */
struct vehicle_config {
	int axles;
	enum vehicle_kind kind;
	int traffic, overloaders;               /* per mille of all vehicles, of habitual overloaders */
	int32_t tare_kg, max_kg;                /* empty; the heaviest plausible reading */
	int32_t length_mm, width_mm, height_mm; /* height loaded */
	bool light;                             /* blue plate, under 4.5 t */
};

static const struct vehicle_config configs[] = {
	{ 2, VEHICLE_TRUCK, 60, 0, 2600, 4495, 5990, 2100, 3100, true },
	{ 2, VEHICLE_TRUCK, 120, 40, 7800, 40000, 9000, 2500, 3900, false },
	{ 3, VEHICLE_TRUCK, 60, 30, 11500, 55000, 10500, 2500, 3950, false },
	{ 3, VEHICLE_TRAIN, 20, 10, 14000, 60000, 14500, 2550, 3950, false },
	{ 4, VEHICLE_TRUCK, 80, 50, 13500, 70000, 11900, 2550, 3950, false },
	{ 4, VEHICLE_TRAIN, 30, 20, 15500, 80000, 15500, 2550, 3950, false },
	{ 5, VEHICLE_TRAIN, 80, 100, 16000, 99990, 16800, 2550, 3950, false },
	{ 6, VEHICLE_TRAIN, 550, 750, 17500, 99990, 17300, 2550, 3980, false },
};

#define CONFIG_COUNT ((int)(sizeof configs / sizeof configs[0]))

struct province {
	const char *prefix;
	int share; /* per mille */
};

/* Local plates, then the neighbours that haul Ordos coal. */
static const struct province provinces[] = {
	{ "蒙K", 800 }, { "蒙B", 35 }, { "陕K", 35 }, { "蒙A", 25 }, { "蒙L", 22 }, { "蒙C", 20 }, { "晋H", 15 },
	{ "宁A", 12 },  { "晋A", 10 }, { "宁D", 8 },  { "冀A", 8 },  { "冀B", 5 },  { "甘A", 5 },
};

#define PROVINCE_COUNT ((int)(sizeof provinces / sizeof provinces[0]))

/* Coal moves day and night; the small hours are the busiest. */
static const int32_t hour_weight[24] = { 62, 60, 56, 52, 48, 44, 40, 38, 40, 44, 46, 46,
	                                 44, 44, 46, 46, 46, 44, 44, 48, 54, 58, 62, 64 };
/* Heating season and summer power demand; per mille. */
static const int32_t month_weight[12] = { 1080, 950, 1000, 980, 960, 970, 1020, 1030, 1000, 980, 1040, 1090 };
/* Monday first; per mille. */
static const int32_t weekday_weight[7] = { 1020, 1030, 1030, 1020, 1010, 960, 930 };
/* Spring Festival, from seven days before to eleven after; per mille. */
static const int32_t festival_weight[19] = { 900, 850, 800, 700, 600, 450, 350, 250, 250, 300,
	                                     350, 400, 500, 600, 700, 800, 850, 900, 950 };
/* Spring Festival day (MMDD) of 2017 onwards. */
static const int festival_mmdd[] = { 128, 216, 205, 125, 212, 201, 122, 210, 129, 217, 206, 126, 213, 203 };

/* ---- the generator ------------------------------------------------- */

struct vehicle {
	char plate[16];
	const char *color;
	int config;
	bool single_drive;
	int single_tire_axles;
	int32_t tare_kg, length_mm, width_mm;
};

enum event_kind { EVENT_MASS, EVENT_TON100, EVENT_SIZE };

/* A record planned to be judged over the limit. */
struct event {
	int64_t index; /* its position among the year's records */
	enum event_kind kind;
	int site, vehicle;
	int64_t limit_kg, lowest_kg, highest_kg; /* the gross range that keeps the verdict */
	int64_t drawn_kg, gross_kg;
	int ratio_per_mille; /* static reweighing over the reading */
	bool intercepted;
	int64_t unloaded_kg;
};

struct record {
	int site;
	int64_t passed_at;
	const struct vehicle *vehicle;
	bool plate_read;
	bool loaded;
	int64_t gross_kg;
	int32_t length_mm, width_mm, height_mm; /* 0: not measured */
};

struct output {
	FILE *f;
	char path[4096];
	struct buf b;
};

struct gen {
	const struct gen_options *opt;
	struct rulebook *book;
	struct rules_cache cache;
	const struct overlimit_rules *rules; /* those of the day being made */
	struct rng traffic;
	struct site site[SITE_COUNT];
	int64_t seq[SITE_COUNT];
	int32_t traffic_cum[SITE_COUNT], event_cum[SITE_COUNT], sized_cum[SITE_COUNT];
	char badge[OFFICERS][9];
	struct vehicle *fleet;
	int32_t first_day, days;
	int64_t *day_count;
	struct event *event;
	int64_t events;
	struct output detections, unloads;
	struct rng photo;     /* which records are photographed, and how they look */
	char photo_dir[4096]; /* <out>/photos */
	struct gen_darkroom *darkroom;
};

static int rules_for_day(struct gen *g, int32_t day, struct err *e)
{
	return overlimit_rules_cache_at(&g->cache, day, &g->rules, e);
}

/* ---- sites --------------------------------------------------------- */

/* Most devices were verified in the previous year, for two years; a lapsed
 * one was verified a year before its lapse and not again. */
static void site_init(struct site *s, int i, int year)
{
	const struct site_spec *spec = &site_specs[i];
	memset(s, 0, sizeof *s);
	snprintf(s->code, sizeof s->code, "%s", spec->code);
	s->kind = spec->code[0] == 'S' ? SITE_STATION : SITE_REMOTE;
	s->accuracy_class = overlimit_accuracy_class_parse(slice_from(spec->accuracy_class));
	if (spec->lapse_mmdd) {
		s->cert_valid_to = days_from_civil(year, spec->lapse_mmdd / 100, spec->lapse_mmdd % 100);
		s->cert_valid_from = days_from_civil(year - 1, spec->lapse_mmdd / 100, spec->lapse_mmdd % 100) + 1;
	} else {
		int month = 3 + i % 10, day = 1 + i * 7 % 28;
		s->cert_valid_from = days_from_civil(year - 1, month, day);
		s->cert_valid_to = days_from_civil(year + 1, month, day) - 1;
	}
	int y, m, d;
	civil_from_days(s->cert_valid_from, &y, &m, &d);
	snprintf(s->cert_no, sizeof s->cert_no, "JL-NM-%d-%04d", y, 101 + i * 37);
}

static void sites_init(struct gen *g)
{
	int32_t traffic = 0, event = 0, sized = 0;
	for (int i = 0; i < SITE_COUNT; i++) {
		const struct site_spec *spec = &site_specs[i];
		site_init(&g->site[i], i, g->opt->year);
		traffic += spec->traffic;
		/* Overloaders avoid the static scales when they can. */
		event += g->site[i].kind == SITE_STATION ? spec->traffic / 2 : spec->traffic;
		sized += spec->sizes ? spec->traffic : 0;
		g->traffic_cum[i] = traffic;
		g->event_cum[i] = event;
		g->sized_cum[i] = sized;
	}
}

/* The demo city's grass-roots units: twelve brigades under the detachment;
 * site i belongs to brigade i % 12 + 1. */
#define UNIT_COUNT 12

static void write_units(struct buf *b)
{
	static const char *const numeral[UNIT_COUNT] = { "一", "二", "三", "四", "五",   "六",
		                                         "七", "八", "九", "十", "十一", "十二" };
	buf_adds(b, "code,name,kind,parent\n");
	for (int i = 0; i < UNIT_COUNT; i++)
		buf_addf(b, "B%02d,第%s大队,brigade,HQ\n", i + 1, numeral[i]);
}

static void write_sites(struct gen *g, struct buf *b)
{
	buf_adds(b, "code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to,unit\n");
	for (int i = 0; i < SITE_COUNT; i++) {
		const struct site_spec *spec = &site_specs[i];
		const struct site *s = &g->site[i];
		char from[11], to[11];
		date_format(s->cert_valid_from, from);
		date_format(s->cert_valid_to, to);
		buf_addf(b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,B%02d\n", spec->code, spec->name,
		         s->kind == SITE_STATION ? "station" : "remote", spec->road, spec->km, spec->lat, spec->lon,
		         spec->accuracy_class, s->cert_no, from, to, i % UNIT_COUNT + 1);
	}
}

/* ---- the fleet ----------------------------------------------------- */

/* FNV-1a of the plate: the fleet never gives one plate to two trucks. */
static bool plate_is_new(uint64_t *seen, size_t nseen, const char *plate)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const char *p = plate; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	h |= 1; /* 0 marks an empty slot */
	size_t k = (size_t)h & (nseen - 1);
	for (; seen[k]; k = (k + 1) & (nseen - 1))
		if (seen[k] == h)
			return false;
	seen[k] = h;
	return true;
}

/* 蒙K plus five letters or digits (no I, no O), rarely more than two
 * letters; large new-energy trucks have five digits then D or F. */
static void make_plate(struct rng *r, bool new_energy, char out[16])
{
	static const char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	int32_t cum[PROVINCE_COUNT], total = 0;
	for (int i = 0; i < PROVINCE_COUNT; i++)
		cum[i] = total += provinces[i].share;
	const char *prefix = provinces[pick(r, cum, PROVINCE_COUNT)].prefix;
	char tail[8];
	for (int i = 0; i < 5; i++)
		tail[i] = (char)('0' + rng_below(r, 10));
	tail[5] = '\0';
	if (new_energy) {
		tail[5] = rng_per_mille(r, 700) ? 'D' : 'F';
		tail[6] = '\0';
	} else {
		int nletters = rng_per_mille(r, 500) ? 0 : rng_per_mille(r, 800) ? 1 : 2;
		for (int i = 0; i < nletters; i++)
			tail[rng_below(r, 5)] = letters[rng_below(r, 24)];
	}
	snprintf(out, 16, "%s%s", prefix, tail);
}

static void make_vehicle(struct rng *r, int config, uint64_t *seen, size_t nseen, struct vehicle *v)
{
	const struct vehicle_config *c = &configs[config];
	v->config = config;
	v->single_drive = c->axles >= 6 && c->kind == VEHICLE_TRAIN && rng_per_mille(r, 200);
	v->single_tire_axles = c->axles >= 5 && rng_per_mille(r, 20) ? 1 : 0;
	v->tare_kg = (int32_t)(c->tare_kg * rng_range(r, 900, 1100) / 1000);
	v->length_mm = c->length_mm + (int32_t)rng_range(r, -400, 400);
	v->width_mm = c->width_mm - (int32_t)rng_range(r, 0, 60);
	/* Ordos runs a few battery-electric coal tractors. */
	bool new_energy = c->axles >= 6 && rng_per_mille(r, 50);
	v->color = c->light ? "blue" : new_energy ? "yellow-green" : "yellow";
	do
		make_plate(r, new_energy, v->plate);
	while (!plate_is_new(seen, nseen, v->plate));
}

static void fleet_init(struct gen *g)
{
	struct rng r;
	rng_seed(&r, g->opt->seed, 1);
	size_t nseen = 1;
	while (nseen < 2 * FLEET_SIZE)
		nseen *= 2;
	uint64_t *seen = calloc(nseen, sizeof *seen);
	g->fleet = calloc(FLEET_SIZE, sizeof *g->fleet);
	if (!seen || !g->fleet)
		abort();
	int32_t traffic_cum[CONFIG_COUNT], overloader_cum[CONFIG_COUNT], traffic = 0, overloaders = 0;
	for (int i = 0; i < CONFIG_COUNT; i++) {
		traffic_cum[i] = traffic += configs[i].traffic;
		overloader_cum[i] = overloaders += configs[i].overloaders;
	}
	for (int i = 0; i < FLEET_SIZE; i++) {
		int config = pick(&r, i < OVERLOADERS ? overloader_cum : traffic_cum, CONFIG_COUNT);
		make_vehicle(&r, config, seen, nseen, &g->fleet[i]);
	}
	free(seen);
	for (int i = 0; i < OFFICERS; i++)
		snprintf(g->badge[i], sizeof g->badge[i], "%08d", 15230100 + i * 13 + (int)rng_below(&r, 13));
}

/* ---- the calendar -------------------------------------------------- */

static int32_t festival_day(int year)
{
	int n = (int)(sizeof festival_mmdd / sizeof festival_mmdd[0]);
	int mmdd = year >= 2017 && year < 2017 + n ? festival_mmdd[year - 2017] : 201;
	return days_from_civil(year, mmdd / 100, mmdd % 100);
}

static int64_t day_weight(struct rng *r, int32_t day, int32_t festival)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	int64_t w = (int64_t)month_weight[m - 1] * weekday_weight[(day + 3) % 7] / 1000; /* 1970-01-01: Thursday */
	if (day - festival >= -7 && day - festival <= 11)
		w = w * festival_weight[day - festival + 7] / 1000;
	/* A snowstorm or a closed mine now and then. */
	int64_t noise = rng_per_mille(r, 15) ? 500 : rng_range(r, 900, 1100);
	return w * noise / 1000;
}

/* Spreads exactly opt->count records over the days of the year. */
static void days_init(struct gen *g)
{
	struct rng r;
	rng_seed(&r, g->opt->seed, 2);
	g->first_day = days_from_civil(g->opt->year, 1, 1);
	g->days = days_from_civil(g->opt->year + 1, 1, 1) - g->first_day;
	g->day_count = calloc((size_t)g->days, sizeof *g->day_count);
	int64_t *cum = calloc((size_t)g->days, sizeof *cum);
	if (!g->day_count || !cum)
		abort();
	int32_t festival = festival_day(g->opt->year);
	int64_t total = 0;
	for (int32_t d = 0; d < g->days; d++)
		cum[d] = total += day_weight(&r, g->first_day + d, festival);
	int64_t before = 0;
	for (int32_t d = 0; d < g->days; d++) {
		int64_t upto = g->opt->count * cum[d] / total;
		g->day_count[d] = upto - before;
		before = upto;
	}
	free(cum);
}

/* ---- planning the over-limit records ------------------------------- */

static void probe(const struct gen *g, int site, const struct vehicle *v, int64_t gross_kg, struct verdict *out)
{
	struct detection d = { 0 };
	d.kind = configs[v->config].kind;
	d.axles = configs[v->config].axles;
	d.single_drive = v->single_drive;
	d.single_tire_axles = v->single_tire_axles;
	d.gross_kg = gross_kg;
	overlimit_verdict_judge(g->rules, &g->site[site], &d, out);
}

static int64_t vehicle_limit(const struct gen *g, int site, const struct vehicle *v)
{
	struct verdict verdict;
	probe(g, site, v, 0, &verdict);
	return verdict.limit_kg;
}

/* The lightest reading the site judges over the limit, after its error. */
static int64_t lowest_overlimit_kg(const struct gen *g, int site, const struct vehicle *v, int64_t limit)
{
	int cls = overlimit_accuracy_class_index(g->site[site].accuracy_class);
	int64_t error_bp = cls >= 0 ? g->rules->error_bp[cls] : 0;
	int64_t gross = (limit + 1) * 10000 / (10000 - error_bp);
	struct verdict verdict;
	for (probe(g, site, v, gross, &verdict); verdict.over_kg <= 0; probe(g, site, v, ++gross, &verdict))
		;
	return gross;
}

static int64_t legal_loaded_kg(struct rng *r, const struct vehicle *v, int64_t limit)
{
	int64_t ceiling = limit < configs[v->config].max_kg ? limit : configs[v->config].max_kg;
	/* The larger of two draws: loads cluster just under the limit. */
	int64_t a = rng_below(r, 181), b = rng_below(r, 181);
	return ceiling * (820 + (a > b ? a : b)) / 1000;
}

/* A few habitual offenders collect a tenth of the cases, so that the
 * repeat-offender rules (RULES.md section 3) have someone to act on. */
static int pick_overloader(struct rng *r, enum event_kind kind, const struct vehicle *fleet)
{
	for (int tries = 0; tries < 1000; tries++) {
		int i =
		    rng_per_mille(r, HABITUAL_PER_MILLE) ? (int)rng_below(r, HABITUAL) : skewed_index(r, OVERLOADERS);
		if (kind != EVENT_TON100 || configs[fleet[i].config].axles >= 6)
			return i;
	}
	return 0; /* never in practice; any vehicle can carry the reading */
}

static void plan_event(struct gen *g, struct rng *r, struct event *ev)
{
	ev->site = pick(r, ev->kind == EVENT_SIZE ? g->sized_cum : g->event_cum, SITE_COUNT);
	ev->vehicle = pick_overloader(r, ev->kind, g->fleet);
	const struct vehicle *v = &g->fleet[ev->vehicle];
	const struct vehicle_config *c = &configs[v->config];
	ev->limit_kg = vehicle_limit(g, ev->site, v);
	int64_t lowest = lowest_overlimit_kg(g, ev->site, v, ev->limit_kg);
	int64_t u = rng_below(r, 1001), w = rng_below(r, 1001);
	switch (ev->kind) {
	case EVENT_TON100:
		ev->lowest_kg = lowest > g->rules->ton100_kg ? lowest : g->rules->ton100_kg;
		ev->highest_kg = g->rules->ton100_kg + TON100_SPAN_KG;
		u = u < w ? u : w; /* the smaller of two: few reach 140 t */
		break;
	case EVENT_MASS:
		ev->lowest_kg = lowest;
		ev->highest_kg = c->max_kg < g->rules->ton100_kg ? c->max_kg : g->rules->ton100_kg - 10;
		if (c->axles >= 5)
			u = u > w ? u : w; /* the larger of two: coal trains carry far too much */
		break;
	case EVENT_SIZE:
		ev->lowest_kg = ev->highest_kg = legal_loaded_kg(r, v, ev->limit_kg);
		/* Lowering a heap under 4 m means taking a few tonnes off the top. */
		ev->unloaded_kg = rng_range(r, 100, 500) * 10;
		break;
	}
	ev->drawn_kg = ev->lowest_kg + (ev->highest_kg - ev->lowest_kg) * u / 1000;
	ev->gross_kg = ev->drawn_kg;
	bool station = g->site[ev->site].kind == SITE_STATION;
	ev->intercepted = station || rng_per_mille(r, INTERCEPT_PER_MILLE);
	ev->ratio_per_mille = station ? 1000 : (int)rng_range(r, 970, 1030);
}

/* round(n x figure / of), for the annual figures scaled to this year. */
static int64_t proportion(int64_t n, int64_t figure, int64_t of)
{
	return (n * figure + of / 2) / of;
}

/* Chooses which records are over the limit (selection sampling, so they
 * come out in stream order) and what each of them is. */
static int events_plan(struct gen *g, struct err *e)
{
	struct rng r;
	rng_seed(&r, g->opt->seed, 3);
	int64_t count = g->opt->count;
	g->events = proportion(count, FIGURES_OVERLIMIT, FIGURES_COUNT);
	g->event = calloc((size_t)g->events + 1, sizeof *g->event);
	if (!g->event)
		abort();
	for (int64_t i = 0, need = g->events; i < count && need; i++)
		if (rng_below(&r, count - i) < need)
			g->event[g->events - need--].index = i;

	int64_t ton100 = proportion(g->events, FIGURES_TON100, FIGURES_OVERLIMIT);
	int64_t size_only = g->events / 60; /* a few are over by size alone */
	int32_t day = 0;
	int64_t day_end = g->day_count[0];
	for (int64_t j = 0; j < g->events; j++) {
		struct event *ev = &g->event[j];
		int64_t left = g->events - j;
		if (rng_below(&r, left) < ton100) {
			ev->kind = EVENT_TON100;
			ton100--;
		} else if (rng_below(&r, left - ton100) < size_only) {
			ev->kind = EVENT_SIZE;
			size_only--;
		} else {
			ev->kind = EVENT_MASS;
		}
		while (ev->index >= day_end)
			day_end += g->day_count[++day];
		int rc = rules_for_day(g, g->first_day + day, e);
		if (rc)
			return rc;
		plan_event(g, &r, ev);
	}
	return 0;
}

/* Scales every excess by scale/65536 (within each event's range) and
 * returns the total the intercepted vehicles then unload. */
static int64_t apply_scale(struct gen *g, int64_t scale)
{
	int64_t total = 0;
	for (int64_t j = 0; j < g->events; j++) {
		struct event *ev = &g->event[j];
		if (ev->kind != EVENT_SIZE) {
			int64_t gross = ev->limit_kg + (ev->drawn_kg - ev->limit_kg) * scale / 65536;
			gross = gross < ev->lowest_kg ? ev->lowest_kg : gross > ev->highest_kg ? ev->highest_kg : gross;
			int64_t unloaded = (gross - ev->limit_kg) * ev->ratio_per_mille / 1000;
			ev->gross_kg = gross;
			ev->unloaded_kg = unloaded < 10 ? 10 : (unloaded + 5) / 10 * 10;
		}
		if (ev->intercepted)
			total += ev->unloaded_kg;
	}
	return total;
}

/* Makes the year's unloading hit its figure: finds by bisection the scale
 * of the excesses that gives the total, then puts the last kilograms of
 * rounding on the largest unloading. */
static void calibrate_unloading(struct gen *g)
{
	int64_t target = proportion(g->events, FIGURES_UNLOADED_TENS_KG, FIGURES_OVERLIMIT) * 10;
	int64_t lo = 0, hi = 8 * 65536;
	while (hi - lo > 1) {
		int64_t mid = (lo + hi) / 2;
		if (apply_scale(g, mid) < target)
			lo = mid;
		else
			hi = mid;
	}
	int64_t diff = target - apply_scale(g, hi);
	struct event *largest = NULL;
	for (int64_t j = 0; j < g->events; j++)
		if (g->event[j].intercepted && (!largest || g->event[j].unloaded_kg > largest->unloaded_kg))
			largest = &g->event[j];
	if (largest && largest->unloaded_kg + diff >= 10 && largest->unloaded_kg + diff <= largest->gross_kg)
		largest->unloaded_kg += diff;
}

/* ---- the records --------------------------------------------------- */

static void measure_size(struct gen *g, struct record *rec, bool loaded, bool over_size)
{
	rec->length_mm = rec->width_mm = rec->height_mm = 0;
	if (!site_specs[rec->site].sizes)
		return;
	struct rng *r = &g->traffic;
	const struct vehicle *v = rec->vehicle;
	const struct vehicle_config *c = &configs[v->config];
	int32_t length = v->length_mm + (int32_t)rng_range(r, -30, 30);
	int32_t width = v->width_mm + (int32_t)rng_range(r, -15, 15);
	int32_t height = c->height_mm - (int32_t)(loaded ? rng_range(r, 0, 450) : rng_range(r, 500, 1000));
	rec->length_mm = length < g->rules->length_mm ? length : g->rules->length_mm;
	rec->width_mm = width < g->rules->width_mm ? width : g->rules->width_mm;
	rec->height_mm = height < g->rules->height_mm ? height : g->rules->height_mm;
	if (over_size && rng_per_mille(r, 800))
		rec->height_mm = g->rules->height_mm + (int32_t)rng_range(r, 50, 400);
	else if (over_size)
		rec->length_mm = g->rules->length_mm + (int32_t)rng_range(r, 100, 1400);
}

static void legal_record(struct gen *g, struct record *rec)
{
	struct rng *r = &g->traffic;
	rec->site = pick(r, g->traffic_cum, SITE_COUNT);
	rec->vehicle = &g->fleet[skewed_index(r, FLEET_SIZE)];
	rec->plate_read = !rng_per_mille(r, UNREAD_PLATE_PER_MILLE);
	int64_t limit = vehicle_limit(g, rec->site, rec->vehicle);
	bool loaded = !rng_per_mille(r, EMPTY_TRIP_PER_MILLE);
	rec->loaded = loaded;
	int64_t gross =
	    loaded ? legal_loaded_kg(r, rec->vehicle, limit) : rec->vehicle->tare_kg * rng_range(r, 950, 1080) / 1000;
	rec->gross_kg = gross < limit ? gross : limit;
	measure_size(g, rec, loaded, false);
}

static void event_record(struct gen *g, const struct event *ev, struct record *rec)
{
	rec->site = ev->site;
	rec->vehicle = &g->fleet[ev->vehicle];
	rec->plate_read = true;
	rec->loaded = true;
	rec->gross_kg = ev->gross_kg;
	/* Heaped coal often breaks the height limit as well. */
	measure_size(g, rec, true, ev->kind == EVENT_SIZE || rng_per_mille(&g->traffic, 200));
}

/* Splits the gross over the axles: the steering axle carries least. */
static void add_axles(struct buf *b, struct rng *r, int axles, int64_t gross)
{
	int64_t weight[MAX_AXLES], total = 0, given = 0;
	for (int i = 0; i < axles; i++)
		total += weight[i] = i == 0 ? rng_range(r, 600, 700) : rng_range(r, 940, 1060);
	for (int i = 0; i < axles; i++) {
		int64_t kg = i == axles - 1 ? gross - given : gross * weight[i] / total;
		given += kg;
		if (i)
			buf_addc(b, ';');
		buf_add_int(b, kg);
	}
}

/* Queues the photos of rec (its front, side and plate) to be drawn and
 * written to photos/ under their SHA-256; their names take the place kept
 * for them at the end of b. */
static int queue_photos(struct gen *g, const struct record *rec, int64_t seq, int speed_tenths, int lane, struct buf *b,
                        struct err *e)
{
	const struct vehicle *v = rec->vehicle;
	const struct vehicle_config *c = &configs[v->config];
	struct gen_photo p = {
		.site_code = site_specs[rec->site].code,
		.site_name = site_specs[rec->site].name,
		.seq = seq,
		.passed_at = rec->passed_at,
		.lane = lane,
		.speed_tenths = speed_tenths,
		.gross_kg = rec->gross_kg,
		.axles = c->axles,
		.kind = c->kind,
		.plate = rec->plate_read ? v->plate : "",
		.plate_color = v->color,
		.length_mm = v->length_mm,
		.height_mm = rec->height_mm,
		.loaded = rec->loaded,
		.look = rng_next(&g->photo),
	};
	size_t at = b->n;
	buf_grow(b, GEN_PHOTOS_FIELD_LEN);
	memset(b->p + at, '-', GEN_PHOTOS_FIELD_LEN);
	b->n += GEN_PHOTOS_FIELD_LEN;
	b->p[b->n] = '\0';
	return overlimit_gen_darkroom_queue(g->darkroom, &p, at, e);
}

static int write_detection(struct gen *g, const struct record *rec, int64_t seq, bool photograph, struct err *e)
{
	struct buf *b = &g->detections.b;
	struct rng *r = &g->traffic;
	const struct vehicle *v = rec->vehicle;
	const struct vehicle_config *c = &configs[v->config];
	char when[26];
	datetime_format_local(rec->passed_at, when);
	buf_adds(b, site_specs[rec->site].code);
	buf_addc(b, ',');
	buf_add_int(b, seq);
	buf_addc(b, ',');
	buf_add(b, when, 25);
	buf_addc(b, ',');
	if (rec->plate_read) {
		buf_adds(b, v->plate);
		buf_addc(b, ',');
		buf_adds(b, v->color);
	} else {
		buf_addc(b, ',');
	}
	buf_adds(b, c->kind == VEHICLE_TRAIN ? ",train," : ",truck,");
	buf_add_int(b, c->axles);
	buf_addc(b, ',');
	buf_add_int(b, rec->gross_kg);
	buf_addc(b, ',');
	add_axles(b, r, c->axles, rec->gross_kg);
	buf_adds(b, v->single_drive ? ",1," : ",0,");
	buf_add_int(b, v->single_tire_axles);
	int32_t size[3] = { rec->length_mm, rec->width_mm, rec->height_mm };
	for (int i = 0; i < 3; i++) {
		buf_addc(b, ',');
		if (size[i])
			buf_add_int(b, size[i]);
	}
	bool station = g->site[rec->site].kind == SITE_STATION;
	int64_t tenths = station ? rng_range(r, 50, 150) : (rng_range(r, 400, 900) + rng_range(r, 400, 900)) / 2;
	buf_addc(b, ',');
	buf_add_int(b, tenths / 10);
	buf_addc(b, '.');
	buf_addc(b, (char)('0' + tenths % 10));
	buf_addc(b, ',');
	int lane = (int)rng_range(r, 1, site_specs[rec->site].lanes);
	buf_add_int(b, lane);
	buf_addc(b, ',');
	int rc = photograph ? queue_photos(g, rec, seq, (int)tenths, lane, b, e) : 0;
	buf_addc(b, '\n');
	return rc;
}

/* A station unloads on the spot; a remote detection is intercepted down
 * the road and unloaded at the nearest station. */
static void write_unload(struct gen *g, const struct event *ev, const struct record *rec, int64_t seq)
{
	struct buf *b = &g->unloads.b;
	struct rng *r = &g->traffic;
	bool station = g->site[rec->site].kind == SITE_STATION;
	char when[26];
	datetime_format_local(rec->passed_at + (station ? rng_range(r, 600, 5400) : rng_range(r, 1800, 14400)), when);
	buf_adds(b, site_specs[rec->site].code);
	buf_addc(b, ',');
	buf_add_int(b, seq);
	buf_addc(b, ',');
	buf_add_int(b, ev->unloaded_kg);
	buf_addc(b, ',');
	buf_add(b, when, 25);
	buf_addc(b, ',');
	if (!rng_per_mille(r, 20))
		buf_adds(b, g->badge[(rec->site * 5 + rng_below(r, 5)) % OFFICERS]);
	buf_addc(b, '\n');
}

/* ---- output -------------------------------------------------------- */

static int output_open(struct output *o, const char *dir, const char *name, struct err *e)
{
	buf_init(&o->b);
	if ((size_t)snprintf(o->path, sizeof o->path, "%s/%s", dir, name) >= sizeof o->path)
		return err_set(e, ERR_INVALID, "output path %s/%s is too long", dir, name);
	o->f = fopen(o->path, "wb");
	if (!o->f)
		return err_set(e, ERR_IO, "cannot write %s: %s", o->path, strerror(errno));
	return 0;
}

static int output_flush(struct output *o, size_t at_least, struct err *e)
{
	if (o->b.n < at_least || o->b.n == 0)
		return 0;
	if (fwrite(o->b.p, 1, o->b.n, o->f) != o->b.n)
		return err_set(e, ERR_IO, "cannot write %s: %s", o->path, strerror(errno));
	buf_clear(&o->b);
	return 0;
}

/* Flushes and closes; safe on a file that never opened. */
static int output_close(struct output *o, int rc, struct err *e)
{
	if (o->f) {
		if (rc == 0)
			rc = output_flush(o, 0, e);
		if (fclose(o->f) && rc == 0)
			rc = err_set(e, ERR_IO, "cannot write %s: %s", o->path, strerror(errno));
		o->f = NULL;
	}
	buf_release(&o->b);
	return rc;
}

/* mkdir -p. */
static int make_dir(const char *dir, struct err *e)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof path, "%s", dir) >= sizeof path)
		return err_set(e, ERR_INVALID, "output directory %.64s... is too long", dir);
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return err_set(e, ERR_IO, "cannot create directory %s: %s", path, strerror(errno));
		*p = c;
		if (!c)
			break;
	}
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return err_set(e, ERR_IO, "%s is not a directory; give --out a directory", dir);
	return 0;
}

/* Writes the records made so far once there are at_least bytes of them,
 * with the names of their photos (waiting for them to be drawn). */
static int flush_detections(struct gen *g, size_t at_least, struct err *e)
{
	if (g->detections.b.n < at_least || g->detections.b.n == 0)
		return 0;
	int rc = overlimit_gen_darkroom_wait(g->darkroom, &g->detections.b, e);
	return rc ? rc : output_flush(&g->detections, 0, e);
}

static int compare_seconds(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Writes the year's records day by day, in time order. */
static int write_year(struct gen *g, struct err *e)
{
	int32_t hour_cum[24], total = 0;
	for (int h = 0; h < 24; h++)
		hour_cum[h] = total += hour_weight[h];
	int64_t most = 1;
	for (int32_t d = 0; d < g->days; d++)
		most = g->day_count[d] > most ? g->day_count[d] : most;
	int32_t *second = malloc(sizeof *second * (size_t)most);
	if (!second)
		abort();
	buf_adds(&g->detections.b, "site,seq,passed_at,plate,plate_color,kind,axles,gross_kg,axle_kg,single_drive,"
	                           "single_tire_axles,length_mm,width_mm,height_mm,speed_kmh,lane,photos\n");
	buf_adds(&g->unloads.b, "site,seq,unloaded_kg,unloaded_at,badge\n");
	int64_t index = 0, next = 0;
	int rc = 0;
	for (int32_t d = 0; d < g->days && rc == 0; d++) {
		int64_t n = g->day_count[d];
		for (int64_t k = 0; k < n; k++)
			second[k] = pick(&g->traffic, hour_cum, 24) * 3600 + (int32_t)rng_below(&g->traffic, 3600);
		qsort(second, (size_t)n, sizeof *second, compare_seconds);
		int64_t midnight = (int64_t)(g->first_day + d) * 86400 - LOCAL_UTC_OFFSET_S;
		if ((rc = rules_for_day(g, g->first_day + d, e)))
			break;
		for (int64_t k = 0; k < n && rc == 0; k++, index++) {
			struct record rec;
			const struct event *ev =
			    next < g->events && g->event[next].index == index ? &g->event[next++] : NULL;
			if (ev)
				event_record(g, ev, &rec);
			else
				legal_record(g, &rec);
			rec.passed_at = midnight + second[k];
			int64_t seq = ++g->seq[rec.site];
			/* Drawn for every record, so that the sample is the seed's. */
			bool sampled = rng_below(&g->photo, 1000000) < PHOTO_SAMPLE_PER_MILLION;
			rc = write_detection(g, &rec, seq, ev || sampled, e);
			if (ev && ev->intercepted)
				write_unload(g, ev, &rec, seq);
		}
		if (rc == 0)
			rc = flush_detections(g, FLUSH_BYTES, e);
	}
	if (rc == 0)
		rc = flush_detections(g, 0, e);
	free(second);
	return rc;
}

int overlimit_gen_run(const struct gen_options *opt, struct err *e)
{
	struct gen *g = calloc(1, sizeof *g);
	if (!g)
		return err_set(e, ERR_NOMEM, "out of memory");
	g->opt = opt;
	rng_seed(&g->traffic, opt->seed, 4);
	rng_seed(&g->photo, opt->seed, 5);

	int rc = overlimit_rulebook_builtin(&g->book, e);
	g->cache.book = g->book;
	if (rc == 0)
		rc = make_dir(opt->out_dir, e);
	if (rc == 0 &&
	    (size_t)snprintf(g->photo_dir, sizeof g->photo_dir, "%s/photos", opt->out_dir) >= sizeof g->photo_dir)
		rc = err_set(e, ERR_INVALID, "output directory %.64s... is too long", opt->out_dir);
	if (rc == 0)
		rc = make_dir(g->photo_dir, e);
	if (rc == 0)
		rc = overlimit_gen_darkroom_start(&g->darkroom, g->photo_dir, e);
	if (rc == 0) {
		sites_init(g);
		fleet_init(g);
		days_init(g);
		rc = events_plan(g, e);
	}
	if (rc == 0) {
		calibrate_unloading(g);
		struct output sites = { 0 };
		rc = output_open(&sites, opt->out_dir, "sites.csv", e);
		if (rc == 0)
			write_sites(g, &sites.b);
		rc = output_close(&sites, rc, e);
	}
	if (rc == 0) {
		struct output units = { 0 };
		rc = output_open(&units, opt->out_dir, "units.csv", e);
		if (rc == 0)
			write_units(&units.b);
		rc = output_close(&units, rc, e);
	}
	if (rc == 0 && (rc = output_open(&g->detections, opt->out_dir, "detections.csv", e)) == 0 &&
	    (rc = output_open(&g->unloads, opt->out_dir, "unloads.csv", e)) == 0)
		rc = write_year(g, e);
	rc = output_close(&g->detections, rc, e);
	rc = output_close(&g->unloads, rc, e);
	if (g->book)
		overlimit_rulebook_free(g->book);
	free(g->fleet);
	free(g->day_count);
	free(g->event);
	overlimit_gen_darkroom_stop(g->darkroom);
	free(g);
	return rc;
}
