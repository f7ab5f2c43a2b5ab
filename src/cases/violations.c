/* The violation catalogue: rules/violations.json read and checked whole,
 * each error naming the entry and the field (violations.h). */
#include "violations.h"
#include "base/datetime.h"
#include "base/rulebook_file.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CODE_MAX 48

/* What the reader carries for messages: the book and the entry being read. */
struct reader {
	const char *origin;
	struct err *e;
	size_t index;     /* from 1; 0 before the entries */
	const char *code; /* the entry's code as written; NULL when it has none */
};

/* Sets the error: "ORIGIN: entry I (CODE): MESSAGE". Returns ERR_INVALID. */
static int fail(const struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(const struct reader *r, const char *fmt, ...)
{
	char msg[sizeof r->e->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!r->index)
		return err_set(r->e, ERR_INVALID, "%s: %s", r->origin, msg);
	return err_set(r->e, ERR_INVALID, "%s: entry %zu (%.*s): %s", r->origin, r->index, CODE_MAX,
	               r->code ? r->code : "no code", msg);
}

static int no_memory(const struct reader *r)
{
	return err_set(r->e, ERR_NOMEM, "out of memory reading %s", r->origin);
}

/* Whether every key of object is in the space-separated list known. */
static int known_keys(const struct reader *r, json_t *object, const char *known, const char *what)
{
	const char *key;
	json_t *value;
	json_object_foreach(object, key, value)
	{
		size_t k = strlen(key);
		const char *p = known;
		bool found = false;
		while (*p && !found) {
			size_t len = strcspn(p, " ");
			found = len == k && memcmp(p, key, k) == 0;
			p += len + (p[len] == ' ');
		}
		if (!found)
			return fail(r, "%s has the unknown key \"%.40s\" (known: %s)", what, key, known);
	}
	return 0;
}

/* A string member copied into *out: required (and not empty) or optional
 * (absent is ""). what names the object for messages ("", "penalty: "). */
static int text(const struct reader *r, json_t *object, const char *key, bool required, const char *what, char **out)
{
	json_t *v = json_object_get(object, key);
	if (!v && !required)
		return (*out = strdup("")) ? 0 : no_memory(r);
	const char *s = json_string_value(v);
	if (!s)
		return fail(r, "%s\"%s\" %s", what, key, v ? "must be a string" : "is missing");
	if (required && !*s)
		return fail(r, "%s\"%s\" is empty", what, key);
	return (*out = strdup(s)) ? 0 : no_memory(r);
}

static int flag(const struct reader *r, json_t *object, const char *key, bool *out)
{
	json_t *v = json_object_get(object, key);
	if (!json_is_boolean(v))
		return fail(r, "\"%s\" %s", key, v ? "must be true or false" : "is missing");
	*out = json_is_true(v);
	return 0;
}

static int fen(const struct reader *r, json_t *object, const char *key, int64_t *out)
{
	json_t *v = json_object_get(object, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > INT64_C(100000000000))
		return fail(r, "penalty: \"%s\" %s", key,
		            v ? "must be a whole number of fen from 0 to 100000000000" : "is missing");
	*out = json_integer_value(v);
	return 0;
}

static bool snake_case(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z') || strlen(s) > CODE_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int read_basis(const struct reader *r, json_t *list, struct violation *v)
{
	if (!json_is_array(list) || !json_array_size(list))
		return fail(r, "\"legal_basis\" %s", list ? "must be a non-empty list of provisions" : "is missing");
	v->basis = calloc(json_array_size(list), sizeof *v->basis);
	if (!v->basis)
		return no_memory(r);
	size_t i;
	json_t *item;
	bool penalty = false;
	json_array_foreach(list, i, item)
	{
		struct violation_basis *b = &v->basis[v->nbasis++];
		char what[48];
		snprintf(what, sizeof what, "legal_basis %zu: ", i + 1);
		if (!json_is_object(item))
			return fail(r, "%smust be an object {\"role\", \"law\", \"article\", \"text\"}", what);
		if (known_keys(r, item, "role law article text source", what))
			return r->e->code;
		const char *role = json_string_value(json_object_get(item, "role"));
		if (!role || (strcmp(role, "violated") && strcmp(role, "penalty")))
			return fail(r, "%s\"role\" must be \"violated\" or \"penalty\"", what);
		b->role = strcmp(role, "penalty") == 0 ? VIOLATION_PENALTY : VIOLATION_VIOLATED;
		penalty |= b->role == VIOLATION_PENALTY;
		if (text(r, item, "law", true, what, &b->law) || text(r, item, "article", true, what, &b->article))
			return r->e->code;
		if (strncmp(b->article, "第", strlen("第")) != 0)
			return fail(r, "%s\"article\" \"%.60s\" must be written as 第N条...", what, b->article);
		/* The words may be empty (not confirmed), never absent. */
		if (text(r, item, "text", !json_object_get(item, "text"), what, &b->text) ||
		    text(r, item, "source", false, what, &b->source))
			return r->e->code;
	}
	if (!penalty)
		return fail(r, "\"legal_basis\" names no provision of role \"penalty\"");
	return 0;
}

static int read_penalty(const struct reader *r, json_t *p, struct violation_penalty *out)
{
	if (!json_is_object(p))
		return fail(r, "\"penalty\" %s", p ? "must be an object {\"kind\", ...}" : "is missing");
	const char *kind = json_string_value(json_object_get(p, "kind"));
	if (!kind)
		return fail(r, "penalty: \"kind\" is missing (mass_steps, size_bands or range)");
	if (strcmp(kind, "range") == 0) {
		out->kind = VIOLATION_RANGE;
		if (known_keys(r, p, "kind min_fen max_fen default_fen discretion", "penalty (range)") ||
		    fen(r, p, "min_fen", &out->min_fen) || fen(r, p, "max_fen", &out->max_fen) ||
		    fen(r, p, "default_fen", &out->default_fen) ||
		    text(r, p, "discretion", false, "penalty: ", &out->discretion))
			return r->e->code;
		if (out->max_fen == 0)
			return fail(r, "penalty: \"max_fen\" is 0: a violation without a fine has no range");
		if (out->min_fen > out->max_fen)
			return fail(r, "penalty: \"min_fen\" %lld is more than \"max_fen\" %lld",
			            (long long)out->min_fen, (long long)out->max_fen);
		if (out->default_fen < out->min_fen || out->default_fen > out->max_fen)
			return fail(r, "penalty: \"default_fen\" %lld is outside %lld..%lld",
			            (long long)out->default_fen, (long long)out->min_fen, (long long)out->max_fen);
		return 0;
	}
	if (strcmp(kind, "mass_steps") && strcmp(kind, "size_bands"))
		return fail(r, "penalty: \"kind\" \"%.40s\" is not one of mass_steps, size_bands, range", kind);
	out->kind = strcmp(kind, "mass_steps") == 0 ? VIOLATION_MASS_STEPS : VIOLATION_SIZE_BANDS;
	/* The amounts are the rulebook's: a copy here could disagree with it. */
	char what[48];
	snprintf(what, sizeof what, "penalty (%s)", kind);
	if (known_keys(r, p, "kind rulebook rule", what) || text(r, p, "rulebook", true, "penalty: ", &out->rulebook) ||
	    text(r, p, "rule", true, "penalty: ", &out->rule))
		return r->e->code;
	return (out->discretion = strdup("")) ? 0 : no_memory(r);
}

static int read_entry(struct reader *r, json_t *entry, struct violation *v)
{
	if (!json_is_object(entry))
		return fail(r, "must be an object {\"code\", \"name\", ...}");
	if (known_keys(r, entry,
	               "code name legal_basis penalty authority summary_allowed first_offence_waivable note "
	               "effective_from citation",
	               "the entry"))
		return r->e->code;
	const char *code = json_string_value(json_object_get(entry, "code"));
	if (!code)
		return fail(r, "\"code\" %s", json_object_get(entry, "code") ? "must be a string" : "is missing");
	if (!snake_case(code))
		return fail(r,
		            "\"code\" \"%.60s\" must be snake_case: a-z, 0-9 and _, starting with a letter, at most %d",
		            code, CODE_MAX);
	if (!(v->code = strdup(code)))
		return no_memory(r);
	const char *date = json_string_value(json_object_get(entry, "effective_from"));
	if (!date)
		return fail(r, "\"effective_from\" %s",
		            json_object_get(entry, "effective_from") ? "must be a date \"YYYY-MM-DD\"" : "is missing");
	if (date_parse(slice_from(date), &v->effective_from))
		return fail(r, "\"effective_from\" \"%.40s\" is not a date YYYY-MM-DD", date);
	if (text(r, entry, "name", true, "", &v->name) || text(r, entry, "authority", true, "", &v->authority) ||
	    text(r, entry, "citation", true, "", &v->citation) || text(r, entry, "note", false, "", &v->note) ||
	    flag(r, entry, "summary_allowed", &v->summary_allowed) ||
	    flag(r, entry, "first_offence_waivable", &v->first_offence_waivable) ||
	    read_basis(r, json_object_get(entry, "legal_basis"), v) ||
	    read_penalty(r, json_object_get(entry, "penalty"), &v->penalty))
		return r->e->code;
	if (v->first_offence_waivable && !*v->note)
		return fail(r,
		            "\"first_offence_waivable\" is true: \"note\" must say why a first offence may be waived");
	return 0;
}

int violations_parse(const char *text_in, size_t n, const char *origin, struct violation_catalogue **out, struct err *e)
{
	*out = NULL;
	json_error_t jerr;
	json_t *root = json_loadb(text_in, n, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return err_set(e, ERR_PARSE, "%s: line %d: not valid JSON: %s", origin, jerr.line, jerr.text);
	struct reader r = { .origin = origin, .e = e };
	struct violation_catalogue *cat = calloc(1, sizeof *cat);
	json_t *entries = json_object_get(root, "entries");
	int rc = cat ? 0 : no_memory(&r);
	if (!rc && !json_is_object(root))
		rc = fail(&r, "the book must be an object with \"entries\"");
	if (!rc && known_keys(&r, root, "rulebook note entries", "the book"))
		rc = e->code;
	if (!rc && (!json_is_array(entries) || !json_array_size(entries)))
		rc = fail(&r, "\"entries\" must be a non-empty list of violations");
	if (!rc && !(cat->entries = calloc(json_array_size(entries), sizeof *cat->entries)))
		rc = no_memory(&r);
	size_t i;
	json_t *entry;
	if (!rc)
		json_array_foreach(entries, i, entry)
		{
			r.index = i + 1;
			r.code = json_string_value(json_object_get(entry, "code"));
			struct violation *v = &cat->entries[cat->count++];
			if ((rc = read_entry(&r, entry, v)))
				break;
			for (size_t k = 0; k + 1 < cat->count; k++)
				if (strcmp(cat->entries[k].code, v->code) == 0) {
					rc = fail(&r, "\"code\" is also that of entry %zu: codes are unique", k + 1);
					break;
				}
			if (rc)
				break;
		}
	json_decref(root);
	if (rc) {
		violations_free(cat);
		return rc;
	}
	snprintf(cat->origin, sizeof cat->origin, "%s", origin);
	*out = cat;
	return 0;
}

int violations_load(const char *dir, struct violation_catalogue **out, struct err *e)
{
	struct buf book;
	char origin[512];
	buf_init(&book);
	int rc = rulebook_file_read("violations", dir, false, &book, origin, sizeof origin, e);
	if (rc == 0)
		rc = violations_parse(book.p, book.n,
		                      strcmp(origin, "built-in") ? origin : "violations.json (built-in)", out, e);
	buf_release(&book);
	return rc;
}

void violations_free(struct violation_catalogue *catalogue)
{
	if (!catalogue)
		return;
	for (size_t i = 0; i < catalogue->count; i++) {
		struct violation *v = &catalogue->entries[i];
		for (size_t k = 0; k < v->nbasis; k++) {
			free(v->basis[k].law);
			free(v->basis[k].article);
			free(v->basis[k].text);
			free(v->basis[k].source);
		}
		free(v->basis);
		free(v->penalty.rulebook);
		free(v->penalty.rule);
		free(v->penalty.discretion);
		free(v->code);
		free(v->name);
		free(v->authority);
		free(v->citation);
		free(v->note);
	}
	free(catalogue->entries);
	free(catalogue);
}

const struct violation *violation_find(const struct violation_catalogue *catalogue, const char *code)
{
	for (size_t i = 0; catalogue && code && i < catalogue->count; i++)
		if (strcmp(catalogue->entries[i].code, code) == 0)
			return &catalogue->entries[i];
	return NULL;
}

bool violation_in_force(const struct violation *v, int32_t day)
{
	return day >= v->effective_from;
}

/* The error for an over-limit violation, whose amount is the rulebook's. */
static int reckoned_by_rulebook(const struct violation *v, struct err *e)
{
	return err_set(e, ERR_INVALID, "the fine of %s is reckoned by rules/%s.json, rule %s, from the measurement",
	               v->code, v->penalty.rulebook, v->penalty.rule);
}

int violation_default_fine(const struct violation *v, int64_t *fen_out, struct err *e)
{
	if (v->penalty.kind != VIOLATION_RANGE)
		return reckoned_by_rulebook(v, e);
	*fen_out = v->penalty.default_fen;
	return 0;
}

int violation_fine_check(const struct violation *v, int64_t fen_in, struct err *e)
{
	if (v->penalty.kind != VIOLATION_RANGE)
		return reckoned_by_rulebook(v, e);
	const struct violation_penalty *p = &v->penalty;
	if (fen_in < p->min_fen || fen_in > p->max_fen)
		return err_reason(
		    e, ERR_INVALID, "fine_out_of_range",
		    ERR_ARGS(ERR_TEXT("code", v->code), ERR_INT("min_fen", p->min_fen), ERR_INT("max_fen", p->max_fen)),
		    "a fine of %lld fen for %s is outside the range the law allows, %lld to %lld fen",
		    (long long)fen_in, v->code, (long long)p->min_fen, (long long)p->max_fen);
	return 0;
}

const char *violation_penalty_kind_name(enum violation_penalty_kind kind)
{
	switch (kind) {
	case VIOLATION_MASS_STEPS:
		return "mass_steps";
	case VIOLATION_SIZE_BANDS:
		return "size_bands";
	case VIOLATION_RANGE:
		break;
	}
	return "range";
}
