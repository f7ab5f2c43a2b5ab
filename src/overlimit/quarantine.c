/* `sunroad quarantine list`: the records the imports could not accept
 * (base/import.c quarantines them), with their source, line, text and
 * reason. */
#include "overlimit.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int overlimit_quarantine_list(struct db *db, const char *kind, long limit, FILE *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                "SELECT id, kind, source, line, reason, site, seq, raw FROM quarantine"
	                                " WHERE ($1 = '' OR kind = $1) ORDER BY id LIMIT $2",
	                                e);
	if (!st)
		return e->code;
	kind = kind ? kind : "";
	db_bind_text(st, 1, kind, strlen(kind));
	db_bind_int(st, 2, limit > 0 ? limit : INT64_MAX);
	fprintf(out, "id\tkind\tsource\tline\treason\tsite\tseq\traw\n");
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		fprintf(out, "%lld\t%s\t%s\t%lld\t%s\t%s\t", (long long)db_col_int(st, 0), db_col_text(st, 1),
		        db_col_text(st, 2), (long long)db_col_int(st, 3), db_col_text(st, 4), db_col_text(st, 5));
		if (!db_col_is_null(st, 6))
			fprintf(out, "%lld", (long long)db_col_int(st, 6));
		/* Tabs inside the raw text would shift the columns. */
		fputc('\t', out);
		for (const char *raw = db_col_text(st, 7); *raw;) {
			size_t n = strcspn(raw, "\t");
			fwrite(raw, 1, n, out);
			raw += n;
			if (*raw) {
				fputs("\\t", out);
				raw++;
			}
		}
		fputc('\n', out);
	}
	return rc < 0 ? rc : 0;
}

/* The imports' messages, as patterns: `{name}` takes the text up to what
 * follows it in the pattern (an argument), `*` at the end anything. The
 * first pattern that matches the whole text gives the code. */
static const struct {
	const char *code, *pattern;
} reason_patterns[] = {
	{ "q_conflict", "conflict: a different record with this site and seq is already stored" },
	{ "q_unload_conflict", "conflict: a different unloading record for this detection is already stored" },
	{ "q_photo_missing", "photo not uploaded: photos item {n} ({kind}) is *" },
	{ "q_photo_missing", "photo not uploaded: photos item {n} is *" },
	{ "q_site_unknown", "site '{site}' is not in the site registry*" },
	{ "q_site_code", "site '{got}' is not a site code*" },
	{ "q_passed_at_future", "passed_at '{got}' is more than {minutes} minutes ahead of the server's clock" },
	{ "q_passed_at", "passed_at '{got}': *" },
	{ "q_unloaded_at_before", "unloaded_at is before the detection's passed_at" },
	{ "q_unloaded_at", "unloaded_at: *" },
	{ "q_unloaded_too_much", "unloaded_kg {got} is more than the vehicle's gross {gross} kg" },
	{ "q_unloaded_kg", "unloaded_kg is not a positive whole number of kg" },
	{ "q_seq", "seq is not a whole number in 0..2^40-1" },
	{ "q_detection_unknown", "no detection *" },
	{ "q_axle_count", "axle_kg has {got} values but axles is {axles}" },
	{ "q_axle_many", "axle_kg has more than {max} values" },
	{ "q_axle_mass", "axle_kg value {n} '{got}' is not a mass in 1..{max} kg" },
	{ "q_photos_many", "photos has more than {max} items" },
	{ "q_photo_kind", "photos item {n}: kind '{got}' is not *" },
	{ "q_photo_hash", "photos item {n} is not a 64-digit sha256*" },
	{ "q_plate_long", "plate is longer than 32 bytes" },
	{ "q_plate_control", "plate holds a control character" },
	{ "q_badge_long", "badge is longer than 32 bytes" },
	{ "q_kind", "kind '{got}' is not truck or train" },
	{ "q_speed", "speed_kmh '{got}' is not a speed in 0..250 km/h" },
	{ "q_not_integer", "{field} '{got}' is not a whole number" },
	{ "q_out_of_range", "{field} {got} is outside {min}..{max}" },
	{ "q_field_missing", "{field} is missing" },
	{ "q_field_count", "has {got} fields but the header has {want}" },
	{ "q_too_many_fields", "too many fields" },
	{ "q_quote_open", "a quoted field is not closed on its line" },
	{ "q_quote_text", "text after a closing quote*" },
	{ "q_utf8", "field {field} is not valid UTF-8*" },
	{ "q_not_object", "is not a JSON object" },
	{ "q_unknown_field", "has the unknown field \"{field}\"" },
	{ "q_duplicate_field", "has the field \"{field}\" twice" },
	{ "q_nested", "field \"{field}\" *" },
	{ "q_json", "is not valid JSON: *" },
};

/* Matches text against pattern, filling out's arguments; true on a match. */
static bool reason_match(const char *text, const char *pattern, struct overlimit_quarantine_reason *out)
{
	out->nargs = 0;
	const char *t = text, *p = pattern;
	while (*p) {
		if (*p == '*' && !p[1])
			return true;
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close || out->nargs == QUARANTINE_REASON_ARGS)
				return false;
			/* The argument runs to the next occurrence of what follows it
			 * (to the end when nothing does); the last such for a quote,
			 * since a value may hold the quote's neighbour. */
			const char *after = close + 1;
			size_t lit = strcspn(after, "{*");
			const char *end;
			if (!lit)
				end = t + strlen(t);
			else {
				end = NULL;
				for (const char *s = t; *s; s++) {
					if (strncmp(s, after, lit) != 0)
						continue;
					end = s;
					if (after[0] != '\'')
						break;
				}
				if (!end)
					return false;
			}
			if (end == t)
				return false;
			int n = out->nargs++;
			/* The name between the braces, kept in the static pattern. */
			snprintf(out->name[n], sizeof out->name[n], "%.*s", (int)(close - p - 1), p + 1);
			snprintf(out->value[n], sizeof out->value[n], "%.*s", (int)(end - t), t);
			t = end;
			p = close + 1;
			continue;
		}
		if (*t != *p)
			return false;
		t++;
		p++;
	}
	return *t == '\0';
}

void overlimit_quarantine_reason(const char *text, struct overlimit_quarantine_reason *out)
{
	for (size_t i = 0; i < sizeof reason_patterns / sizeof reason_patterns[0]; i++) {
		if (reason_match(text, reason_patterns[i].pattern, out)) {
			out->code = reason_patterns[i].code;
			return;
		}
	}
	out->code = "q_other";
	out->nargs = 0;
}

void overlimit_quarantine_site_of(const char *raw, char site[17])
{
	site[0] = '\0';
	const char *p = raw, *end;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '{') {
		p = strstr(p, "\"site\"");
		if (!p)
			return;
		p += 6;
		while (*p == ' ' || *p == ':')
			p++;
		if (*p++ != '"')
			return;
		end = strchr(p, '"');
	} else {
		end = p + strcspn(p, ",\t");
	}
	size_t n = end ? (size_t)(end - p) : 0;
	if (n == 0 || n > 16)
		return;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '_')
			return;
	memcpy(site, p, n);
	site[n] = '\0';
}
