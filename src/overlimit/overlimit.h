/* The over-limit module (治超): the rulebook of RULES.md sections 1-2, the
 * verdict on one detection, the site registry, detection records, ingest,
 * unloading records, the demo generator and the over-limit report.
 *
 * Units: mass kg, sizes mm, money fen (1 yuan = 100 fen), instants Unix
 * seconds, calendar dates day numbers of the local (UTC+08:00) calendar. */
#ifndef SUNROAD_OVERLIMIT_H
#define SUNROAD_OVERLIMIT_H

#include "../base/buf.h"
#include "../base/db.h"
#include "../base/err.h"
#include "../base/import.h"
#include "../base/records.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---- the rulebook ---------------------------------------------------- */

enum vehicle_kind { VEHICLE_TRUCK, VEHICLE_TRAIN };

#define MAX_AXLES 12
/* Accuracy classes of weighing devices (JJG 907-2006), in hundredths:
 * 0, 0.2, 0.5, 1, 2, 5, 10 are written 0, 20, 50, 100, 200, 500, 1000. */
#define ACCURACY_CLASS_COUNT 7
extern const int accuracy_classes[ACCURACY_CLASS_COUNT];
/* The index of a class in accuracy_classes, or -1. */
int overlimit_accuracy_class_index(int hundredths);
/* Parses "0.2", "5", "10" ... into hundredths; -1 when not a known class. */
int overlimit_accuracy_class_parse(struct slice s);
/* Writes the class as text ("0.2") into out[8]. */
void overlimit_accuracy_class_format(int hundredths, char out[8]);

enum rule_id {
	RULE_GROSS_LIMIT,
	RULE_SINGLE_TIRE,
	RULE_SIZE_LIMIT,
	RULE_MEASUREMENT_ERROR,
	RULE_MASS_FINE,
	RULE_SIZE_FINE,
	RULE_FINE_CAP,
	RULE_TON100,
	RULE_COUNT
};

/* Where a rule comes from: shown with every verdict that uses it. */
struct rule_source {
	const char *id;
	const char *title;
	const char *citation;
	int32_t effective_from;
};

/* One resolution of the rulebook (the rules in force over a span of days)
 * as stored with every verdict reached under it (table overlimit_rulesets):
 * its canonical JSON, a rulebook holding one version of each rule that
 * overlimit_rulebook_parse reads back; the SHA-256 of that text; and the id taken
 * from the digest, so the same rules have the same id in every database
 * and the reader names them without asking the database. */
struct overlimit_ruleset {
	int64_t id; /* the first 48 bits of the SHA-256 (a JSON-safe integer) */
	char sha256[65];
	char *json;
	size_t len;
};

struct size_band {
	int32_t max_height_mm, max_width_mm, max_length_mm; /* 0: unbounded */
	int64_t min_fen, max_fen, fine_fen;                 /* the legal range, the default */
};

#define SIZE_BANDS 3

/* The over-limit rules in force on one day: plain data for the verdict. */
struct overlimit_rules {
	int64_t limit_kg[MAX_AXLES + 1][2];           /* [axles][vehicle_kind] */
	int64_t single_drive_limit_kg[MAX_AXLES + 1]; /* trains; 0: no such row */
	int64_t single_tire_reduction_kg;
	int32_t height_mm, width_mm, length_mm;
	int32_t error_bp[ACCURACY_CLASS_COUNT]; /* in-service error, 1/10000 */
	int64_t warning_max_over_kg, step_kg, fine_per_step_fen, mass_max_fen;
	bool round_up; /* partial 1000 kg steps count (default: only full ones) */
	struct size_band band[SIZE_BANDS];
	int64_t cap_fen;
	int64_t ton100_kg;
	int32_t valid_from, valid_until; /* this resolution holds on [from, until) */
	struct rule_source source[RULE_COUNT];
	const struct overlimit_ruleset *ruleset; /* this resolution as stored; owned by the book */
};

struct rulebook;

/* Loads the rulebook from dir/overlimit.json; with dir NULL or "", from
 * ./rules when it exists, else from the compiled-in copy. Rejects a
 * malformed book with a message naming the rule and the field. The caller
 * frees the book with overlimit_rulebook_free. */
int overlimit_rulebook_load(struct rulebook **out, const char *dir, struct err *e);

