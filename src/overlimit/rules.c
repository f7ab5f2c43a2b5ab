/* The rulebook: rules/overlimit.json parsed into dated versions of each rule,
 * and the resolution of the rules in force on a given day. */
#include "overlimit.h"
#include "../base/datetime.h"
#include "../base/rulebook_file.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const int accuracy_classes[ACCURACY_CLASS_COUNT] = { 0, 20, 50, 100, 200, 500, 1000 };

int overlimit_accuracy_class_index(int hundredths)
{
	for (int i = 0; i < ACCURACY_CLASS_COUNT; i++)
		if (accuracy_classes[i] == hundredths)
			return i;
	return -1;
}

int overlimit_accuracy_class_parse(struct slice s)
{
	static const char *const names[ACCURACY_CLASS_COUNT] = { "0", "0.2", "0.5", "1", "2", "5", "10" };
	s = slice_trim(s);
	for (int i = 0; i < ACCURACY_CLASS_COUNT; i++)
		if (slice_eq(s, names[i]))
			return accuracy_classes[i];
	return -1;
}

void overlimit_accuracy_class_format(int hundredths, char out[8])
{
	if (hundredths % 100 == 0)
		snprintf(out, 8, "%d", hundredths / 100 % 10000);
	else
		snprintf(out, 8, "%d.%d", hundredths / 100 % 100, hundredths % 100 / 10);
}

/* One dated version of one rule. Only the fields of its rule are set. */
struct rule_version {
	enum rule_id id;
	struct rule_source source;
	struct overlimit_rules values;
};

struct rulebook {
	json_t *root; /* owns the strings that sources point to */
	char origin[512];
	struct rule_version *versions;
	int count;
	/* Every resolution of the book, as stored with verdicts: one per
	 * effective date on which all the rules are in force, made once at
	 * load, so that readers on any thread share them unchanged. */
	struct overlimit_ruleset *sets;
	int32_t *set_from; /* the first day of each */
	int nsets;
};

typedef int (*rule_parser)(json_t *rule, struct overlimit_rules *v, struct err *e);
typedef void (*rule_applier)(struct overlimit_rules *out, const struct overlimit_rules *v);

static int get_int(json_t *obj, const char *key, int64_t min, int64_t max, int64_t *out, struct err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v))
		return err_set(e, ERR_INVALID, "\"%s\" must be a whole number", key);
	*out = json_integer_value(v);
	if (*out < min || *out > max)
		return err_set(e, ERR_INVALID, "\"%s\" is %lld, outside %lld..%lld", key, (long long)*out,
		               (long long)min, (long long)max);
	return 0;
}

static int get_int32(json_t *obj, const char *key, int64_t min, int64_t max, int32_t *out, struct err *e)
{
	int64_t v;
	int rc = get_int(obj, key, min, max, &v, e);
	*out = (int32_t)v;
	return rc;
}

static int parse_gross_limit(json_t *rule, struct overlimit_rules *v, struct err *e)
{
	json_t *rows = json_object_get(rule, "limits"), *row;
	size_t i;
	if (!json_is_array(rows))
		return err_set(e, ERR_INVALID, "\"limits\" must be a list of rows");
	json_array_foreach(rows, i, row)
	{
		int64_t axles, axles_max, limit;
		int rc = get_int(row, "axles", 2, MAX_AXLES, &axles, e);
		if (!rc && json_object_get(row, "axles_max"))
			rc = get_int(row, "axles_max", axles, MAX_AXLES, &axles_max, e);
		else
			axles_max = axles;
		if (!rc)
			rc = get_int(row, "limit_kg", 1000, 1000000, &limit, e);
		const char *kind = json_string_value(json_object_get(row, "kind"));
		if (!rc && (!kind || (strcmp(kind, "truck") && strcmp(kind, "train") && strcmp(kind, "any"))))
			rc = err_set(e, ERR_INVALID, "\"kind\" must be truck, train or any");
		if (rc) {
			err_prefix(e, "limits row %zu", i + 1);
			return rc;
		}
		bool single_drive = json_is_true(json_object_get(row, "single_drive"));
		for (int64_t a = axles; a <= axles_max; a++) {
			if (single_drive) {
				v->single_drive_limit_kg[a] = limit;
				continue;
			}
			if (strcmp(kind, "train"))
				v->limit_kg[a][VEHICLE_TRUCK] = limit;
			if (strcmp(kind, "truck"))
				v->limit_kg[a][VEHICLE_TRAIN] = limit;
		}
	}
	for (int a = 2; a <= MAX_AXLES; a++)
		if (!v->limit_kg[a][VEHICLE_TRUCK] || !v->limit_kg[a][VEHICLE_TRAIN])
			return err_set(e, ERR_INVALID, "\"limits\" has no row for %d-axle %s", a,
			               v->limit_kg[a][VEHICLE_TRUCK] ? "trains" : "trucks");
	return 0;
}

