/* rules/tickets.json: the complaint desk's clock in dated versions, its
 * channels, kinds and categories, and the numbers of its other rules. The
 * texts stay in the parsed JSON, which the rulebook owns. */
#include "flow.h"
#include "base/datetime.h"
#include "base/rulebook_file.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	const char *origin;
	struct err *e;
};

static int fail(const struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(const struct reader *r, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return err_set(r->e, ERR_INVALID, "%s: %s", r->origin, what);
}

/* A whole number member in min..max. */
static int number(const struct reader *r, const json_t *o, const char *key, int min, int max, int *out)
{
	const json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return fail(r, "\"%s\" must be a whole number from %d to %d", key, min, max);
	*out = (int)json_integer_value(v);
	return 0;
}

/* {"kind": "working" | "calendar", "days": N}. */
static int period(const struct reader *r, const json_t *o, const char *what, struct ticket_period *out)
{
	const char *kind = json_string_value(json_object_get(o, "kind"));
	if (!json_is_object(o) || !kind || calendar_kind_parse(slice_from(kind), &out->kind))
		return fail(r, "%s must be {\"kind\": \"working\" or \"calendar\", \"days\": N}", what);
	return number(r, o, "days", 1, 365, &out->days);
}

/* [{"code", "name"}] into list; codes and names unique. */
static int codes(const struct reader *r, const json_t *array, const char *what, struct ticket_code *list, int *n)
{
	size_t i;
	const json_t *item;
	if (!json_is_array(array) || json_array_size(array) == 0 || json_array_size(array) > TICKET_MAX_CODES)
		return fail(r, "\"%s\" must be a list of 1 to %d {\"code\", \"name\"}", what, TICKET_MAX_CODES);
	json_array_foreach(array, i, item)
	{
		const char *code = json_string_value(json_object_get(item, "code"));
		const char *name = json_string_value(json_object_get(item, "name"));
		if (!code || !*code || !name || !*name)
			return fail(r, "%s %zu needs a \"code\" and a \"name\"", what, i + 1);
		for (int k = 0; k < *n; k++)
			if (!strcmp(list[k].code, code) || !strcmp(list[k].name, name))
				return fail(r, "%s \"%s\" is there twice", what, code);
		list[(*n)++] = (struct ticket_code){ code, name };
	}
	return 0;
}

static int categories(const struct reader *r, const json_t *array, struct ticket_rulebook *rb)
{
	struct ticket_code seen[TICKET_MAX_CODES];
	int n = 0;
	int rc = codes(r, array, "categories", seen, &n);
	size_t i;
	const json_t *item;
	json_array_foreach(array, i, item)
	{
		if (rc)
			break;
		struct ticket_category *c = &rb->categories[i];
		c->code = seen[i].code;
		c->name = seen[i].name;
		c->group = json_string_value(json_object_get(item, "group"));
		c->violation = json_string_value(json_object_get(item, "violation"));
		if (!c->group)
			rc = fail(r, "category \"%s\" needs a \"group\"", c->code);
		const json_t *close = json_object_get(item, "close");
		if (!rc && close) {
			c->has_close = true;
			rc = period(r, close, "a category's \"close\"", &c->close);
		}
	}
	rb->ncategories = n;
	return rc;
}

static int clocks(const struct reader *r, const json_t *array, struct ticket_rulebook *rb)
{
	size_t i;
	const json_t *item;
	if (!json_is_array(array) || !json_array_size(array) || json_array_size(array) > 16)
		return fail(r, "\"clock\" must be a list of 1 to 16 dated versions");
	json_array_foreach(array, i, item)
	{
		struct ticket_clock_rule *c = &rb->clock[i];
		const char *from = json_string_value(json_object_get(item, "effective_from"));
		c->citation = json_string_value(json_object_get(item, "citation"));
		if (!from || date_parse(slice_from(from), &c->effective_from))
			return fail(r, "clock %zu: \"effective_from\" must be a date YYYY-MM-DD", i + 1);
		if (i && c->effective_from <= rb->clock[i - 1].effective_from)
			return fail(r, "clock %zu: the versions must follow each other by effective_from", i + 1);
		if (!c->citation || !*c->citation)
			return fail(r, "clock %zu needs its \"citation\"", i + 1);
		int rc = number(r, item, "contact_minutes", 1, 7 * 24 * 60, &c->contact_minutes);
		rc = rc ? rc : period(r, json_object_get(item, "resolve"), "\"resolve\"", &c->resolve);
		rc = rc ? rc : period(r, json_object_get(item, "close"), "\"close\"", &c->close);
		if (rc)
			return rc;
		rb->nclocks++;
	}
	return 0;
}

int ticket_rulebook_load(const char *dir, struct ticket_rulebook **out, struct err *e)
{
	*out = NULL;
	struct buf text;
	buf_init(&text);
	char origin[512];
	int rc = rulebook_file_read("tickets", dir, false, &text, origin, sizeof origin, e);
	if (rc)
		return rc;
	struct reader r = { origin, e };
	json_error_t jerr;
	json_t *root = json_loadb(text.p, text.n, 0, &jerr);
	buf_release(&text);
	if (!root)
		return fail(&r, "line %d: %s", jerr.line, jerr.text);
	struct ticket_rulebook *rb = calloc(1, sizeof *rb);
	if (!rb) {
		json_decref(root);
		return err_set(e, ERR_NOMEM, "out of memory reading %s", origin);
	}
	rb->root = root;
	const json_t *ext = json_object_get(root, "extension"), *dup = json_object_get(root, "duplicates"),
	             *esc = json_object_get(root, "escalation"), *reopen = json_object_get(root, "reopen"),
	             *num = json_object_get(root, "number");
	rc = clocks(&r, json_object_get(root, "clock"), rb);
	rc = rc ? rc : codes(&r, json_object_get(root, "channels"), "channels", rb->channels, &rb->nchannels);
	rc = rc ? rc : codes(&r, json_object_get(root, "kinds"), "kinds", rb->kinds, &rb->nkinds);
	rc = rc ? rc : categories(&r, json_object_get(root, "categories"), rb);
	rc = rc ? rc : number(&r, ext, "max_days", 1, 365, &rb->extension_max_days);
	rc = rc ? rc : number(&r, dup, "days", 0, 365, &rb->duplicate_days);
	rc = rc ? rc : number(&r, esc, "remind_hours", 0, 24 * 30, &rb->remind_hours);
	rc = rc ? rc : number(&r, esc, "urge_days", 1, 30, &rb->urge_days);
	rc = rc ? rc : number(&r, esc, "circular_working_days", 1, 60, &rb->circular_working_days);
	rc = rc ? rc : number(&r, reopen, "max_satisfaction", 1, 5, &rb->reopen_max_satisfaction);
	rc = rc ? rc : number(&r, reopen, "times", 0, 10, &rb->reopen_times);
	rc = rc ? rc : number(&r, num, "seq_digits", 1, 12, &rb->seq_digits);
	rb->extension_citation = json_string_value(json_object_get(ext, "citation"));
	rb->close_citation = json_string_value(json_object_get(root, "close_citation"));
	rb->number_pattern = json_string_value(json_object_get(num, "pattern"));
	if (!rc && (!rb->number_pattern || !strstr(rb->number_pattern, "{seq}")))
		rc = fail(&r, "\"number\".\"pattern\" must hold {seq}");
	if (rc) {
		ticket_rulebook_free(rb);
		return rc;
	}
	*out = rb;
	return 0;
}

void ticket_rulebook_free(struct ticket_rulebook *rb)
{
	if (!rb)
		return;
	json_decref(rb->root);
	free(rb);
}

static const struct ticket_code *code_find(const struct ticket_code *list, int n, const char *s)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(list[i].code, s) || !strcmp(list[i].name, s))
			return &list[i];
	return NULL;
}