/* `sunroad copy` into PostgreSQL: the partitions and the keys (copy_hook.c). */
int overlimit_copy_hook(struct db *from, struct db *to, bool before, struct err *e);
/* GET /metrics: the screening backlog and the sites' last records and certificates (metrics.c). */
int overlimit_metrics(struct db *db, struct buf *out, struct err *e);
/* The rulebook compiled into the binary (rules/overlimit.json at build). */
int overlimit_rulebook_builtin(struct rulebook **out, struct err *e);
/* Parses a rulebook from JSON text; `origin` names it in messages. */
int overlimit_rulebook_parse(struct rulebook **out, const char *json, size_t len, const char *origin, struct err *e);
void overlimit_rulebook_free(struct rulebook *book);
/* Where the book came from: a path or "built-in". */
const char *overlimit_rulebook_origin(const struct rulebook *book);

/* Resolves the rules in force on a local day; ERR_NOTFOUND when some rule
 * had not yet taken effect. The result points into book (citations, the
 * rule set). */
int overlimit_rulebook_at(const struct rulebook *book, int32_t day, struct overlimit_rules *out, struct err *e);

/* The canonical JSON of r (a rulebook of one version of each rule, keys
 * sorted, no blanks) into out, and its SHA-256 and id into set (set->json
 * is left alone). Pure. */
int overlimit_ruleset_make(const struct overlimit_rules *r, struct buf *out, struct overlimit_ruleset *set,
                           struct err *e);

/* The rules of the last day asked for, reused while the next day asked for
 * stays in their validity range (records arrive in time order). */
struct rules_cache {
	const struct rulebook *book;
	struct overlimit_rules rules;
	bool valid;
};

/* The rules in force on day, from the cache or resolved anew. The result
 * stays valid until the next call. */
int overlimit_rules_cache_at(struct rules_cache *c, int32_t day, const struct overlimit_rules **out, struct err *e);

/* ---- sites --------------------------------------------------------- */

enum site_kind { SITE_REMOTE, SITE_STATION };

struct site {
	int64_t id;
	char code[17];
	char name[129];
	enum site_kind kind;
	char road[33];
	double km, lat, lon;
	int accuracy_class; /* hundredths, see accuracy_classes */
	char cert_no[65];
	int32_t cert_valid_from, cert_valid_to; /* local days, inclusive */
	char unit[17];                          /* whose users see it */
	int32_t silent_after_s;                 /* a longer silence flags the site */
	int64_t last_seen_at;                   /* Unix seconds; 0: never heard from */
};

#define SITE_SILENT_AFTER_DEFAULT 3600

/* An in-memory registry of sites, found by code. */
struct site_table {
	struct site *sites;
	int count;
	int *slots; /* open addressing over codes; -1 empty */
	int nslots;
};

void overlimit_site_table_init(struct site_table *t);
void overlimit_site_table_release(struct site_table *t);
/* Adds a copy of s (replacing a site with the same code). */
void overlimit_site_table_put(struct site_table *t, const struct site *s);
const struct site *overlimit_site_table_find(const struct site_table *t, struct slice code);

/* Reads a sites CSV into t; every bad row is reported on stderr and the whole
 * file refused (ERR_INVALID), so a registry is never half-imported. */
int overlimit_sites_read_csv(struct site_table *t, const char *path, struct err *e);
/* Upserts the sites of t into db, filling their ids; each change is
 * audited as done by actor. */
int overlimit_sites_store(struct db *db, struct site_table *t, const char *actor, struct err *e);
/* Issues a new API key for the site's devices, revoking the previous one;
 * only its SHA-256 is stored. key receives "sr_" and 64 hex digits. */
#define SITE_KEY_SIZE 68
int overlimit_sites_new_key(struct db *db, const char *code, const char *actor, char key[SITE_KEY_SIZE], struct err *e);

/* What the dashboard flags about a site at instant now. */
struct overlimit_site_status {
	bool cert_expired;  /* the verification certificate has run out */
	bool cert_expiring; /* it runs out within 30 days */
	bool silent;        /* not heard from for longer than silent_after_s (or never) */
};
/* Pure: no clock but now. */
void overlimit_site_status(const struct site *s, int64_t now, struct overlimit_site_status *out);

/* Loads all stored sites. */
int overlimit_sites_load(struct db *db, struct site_table *t, struct err *e);