static void apply_gross_limit(struct overlimit_rules *out, const struct overlimit_rules *v)
{
	memcpy(out->limit_kg, v->limit_kg, sizeof out->limit_kg);
	memcpy(out->single_drive_limit_kg, v->single_drive_limit_kg, sizeof out->single_drive_limit_kg);
}

static int parse_single_tire(json_t *rule, struct overlimit_rules *v, struct err *e)
{
	return get_int(rule, "reduction_kg_per_axle", 0, 10000, &v->single_tire_reduction_kg, e);
}

static void apply_single_tire(struct overlimit_rules *out, const struct overlimit_rules *v)
{
	out->single_tire_reduction_kg = v->single_tire_reduction_kg;
}

static int parse_size_limit(json_t *rule, struct overlimit_rules *v, struct err *e)
{
	int rc = get_int32(rule, "height_mm", 1000, 10000, &v->height_mm, e);
	if (!rc)
		rc = get_int32(rule, "width_mm", 1000, 10000, &v->width_mm, e);
	if (!rc)
		rc = get_int32(rule, "length_mm", 1000, 100000, &v->length_mm, e);
	return rc;
}

static void apply_size_limit(struct overlimit_rules *out, const struct overlimit_rules *v)
{
	out->height_mm = v->height_mm;
	out->width_mm = v->width_mm;
	out->length_mm = v->length_mm;
}

static int parse_measurement_error(json_t *rule, struct overlimit_rules *v, struct err *e)
{
	json_t *classes = json_object_get(rule, "classes"), *c;
	size_t i;
	bool seen[ACCURACY_CLASS_COUNT] = { 0 };
	if (!json_is_array(classes))
		return err_set(e, ERR_INVALID, "\"classes\" must be a list");
	json_array_foreach(classes, i, c)
	{
		const char *name = json_string_value(json_object_get(c, "class"));
		int k = name ? overlimit_accuracy_class_index(overlimit_accuracy_class_parse(slice_from(name))) : -1;
		if (k < 0)
			return err_set(e, ERR_INVALID,
			               "classes[%zu]: \"class\" must be one of 0, 0.2, 0.5, 1, 2, 5, 10", i);
		if (get_int32(c, "error_bp", 0, 5000, &v->error_bp[k], e)) {
			err_prefix(e, "class %s", name);
			return e->code;
		}
		seen[k] = true;
	}
	for (int k = 0; k < ACCURACY_CLASS_COUNT; k++) {
		if (!seen[k]) {
			char name[8];
			overlimit_accuracy_class_format(accuracy_classes[k], name);
			return err_set(e, ERR_INVALID, "\"classes\" lacks class %s", name);
		}
	}
	return 0;
}

static void apply_measurement_error(struct overlimit_rules *out, const struct overlimit_rules *v)
{
	memcpy(out->error_bp, v->error_bp, sizeof out->error_bp);
}

static int parse_mass_fine(json_t *rule, struct overlimit_rules *v, struct err *e)
{
	int64_t per_step = 0, max = 0;
	int rc = get_int(rule, "warning_max_over_kg", 0, 100000, &v->warning_max_over_kg, e);
	if (!rc)
		rc = get_int(rule, "step_kg", 1, 100000, &v->step_kg, e);
	if (!rc)
		rc = get_int(rule, "fine_per_step_yuan", 0, 100000, &per_step, e);
	if (!rc)
		rc = get_int(rule, "max_yuan", 0, 10000000, &max, e);
	if (rc)
		return rc;
	const char *rounding = json_string_value(json_object_get(rule, "rounding"));
	if (!rounding || (strcmp(rounding, "floor") && strcmp(rounding, "ceil")))
		return err_set(e, ERR_INVALID, "\"rounding\" must be floor (full steps only) or ceil");
	v->round_up = strcmp(rounding, "ceil") == 0;
	v->fine_per_step_fen = per_step * 100;
	v->mass_max_fen = max * 100;
	return 0;
}

