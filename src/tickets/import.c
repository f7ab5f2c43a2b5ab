/* `sunroad tickets import`: a hotline platform's export, through a saved
 * mapping, into tickets (import.h, docs/tickets-import.md).
 *
 * Each row is one of three things, so that nothing is lost: a ticket
 * (tickets_create, as POST /api/v1/tickets would make it, acting as
 * "import:<mapping>"), a duplicate (the channel already has a ticket with
 * its source number: importing a file again, or a platform exporting a
 * ticket twice), or a row of ticket_quarantine with the file, its row
 * number, its text and a stable reason (tickets_create's reason, or
 * missing_column, bad_time). A row is its own transaction: tickets_create
 * commits each ticket, and a quarantine row is kept at most once per
 * file, row and text, so running the same import again changes nothing. */
#include "import.h"
#include "tickets.h"
#include "xlsx.h"
#include "base/audit.h"
#include "base/datetime.h"
#include "base/hash.h"
#include "base/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How many rows from the top may hold titles and header rows. */
#define HEADER_SEARCH_ROWS 50
/* A header cell merged downwards leaves the rows under it empty in CSV. */
#define HEADER_ROWS_ABOVE 3

/* Whether a header cell says header: blanks (ASCII, ideographic, line
 * breaks inside the cell) do not count. */
static bool header_eq(const char *cell, const char *header)
{
	for (;;) {
		while (*cell == ' ' || *cell == '\t' || *cell == '\r' || *cell == '\n')
			cell++;
		while (*header == ' ')
			header++;
		if (!strncmp(cell, "\xE3\x80\x80", 3)) {
			cell += 3;
			continue;
		}
		if (!*cell || !*header)
			return !*cell && !*header;
		if (*cell++ != *header++)
			return false;
	}
}

/* The name of column c for a header on row i: its own cell, or, empty, the
 * nearest one above it (a header merged across rows). */
static const char *header_name(const struct sheet *s, size_t i, int c)
{
	for (size_t k = 0; k <= HEADER_ROWS_ABOVE && k <= i; k++) {
		const char *name = sheet_cell(&s->rows[i - k], c);
		if (slice_trim(slice_from(name)).n)
			return name;
	}
	return "";
}

static int widest(const struct sheet *s, size_t i)
{
	int n = 0;
	for (size_t k = 0; k <= HEADER_ROWS_ABOVE && k <= i; k++)
		n = s->rows[i - k].ncells > n ? s->rows[i - k].ncells : n;
	return n;
}

/* The header row: the first that names every column the mapping needs;
 * col[k] the column of the mapping's column k (-1: an optional one absent). */
static int find_header(const struct sheet *s, const struct ticket_mapping *m, size_t *at, int *col, struct err *e)
{
	int best = -1;
	char missing[512] = "";
	for (size_t i = 0; i < s->nrows && i < HEADER_SEARCH_ROWS; i++) {
		int found = 0, needed = 0, width = widest(s, i);
		char lacks[512] = "";
		for (int k = 0; k < m->ncolumns; k++) {
			col[k] = -1;
			for (int c = 0; c < width && col[k] < 0; c++)
				if (header_eq(header_name(s, i, c), m->columns[k].header))
					col[k] = c;
			if (!m->columns[k].optional) {
				needed++;
				if (col[k] >= 0)
					found++;
				else
					snprintf(lacks + strlen(lacks), sizeof lacks - strlen(lacks), "%s%s",
					         *lacks ? ", " : "", m->columns[k].header);
			}
		}
		if (found == needed) {
			*at = i;
			return 0;
		}
		if (found > best) {
			best = found;
			snprintf(missing, sizeof missing, "%s", lacks);
		}
	}
	return err_reason(e, ERR_PARSE, "header_not_found", ERR_ARGS(ERR_TEXT("mapping", m->name)),
	                  "no row among the first %d holds the headers of mapping '%s' (the nearest lacks %s):"
	                  " is this the platform's export, and the right mapping?",
	                  HEADER_SEARCH_ROWS, m->name, best < 0 ? "every one" : missing);
}

