/* `sunroad copy --from URL --to URL` (docs/operations.md): every table of
 * one database into another, empty one of the same schema, across
 * backends (the move from SQLite to PostgreSQL). Both are opened as the
 * server opens them, so both stand at this build's schema; the tables are
 * copied in the order the migrations made them on the target (a table
 * after those it references), row by row as stored: nothing is judged or
 * computed again, so verdicts, fines and deadlines stay as decided, and
 * the audit chain stays whole. Into PostgreSQL the rows go by COPY;
 * afterwards each identity column continues after its largest value. What
 * the generic copy cannot know (PostgreSQL's partitions, derived tables)
 * is a module's copy hook. */
#include "audit.h"
#include "buf.h"
#include "module.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The statement texts made here: the connections' statement caches keep
 * pointers to them until the connections close. */
struct texts {
	char **p;
	size_t n, cap;
};

static const char *keep(struct texts *t, struct buf *b)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		char **p = realloc(t->p, cap * sizeof *p);
		if (!p)
			return NULL;
		t->p = p;
		t->cap = cap;
	}
	char *s = strndup(b->p ? b->p : "", b->n);
	if (s)
		t->p[t->n++] = s;
	return s;
}

static void texts_free(struct texts *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->p[i]);
	free(t->p);
}

static bool is_pg(struct db *db)
{
	return strcmp(db_backend(db), "postgres") == 0;
}

/* The tables of db in the order they were made, without the backend's own
 * and the schema's version table, into a JSON array of names. */
static int tables_of(struct db *db, json_t *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                is_pg(db) ? "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	                                            " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
	                                            " AND NOT c.relispartition ORDER BY c.oid"
	                                          : "SELECT name FROM sqlite_master WHERE type = 'table'"
	                                            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
	                                e);
	if (!st)
		return e->code;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW)
		if (strcmp(db_col_text(st, 0), "schema_version"))
			json_array_append_new(out, json_string(db_col_text(st, 0)));
	return rc < 0 ? rc : 0;
}

/* The columns of table in db: [{name, real, identity}]. */
static int columns_of(struct db *db, const char *table, json_t *out, struct err *e)
{
	struct db_stmt *st = db_prepare(
	    db,
	    is_pg(db) ? "SELECT column_name, data_type, is_identity FROM information_schema.columns"
	                " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
	              : "SELECT name, type, 'NO' FROM pragma_table_info($1) ORDER BY cid",
	    e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, table, strlen(table));
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		const char *type = db_col_text(st, 1);
		bool real = strstr(type, "double") || strstr(type, "DOUBLE") || strstr(type, "REAL") || strstr(type, "real");
		json_array_append_new(out, json_pack("{s:s,s:b,s:b}", "name", db_col_text(st, 0), "real", real, "identity",
		                                     strcmp(db_col_text(st, 2), "YES") == 0));
	}
	return rc < 0 ? rc : 0;
}

/* One value of the source's current row as text, exactly: a double with
 * all its digits. NULL as *null. */
static const char *value_text(struct db_stmt *st, int col, bool real, char num[40], bool *null)
{
	*null = db_col_is_null(st, col);
	if (*null)
		return "";
	if (!real)
		return db_col_text(st, col);
	snprintf(num, 40, "%.17g", db_col_double(st, col));
	return num;
}