static void apply_mass_fine(struct overlimit_rules *out, const struct overlimit_rules *v)
{
	out->warning_max_over_kg = v->warning_max_over_kg;
	out->step_kg = v->step_kg;
	out->fine_per_step_fen = v->fine_per_step_fen;
	out->mass_max_fen = v->mass_max_fen;
	out->round_up = v->round_up;
}

static int parse_size_fine(json_t *rule, struct overlimit_rules *v, struct err *e)
{
	json_t *bands = json_object_get(rule, "bands");
	if (!json_is_array(bands) || json_array_size(bands) != SIZE_BANDS)
		return err_set(e, ERR_INVALID, "\"bands\" must list exactly %d bands", SIZE_BANDS);
	for (int i = 0; i < SIZE_BANDS; i++) {
		json_t *b = json_array_get(bands, (size_t)i);
		struct size_band *out = &v->band[i];
		int64_t min = 0, max = 0, fine = 0;
		bool last = i == SIZE_BANDS - 1;
		int rc = 0;
		if (!last) {
			rc = get_int32(b, "max_height_mm", 1000, 10000, &out->max_height_mm, e);
			if (!rc)
				rc = get_int32(b, "max_width_mm", 1000, 10000, &out->max_width_mm, e);
			if (!rc)
				rc = get_int32(b, "max_length_mm", 1000, 100000, &out->max_length_mm, e);
		}
		if (!rc)
			rc = get_int(b, "min_yuan", 0, 100000, &min, e);
		if (!rc)
			rc = get_int(b, "max_yuan", min, 100000, &max, e);
		if (!rc)
			rc = get_int(b, "fine_yuan", min, max, &fine, e);
		if (rc) {
			err_prefix(e, "bands[%d]", i);
			return rc;
		}
		out->min_fen = min * 100;
		out->max_fen = max * 100;
		out->fine_fen = fine * 100;
	}
	return 0;
}

static void apply_size_fine(struct overlimit_rules *out, const struct overlimit_rules *v)
{
	memcpy(out->band, v->band, sizeof out->band);
}

static int parse_fine_cap(json_t *rule, struct overlimit_rules *v, struct err *e)
{
	int64_t max = 0;
	int rc = get_int(rule, "max_yuan", 0, 10000000, &max, e);
	v->cap_fen = max * 100;
	return rc;
}

static void apply_fine_cap(struct overlimit_rules *out, const struct overlimit_rules *v)
{
	out->cap_fen = v->cap_fen;
}

static int parse_ton100(json_t *rule, struct overlimit_rules *v, struct err *e)
{
	return get_int(rule, "min_gross_kg", 1000, 1000000, &v->ton100_kg, e);
}

static void apply_ton100(struct overlimit_rules *out, const struct overlimit_rules *v)
{
	out->ton100_kg = v->ton100_kg;
}

static const struct {
	const char *name;
	rule_parser parse;
	rule_applier apply;
} rule_kinds[RULE_COUNT] = {
	[RULE_GROSS_LIMIT] = { "gross_limit", parse_gross_limit, apply_gross_limit },
	[RULE_SINGLE_TIRE] = { "single_tire", parse_single_tire, apply_single_tire },
	[RULE_SIZE_LIMIT] = { "size_limit", parse_size_limit, apply_size_limit },
	[RULE_MEASUREMENT_ERROR] = { "measurement_error", parse_measurement_error, apply_measurement_error },
	[RULE_MASS_FINE] = { "mass_fine", parse_mass_fine, apply_mass_fine },
	[RULE_SIZE_FINE] = { "size_fine", parse_size_fine, apply_size_fine },
	[RULE_FINE_CAP] = { "fine_cap", parse_fine_cap, apply_fine_cap },
	[RULE_TON100] = { "ton100", parse_ton100, apply_ton100 },
};