struct caller;
struct photo_store;
/* Loads the sites the caller sees (its unit subtree; scope NULL: all). */
int overlimit_sites_load_scoped(struct db *db, const struct caller *scope, struct site_table *t, struct err *e);
/* The site whose device key this is, or ERR_UNAUTHORIZED. */
int overlimit_sites_key_owner(struct db *db, const char *key, char site[17], struct err *e);

/* ---- detections and verdicts --------------------------------------- */

enum detection_field {
	DF_SITE,
	DF_SEQ,
	DF_PASSED_AT,
	DF_PLATE,
	DF_PLATE_COLOR,
	DF_KIND,
	DF_AXLES,
	DF_GROSS_KG,
	DF_AXLE_KG,
	DF_SINGLE_DRIVE,
	DF_SINGLE_TIRE_AXLES,
	DF_LENGTH_MM,
	DF_WIDTH_MM,
	DF_HEIGHT_MM,
	DF_SPEED_KMH,
	DF_LANE,
	DF_PHOTOS,
	DF_COUNT
};
extern const struct record_schema detection_schema;

/* One detection. Text fields are slices into the record they were parsed
 * from: valid until the reader moves on. */
struct detection {
	struct slice site;
	int64_t seq;
	int64_t passed_at;
	struct slice plate; /* empty: not read */
	struct slice plate_color;
	enum vehicle_kind kind;
	int axles;
	int64_t gross_kg;
	int axle_count; /* 0: no axle_kg given */
	int32_t axle_kg[MAX_AXLES];
	bool single_drive;
	int single_tire_axles;
	int32_t length_mm, width_mm, height_mm; /* 0: not measured */
	bool has_speed;
	double speed_kmh;
	int lane;            /* 0: not given */
	struct slice photos; /* ';'-separated sha256 hex, validated */
};

/* Validates the fields of one record (by detection_field) into d. On error,
 * e says which field is wrong and why. */
/* The Chinese name of a stored plate colour ("yellow" → "黄"), "" when
 * none or unknown: for exports and drawings. */
const char *overlimit_plate_color_zh(const char *color);

int overlimit_detection_parse(const struct slice value[], uint32_t present, struct detection *d, struct err *e);

/* A device's record numbers stay below 2^40 (a trillion), so (site, seq)
 * packs into one integer key. */
#define SEQ_MAX ((INT64_C(1) << 40) - 1)
static inline int64_t overlimit_detection_key(int64_t site_id, int64_t seq)
{
	return site_id * (SEQ_MAX + 1) + seq;
}

/* A 64-bit digest of the record's content, independent of its format
 * (CSV or JSON) and of number spelling: equal digests, same record. */
uint64_t overlimit_detection_digest(const struct detection *d);

enum penalty { PENALTY_NONE, PENALTY_WARNING, PENALTY_FINE };
extern const char *const penalty_names[];

enum inadmissible_reason {
	INADMISSIBLE_PLATE = 1, /* the plate was not read */
	INADMISSIBLE_CERT = 2,  /* no valid verification certificate that day */
};

struct verdict {
	int64_t limit_kg;  /* for the configuration, after single-tyre axles */
	int64_t judged_kg; /* floor(gross x (1 - e)) */
	int64_t over_kg;   /* max(judged - limit, 0) */
	bool over_size;
	bool ton100;
	bool overlimit; /* over by mass or by size */
	enum penalty penalty;
	int64_t mass_fine_fen, size_fine_fen, fine_fen; /* fine_fen: summed, capped */
	bool admissible;
	unsigned inadmissible; /* enum inadmissible_reason bits */
};

/* The verdict on d, taken at site s under rules r (those in force on the
 * local day of passage). Pure: no I/O, no clock. */
void overlimit_verdict_judge(const struct overlimit_rules *r, const struct site *s, const struct detection *d,
                             struct verdict *v);

/* The mass penalty alone for over_kg above the limit (for tests/reports). */
enum penalty overlimit_verdict_mass_penalty(const struct overlimit_rules *r, int64_t over_kg, int64_t *fine_fen);
/* The fine steps of over_kg (0 up to the warning limit), before the cap. */
int64_t overlimit_verdict_mass_steps(const struct overlimit_rules *r, int64_t over_kg);
/* The size fine for the measured size (0 when within the limits). */
int64_t overlimit_verdict_size_fine(const struct overlimit_rules *r, int32_t height_mm, int32_t width_mm,
                                    int32_t length_mm);
/* The index of the size band of the measured size in r->band, or -1 when
 * within the limits. */
