/* The rulebook: rules/overlimit.json parsed into dated versions of each rule,
 * and the resolution of the rules in force on a given day. */
#include "overlimit.h"
#include "../base/datetime.h"
#include "../base/rulebook_file.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


const int accuracy_classes[ACCURACY_CLASS_COUNT] = { 0, 20, 50, 100, 200, 500, 1000 };

int accuracy_class_index(int hundredths)
{
	for (int i = 0; i < ACCURACY_CLASS_COUNT; i++)
		if (accuracy_classes[i] == hundredths)
			return i;
	return -1;
}

int accuracy_class_parse(struct slice s)
{
	static const char *const names[ACCURACY_CLASS_COUNT] = { "0", "0.2", "0.5", "1", "2", "5", "10" };
	s = slice_trim(s);
	for (int i = 0; i < ACCURACY_CLASS_COUNT; i++)
		if (slice_eq(s, names[i]))
			return accuracy_classes[i];
	return -1;
}

void accuracy_class_format(int hundredths, char out[8])
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
		int k = name ? accuracy_class_index(accuracy_class_parse(slice_from(name))) : -1;
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
			accuracy_class_format(accuracy_classes[k], name);
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

static const char *required_string(json_t *rule, const char *key, int index, struct err *e)
{
	const char *s = json_string_value(json_object_get(rule, key));
	if (!s || !*s)
		err_set(e, ERR_INVALID, "rules[%d]: \"%s\" is missing (every rule names its source)", index, key);
	return s && *s ? s : NULL;
}

int rulebook_parse(struct rulebook **out, const char *json, size_t len, const char *origin, struct err *e)
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
	if (rc) {
		err_prefix(e, "rulebook %s", origin);
		rulebook_free(book);
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
		rc = rulebook_parse(out, text.p, text.n, origin, e);
	buf_release(&text);
	return rc;
}

int rulebook_builtin(struct rulebook **out, struct err *e)
{
	return rulebook_read(out, NULL, true, e);
}

int rulebook_load(struct rulebook **out, const char *dir, struct err *e)
{
	return rulebook_read(out, dir, false, e);
}

void rulebook_free(struct rulebook *book)
{
	if (!book)
		return;
	json_decref(book->root);
	free(book->versions);
	free(book);
}

const char *rulebook_origin(const struct rulebook *book)
{
	return book->origin;
}

int rulebook_at(const struct rulebook *book, int32_t day, struct overlimit_rules *out, struct err *e)
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
	return 0;
}