/* Sets body's field ("caller.phone": a member of an object member). */
static void body_set(json_t *body, const char *field, const char *value)
{
	const char *dot = strchr(field, '.');
	if (!dot) {
		json_object_set_new(body, field, json_string(value));
		return;
	}
	char outer[16];
	snprintf(outer, sizeof outer, "%.*s", (int)(dot - field), field);
	json_t *o = json_object_get(body, outer);
	if (!o) {
		o = json_object();
		json_object_set_new(body, outer, o);
	}
	json_object_set_new(o, dot + 1, json_string(value));
}

static bool required(const char *field)
{
	return !strcmp(field, "source_no") || !strcmp(field, "received_at") || !strcmp(field, "kind") ||
	       !strcmp(field, "category") || !strcmp(field, "text");
}

/* The body of POST /api/v1/tickets a row makes, or why it makes none. */
static json_t *row_body(const struct sheet_row *row, const struct ticket_mapping *m, const int *col, bool xlsx,
                        struct err *why)
{
	json_t *body = json_pack("{s:s}", "channel", m->channel);
	for (int k = 0; k < m->ncolumns; k++) {
		const struct mapping_column *mc = &m->columns[k];
		struct slice v = slice_trim(slice_from(col[k] >= 0 ? sheet_cell(row, col[k]) : ""));
		char *text = strndup(v.p, v.n);
		if (!text) {
			json_decref(body);
			err_set(why, ERR_NOMEM, "out of memory reading a row");
			return NULL;
		}
		const char *value = text;
		const char *word = json_string_value(json_object_get(json_object_get(m->values, mc->field), text));
		if (word)
			value = word;
		if (!*value)
			value = json_string_value(json_object_get(m->defaults, mc->field));
		if (!value || !*value) {
			free(text);
			if (!required(mc->field))
				continue;
			json_decref(body);
			err_reason(why, ERR_INVALID, "missing_column",
			           ERR_ARGS(ERR_TEXT("column", mc->header), ERR_TEXT("field", mc->field)),
			           "the row has no %s (%s)", mc->header, mc->field);
			return NULL;
		}
		if (!strcmp(mc->field, "received_at")) {
			int64_t at;
			bool number = xlsx && col[k] >= 0 && col[k] < row->ncells && row->cells[col[k]].number;
			if (import_time_parse(value, number, m->time_format, &at)) {
				json_decref(body);
				err_reason(why, ERR_INVALID, "bad_time",
				           ERR_ARGS(ERR_TEXT("column", mc->header), ERR_TEXT("got", value),
				                    ERR_TEXT("format", m->time_format)),
				           "%s '%.64s' is not a time %s", mc->header, value, m->time_format);
				free(text);
				return NULL;
			}
			char iso[26];
			datetime_format_local(at, iso);
			body_set(body, "received_at", iso);
		} else {
			body_set(body, mc->field, value);
		}
		free(text);
	}
	/* Defaults of fields no column gives. */
	const char *field;
	json_t *v;
	json_object_foreach(m->defaults, field, v)
	{
		bool mapped = false;
		for (int k = 0; k < m->ncolumns && !mapped; k++)
			mapped = !strcmp(m->columns[k].field, field);
		if (!mapped && json_is_string(v))
			body_set(body, field, json_string_value(v));
	}
	return body;
}