const struct ticket_code *ticket_channel_find(const struct ticket_rulebook *rb, const char *s)
{
	return code_find(rb->channels, rb->nchannels, s);
}

const struct ticket_code *ticket_kind_find(const struct ticket_rulebook *rb, const char *s)
{
	return code_find(rb->kinds, rb->nkinds, s);
}

const struct ticket_category *ticket_category_find(const struct ticket_rulebook *rb, const char *s)
{
	for (int i = 0; s && i < rb->ncategories; i++)
		if (!strcmp(rb->categories[i].code, s) || !strcmp(rb->categories[i].name, s))
			return &rb->categories[i];
	return NULL;
}

const struct ticket_clock_rule *ticket_clock_rule_on(const struct ticket_rulebook *rb, int32_t day)
{
	const struct ticket_clock_rule *in_force = NULL;
	for (int i = 0; i < rb->nclocks && rb->clock[i].effective_from <= day; i++)
		in_force = &rb->clock[i];
	return in_force;
}

void ticket_number_format(const struct ticket_rulebook *rb, int year, int64_t seq, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = rb->number_pattern; *p && n + 1 < size;) {
		int w = 0;
		if (!strncmp(p, "{year}", 6)) {
			w = snprintf(out + n, size - n, "%d", year);
			p += 6;
		} else if (!strncmp(p, "{seq}", 5)) {
			w = snprintf(out + n, size - n, "%0*lld", rb->seq_digits, (long long)seq);
			p += 5;
		} else {
			out[n] = *p++;
			out[n + 1] = '\0';
			w = 1;
		}
		n += (size_t)w < size - n ? (size_t)w : size - n - 1;
	}
}
