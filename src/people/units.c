/* The unit tree: the detachment HQ (made by the first migration) and the
 * brigades, squads and posts under it. */
#include "people.h"
#include "../base/audit.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int unit_exists(struct db *db, const char *code, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1 FROM units WHERE code = $1", e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, code, strlen(code));
	int step = db_step(st, e);
	if (step == DB_ROW)
		db_step(st, NULL);
	return step < 0 ? step : step == DB_ROW;
}

int units_add(struct db *db, const char *code, const char *name, const char *kind, const char *parent,
              const char *actor, struct err *e)
{
	if (!parent)
		parent = "HQ";
	if (!*code || strlen(code) > 32 || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != strlen(code))
		return err_set(e, ERR_INVALID, "unit code '%s' must be 1-32 capital letters, digits, - or _", code);
	if (!*name)
		return err_set(e, ERR_INVALID, "the unit needs a name");
	if (strcmp(kind, "brigade") && strcmp(kind, "squad") && strcmp(kind, "post"))
		return err_set(e, ERR_INVALID, "unit kind '%s' must be brigade, squad or post (HQ is the detachment)",
		               kind);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	int parent_found = unit_exists(db, parent, e), taken = parent_found == 1 ? unit_exists(db, code, e) : 0;
	if (parent_found < 0 || taken < 0)
		rc = parent_found < 0 ? parent_found : taken;
	else if (!parent_found)
		rc = err_set(e, ERR_NOTFOUND, "no parent unit '%s' (see `sunroad units list`)", parent);
	else if (taken)
		rc = err_set(e, ERR_CONFLICT, "unit '%s' exists already", code);
	struct db_stmt *st =
	    rc ? NULL : db_prepare(db, "INSERT INTO units (code, name, kind, parent_code) VALUES ($1, $2, $3, $4)", e);
	if (rc == 0 && !st)
		rc = e->code;
	if (rc == 0) {
		db_bind_text(st, 1, code, strlen(code));
		db_bind_text(st, 2, name, strlen(name));
		db_bind_text(st, 3, kind, strlen(kind));
		db_bind_text(st, 4, parent, strlen(parent));
		rc = db_step(st, e);
		rc = rc < 0 ? rc : 0;
	}
	if (rc == 0) {
		json_t *after =
		    json_pack("{s:s,s:s,s:s,s:s}", "code", code, "name", name, "kind", kind, "parent", parent);
		char *text = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
		rc = audit_append(db, actor, "unit.add", code, "", text, (int64_t)time(NULL), e);
		free(text);
		json_decref(after);
	}
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

int units_list(struct db *db, FILE *out, struct err *e)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT code, kind, coalesce(parent_code, ''), name FROM units ORDER BY code", e);
	if (!st)
		return e->code;
	fprintf(out, "code\tkind\tparent\tname\n");
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW)
		fprintf(out, "%s\t%s\t%s\t%s\n", db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
		        db_col_text(st, 3));
	return rc < 0 ? rc : 0;
}