int overlimit_verdict_size_band(const struct overlimit_rules *r, int32_t height_mm, int32_t width_mm,
                                int32_t length_mm);

/* ---- a stored verdict explained ------------------------------------- */

#define EXPLAIN_MAX_LINES 10
#define EXPLAIN_LINE      640

/* A stored verdict as a legal reviewer reads it: each step in words, with
 * the figures, in Chinese and in English line for line. */
struct overlimit_explanation {
	int accuracy_class; /* the index in accuracy_classes whose error gives the
	                     * stored judged mass; -1 when none does */
	int64_t error_bp;
	int64_t steps;                        /* fine steps of the excess (before the cap) */
	int64_t mass_fine_fen, size_fine_fen; /* the parts, each capped as the law caps it */
	int size_band;                        /* index in r->band, -1: within the size limits */
	bool mass_capped, capped;             /* cut to the mass maximum; the sum cut to the cap */
	bool cited[RULE_COUNT];               /* the rules the verdict rests on */
	int nlines;
	char zh[EXPLAIN_MAX_LINES][EXPLAIN_LINE];
	char en[EXPLAIN_MAX_LINES][EXPLAIN_LINE];
};

/* Explains the stored verdict v on d under r, the rule set it was reached
 * by. class_hint: the site's accuracy class now (hundredths), tried first
 * when finding the class that gives the stored judged mass. The amounts
 * and the penalty said last are v's: what was decided. Pure. */
void overlimit_explain(const struct overlimit_rules *r, int class_hint, const struct detection *d,
                       const struct verdict *v, struct overlimit_explanation *out);

/* ---- commands ------------------------------------------------------ */

/* What judge and the imports work with: the sites and the rules. */
struct overlimit_env {
	struct site_table sites;
	struct rules_cache rules; /* rules.book: owned by whoever set it */
	int32_t partition_month;  /* YYYYMM whose partition this transaction made sure of */
	/* PostgreSQL: the months this writer creates are loaded first and
	 * indexed once it has moved past them (schema 0010). The ingest
	 * command sets it; the device feed, storing a few records at a
	 * time into months in use, does not. */
	bool load_months;
	int32_t low_month; /* the earliest month this transaction stored into */
	/* Who builds the months' indexes while the writers load (NULL: each
	 * writer, after its commits), and this writer's number for it. */
	struct month_builder *builder;
	int writer;
	/* The rule sets this writer knows to be stored (overlimit_ruleset_store):
	 * committed ones for good, those it inserted itself until the next
	 * transaction, which asks again (the insert may have rolled back). */
	struct {
		int64_t id;
		bool committed;
	} stored_sets[8];
	int nstored_sets;
	/* The newest passed_at of each site's records stored in this
	 * transaction: the sites' last_seen_at, written before its commit (or
	 * when OVERLIMIT_SEEN_MAX sites are noted). seen_slot finds a site's
	 * entry by its id (open addressing: index + 1, 0 for none), so a
	 * record costs one probe however many sites interleave. */
#define OVERLIMIT_SEEN_MAX 512
	struct {
		int64_t site_id, newest;
	} seen[OVERLIMIT_SEEN_MAX];
	int16_t seen_slot[2 * OVERLIMIT_SEEN_MAX];
	int nseen;
	/* Evidence photos (photos.h): the store every photo a record names
	 * must be in (NULL: not checked, as `sunroad judge` does), and the
	 * folder `ingest --photos` brings them from (NULL: none). */
	struct photo_store *photos;
	const char *photos_from;
	char photos_field[16 * 72]; /* a record's photos once brought into the store */
};

/* Forgets what a rolled-back transaction may have taken with it; the
 * writer calls it before each transaction. */
void overlimit_env_begin(struct overlimit_env *env);

/* Notes that a record of site_id passed at passed_at was stored; writes
 * the sites' last_seen_at when the list is full. */
int overlimit_env_seen(struct db *db, struct overlimit_env *env, int64_t site_id, int64_t passed_at, struct err *e);
/* Moves each noted site's last_seen_at forward to its newest record (never
 * back), in the caller's transaction, and empties the list. */
int overlimit_env_touch_sites(struct db *db, struct overlimit_env *env, struct err *e);

/* Makes sure set is in table overlimit_rulesets, inserting it (first
 * stored at now) in the caller's transaction when it is not; asks the
 * database once per set and transaction at most. */