static int copy_table(struct db *from, struct db *to, const char *table, const json_t *cols, struct texts *texts,
                      int64_t *rows, struct err *e)
{
	struct buf select, insert;
	buf_init(&select);
	buf_init(&insert);
	size_t ncols = json_array_size(cols);
	buf_adds(&select, "SELECT ");
	buf_adds(&insert, is_pg(to) ? "COPY " : "INSERT INTO ");
	buf_adds(&insert, table);
	buf_adds(&insert, " (");
	for (size_t i = 0; i < ncols; i++) {
		const char *name = json_string_value(json_object_get(json_array_get(cols, i), "name"));
		buf_adds(&select, i ? ", " : "");
		buf_adds(&select, name);
		buf_adds(&insert, i ? ", " : "");
		buf_adds(&insert, name);
	}
	buf_adds(&select, " FROM ");
	buf_adds(&select, table);
	if (is_pg(to)) {
		buf_adds(&insert, ") FROM STDIN");
	} else {
		buf_adds(&insert, ") VALUES (");
		for (size_t i = 0; i < ncols; i++)
			buf_addf(&insert, "%s$%zu", i ? ", " : "", i + 1);
		buf_adds(&insert, ")");
	}
	const char *select_sql = keep(texts, &select), *insert_sql = keep(texts, &insert);
	buf_release(&select);
	buf_release(&insert);
	if (!select_sql || !insert_sql)
		return err_set(e, ERR_NOMEM, "out of memory copying %s", table);
	struct db_stmt *src = db_prepare(from, select_sql, e);
	if (!src)
		return err_set(e, e->code, "table %s cannot be read from the source (%s): is it of this sunroad's schema?",
		               table, e->msg);
	int rc = is_pg(to) ? db_copy_begin(to, insert_sql, e) : 0;
	struct db_stmt *dst = rc || is_pg(to) ? NULL : db_prepare(to, insert_sql, e);
	if (!rc && !is_pg(to) && !dst)
		rc = e->code;
	struct buf line;
	buf_init(&line);
	int step = rc ? rc : DB_ROW;
	while (step == DB_ROW && (step = db_step(src, e)) == DB_ROW) {
		char num[40];
		bool null;
		for (size_t i = 0; i < ncols; i++) {
			bool real = json_is_true(json_object_get(json_array_get(cols, i), "real"));
			const char *v = value_text(src, (int)i, real, num, &null);
			if (is_pg(to)) {
				if (i)
					buf_addc(&line, '\t');
				if (null)
					buf_adds(&line, "\\N");
				else
					db_copy_field(&line, slice_from(v));
			} else if (null) {
				db_bind_null(dst, (int)i + 1);
			} else if (real) {
				db_bind_double(dst, (int)i + 1, db_col_double(src, (int)i));
			} else {
				db_bind_text(dst, (int)i + 1, v, strlen(v));
			}
		}
		if (is_pg(to)) {
			buf_addc(&line, '\n');
			if (line.n > (1u << 16)) {
				rc = db_copy_data(to, line.p, line.n, e);
				buf_clear(&line);
			}
		} else {
			rc = db_step(dst, e);
			rc = rc < 0 ? rc : 0;
		}
		if (rc) {
			db_row_done(src);
			break;
		}
		(*rows)++;
	}
	if (step < 0)
		rc = step;
	if (is_pg(to) && !rc && line.n)
		rc = db_copy_data(to, line.p, line.n, e);
	buf_release(&line);
	if (is_pg(to)) {
		int end = db_copy_end(to, e);
		rc = rc ? rc : end;
	}
	return rc;
}

