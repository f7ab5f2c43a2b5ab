#include "records.h"

#include <errno.h>
#include <stdio.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK (1u << 20)

static void record_clear_values(struct record_reader *r)
{
	r->present = 0; /* value[i] means something only when its bit is set */
	r->why.code = 0;
	r->why.msg[0] = '\0';
}

/* Returns 1 with the next physical line in *line (terminator stripped), 0 at
 * the end of the file, or ERR_IO. An overlong line comes back cut to
 * RECORD_MAX_LINE bytes with *overlong set; its rest is skipped. */
static int read_line(struct record_reader *r, struct slice *line, bool *overlong, struct err *e)
{
	*overlong = false;
	size_t scanned = 0;
	for (;;) {
		char *nl = memchr(r->buf + r->start + scanned, '\n', r->end - r->start - scanned);
		if (nl || (r->eof && r->end > r->start)) {
			size_t n = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
			*line = (struct slice){ r->buf + r->start, n };
			r->start += n + (nl != NULL);
			r->next_line++;
			if (line->n > RECORD_MAX_LINE) {
				line->n = RECORD_MAX_LINE;
				*overlong = true;
			} else if (line->n && line->p[line->n - 1] == '\r') {
				line->n--;
			}
			return 1;
		}
		if (r->eof)
			return 0;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		scanned = r->end;
		if (scanned > RECORD_MAX_LINE) {
			/* Keep the first RECORD_MAX_LINE bytes, drop the rest of the line. */
			size_t keep = RECORD_MAX_LINE + 1;
			for (;;) {
				r->end = keep;
				size_t got = fread(r->buf + keep, 1, r->cap - keep, r->f);
				r->bytes_read += got;
				if (got == 0) {
					if (ferror(r->f))
						return err_set(e, ERR_IO, "%s: read error: %s", r->source,
						               strerror(errno));
					r->eof = true;
					break;
				}
				char *nl2 = memchr(r->buf + keep, '\n', got);
				if (nl2) {
					size_t tail = got - (size_t)(nl2 - (r->buf + keep));
					memmove(r->buf + keep, nl2, tail);
					r->end = keep + tail;
					break;
				}
			}
			scanned = keep;
			continue;
		}
		size_t got = fread(r->buf + r->end, 1, r->cap - r->end, r->f);
		r->bytes_read += got;
		r->end += got;
		if (got == 0) {
			if (ferror(r->f))
				return err_set(e, ERR_IO, "%s: read error: %s", r->source, strerror(errno));
			r->eof = true;
		}
	}
}

/* Splits one CSV line into fields. Quoted fields may hold commas and doubled
 * quotes; unescaped copies go to scratch, which is sized up front so the
 * slices stay valid. Returns the field count, or -1 with *why set. */
static int csv_split(struct slice line, struct slice *fields, int max, struct buf *scratch, const char **why)
{
	int n = 0;
	if (!memchr(line.p, '"', line.n)) {
		/* The common case, no quoting: one tight pass over the commas. */
		const char *start = line.p, *end = line.p + line.n;
		for (const char *p = start; p < end; p++) {
			if (*p == ',') {
				if (n == max - 1) {
					*why = "too many fields";
					return -1;
				}
				fields[n++] = (struct slice){ start, (size_t)(p - start) };
				start = p + 1;
			}
		}
		fields[n++] = (struct slice){ start, (size_t)(end - start) };
		return n;
	}
	buf_clear(scratch);
	buf_grow(scratch, line.n + 1);
	size_t i = 0;
	for (;;) {
		if (n == max) {
			*why = "too many fields";
			return -1;
		}
		if (i < line.n && line.p[i] == '"') {
			size_t start = ++i;
			bool escaped = false;
			for (;;) {
				if (i >= line.n) {
					*why = "a quoted field is not closed on its line";
					return -1;
				}
				if (line.p[i] == '"') {
					if (i + 1 < line.n && line.p[i + 1] == '"') {
						escaped = true;
						i += 2;
						continue;
					}
					break;
				}
				i++;
			}
			if (!escaped) {
				fields[n++] = (struct slice){ line.p + start, i - start };
			} else {
				char *out = scratch->p + scratch->n;
				size_t k = 0;
				for (size_t j = start; j < i; j++) {
					out[k++] = line.p[j];
					if (line.p[j] == '"')
						j++;
				}
				scratch->n += k;
				fields[n++] = (struct slice){ out, k };
			}
			i++; /* the closing quote */
			if (i < line.n && line.p[i] != ',') {
				*why = "text after a closing quote (quote the whole field)";
				return -1;
			}
		} else {
			/* Fields are short: a plain loop beats a memchr call each. */
			size_t end = i;
			while (end < line.n && line.p[end] != ',')
				end++;
			fields[n++] = (struct slice){ line.p + i, end - i };
			i = end;
		}
		if (i >= line.n)
			return n;
		i++; /* the comma */
	}
}

