/* rules/cases.json: the procedure's rules in dated versions, and the
 * rules in force on a day. */
#include "procedure.h"
#include "base/datetime.h"
#include "base/rulebook_file.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rule_names[CASE_RULE_COUNT] = {
	[CASE_RULE_LIMITATION] = "limitation",
	[CASE_RULE_OFFICERS] = "officers",
	[CASE_RULE_SUMMARY] = "summary",
	[CASE_RULE_NOTICE] = "notice",
	[CASE_RULE_STATEMENT] = "statement",
	[CASE_RULE_HEARING_THRESHOLD] = "hearing_threshold",
	[CASE_RULE_HEARING_REQUEST] = "hearing_request",
	[CASE_RULE_HEARING_NOTICE] = "hearing_notice",
	[CASE_RULE_HEARING_CHAIR] = "hearing_chair",
	[CASE_RULE_LEGAL_REVIEW] = "legal_review",
	[CASE_RULE_NO_HEAVIER] = "no_heavier",
	[CASE_RULE_DECISION] = "decision",
	[CASE_RULE_SERVICE] = "service",
	[CASE_RULE_PAYMENT] = "payment",
	[CASE_RULE_LATE_FINE] = "late_fine",
	[CASE_RULE_REPORT_HOME] = "report_home",
	[CASE_RULE_REPEAT_OFFENDERS] = "repeat_offenders",
	[CASE_RULE_CASE_NUMBER] = "case_number",
	[CASE_RULE_OPENING] = "opening",
};

const char *case_rule_name(enum case_rule rule)
{
	return rule < CASE_RULE_COUNT ? rule_names[rule] : "";
}

/* One dated version of one rule: its JSON object (owned by the book). */
struct version {
	enum case_rule rule;
	int32_t from;
	json_t *obj;
};

struct case_rulebook {
	json_t *root;
	struct version *versions;
	size_t n;
};

void case_rulebook_free(struct case_rulebook *book)
{
	if (!book)
		return;
	json_decref(book->root);
	free(book->versions);
	free(book);
}

static int int_field(json_t *obj, const char *name, const char *key, int64_t min, int64_t max, int64_t *out,
                     struct err *e)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return err_set(e, ERR_INVALID, "rules/cases.json: rule \"%s\": \"%s\" must be a whole number %lld..%lld",
		               name, key, (long long)min, (long long)max);
	*out = json_integer_value(v);
	return 0;
}

static int period_field(json_t *obj, const char *name, struct case_period *p, struct err *e)
{
	const char *kind = json_string_value(json_object_get(obj, "kind"));
	enum calendar_kind k;
	if (!kind || calendar_kind_parse(slice_from(kind), &k))
		return err_set(e, ERR_INVALID, "rules/cases.json: rule \"%s\": \"kind\" must be working or calendar",
		               name);
	int64_t days;
	int rc = int_field(obj, name, "days", 1, 365, &days, e);
	*p = (struct case_period){ k, (int)days };
	return rc;
}

/* The values of version v into r. */
static int apply(const struct version *v, struct case_rules *r, struct err *e)
{
	json_t *o = v->obj;
	const char *name = rule_names[v->rule];
	int64_t a = 0, b = 0;
	int rc = 0;
	r->id[v->rule] = name;
	r->citation[v->rule] = json_string_value(json_object_get(o, "citation"));
	r->effective_from[v->rule] = v->from;
	switch (v->rule) {
	case CASE_RULE_LIMITATION:
		rc = int_field(o, name, "years", 1, 20, &a, e);
		r->limitation_years = (int)a;
		break;
	case CASE_RULE_OFFICERS:
		rc = int_field(o, name, "min", 1, CASE_MAX_OFFICERS, &a, e);
		r->min_officers = (int)a;
		break;
	case CASE_RULE_SUMMARY:
	case CASE_RULE_HEARING_THRESHOLD: {
		bool summary = v->rule == CASE_RULE_SUMMARY;
		int64_t *out = summary ? r->summary_max_fen : r->hearing_min_fen;
		rc = int_field(o, name, summary ? "person_max_fen" : "person_min_fen", 0, INT32_MAX, &a, e);
		if (!rc)
			rc = int_field(o, name, summary ? "organisation_max_fen" : "organisation_min_fen", 0, INT32_MAX, &b, e);
		out[PARTY_PERSON] = a;
		out[PARTY_ORGANISATION] = b;
		break;
	}
	case CASE_RULE_STATEMENT:
		return period_field(o, name, &r->statement, e);
	case CASE_RULE_HEARING_REQUEST:
		return period_field(o, name, &r->hearing_request, e);
	case CASE_RULE_HEARING_NOTICE:
		return period_field(o, name, &r->hearing_notice, e);
	case CASE_RULE_DECISION:
		rc = period_field(o, name, &r->decision, e);
		if (!rc)
			rc = int_field(o, name, "extension_max_days", 0, 365, &a, e);
		r->extension_max_days = (int)a;
		break;
	case CASE_RULE_SERVICE:
		return period_field(o, name, &r->service, e);
	case CASE_RULE_PAYMENT:
		return period_field(o, name, &r->payment, e);
	case CASE_RULE_REPORT_HOME:
		return period_field(o, name, &r->report_home, e);
	case CASE_RULE_LATE_FINE:
		rc = int_field(o, name, "per_day_bp", 1, 10000, &a, e);
		r->late_fine_per_day_bp = (int)a;
		break;
	case CASE_RULE_REPEAT_OFFENDERS:
		rc = int_field(o, name, "days", 1, 3660, &a, e);
		r->repeat_days = (int)a;
		if (!rc)
			rc = int_field(o, name, "vehicle_more_than", 0, 1000, &a, e);
		r->repeat_more_than[0] = (int)a;
		if (!rc)
			rc = int_field(o, name, "driver_more_than", 0, 1000, &a, e);
		r->repeat_more_than[1] = (int)a;
		if (!rc)
			rc = int_field(o, name, "carrier_fleet_bp", 1, 10000, &a, e);
		r->repeat_fleet_bp = (int)a;
		break;
	case CASE_RULE_CASE_NUMBER:
		r->number_pattern = json_string_value(json_object_get(o, "pattern"));
		if (!r->number_pattern || !strstr(r->number_pattern, "{year}") || !strstr(r->number_pattern, "{seq}"))
			return err_set(e, ERR_INVALID,
			               "rules/cases.json: rule \"%s\": \"pattern\" must hold {year} and {seq}", name);
		rc = int_field(o, name, "seq_digits", 1, 8, &a, e);
		r->seq_digits = (int)a;
		break;
	default:
		break; /* a rule of citation only */
	}
	return rc;
}