int overlimit_ruleset_store(struct db *db, struct overlimit_env *env, const struct overlimit_ruleset *set, int64_t now,
                            struct err *e);

/* The rule set `id` as stored: its rules, resolved for `day`, into *r (which
 * points into *book: the caller frees it with overlimit_rulebook_free), its digest
 * and when it was first stored (0: before sunroad kept rule sets). */
struct overlimit_stored_ruleset {
	struct rulebook *book;
	struct overlimit_rules rules;
	char sha256[65];
	int64_t first_stored_at;
};
int overlimit_ruleset_load(struct db *db, int64_t id, int32_t day, struct overlimit_stored_ruleset *out, struct err *e);

/* How far ahead of the server's clock a record's passed_at may be, in
 * minutes (setting max_clock_skew; clock_skew.c). */
struct overlimit_clock_settings {
	long max_clock_skew;
};
extern struct overlimit_clock_settings overlimit_clock_settings;
/* 0 when passed_at (as text in the record) is at most skew_minutes after
 * now; else ERR_INVALID with the reason in why (q_passed_at_future). Pure. */
int overlimit_passed_at_check(int64_t passed_at, struct slice text, int64_t now, long skew_minutes, struct err *why);

/* Validates the current record of r into d, finds its site, and judges it
 * into v; or says in why what is wrong with it. */
int overlimit_judge_record(struct overlimit_env *env, const struct record_reader *r, struct detection *d,
                           const struct site **site, struct verdict *v, struct err *why);

/* `sunroad judge`: verdicts of the records in path as CSV on out; invalid
 * records are reported on stderr. Returns 0 when the file could be read. */
int overlimit_judge_file(struct overlimit_env *env, const char *path, FILE *out, struct err *e);

struct ingest_summary {
	int64_t read, accepted, duplicates, conflicts, quarantined, overlimit, ton100;
	int64_t unloaded_kg; /* unloads only */
	double seconds;
};

/* The writers of an ingest: the command's own connection and env first,
 * then (PostgreSQL) more connections, each with a copy of the env whose
 * writer's state (what its transactions made sure of) is its own. */
struct overlimit_writers {
	int n;
	struct db *db[IMPORT_WRITERS_MAX];
	struct overlimit_env *env[IMPORT_WRITERS_MAX];
	struct month_builder *builder; /* load_months: NULL when it could not connect */
};
/* n writers in all where the database can take them (COPY), else one;
 * fewer, said on stderr, when more connections cannot be opened. */
int overlimit_writers_open(struct overlimit_writers *w, struct db *db, struct overlimit_env *env, const char *url,
                           long n, struct err *e);
/* The end of the writers' loads (overlimit_env.load_months): the months
 * they made get their indexes, from the builder, or (without one) from
 * each writer its own at once, and the writers let their months go. */
int overlimit_writers_finish(const struct overlimit_writers *w, struct err *e);
void overlimit_writers_close(struct overlimit_writers *w);

/* The builder of the indexes of the months w's writers load
 * (month_builder.c): on a connection of its own to url, it indexes a
 * month once every writer has told it (month_builder_moved, after a
 * commit) that it has moved past. */
struct month_builder;
int month_builder_start(struct month_builder **b, const char *url, const struct overlimit_writers *w, struct err *e);
/* Writer number `writer` committed a batch whose earliest month is month. */
void month_builder_moved(struct month_builder *b, int writer, int32_t month);
/* The writers are done: the builder goes on to every month they loaded. */
void month_builder_writers_done(struct month_builder *b);
/* A writer done loading builds, on its own connection db, the months
 * nobody is building, beside the builder, until none is left to take. */
int month_builder_help(const struct month_builder *b, struct db *db, struct err *e);
/* Tells the builder the writers are done if not yet, waits for it to
 * end; its error, if it had one. */
int month_builder_finish(struct month_builder *b, struct err *e);
void month_builder_free(struct month_builder *b);

/* `sunroad ingest`: stores every valid record of path with its verdict, in
 * transactions of `batch` records, by the writers of w; quarantines the
 * rest. Adds to *sum. */
int overlimit_ingest_file(const struct overlimit_writers *w, const char *path, long batch,
                          struct ingest_summary *sum, struct err *e);

/* The local date of an instant as the integer YYYYMMDD stored in `day`. */
int32_t overlimit_day_key(int64_t unix_s);

/* `sunroad unloads import`: the same for unloading records. */
int overlimit_unloads_import_file(struct db *db, struct overlimit_env *env, const char *path, long batch,
                                  struct ingest_summary *sum, struct err *e);