static int schema_field(const struct record_schema *s, struct slice name)
{
	for (int i = 0; i < s->count; i++)
		if (slice_eq(name, s->names[i]))
			return i;
	return -1;
}

static int parse_header(struct record_reader *r, struct slice line, struct err *e)
{
	struct slice names[RECORD_MAX_FIELDS];
	const char *why;
	int n = csv_split(line, names, RECORD_MAX_FIELDS, &r->scratch, &why);
	if (n < 0)
		return err_set(e, ERR_PARSE, "%s: line 1: the header is not valid CSV: %s", r->source, why);
	int known = 0;
	uint32_t seen = 0;
	for (int i = 0; i < n; i++) {
		struct slice name = slice_trim(names[i]);
		int f = schema_field(r->schema, name);
		r->column_field[i] = f;
		if (f >= 0)
			known++;
	}
	for (int i = 0; i < n; i++) {
		int f = r->column_field[i];
		struct slice name = slice_trim(names[i]);
		if (f < 0) {
			if (known == 0)
				return err_set(e, ERR_PARSE,
				               "%s: neither CSV with a header row nor JSON Lines "
				               "(the first line names no known column)",
				               r->source);
			struct buf list;
			buf_init(&list);
			for (int k = 0; k < r->schema->count; k++)
				buf_addf(&list, "%s%s", k ? "," : "", r->schema->names[k]);
			err_set(e, ERR_PARSE, "%s: unknown column '%.*s' in the header; known columns: %s", r->source,
			        (int)(name.n > 40 ? 40 : name.n), name.p, list.p);
			buf_release(&list);
			return ERR_PARSE;
		}
		if (seen & (1u << f))
			return err_set(e, ERR_PARSE, "%s: column '%s' appears twice in the header", r->source,
			               r->schema->names[f]);
		seen |= 1u << f;
	}
	uint32_t missing = r->schema->required & ~seen;
	for (int f = 0; f < r->schema->count; f++)
		if (missing & (1u << f))
			return err_set(e, ERR_PARSE, "%s: the header lacks the required column '%s'", r->source,
			               r->schema->names[f]);
	r->columns = n;
	return 0;
}

int record_open(struct record_reader *r, const char *path, const struct record_schema *schema, struct err *e)
{
	if (strcmp(path, "-") == 0)
		return record_open_stream(r, stdin, "-", schema, e);
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "cannot open %s: %s", path, strerror(errno));
	int rc = record_open_stream(r, f, path, schema, e);
	if (rc == 0)
		r->owns_file = true;
	else
		fclose(f);
	return rc;
}

/* chunk: how much to read at once (the buffer holds a line more). */
static int open_stream(struct record_reader *r, FILE *f, const char *name, const struct record_schema *schema,
                       size_t chunk, struct err *e)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->scratch);
	r->schema = schema;
	r->f = f;
	snprintf(r->source, sizeof r->source, "%s", name);
	r->cap = chunk + RECORD_MAX_LINE + 2;
	r->buf = malloc(r->cap);
	if (!r->buf) {
		record_close(r);
		return err_set(e, ERR_NOMEM, "out of memory opening %s", name);
	}
	r->next_line = 1;

	/* Look at the first non-blank line to learn the format. */
	struct slice line;
	bool overlong;
	int rc;
	bool first = true;
	for (;;) {
		rc = read_line(r, &line, &overlong, e);
		if (rc < 0) {
			record_close(r);
			return rc;
		}
		if (rc == 0) {
			r->format = RECORD_EMPTY;
			return 0;
		}
		if (first && line.n >= 3 && memcmp(line.p, "\xEF\xBB\xBF", 3) == 0) {
			line.p += 3;
			line.n -= 3;
		}
		first = false;
		if (slice_trim(line).n)
			break;
	}
	if (overlong) {
		record_close(r);
		return err_set(e, ERR_PARSE, "%s: the first line is longer than %d bytes: not CSV or JSON Lines", name,
		               RECORD_MAX_LINE);
	}
	if (slice_trim(line).p[0] == '{') {
		r->format = RECORD_JSONL;
		/* Give the line back: it is the first record. */
		r->start = (size_t)(line.p - r->buf);
		r->next_line--;
		return 0;
	}
	r->format = RECORD_CSV;
	rc = parse_header(r, line, e);
	if (rc)
		record_close(r);
	return rc;
}