/* The row as CSV text and as {header: value}, for the quarantine. */
static void row_text(const struct sheet *s, size_t header, const struct sheet_row *row, struct buf *raw, json_t **obj)
{
	buf_clear(raw);
	*obj = json_object();
	for (int c = 0; c < row->ncells; c++) {
		if (c)
			buf_addc(raw, ',');
		buf_add_csv_field(raw, slice_from(sheet_cell(row, c)));
		const char *name = header_name(s, header, c);
		char key[128];
		if (*name)
			snprintf(key, sizeof key, "%s", name);
		else
			snprintf(key, sizeof key, "#%d", c + 1);
		if (*sheet_cell(row, c) && !json_object_get(*obj, key))
			json_object_set_new(*obj, key, json_string(sheet_cell(row, c)));
	}
}

static int quarantine(struct db *db, const char *source, const struct ticket_mapping *m, const struct sheet_row *row,
                      const struct buf *raw, json_t *obj, const struct err *why, struct err *e)
{
	char *row_json = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	if (!row_json)
		return err_set(e, ERR_NOMEM, "out of memory quarantining a row");
	struct buf text;
	buf_init(&text);
	record_raw_printable((struct slice){ raw->p ? raw->p : "", raw->n }, &text);
	const char *reason = why->reason ? why->reason : err_name(why->code);
	int64_t digest = (int64_t)(hash_bytes(HASH_SEED, raw->p ? raw->p : "", raw->n) & 0x7fffffffffffffffULL);
	int rc = db_get_int(db,
	                    "INSERT INTO ticket_quarantine (source, row_no, raw, row_json, raw_digest, mapping, reason,"
	                    " args, message, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
	                    " ON CONFLICT (source, row_no, raw_digest) DO NOTHING RETURNING row_no",
	                    DB_ARGS(DB_TEXT(source), DB_INT(row->number), DB_TEXT(text.p ? text.p : ""),
	                            DB_TEXT(row_json), DB_INT(digest), DB_TEXT(m->name), DB_TEXT(reason),
	                            DB_TEXT(why->args[0] ? why->args : "{}"), DB_TEXT(why->msg),
	                            DB_INT((int64_t)time(NULL))),
	                    NULL, e);
	buf_release(&text);
	free(row_json);
	return rc < 0 ? rc : 0;
}

/* The errors that are the database's or the machine's, not the row's. */
static bool fatal(int code)
{
	return code == ERR_DB || code == ERR_NOMEM || code == ERR_IO || code == ERR_BUSY;
}

/* An existing ticket of the channel with the row's source number. */
static int duplicate_of(struct db *db, const char *channel, const json_t *body, int64_t *id, struct err *e)
{
	const char *source_no = json_string_value(json_object_get(body, "source_no"));
	*id = 0;
	return db_get_int(db, "SELECT id FROM tickets WHERE channel = $1 AND source_no = $2 ORDER BY id LIMIT 1",
	                  DB_ARGS(DB_TEXT(channel), DB_TEXT(source_no ? source_no : "")), id, e);
}

static int read_sheet(const char *path, struct sheet *s, bool *xlsx, struct err *e)
{
	struct buf file;
	buf_init(&file);
	if (buf_read_file(&file, path)) {
		buf_release(&file);
		return err_reason(e, ERR_IO, "file_unreadable", ERR_ARGS(ERR_TEXT("file", path)), "cannot read %s",
		                  path);
	}
	*xlsx = xlsx_is_zip(file.p, file.n);
	int rc = *xlsx ? xlsx_read(file.p, file.n, s, e) : sheet_read_csv(file.p ? file.p : "", file.n, s, e);
	buf_release(&file);
	if (rc)
		err_prefix(e, "%s", path);
	return rc;
}

