/* db_rows($1) on SQLite (db.h, db_insert_rows): an eponymous virtual
 * table whose rows are the caller's, handed over as a pointer bound to
 * its hidden column (SQLite's pointer-passing interface: nothing but this
 * backend can bind one of this type, so SQL text cannot reach it). Each
 * row's values are asked of the caller when the cursor reaches it. */
#include "db_backend.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

struct rows_cursor {
	sqlite3_vtab_cursor base;
	const struct db_rows *rows;
	size_t at;
	struct db_arg values[DB_ROWS_COLUMNS];
};

/* The hidden column that takes the pointer: after c0 .. c63. */
#define ROWS_SOURCE DB_ROWS_COLUMNS

static int rows_connect(sqlite3 *h, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **why)
{
	(void)aux, (void)argc, (void)argv, (void)why;
	char decl[16 * DB_ROWS_COLUMNS + 64] = "CREATE TABLE x(";
	size_t n = strlen(decl);
	for (int i = 0; i < DB_ROWS_COLUMNS; i++)
		n += (size_t)snprintf(decl + n, sizeof decl - n, "c%d,", i);
	snprintf(decl + n, sizeof decl - n, "source HIDDEN)");
	int rc = sqlite3_declare_vtab(h, decl);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_vtab_config(h, SQLITE_VTAB_DIRECTONLY); /* not from a trigger or a view */
	*out = sqlite3_malloc(sizeof **out);
	if (!*out)
		return SQLITE_NOMEM;
	memset(*out, 0, sizeof **out);
	return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *tab)
{
	sqlite3_free(tab);
	return SQLITE_OK;
}

/* The rows are only ever read whole, given their source. */
static int rows_best_index(sqlite3_vtab *tab, sqlite3_index_info *info)
{
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		if (c->iColumn != ROWS_SOURCE || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
			continue;
		if (!c->usable)
			return SQLITE_CONSTRAINT;
		info->aConstraintUsage[i].argvIndex = 1;
		info->aConstraintUsage[i].omit = 1;
		info->idxNum = 1;
		info->estimatedCost = 1;
		return SQLITE_OK;
	}
	tab->zErrMsg = sqlite3_mprintf("db_rows needs its rows: db_rows($1)");
	return SQLITE_ERROR;
}

static int rows_open(sqlite3_vtab *tab, sqlite3_vtab_cursor **out)
{
	(void)tab;
	struct rows_cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static void rows_fetch(struct rows_cursor *c)
{
	if (c->rows && c->at < c->rows->nrows)
		c->rows->row(c->rows->ctx, c->at, c->values);
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc, sqlite3_value **argv)
{
	(void)idx, (void)idx_str;
	struct rows_cursor *c = (struct rows_cursor *)cur;
	c->rows = argc == 1 ? sqlite3_value_pointer(argv[0], DB_ROWS_POINTER) : NULL;
	c->at = 0;
	if (!c->rows) {
		cur->pVtab->zErrMsg = sqlite3_mprintf("db_rows($1): $1 is not a batch of rows");
		return SQLITE_ERROR;
	}
	rows_fetch(c);
	return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *cur)
{
	struct rows_cursor *c = (struct rows_cursor *)cur;
	c->at++;
	rows_fetch(c);
	return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *cur)
{
	const struct rows_cursor *c = (const struct rows_cursor *)cur;
	return !c->rows || c->at >= c->rows->nrows;
}

/* Text is static: the caller keeps it until it is asked for the next
 * row, and SQLite has copied it into the row it stores by then. */
static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct rows_cursor *c = (const struct rows_cursor *)cur;
	if (col >= c->rows->ncols) {
		sqlite3_result_null(ctx);
		return SQLITE_OK;
	}
	const struct db_arg *v = &c->values[col];
	switch (v->type) {
	case DB_ARG_INT:
		sqlite3_result_int64(ctx, v->i);
		break;
	case DB_ARG_DOUBLE:
		sqlite3_result_double(ctx, v->d);
		break;
	case DB_ARG_TEXT:
		sqlite3_result_text(ctx, v->p, (int)v->n, SQLITE_STATIC);
		break;
	case DB_ARG_NULL:
		sqlite3_result_null(ctx);
		break;
	}
	return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out)
{
	*out = (sqlite3_int64)((const struct rows_cursor *)cur)->at;
	return SQLITE_OK;
}

static const sqlite3_module rows_module = {
	.xConnect = rows_connect, /* no xCreate: eponymous only, never a CREATE VIRTUAL TABLE */
	.xBestIndex = rows_best_index,
	.xDisconnect = rows_disconnect,
	.xOpen = rows_open,
	.xClose = rows_close,
	.xFilter = rows_filter,
	.xNext = rows_next,
	.xEof = rows_eof,
	.xColumn = rows_column,
	.xRowid = rows_rowid,
};

int db_sqlite_rows_register(struct sqlite3 *h)
{
	return sqlite3_create_module_v2(h, "db_rows", &rows_module, NULL, NULL);
}
