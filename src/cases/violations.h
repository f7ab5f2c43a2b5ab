/* The violation catalogue: rules/violations.json, what a case can be
 * opened for. Each violation has a stable code ("overlimit_mass",
 * "taxi_refuse"), its name, the provisions it breaks and the ones that
 * punish it (with their words as published), its penalty, the authority
 * that punishes it, and whether the summary procedure and the first-offence
 * waiver may apply.
 *
 * The penalty of an over-limit violation is reckoned by rules/overlimit.json
 * (the rule the entry names: mass_fine, size_fine); every other violation
 * carries its range and the default amount of the discretion standard.
 * Amounts are fen. The hearing thresholds and the summary procedure's
 * limits are those of rules/cases.json, not of this book.
 *
 * The catalogue is read once and is read-only after: any number of threads
 * may share it. The functions on it are pure. */
#ifndef SUNROAD_CASES_VIOLATIONS_H
#define SUNROAD_CASES_VIOLATIONS_H

#include "base/buf.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum violation_penalty_kind {
	VIOLATION_MASS_STEPS, /* "mass_steps": 62号令 Art.43 ¶1 (2), by rules/overlimit.json */
	VIOLATION_SIZE_BANDS, /* "size_bands": 62号令 Art.43 ¶1 (1), by rules/overlimit.json */
	VIOLATION_RANGE,      /* "range": min_fen..max_fen, default_fen */
};

enum violation_basis_role {
	VIOLATION_VIOLATED, /* "violated": the provision the act breaks */
	VIOLATION_PENALTY,  /* "penalty": the provision that punishes it */
};

/* One provision; the strings are owned by the catalogue. */
struct violation_basis {
	enum violation_basis_role role;
	char *law;     /* the full title: "超限运输车辆行驶公路管理规定" */
	char *article; /* "第四十三条第一款第二项" */
	char *text;    /* the words as published; "" when not confirmed */
	char *source;  /* where the words were read; "" when not given */
};

struct violation_penalty {
	enum violation_penalty_kind kind;
	char *rulebook, *rule;                 /* mass_steps, size_bands: "overlimit", "mass_fine"; else NULL */
	int64_t min_fen, max_fen, default_fen; /* range only; 0 for the others */
	char *discretion;                      /* range: how the default was chosen; "" when not given */
};

struct violation {
	char *code;                    /* snake_case, unique in the catalogue */
	char *name;                    /* Chinese */
	char *authority;               /* 公路管理机构, 出租汽车行政主管部门... */
	char *citation;                /* the whole entry's citation, for documents */
	char *note;                    /* why first_offence_waivable is what it is, and the like; "" when not given */
	struct violation_basis *basis; /* at least one of role VIOLATION_PENALTY */
	size_t nbasis;
	struct violation_penalty penalty;
	bool summary_allowed;        /* the summary procedure may apply when the amount allows it */
	bool first_offence_waivable; /* 首违不罚 (处罚法 Art.33 ¶1) may be considered */
	int32_t effective_from;      /* a day number of base/datetime.h */
};

struct violation_catalogue {
	struct violation *entries; /* in the order of the file */
	size_t count;
	char origin[512]; /* a path, or "violations.json (built-in)" */
};

/* Parses and checks the text of a violations.json (n bytes at text, named
 * origin in messages) into a new catalogue in *out, which the caller frees
 * with violations_free. A book that is not right is refused whole, the
 * message naming the entry (its number from 1 and its code) and the field:
 * `violations.json: entry 3 (refuse_inspection): penalty: "min_fen" 50000
 * is more than "max_fen" 30000`. Checked: every field present with its
 * type, codes snake_case and unique, a known penalty kind with the fields
 * of that kind (and none of another), min_fen <= default_fen <= max_fen,
 * at least one penalty provision, dates YYYY-MM-DD, no unknown keys, and a
 * note for every first_offence_waivable entry. ERR_PARSE (not JSON),
 * ERR_INVALID or ERR_NOMEM. */
int violations_parse(const char *text, size_t n, const char *origin, struct violation_catalogue **out, struct err *e);

/* Reads dir/violations.json (dir NULL or "": ./rules/violations.json when
 * it exists, else the copy built into the binary) and parses it as
 * violations_parse does. */
int violations_load(const char *dir, struct violation_catalogue **out, struct err *e);

void violations_free(struct violation_catalogue *catalogue);

/* The entry of code, or NULL. */
const struct violation *violation_find(const struct violation_catalogue *catalogue, const char *code);

/* Whether v is in force on day (on or after its effective_from). */
bool violation_in_force(const struct violation *v, int32_t day);

/* The default fine of a range violation, by the discretion standard, into
 * *fen. An over-limit violation's fine depends on the measurement and is
 * reckoned by the overlimit rulebook: ERR_INVALID naming the rule. */
int violation_default_fine(const struct violation *v, int64_t *fen, struct err *e);

/* Whether fen is a fine the law allows for a range violation: 0, or
 * ERR_INVALID with the reason "fine_out_of_range" and its arguments code,
 * min_fen, max_fen. An over-limit violation: ERR_INVALID as above (its
 * amount is the rulebook's, not a choice). */
int violation_fine_check(const struct violation *v, int64_t fen, struct err *e);

/* "mass_steps", "size_bands" or "range". */
const char *violation_penalty_kind_name(enum violation_penalty_kind kind);

#endif