int record_open_stream(struct record_reader *r, FILE *f, const char *name, const struct record_schema *schema,
                       struct err *e)
{
	return open_stream(r, f, name, schema, READ_CHUNK, e);
}

int record_open_memory(struct record_reader *r, const char *p, size_t n, const char *name,
                       const struct record_schema *schema, struct err *e)
{
	FILE *f = fmemopen((void *)p, n ? n : 1, "r");
	if (!f)
		return err_set(e, ERR_NOMEM, "out of memory opening %s", name);
	if (n == 0)
		fgetc(f); /* fmemopen wants a size > 0: consume the one byte */
	int rc = open_stream(r, f, name, schema, n < READ_CHUNK ? n : READ_CHUNK, e);
	if (rc == 0)
		r->owns_file = true;
	else
		fclose(f);
	return rc;
}

static int split_csv_record(struct record_reader *r)
{
	struct slice fields[RECORD_MAX_FIELDS];
	const char *why = "too many fields";
	int n = csv_split(r->raw, fields, RECORD_MAX_FIELDS, &r->scratch, &why);
	if (n < 0)
		return err_set(&r->why, ERR_PARSE, "%s", why);
	if (n != r->columns)
		return err_set(&r->why, ERR_PARSE, "has %d fields but the header has %d", n, r->columns);
	for (int i = 0; i < n; i++) {
		int f = r->column_field[i];
		r->value[f] = fields[i];
		r->present |= 1u << f;
		/* Only free text can carry bytes that no other check looks at. */
		if ((r->schema->text & (1u << f)) && !utf8_valid(fields[i].p, fields[i].n))
			return err_set(&r->why, ERR_PARSE,
			               "field %s is not valid UTF-8 (the file must be UTF-8 encoded)",
			               r->schema->names[f]);
	}
	return 0;
}

/* Appends a JSON scalar as text; returns -1 for objects and nested arrays. */
static int json_scalar_text(json_t *v, struct buf *out)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_add(out, json_string_value(v), json_string_length(v));
		return 0;
	case JSON_INTEGER:
		buf_add_int(out, json_integer_value(v));
		return 0;
	case JSON_REAL:
		buf_addf(out, "%.17g", json_real_value(v));
		return 0;
	case JSON_TRUE:
		buf_addc(out, '1');
		return 0;
	case JSON_FALSE:
		buf_addc(out, '0');
		return 0;
	default:
		return -1;
	}
}

/* The fields of a parsed record, obj, into r's values. */
static int split_json_object(struct record_reader *r, json_t *obj)
{
	if (!json_is_object(obj))
		return err_set(&r->why, ERR_PARSE, "is not a JSON object");

	/* Values are written to scratch first and sliced at the end, since
	 * scratch may move while it grows. */
	size_t start[RECORD_MAX_FIELDS], end[RECORD_MAX_FIELDS];
	buf_clear(&r->scratch);
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		int f = schema_field(r->schema, slice_from(key));
		if (f < 0)
			return err_set(&r->why, ERR_PARSE, "has the unknown field \"%.40s\"", key);
		if (json_is_null(v))
			continue;
		start[f] = r->scratch.n;
		if (json_is_array(v)) {
			for (size_t i = 0; i < json_array_size(v); i++) {
				if (i)
					buf_addc(&r->scratch, ';');
				if (json_scalar_text(json_array_get(v, i), &r->scratch))
					return err_set(&r->why, ERR_PARSE, "field \"%s\" holds a nested value", key);
			}
		} else if (json_scalar_text(v, &r->scratch)) {
			return err_set(&r->why, ERR_PARSE, "field \"%s\" is an object, not a value", key);
		}
		end[f] = r->scratch.n;
		r->present |= 1u << f;
	}
	for (int f = 0; f < r->schema->count; f++)
		if (r->present & (1u << f))
			r->value[f] = (struct slice){ r->scratch.p + start[f], end[f] - start[f] };
	return 0;
}