int ticket_import_file(struct db *db, const struct ticket_mapping *m, const char *path,
                       struct ticket_import_summary *sum, struct err *e)
{
	struct sheet s;
	sheet_init(&s);
	bool xlsx = false;
	int col[MAPPING_MAX_COLUMNS];
	size_t header = 0;
	int rc = read_sheet(path, &s, &xlsx, e);
	if (rc == 0 && (rc = find_header(&s, m, &header, col, e)))
		err_prefix(e, "%s", path);
	sum->encoding = s.encoding;
	sum->header_row = rc == 0 ? s.rows[header].number : 0;
	char login[96];
	snprintf(login, sizeof login, "import:%s", m->name);
	struct caller importer = { .roles = ROLE_OFFICER | ROLE_CHIEF, .sees_all = true };
	snprintf(importer.login, sizeof importer.login, "%s", login);
	snprintf(importer.name, sizeof importer.name, "%s", login);
	snprintf(importer.unit, sizeof importer.unit, "HQ");
	struct buf raw;
	buf_init(&raw);
	for (size_t i = header + 1; rc == 0 && i < s.nrows; i++) {
		const struct sheet_row *row = &s.rows[i];
		struct err why = { 0 };
		sum->rows++;
		json_t *body = row_body(row, m, col, xlsx, &why);
		int64_t id = 0;
		if (body) {
			int found = duplicate_of(db, m->channel, body, &id, e);
			if (found < 0)
				rc = found;
			else if (found) {
				sum->duplicates++;
				json_decref(body);
				continue;
			}
		}
		if (rc == 0 && body && tickets_create(db, &importer, body, &id, &why) == 0) {
			sum->imported++;
		} else if (rc == 0 && fatal(why.code)) {
			*e = why;
			rc = why.code;
		} else if (rc == 0) {
			json_t *obj;
			row_text(&s, header, row, &raw, &obj);
			rc = quarantine(db, path, m, row, &raw, obj, &why, e);
			json_decref(obj);
			sum->quarantined++;
		}
		if (rc)
			err_prefix(e, "%s: row %lld", path, (long long)row->number);
		json_decref(body);
	}
	buf_release(&raw);
	sheet_release(&s);
	return rc;
}

/* ---- the verbs ------------------------------------------------------------ */

/* The rulebook and calendar the checks use: the server loads them at its
 * start, a verb here. */
static int rules_load(const struct cli *cli, bool *loaded, struct err *e)
{
	*loaded = false;
	if (tickets_rules())
		return 0;
	int rc = tickets_start(cli->config->rules, e);
	*loaded = rc == 0;
	return rc;
}

static int mapping_list(struct db *db)
{
	struct err e = { 0 };
	struct db_stmt *st = db_prepare(db,
	                                "SELECT name, channel, body, saved_by, saved_at FROM ticket_import_mappings"
	                                " ORDER BY name",
	                                &e);
	if (!st)
		return cli_fail(&e);
	printf("name\tchannel\tcolumns\tsaved_by\tsaved_at\n");
	int rc;
	while ((rc = db_step(st, &e)) == DB_ROW) {
		json_t *j = json_loads(db_col_text(st, 2), 0, NULL);
		char at[26];
		datetime_format_local(db_col_int(st, 4), at);
		printf("%s\t%s\t", db_col_text(st, 0), db_col_text(st, 1));
		size_t i;
		const json_t *c;
		json_array_foreach(json_object_get(j, "columns"), i, c)
		    printf("%s%s=%s", i ? "," : "", json_string_value(json_object_get(c, "header")),
		           json_string_value(json_object_get(c, "field")));
		printf("\t%s\t%s\n", db_col_text(st, 3), at);
		json_decref(j);
	}
	return rc < 0 ? cli_fail(&e) : 0;
}

int tickets_cmd_mapping(struct cli *cli)
{
	struct err e = { 0 };
	if (cli->nargs == 1 && !strcmp(cli->args[0], "list"))
		return mapping_list(cli->db);
	if (cli->nargs != 3 || strcmp(cli->args[0], "save"))
		return cli_usage(cli);
	bool loaded;
	if (rules_load(cli, &loaded, &e))
		return cli_fail(&e);
	json_error_t jerr;
	json_t *j = json_load_file(cli->args[2], 0, &jerr);
	int rc = j ? ticket_mapping_save(cli->db, cli->args[1], j, cli->actor, &e)
	           : err_set(&e, ERR_PARSE, "%s: line %d: %s", cli->args[2], jerr.line, jerr.text);
	json_decref(j);
	if (loaded)
		tickets_stop();
	if (rc)
		return cli_fail(&e);
	printf("mapping %s saved\n", cli->args[1]);
	return 0;
}