/* ---- the canonical form of a resolution ------------------------------ */

/* The fields of rule k in r, in the rulebook's own format. */
static json_t *rule_values_json(enum rule_id k, const struct overlimit_rules *r)
{
	json_t *rows;
	switch (k) {
	case RULE_GROSS_LIMIT:
		rows = json_array();
		for (int a = 2; a <= MAX_AXLES; a++) {
			json_array_append_new(rows, json_pack("{s:i,s:s,s:I}", "axles", a, "kind", "truck", "limit_kg",
			                                      (json_int_t)r->limit_kg[a][VEHICLE_TRUCK]));
			json_array_append_new(rows, json_pack("{s:i,s:s,s:I}", "axles", a, "kind", "train", "limit_kg",
			                                      (json_int_t)r->limit_kg[a][VEHICLE_TRAIN]));
			if (r->single_drive_limit_kg[a])
				json_array_append_new(rows, json_pack("{s:i,s:s,s:b,s:I}", "axles", a, "kind", "train",
				                                      "single_drive", 1, "limit_kg",
				                                      (json_int_t)r->single_drive_limit_kg[a]));
		}
		return json_pack("{s:o}", "limits", rows);
	case RULE_SINGLE_TIRE:
		return json_pack("{s:I}", "reduction_kg_per_axle", (json_int_t)r->single_tire_reduction_kg);
	case RULE_SIZE_LIMIT:
		return json_pack("{s:i,s:i,s:i}", "height_mm", r->height_mm, "width_mm", r->width_mm, "length_mm",
		                 r->length_mm);
	case RULE_MEASUREMENT_ERROR:
		rows = json_array();
		for (int c = 0; c < ACCURACY_CLASS_COUNT; c++) {
			char name[8];
			overlimit_accuracy_class_format(accuracy_classes[c], name);
			json_array_append_new(rows, json_pack("{s:s,s:i}", "class", name, "error_bp", r->error_bp[c]));
		}
		return json_pack("{s:o}", "classes", rows);
	case RULE_MASS_FINE:
		return json_pack("{s:I,s:I,s:I,s:s,s:I}", "warning_max_over_kg", (json_int_t)r->warning_max_over_kg,
		                 "step_kg", (json_int_t)r->step_kg, "fine_per_step_yuan",
		                 (json_int_t)(r->fine_per_step_fen / 100), "rounding", r->round_up ? "ceil" : "floor",
		                 "max_yuan", (json_int_t)(r->mass_max_fen / 100));
	case RULE_SIZE_FINE:
		rows = json_array();
		for (int i = 0; i < SIZE_BANDS; i++) {
			const struct size_band *b = &r->band[i];
			json_t *band =
			    json_pack("{s:I,s:I,s:I}", "min_yuan", (json_int_t)(b->min_fen / 100), "max_yuan",
			              (json_int_t)(b->max_fen / 100), "fine_yuan", (json_int_t)(b->fine_fen / 100));
			if (band && i < SIZE_BANDS - 1) {
				json_object_set_new(band, "max_height_mm", json_integer(b->max_height_mm));
				json_object_set_new(band, "max_width_mm", json_integer(b->max_width_mm));
				json_object_set_new(band, "max_length_mm", json_integer(b->max_length_mm));
			}
			json_array_append_new(rows, band);
		}
		return json_pack("{s:o}", "bands", rows);
	case RULE_FINE_CAP:
		return json_pack("{s:I}", "max_yuan", (json_int_t)(r->cap_fen / 100));
	case RULE_TON100:
		return json_pack("{s:I}", "min_gross_kg", (json_int_t)r->ton100_kg);
	case RULE_COUNT:
		break;
	}
	return NULL;
}

/* The id of a rule set: the first 48 bits of its digest. */
static int64_t ruleset_id(const unsigned char digest[crypto_hash_sha256_BYTES])
{
	int64_t id = 0;
	for (int i = 0; i < 6; i++)
		id = id << 8 | digest[i];
	return id;
}