/* The key named twice, from jansson's error ("duplicate object key near
 * '\"plate\"'"), into field ("" when the text says none). */
static void duplicate_field(const char *jansson_text, char field[44])
{
	const char *near = strstr(jansson_text, "near '\""), *end = strrchr(jansson_text, '\'');
	int n = near && end > near + 7 && end[-1] == '"' ? (int)(end - 1 - (near + 7)) : 0;
	snprintf(field, 44, "%.*s", n > 40 ? 40 : n, n ? near + 7 : "");
}

/* The reason of a record with a key twice: one rule for a line of JSON
 * Lines and an element of a body's array (record_json_load), neither of
 * which may silently keep one of the two values. */
static int duplicate_key(struct err *why, const char *field)
{
	return err_set(why, ERR_PARSE, "has the field \"%s\" twice", field);
}

static int split_json_record(struct record_reader *r)
{
	json_error_t jerr;
	if (r->json) {
		json_decref(r->json);
		r->json = NULL;
	}
	json_t *obj = json_loadb(r->raw.p, r->raw.n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!obj && json_error_code(&jerr) == json_error_duplicate_key) {
		char field[44];
		duplicate_field(jerr.text, field);
		return duplicate_key(&r->why, field);
	}
	if (!obj)
		return err_set(&r->why, ERR_PARSE, "is not valid JSON: %s (column %d)", jerr.text, jerr.column);
	r->json = obj;
	return split_json_object(r, obj);
}

int record_open_json(struct record_reader *r, void *value, const char *name, const struct record_schema *schema,
                     struct err *e)
{
	(void)e;
	memset(r, 0, sizeof *r);
	buf_init(&r->scratch);
	r->schema = schema;
	r->format = RECORD_JSON_VALUE;
	snprintf(r->source, sizeof r->source, "%s", name);
	r->items = json_incref(value);
	return 0;
}

/* What record_json_load puts in place of a record with a key twice: an
 * object of this one member, {"field": the key, "raw": the record's text}.
 * No record has a member of this name (a control character starts it);
 * one that forges it is quarantined all the same. */
#define DUPLICATE_MARK "\x01duplicate key"

/* Element i of all, whose text starts at p (n bytes left), replaced by
 * the mark when it has a key twice; *used: its length. 0, or -1 when it
 * cannot be read again (then the body is refused as it was). */