int tickets_cmd_import(struct cli *cli)
{
	const char *name = cli_option(cli, "mapping");
	if (!name || cli->nargs < 1)
		return cli_usage(cli);
	struct err e = { 0 };
	bool loaded;
	struct ticket_mapping m;
	memset(&m, 0, sizeof m);
	if (rules_load(cli, &loaded, &e) || ticket_mapping_load(cli->db, name, &m, &e)) {
		ticket_mapping_release(&m);
		return cli_fail(&e);
	}
	int status = 0;
	for (int i = 0; i < cli->nargs; i++) {
		const char *path = cli->args[i];
		struct ticket_import_summary sum = { 0 };
		int rc = ticket_import_file(cli->db, &m, path, &sum, &e);
		if (sum.header_row)
			printf("%s: %lld rows (header on row %lld, %s): %lld imported, %lld duplicates, %lld "
			       "quarantined\n",
			       path, (long long)sum.rows, (long long)sum.header_row, sum.encoding,
			       (long long)sum.imported, (long long)sum.duplicates, (long long)sum.quarantined);
		if (sum.header_row) {
			char object[600];
			snprintf(object, sizeof object, "ticket_import:%s", path);
			struct err ae = { 0 };
			if (audit_append_json(
			        cli->db, cli->actor, "ticket.import", object, NULL,
			        json_pack("{s:s,s:s,s:I,s:I,s:I,s:I}", "mapping", m.name, "file", path, "rows",
			                  (json_int_t)sum.rows, "imported", (json_int_t)sum.imported, "duplicates",
			                  (json_int_t)sum.duplicates, "quarantined", (json_int_t)sum.quarantined),
			        (int64_t)time(NULL), &ae))
				rc = rc ? rc : (e = ae, ae.code);
		}
		if (rc)
			status = cli_fail(&e);
		else if (sum.quarantined)
			fprintf(stderr,
			        "sunroad: %s: %lld rows quarantined with the reason: sunroad tickets quarantine list\n",
			        path, (long long)sum.quarantined);
	}
	ticket_mapping_release(&m);
	if (loaded)
		tickets_stop();
	return status;
}

int tickets_cmd_quarantine(struct cli *cli)
{
	if (cli->nargs != 1 || strcmp(cli->args[0], "list"))
		return cli_usage(cli);
	long limit = cli_long(cli, "limit", 0, 0, 1000000000L);
	struct err e = { 0 };
	struct db_stmt *st = db_prepare(cli->db,
	                                "SELECT source, row_no, mapping, reason, args, raw FROM ticket_quarantine"
	                                " ORDER BY created_at, source, row_no LIMIT $1",
	                                &e);
	if (!st)
		return cli_fail(&e);
	db_bind_int(st, 1, limit > 0 ? limit : INT64_MAX);
	printf("source\trow\tmapping\treason\targs\traw\n");
	int rc;
	while ((rc = db_step(st, &e)) == DB_ROW) {
		printf("%s\t%lld\t%s\t%s\t%s\t", db_col_text(st, 0), (long long)db_col_int(st, 1), db_col_text(st, 2),
		       db_col_text(st, 3), db_col_text(st, 4));
		/* Tabs and line breaks inside the text would break the columns. */
		for (const char *p = db_col_text(st, 5); *p; p++)
			fputs(*p == '\t'   ? "\\t"
			      : *p == '\n' ? "\\n"
			      : *p == '\r' ? "\\r"
			                   : (char[2]){ *p, 0 },
			      stdout);
		putchar('\n');
	}
	return rc < 0 ? cli_fail(&e) : 0;
}
