/* A hotline platform's mapping (import.h): its JSON read and checked,
 * saved and loaded; and the times of its cells. */
#include "import.h"
#include "tickets.h"
#include "base/audit.h"
#include "base/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The fields of the ticket's body a column may fill; subject.* and
 * location.* take any member. */
static const char *const fields[] = { "source_no", "received_at", "kind",        "category",
	                              "text",      "caller.name", "caller.phone" };

static bool field_known(const char *f)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (!strcmp(f, fields[i]))
			return true;
	const char *member = !strncmp(f, "subject.", 8) ? f + 8 : !strncmp(f, "location.", 9) ? f + 9 : NULL;
	if (!member || !*member)
		return false;
	for (const char *p = member; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return false;
	return true;
}

/* Reads 1 to max digits of *p into *v; false when there are none. */
static bool digits(const char **p, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (n < max && **p >= '0' && **p <= '9')
		*v = *v * 10 + (*(*p)++ - '0'), n++;
	return n > 0;
}

/* The tokens of a time format: YYYY, MM or M, DD or D, HH or H, mm, ss. */
static int token(const char *f, char *which)
{
	static const struct {
		const char *t;
		char w;
	} tokens[] = { { "YYYY", 'Y' }, { "MM", 'M' }, { "DD", 'D' }, { "HH", 'H' }, { "mm", 'm' },
		       { "ss", 's' },   { "M", 'M' },  { "D", 'D' },  { "H", 'H' } };
	for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++)
		if (!strncmp(f, tokens[i].t, strlen(tokens[i].t))) {
			*which = tokens[i].w;
			return (int)strlen(tokens[i].t);
		}
	return 0;
}

static bool time_format_valid(const char *fmt)
{
	bool seen[128] = { false };
	for (const char *f = fmt; *f;) {
		char w;
		int n = token(f, &w);
		if (n) {
			if (seen[(int)w])
				return false;
			seen[(int)w] = true;
			f += n;
		} else if (strchr(" -/:.T年月日时分秒", *f) || (unsigned char)*f >= 0x80) {
			f++;
		} else {
			return false;
		}
	}
	return seen['Y'] && seen['M'] && seen['D'];
}

int import_time_parse(const char *text, bool number, const char *fmt, int64_t *unix_s)
{
	struct slice s = slice_trim(slice_from(text));
	char buf[64];
	if (!s.n || s.n >= sizeof buf)
		return -1;
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	if (number) {
		/* An Excel serial number: days since 1899-12-30 and the day's
		 * fraction, of local time; read in whole seconds, rounded. */
		char *end;
		double serial = strtod(buf, &end);
		if (*end || !(serial >= 1 && serial < 2958466))
			return -1;
		int64_t seconds = (int64_t)(serial * 86400.0 + 0.5);
		*unix_s = seconds - (int64_t)25569 * 86400 - LOCAL_UTC_OFFSET_S;
		return 0;
	}
	int v[128] = { 0 };
	const char *p = buf, *f = fmt;
	while (*f) {
		/* The text may stop before the time of day, or its seconds. */
		if (!*p) {
			if (strspn(f, "Hms: .") != strlen(f))
				return -1;
			break;
		}
		char w;
		int n = token(f, &w);
		if (n) {
			if (!digits(&p, w == 'Y' ? 4 : 2, &v[(int)w]))
				return -1;
			f += n;
		} else if (*f == ' ') {
			if (*p != ' ' && *p != 'T')
				return -1;
			for (p++; *p == ' ';)
				p++;
			f++;
		} else if (*f++ != *p++) {
			return -1;
		}
	}
	while (*p == ' ')
		p++;
	if (*p)
		return -1;
	int y = v['Y'], mo = v['M'], d = v['D'];
	if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || v['H'] > 23 || v['m'] > 59 || v['s'] > 59)
		return -1;
	int32_t day = days_from_civil(y, mo, d);
	int cy, cm, cd;
	civil_from_days(day, &cy, &cm, &cd);
	if (cm != mo || cd != d)
		return -1; /* 2023-02-30 */
	*unix_s = (int64_t)day * 86400 + v['H'] * 3600 + v['m'] * 60 + v['s'] - LOCAL_UTC_OFFSET_S;
	return 0;
}

void ticket_mapping_release(struct ticket_mapping *m)
{
	json_decref(m->defaults);
	json_decref(m->values);
	m->defaults = m->values = NULL;
}

static int invalid(struct err *e, const char *what, const char *fmt, const char *arg)
{
	return err_reason(e, ERR_INVALID, "mapping_invalid", ERR_ARGS(ERR_TEXT("field", what)), fmt, arg);
}