static int mark_element(json_t *all, size_t i, const char *p, size_t n, size_t *used)
{
	json_error_t je;
	const size_t flags = JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY | JSON_ALLOW_NUL;
	json_t *one = json_loadb(p, n, flags | JSON_REJECT_DUPLICATES, &je);
	if (one) {
		*used = (size_t)je.position;
		json_decref(one);
		return 0;
	}
	if (json_error_code(&je) != json_error_duplicate_key)
		return -1;
	char field[44];
	duplicate_field(je.text, field);
	if (!(one = json_loadb(p, n, flags, &je)))
		return -1;
	json_decref(one);
	*used = (size_t)je.position;
	json_t *mark = json_pack("{s:{s:s,s:s%}}", DUPLICATE_MARK, "field", field, "raw", p, *used);
	return mark && json_array_set_new(all, i, mark) == 0 ? 0 : -1;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

void *record_json_load(const char *p, size_t n, json_error_t *error)
{
	json_t *v = json_loadb(p, n, JSON_REJECT_DUPLICATES, error);
	if (v || json_error_code(error) != json_error_duplicate_key)
		return v;
	/* Some record has a key twice: the body is read again, keeping the
	 * last of each (valid JSON otherwise, or refused as before), then each
	 * element again alone, to mark the ones with a key twice. */
	json_error_t dup = *error;
	if (!(v = json_loadb(p, n, 0, error)))
		return NULL;
	const char *at = skip_blanks(p, p + n), *end = p + n;
	bool ok = true;
	if (json_is_object(v)) {
		json_t *all = json_array();
		ok = json_array_append_new(all, v) == 0;
		size_t used;
		ok = ok && mark_element(all, 0, at, (size_t)(end - at), &used) == 0;
		v = ok ? json_incref(json_array_get(all, 0)) : NULL;
		json_decref(all);
	} else {
		at++; /* [ */
		for (size_t i = 0; ok && i < json_array_size(v); i++) {
			size_t used = 0;
			at = skip_blanks(at, end);
			ok = mark_element(v, i, at, (size_t)(end - at), &used) == 0;
			at = skip_blanks(at + used, end);
			at += at < end && *at == ',';
		}
	}
	if (ok)
		return v;
	json_decref(v);
	*error = dup;
	return NULL;
}

/* The next element of a parsed value as the current record. */
static int next_item(struct record_reader *r, struct err *e)
{
	json_t *all = r->items;
	size_t count = json_is_array(all) ? json_array_size(all) : 1;
	if (r->next_item >= count)
		return 0;
	json_t *item = json_is_array(all) ? json_array_get(all, r->next_item) : all;
	json_t *mark =
	    json_is_object(item) && json_object_size(item) == 1 ? json_object_get(item, DUPLICATE_MARK) : NULL;
	free(r->item_text);
	const char *raw = mark ? json_string_value(json_object_get(mark, "raw")) : NULL;
	r->item_text = mark ? strdup(raw ? raw : "") : json_dumps(item, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!r->item_text)
		return err_set(e, ERR_NOMEM, "%s: out of memory reading record %zu", r->source, r->next_item + 1);
	record_clear_values(r);
	r->line = (int64_t)++r->next_item;
	r->raw = slice_from(r->item_text);
	const char *field = mark ? json_string_value(json_object_get(mark, "field")) : NULL;
	if (mark)
		duplicate_key(&r->why, field ? field : "");
	else
		split_json_object(r, item);
	return 1;
}

int record_next(struct record_reader *r, struct err *e)
{
	if (r->format == RECORD_EMPTY)
		return 0;
	if (r->format == RECORD_JSON_VALUE)
		return next_item(r, e);
	struct slice line;
	bool overlong;
	for (;;) {
		int rc = read_line(r, &line, &overlong, e);
		if (rc <= 0)
			return rc;
		if (overlong || slice_trim(line).n)
			break;
	}
	record_clear_values(r);
	r->line = r->next_line - 1;
	r->raw = line;
	if (overlong)
		err_set(&r->why, ERR_PARSE, "is longer than %d bytes (stored cut to that length)", RECORD_MAX_LINE);
	else if (r->format == RECORD_CSV)
		split_csv_record(r);
	else
		split_json_record(r); /* jansson refuses invalid UTF-8 itself */
	return 1;
}

void record_close(struct record_reader *r)
{
	if (r->owns_file && r->f)
		fclose(r->f);
	r->f = NULL;
	free(r->buf);
	r->buf = NULL;
	if (r->json)
		json_decref(r->json);
	r->json = NULL;
	if (r->items)
		json_decref(r->items);
	r->items = NULL;
	free(r->item_text);
	r->item_text = NULL;
	buf_release(&r->scratch);
}

void record_raw_printable(struct slice raw, struct buf *out)
{
	buf_clear(out);
	size_t i = 0;
	while (i < raw.n) {
		size_t j = i;
		/* Find the longest valid run, byte by byte only where needed. */
		while (j < raw.n && (unsigned char)raw.p[j] < 0x80 && raw.p[j] != '\0')
			j++;
		if (j > i) {
			buf_add(out, raw.p + i, j - i);
			i = j;
			continue;
		}
		size_t len = 0;
		for (size_t k = 2; k <= 4 && i + k <= raw.n; k++) {
			if (utf8_valid(raw.p + i, k)) {
				len = k;
				break;
			}
		}
		if (len) {
			buf_add(out, raw.p + i, len);
			i += len;
		} else {
			buf_addf(out, "\\x%02X", (unsigned char)raw.p[i]);
			i++;
		}
	}
}