/* Prints the quarantine, newest last, at most limit rows (0: all). */
int overlimit_quarantine_list(struct db *db, const char *kind, long limit, FILE *out, struct err *e);

/* A quarantine reason as a stable code and its arguments, derived from the
 * stored English text (the imports' messages): "q_field_missing" with
 * field=gross_kg for "gross_kg is missing". A text no pattern matches is
 * "q_other" without arguments. Pure. */
#define QUARANTINE_REASON_ARGS 4
struct overlimit_quarantine_reason {
	const char *code;
	int nargs;
	char name[QUARANTINE_REASON_ARGS][16];
	char value[QUARANTINE_REASON_ARGS][64];
};
void overlimit_quarantine_reason(const char *text, struct overlimit_quarantine_reason *out);

/* The site a raw record names (its "site" in JSON, its first field in
 * CSV), into site; "" when it names none that looks like a code. Pure. */
void overlimit_quarantine_site_of(const char *raw, char site[17]);

struct gen_options {
	int year;
	uint64_t seed;
	int64_t count; /* detections in the year */
	const char *out_dir;
};

/* `sunroad gen`: writes units.csv, sites.csv, detections.csv, unloads.csv
 * and photos/ (the evidence photos, named by their SHA-256) of a
 * demo year into out_dir. Same options, same bytes. */
int overlimit_gen_run(const struct gen_options *opt, struct err *e);

/* The over-limit figures of a period: computed once, formatted by
 * separate writers (the report's text, JSON and CSV; the stats API's
 * JSON). */
struct overlimit_tally {
	int64_t detections, overlimit, ton100, unloaded_kg;
};

struct overlimit_month {
	int key; /* YYYYMM */
	struct overlimit_tally t;
};

/* The screening of a period's admissible over-limit detections: pending
 * (not yet screened), confirmed, dismissed, and the intended fines (the
 * fine_fen of the confirmed and the pending ones). */
struct overlimit_screening_tally {
	int64_t pending, confirmed, dismissed, intended_fine_fen;
};

struct overlimit_figures {
	int32_t from, to;                /* local days, inclusive */
	struct site_table sites;         /* the sites in scope */
	struct overlimit_tally *by_site; /* parallel to sites.sites */
	struct overlimit_month *by_month;
	int months;
	struct overlimit_tally total;
	/* Filled by overlimit_figures_screening only (the stats API's; the
	 * report's formats do not print them): parallel to sites.sites. */
	struct overlimit_screening_tally *screening_by_site;
	struct overlimit_screening_tally screening;
};

/* Computes the figures of the local days [from, to] for the sites the
 * caller sees (scope NULL: every site). The caller releases f. */
int overlimit_figures_compute(struct db *db, int32_t from, int32_t to, const struct caller *scope,
                              struct overlimit_figures *f, struct err *e);
void overlimit_figures_release(struct overlimit_figures *f);
/* Computes the screening figures of the local days [from, to] for the sites
 * the caller sees into f (its sites, screening_by_site and screening; the
 * tallies stay zero). Not cached: a decision changes them without a new
 * data version. The caller releases f. */
int overlimit_figures_screening(struct db *db, int32_t from, int32_t to, const struct caller *scope,
                                struct overlimit_figures *f, struct err *e);
/* The over-limit rate in percent, rounded to 4 decimals, so that every
 * backend writes the same bytes. */
double overlimit_rate_pct(const struct overlimit_tally *t);

struct json_t;
/* The figures as JSON (the report's and the stats API's), a new value; NULL
 * without memory. */
struct json_t *overlimit_figures_json(const struct overlimit_figures *f);
/* The report's Chinese text: the sentence of the period, then a table by site. */
void overlimit_figures_text(const struct overlimit_figures *f, FILE *out);
/* The report's CSV (UTF-8 with a BOM and CRLF: by site, by month, the total). */
int overlimit_figures_csv(const struct overlimit_figures *f, struct buf *out, struct err *e);

enum report_format { REPORT_JSON, REPORT_TEXT, REPORT_CSV };

/* `sunroad report overlimit` over the local days [from, to], for the sites
 * the caller sees (scope NULL: every site). */
int overlimit_report_overlimit(struct db *db, int32_t from, int32_t to, enum report_format format,
                               const struct caller *scope, FILE *out, struct err *e);

#endif