int overlimit_ruleset_make(const struct overlimit_rules *r, struct buf *out, struct overlimit_ruleset *set,
                           struct err *e)
{
	json_t *rules = json_array();
	for (int k = 0; k < RULE_COUNT && rules; k++) {
		const struct rule_source *src = &r->source[k];
		char from[11];
		date_format(src->effective_from, from);
		json_t *rule = json_pack("{s:s,s:s,s:s,s:s}", "id", src->id, "title", src->title, "citation",
		                         src->citation, "effective_from", from);
		if (!rule || json_object_update_new(rule, rule_values_json((enum rule_id)k, r)) ||
		    json_array_append_new(rules, rule)) {
			json_decref(rules);
			rules = NULL;
		}
	}
	json_t *root = rules ? json_pack("{s:s,s:o}", "rulebook", "overlimit", "rules", rules) : NULL;
	char *text = root ? json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(root);
	if (!text)
		return err_set(e, ERR_NOMEM, "out of memory writing a rule set");
	size_t len = strlen(text);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)text, len);
	sodium_bin2hex(set->sha256, sizeof set->sha256, digest, sizeof digest);
	set->id = ruleset_id(digest);
	buf_add(out, text, len);
	free(text);
	return 0;
}

/* Makes the rule set of every resolution of book (see struct rulebook). */
static int make_sets(struct rulebook *book, struct err *e)
{
	book->sets = calloc((size_t)book->count, sizeof *book->sets);
	book->set_from = calloc((size_t)book->count, sizeof *book->set_from);
	if (!book->sets || !book->set_from)
		return err_set(e, ERR_NOMEM, "out of memory loading the rulebook");
	for (int i = 0; i < book->count; i++) {
		int32_t from = book->versions[i].source.effective_from;
		struct overlimit_rules r;
		bool made = false;
		for (int k = 0; k < book->nsets; k++)
			made |= book->set_from[k] == from;
		/* Each date once; none before every rule has taken effect. */
		if (made || overlimit_rulebook_at(book, from, &r, NULL))
			continue;
		struct buf text;
		buf_init(&text);
		int rc = overlimit_ruleset_make(&r, &text, &book->sets[book->nsets], e);
		if (rc) {
			buf_release(&text);
			return rc;
		}
		book->sets[book->nsets].json = text.p; /* the set owns the bytes now */
		book->sets[book->nsets].len = text.n;
		book->set_from[book->nsets++] = from;
	}
	return 0;
}

static const char *required_string(json_t *rule, const char *key, int index, struct err *e)
{
	const char *s = json_string_value(json_object_get(rule, key));
	if (!s || !*s)
		err_set(e, ERR_INVALID, "rules[%d]: \"%s\" is missing (every rule names its source)", index, key);
	return s && *s ? s : NULL;
}