int case_rulebook_load(const char *dir, struct case_rulebook **out, struct err *e)
{
	*out = NULL;
	struct buf text;
	buf_init(&text);
	char origin[512];
	int rc = rulebook_file_read("cases", dir, false, &text, origin, sizeof origin, e);
	if (rc) {
		buf_release(&text);
		return rc;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text.p, text.n, 0, &jerr);
	buf_release(&text);
	if (!root)
		return err_set(e, ERR_PARSE, "%s: line %d: %s", origin, jerr.line, jerr.text);
	struct case_rulebook *book = calloc(1, sizeof *book);
	json_t *rules = json_object_get(root, "rules");
	size_t n = json_array_size(rules);
	if (!book || !(book->versions = calloc(n ? n : 1, sizeof *book->versions))) {
		free(book);
		json_decref(root);
		return err_set(e, ERR_NOMEM, "out of memory reading the case rules");
	}
	book->root = root;
	bool seen[CASE_RULE_COUNT] = { false };
	struct case_rules scratch = { 0 };
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *o = json_array_get(rules, i);
		const char *id = json_string_value(json_object_get(o, "id"));
		const char *from = json_string_value(json_object_get(o, "effective_from"));
		struct version *v = &book->versions[book->n];
		int k = 0;
		while (k < CASE_RULE_COUNT && !(id && strcmp(id, rule_names[k]) == 0))
			k++;
		if (k == CASE_RULE_COUNT)
			rc = err_set(e, ERR_INVALID, "%s: rule %zu: unknown id \"%s\"", origin, i + 1, id ? id : "");
		else if (!from || date_parse(slice_from(from), &v->from))
			rc = err_set(e, ERR_INVALID, "%s: rule \"%s\": \"effective_from\" must be a date YYYY-MM-DD", origin,
			             id);
		else if (!json_is_string(json_object_get(o, "citation")))
			rc = err_set(e, ERR_INVALID, "%s: rule \"%s\": a rule needs its \"citation\"", origin, id);
		else {
			v->rule = (enum case_rule)k;
			v->obj = o;
			seen[k] = true;
			book->n++;
			rc = apply(v, &scratch, e); /* checks its values */
		}
	}
	for (int k = 0; k < CASE_RULE_COUNT && !rc; k++)
		if (!seen[k])
			rc = err_set(e, ERR_INVALID, "%s: no rule \"%s\"", origin, rule_names[k]);
	if (rc) {
		case_rulebook_free(book);
		return rc;
	}
	*out = book;
	return 0;
}

int case_rules_on(const struct case_rulebook *book, int32_t day, struct case_rules *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	/* For each rule, its latest version in force on day. */
	const struct version *best[CASE_RULE_COUNT] = { NULL };
	for (size_t i = 0; i < book->n; i++) {
		const struct version *v = &book->versions[i];
		if (v->from <= day && (!best[v->rule] || best[v->rule]->from <= v->from))
			best[v->rule] = v;
	}
	for (int k = 0; k < CASE_RULE_COUNT; k++) {
		if (!best[k]) {
			char d[11];
			date_format(day, d);
			return err_reason(e, ERR_INVALID, "rule_not_in_force",
			                  ERR_ARGS(ERR_TEXT("rule", rule_names[k]), ERR_TEXT("on", d)),
			                  "no rule \"%s\" was in force on %s", rule_names[k], d);
		}
		int rc = apply(best[k], out, e);
		if (rc)
			return rc;
	}
	return 0;
}

void case_number_format(const struct case_rules *r, int year, int64_t seq, char *out, size_t size)
{
	char years[8], seqs[24];
	snprintf(years, sizeof years, "%04d", year);
	snprintf(seqs, sizeof seqs, "%0*lld", r->seq_digits, (long long)seq);
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = r->number_pattern; *p && n + 1 < size;) {
		const char *add = NULL;
		size_t skip = 1;
		if (strncmp(p, "{year}", 6) == 0)
			add = years, skip = 6;
		else if (strncmp(p, "{seq}", 5) == 0)
			add = seqs, skip = 5;
		if (add)
			n += (size_t)snprintf(out + n, size - n, "%s", add);
		else
			out[n++] = *p, out[n] = '\0';
		p += skip;
		if (n >= size)
			n = size - 1;
	}
}