int ticket_mapping_parse(const json_t *j, const char *name, struct ticket_mapping *m, struct err *e)
{
	memset(m, 0, sizeof *m);
	if (!name || !*name || strlen(name) >= sizeof m->name || strpbrk(name, " \t\r\n/\\"))
		return invalid(e, "name", "a mapping's name is 1 to 64 bytes without blanks or slashes, not '%s'",
		               name ? name : "");
	snprintf(m->name, sizeof m->name, "%s", name);
	if (!json_is_object(j))
		return invalid(e, "mapping", "a mapping is a JSON object {\"channel\", \"time_format\", \"columns\"}%s",
		               "");
	const char *channel = json_string_value(json_object_get(j, "channel"));
	const struct ticket_code *c = channel ? ticket_channel_find(tickets_rules(), channel) : NULL;
	if (!c)
		return invalid(e, "channel", "channel '%s' is not a channel of rules/tickets.json (12345, 12328, ...)",
		               channel ? channel : "");
	snprintf(m->channel, sizeof m->channel, "%s", c->code);
	const char *fmt = json_string_value(json_object_get(j, "time_format"));
	fmt = fmt ? fmt : "YYYY-MM-DD HH:mm:ss";
	if (strlen(fmt) >= sizeof m->time_format || !time_format_valid(fmt))
		return invalid(
		    e, "time_format",
		    "time_format '%s' is not a pattern of YYYY, M or MM, D or DD, H or HH, mm, ss and separators", fmt);
	snprintf(m->time_format, sizeof m->time_format, "%s", fmt);
	const json_t *columns = json_object_get(j, "columns");
	if (!json_is_array(columns) || !json_array_size(columns) || json_array_size(columns) > MAPPING_MAX_COLUMNS)
		return invalid(e, "columns", "columns is a list of 1 to 32 {\"header\", \"field\"}%s", "");
	bool has[8] = { false };
	size_t i;
	const json_t *col;
	json_array_foreach(columns, i, col)
	{
		const char *header = json_string_value(json_object_get(col, "header"));
		const char *field = json_string_value(json_object_get(col, "field"));
		if (!header || !*header || strlen(header) >= sizeof m->columns[0].header)
			return invalid(e, "columns", "a column's header is its title in the export, 1 to 95 bytes%s",
			               "");
		if (!field || strlen(field) >= sizeof m->columns[0].field || !field_known(field))
			return invalid(
			    e, "columns",
			    "field '%s' is not a field of a ticket (source_no, received_at, kind, category, text,"
			    " caller.name, caller.phone, subject.*, location.*)",
			    field ? field : "");
		for (int k = 0; k < m->ncolumns; k++)
			if (!strcmp(m->columns[k].header, header) || !strcmp(m->columns[k].field, field))
				return invalid(e, "columns", "header or field '%s' is mapped twice", header);
		struct mapping_column *mc = &m->columns[m->ncolumns++];
		snprintf(mc->header, sizeof mc->header, "%s", header);
		snprintf(mc->field, sizeof mc->field, "%s", field);
		mc->optional = json_is_true(json_object_get(col, "optional"));
		for (int k = 0; k < 5; k++)
			has[k] |= !strcmp(field, fields[k]);
	}
	m->defaults = json_deep_copy(json_object_get(j, "defaults"));
	m->values = json_deep_copy(json_object_get(j, "values"));
	m->defaults = m->defaults ? m->defaults : json_object();
	m->values = m->values ? m->values : json_object();
	if (!json_is_object(m->defaults) || !json_is_object(m->values))
		return invalid(e, "defaults", "defaults is {field: value} and values {field: {word: ours}}%s", "");
	/* The source number finds duplicates; the time starts the clock. */
	for (int k = 0; k < 5; k++)
		if (!has[k] && !(k >= 2 && json_is_string(json_object_get(m->defaults, fields[k]))))
			return invalid(e, "columns", "no column gives %s (nor a default)", fields[k]);
	return 0;
}

int ticket_mapping_save(struct db *db, const char *name, const json_t *j, const char *actor, struct err *e)
{
	struct ticket_mapping m;
	int rc = ticket_mapping_parse(j, name, &m, e);
	ticket_mapping_release(&m);
	if (rc)
		return rc;
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return err_set(e, ERR_NOMEM, "out of memory saving a mapping");
	int64_t now = (int64_t)time(NULL);
	rc = db_begin(db, e);
	if (rc == 0)
		rc = db_get_int(db,
		                "INSERT INTO ticket_import_mappings (name, channel, body, saved_by, saved_at)"
		                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE SET channel = $2, body = $3,"
		                " saved_by = $4, saved_at = $5 RETURNING saved_at",
		                DB_ARGS(DB_TEXT(name), DB_TEXT(m.channel), DB_TEXT(text), DB_TEXT(actor), DB_INT(now)),
		                NULL, e);
	rc = rc < 0 ? rc : 0;
	if (rc == 0) {
		char object[96];
		snprintf(object, sizeof object, "ticket_mapping:%s", name);
		rc = audit_append_json(db, actor, "ticket.mapping_save", object, NULL, json_deep_copy(j), now, e);
	}
	rc = rc ? rc : db_commit(db, e);
	if (rc)
		db_rollback(db);
	free(text);
	return rc;
}

int ticket_mapping_load(struct db *db, const char *name, struct ticket_mapping *m, struct err *e)
{
	memset(m, 0, sizeof *m);
	struct db_stmt *st;
	int rc = db_row(db, "SELECT body FROM ticket_import_mappings WHERE name = $1", DB_ARGS(DB_TEXT(name)), &st, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return err_reason(e, ERR_NOTFOUND, "mapping_unknown", ERR_ARGS(ERR_TEXT("mapping", name)),
		                  "no mapping '%s': save one with `sunroad tickets mapping save %s FILE.json`", name,
		                  name);
	json_t *j = json_loads(db_col_text(st, 0), 0, NULL);
	db_row_done(st);
	if (!j)
		return err_set(e, ERR_DB, "mapping '%s': its stored JSON cannot be read", name);
	rc = ticket_mapping_parse(j, name, m, e);
	json_decref(j);
	return rc;
}