/* PostgreSQL: each identity column goes on after the largest value copied. */
static int identities_continue(struct db *to, const char *table, const json_t *cols, struct texts *texts,
                               struct err *e)
{
	size_t i;
	json_t *c;
	json_array_foreach(cols, i, c)
	{
		if (!json_is_true(json_object_get(c, "identity")))
			continue;
		const char *name = json_string_value(json_object_get(c, "name"));
		struct buf sql;
		buf_init(&sql);
		buf_addf(&sql,
		         "SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE((SELECT max(%s) FROM %s), 0) + 1, false)",
		         table, name, name, table);
		const char *text = keep(texts, &sql);
		buf_release(&sql);
		if (!text)
			return err_set(e, ERR_NOMEM, "out of memory");
		int rc = db_get_int(to, text, DB_NO_ARGS, NULL, e);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int hooks(struct db *from, struct db *to, bool before, struct err *e)
{
	size_t n;
	const struct module *const *all = modules_ordered(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i]->copy_hook) {
			int rc = all[i]->copy_hook(from, to, before, e);
			if (rc)
				return rc;
		}
	return 0;
}

static const char *count_sql(struct texts *texts, const char *table)
{
	struct buf sql;
	buf_init(&sql);
	buf_addf(&sql, "SELECT count(*) FROM %s", table);
	const char *text = keep(texts, &sql);
	buf_release(&sql);
	return text;
}

/* Copies every table; texts keeps the statements' texts for as long as
 * the connections live. */
static int copy_all(struct db *from, struct db *to, FILE *progress, struct texts *texts, struct err *e)
{
	json_t *tables = json_array(), *source = json_array();
	int rc = tables_of(to, tables, e);
	rc = rc ? rc : tables_of(from, source, e);
	/* Never over data: every table of the target holds no more than the
	 * migrations put in a new database (the headquarters unit, ...), which
	 * the source's rows replace. */
	struct db *fresh = NULL;
	rc = rc ? rc : db_open(&fresh, ":memory:", NULL, e);
	json_t *seeded = json_object();
	size_t i;
	json_t *t;
	json_array_foreach(tables, i, t)
	{
		if (rc)
			break;
		int64_t count = 0, base = 0;
		const char *text = count_sql(texts, json_string_value(t));
		rc = text ? db_get_int(to, text, DB_NO_ARGS, &count, e) : err_set(e, ERR_NOMEM, "out of memory");
		/* A table only the target's backend has starts empty. */
		if (rc >= 0 && db_get_int(fresh, text, DB_NO_ARGS, &base, NULL) < 0)
			base = 0;
		rc = rc < 0 ? rc : 0;
		if (!rc && count > base)
			rc = err_set(e, ERR_CONFLICT, "the target's table %s has %lld rows: sunroad copies only into an empty database",
			             json_string_value(t), (long long)count);
		if (!rc && count)
			json_object_set_new(seeded, json_string_value(t), json_true());
	}
	db_close(fresh);
	rc = rc ? rc : db_begin(to, e);
	rc = rc ? rc : hooks(from, to, true, e);
	json_array_foreach(tables, i, t)
	{
		if (rc)
			break;
		const char *name = json_string_value(t);
		bool in_source = false;
		size_t k;
		json_t *s;
		json_array_foreach(source, k, s) in_source = in_source || !strcmp(json_string_value(s), name);
		if (!in_source)
			continue; /* the target's own (a module's hook fills it) */
		json_t *cols = json_array();
		int64_t rows = 0;
		if (json_object_get(seeded, name)) {
			struct buf sql;
			buf_init(&sql);
			buf_addf(&sql, "DELETE FROM %s", name);
			const char *text = keep(texts, &sql);
			buf_release(&sql);
			rc = text ? db_exec(to, text, e) : err_set(e, ERR_NOMEM, "out of memory");
		}
		rc = rc ? rc : columns_of(to, name, cols, e);
		rc = rc ? rc : copy_table(from, to, name, cols, texts, &rows, e);
		if (!rc && is_pg(to))
			rc = identities_continue(to, name, cols, texts, e);
		if (!rc && progress)
			fprintf(progress, "%s: %lld rows\n", name, (long long)rows);
		json_decref(cols);
	}
	rc = rc ? rc : hooks(from, to, false, e);
	if (!rc)
		rc = db_commit(to, e);
	else
		db_rollback(to);
	json_decref(tables);
	json_decref(source);
	json_decref(seeded);
	return rc;
}

int copy_cmd(struct cli *cli)
{
	const char *from_url = cli_option(cli, "from"), *to_url = cli_option(cli, "to");
	if (cli->nargs || !from_url || !to_url)
		return cli_usage(cli);
	struct err e = { 0 };
	struct db *from = NULL, *to = NULL;
	struct texts texts = { 0 };
	int rc = db_open(&from, from_url, NULL, &e);
	rc = rc ? rc : db_open(&to, to_url, NULL, &e);
	rc = rc ? rc : copy_all(from, to, stdout, &texts, &e);
	int64_t entries = 0, broken = 0;
	rc = rc ? rc : audit_verify(to, &entries, &broken, &e);
	db_close(from);
	db_close(to);
	texts_free(&texts);
	if (rc)
		return cli_fail(&e);
	printf("copied; audit chain intact on the target: %lld entries\n", (long long)entries);
	return 0;
}