int overlimit_rulebook_parse(struct rulebook **out, const char *json, size_t len, const char *origin, struct err *e)
{
	*out = NULL;
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return err_set(e, ERR_PARSE, "rulebook %s: line %d: %s", origin, jerr.line, jerr.text);
	struct rulebook *book = calloc(1, sizeof *book);
	json_t *rules = json_object_get(root, "rules");
	size_t n = json_array_size(rules);
	if (!book || !(book->versions = calloc(n ? n : 1, sizeof *book->versions))) {
		free(book);
		json_decref(root);
		return err_set(e, ERR_NOMEM, "out of memory loading the rulebook");
	}
	book->root = root;
	snprintf(book->origin, sizeof book->origin, "%s", origin);
	int rc = 0;
	if (!json_is_array(rules) || n == 0)
		rc = err_set(e, ERR_INVALID, "\"rules\" must be a non-empty list");
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_t *rule = json_array_get(rules, i);
		struct rule_version *v = &book->versions[book->count];
		const char *id = required_string(rule, "id", (int)i, e);
		const char *title = id ? required_string(rule, "title", (int)i, e) : NULL;
		const char *citation = title ? required_string(rule, "citation", (int)i, e) : NULL;
		const char *from = citation ? required_string(rule, "effective_from", (int)i, e) : NULL;
		if (!from) {
			rc = e ? e->code : ERR_INVALID;
			break;
		}
		int kind = -1;
		for (int k = 0; k < RULE_COUNT; k++)
			if (strcmp(rule_kinds[k].name, id) == 0)
				kind = k;
		if (kind < 0) {
			rc = err_set(e, ERR_INVALID, "rules[%zu]: unknown rule id \"%s\"", i, id);
			break;
		}
		if (date_parse(slice_from(from), &v->source.effective_from)) {
			rc = err_set(e, ERR_INVALID, "rule %s: effective_from \"%s\" is not a date YYYY-MM-DD", id,
			             from);
			break;
		}
		v->id = (enum rule_id)kind;
		v->source.id = rule_kinds[kind].name;
		v->source.title = title;
		v->source.citation = citation;
		if ((rc = rule_kinds[kind].parse(rule, &v->values, e)) != 0) {
			err_prefix(e, "rule %s (effective %s)", id, from);
			break;
		}
		for (int k = 0; k < book->count; k++)
			if (book->versions[k].id == v->id &&
			    book->versions[k].source.effective_from == v->source.effective_from)
				rc = err_set(e, ERR_INVALID, "rule %s has two versions effective %s", id, from);
		book->count++;
	}
	for (int k = 0; k < RULE_COUNT && rc == 0; k++) {
		bool found = false;
		for (int i = 0; i < book->count; i++)
			found |= book->versions[i].id == (enum rule_id)k;
		if (!found)
			rc = err_set(e, ERR_INVALID, "no rule \"%s\"", rule_kinds[k].name);
	}
	if (rc == 0)
		rc = make_sets(book, e);
	if (rc) {
		err_prefix(e, "rulebook %s", origin);
		overlimit_rulebook_free(book);
		return rc;
	}
	*out = book;
	return 0;
}

/* The rulebook of dir (see rulebook_file_read), or the compiled-in one. */
static int rulebook_read(struct rulebook **out, const char *dir, bool builtin, struct err *e)
{
	struct buf text;
	char origin[1100];
	buf_init(&text);
	int rc = rulebook_file_read("overlimit", dir, builtin, &text, origin, sizeof origin, e);
	if (rc == 0)
		rc = overlimit_rulebook_parse(out, text.p, text.n, origin, e);
	buf_release(&text);
	return rc;
}

int overlimit_rulebook_builtin(struct rulebook **out, struct err *e)
{
	return rulebook_read(out, NULL, true, e);
}

int overlimit_rulebook_load(struct rulebook **out, const char *dir, struct err *e)
{
	return rulebook_read(out, dir, false, e);
}

void overlimit_rulebook_free(struct rulebook *book)
{
	if (!book)
		return;
	json_decref(book->root);
	free(book->versions);
	for (int k = 0; k < book->nsets; k++)
		free(book->sets[k].json);
	free(book->sets);
	free(book->set_from);
	free(book);
}

const char *overlimit_rulebook_origin(const struct rulebook *book)
{
	return book->origin;
}

int overlimit_rulebook_at(const struct rulebook *book, int32_t day, struct overlimit_rules *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->valid_from = INT32_MIN;
	out->valid_until = INT32_MAX;
	for (int k = 0; k < RULE_COUNT; k++) {
		const struct rule_version *best = NULL;
		for (int i = 0; i < book->count; i++) {
			const struct rule_version *v = &book->versions[i];
			if (v->id != (enum rule_id)k)
				continue;
			int32_t from = v->source.effective_from;
			if (from <= day) {
				if (!best || from > best->source.effective_from)
					best = v;
			} else if (from < out->valid_until) {
				out->valid_until = from; /* a newer version takes over then */
			}
		}
		if (!best) {
			char date[11];
			date_format(day, date);
			return err_set(e, ERR_NOTFOUND, "no rule \"%s\" in force on %s", rule_kinds[k].name, date);
		}
		if (best->source.effective_from > out->valid_from)
			out->valid_from = best->source.effective_from;
		rule_kinds[k].apply(out, &best->values);
		out->source[k] = best->source;
	}
	for (int k = 0; k < book->nsets; k++)
		if (book->set_from[k] == out->valid_from)
			out->ruleset = &book->sets[k];
	return 0;
}
