/* The unit tree: the detachment HQ (made by the first migration) and the
 * brigades, squads and posts under it. */
#include "people.h"
#include "../base/audit.h"
#include "../base/records.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UNIT_NAME_MAX 128 /* bytes */

int people_unit_exists(struct db *db, const char *code, struct err *e)
{
	return db_get_int(db, "SELECT 1 FROM units WHERE code = $1", DB_ARGS(DB_TEXT(code)), NULL, e);
}

int people_units_add(struct db *db, const char *code, const char *name, const char *kind, const char *parent,
                     const char *actor, struct err *e)
{
	if (!parent)
		parent = "HQ";
	if (!*code || strlen(code) > 32 || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != strlen(code))
		return err_reason(e, ERR_INVALID, "unit_code_format",
		                  ERR_ARGS(ERR_TEXT("field", "code"), ERR_INT("max", 32)),
		                  "unit code '%s' must be 1-32 capital letters, digits, - or _", code);
	if (!*name)
		return err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", "unit_name")),
		                  "the unit needs a name");
	if (strlen(name) > UNIT_NAME_MAX)
		return err_reason(e, ERR_INVALID, "field_too_long",
		                  ERR_ARGS(ERR_TEXT("field", "unit_name"), ERR_INT("max", UNIT_NAME_MAX),
		                           ERR_INT("got", (long long)strlen(name))),
		                  "the unit's name is %zu bytes long; at most %d", strlen(name), UNIT_NAME_MAX);
	if (strcmp(kind, "brigade") && strcmp(kind, "squad") && strcmp(kind, "post"))
		return err_reason(e, ERR_INVALID, "unit_kind_unknown",
		                  ERR_ARGS(ERR_TEXT("field", "kind"), ERR_TEXT("got", kind)),
		                  "unit kind '%s' must be brigade, squad or post (HQ is the detachment)", kind);
	int rc = db_begin(db, e);
	if (rc)
		return rc;
	int parent_found = people_unit_exists(db, parent, e),
	    taken = parent_found == 1 ? people_unit_exists(db, code, e) : 0;
	if (parent_found < 0 || taken < 0)
		rc = parent_found < 0 ? parent_found : taken;
	else if (!parent_found)
		rc = err_reason(e, ERR_NOTFOUND, "parent_unknown",
		                ERR_ARGS(ERR_TEXT("field", "parent"), ERR_TEXT("unit", parent)),
		                "no parent unit '%s' (see `sunroad units list`)", parent);
	else if (taken)
		rc = err_reason(e, ERR_CONFLICT, "unit_taken", ERR_ARGS(ERR_TEXT("unit", code)),
		                "unit '%s' exists already", code);
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
	json_t *after =
	    rc ? NULL : json_pack("{s:s,s:s,s:s,s:s}", "code", code, "name", name, "kind", kind, "parent", parent);
	if (rc == 0)
		rc = after ? audit_append_json(db, actor, "unit.add", code, NULL, after, (int64_t)time(NULL), e)
		           : err_set(e, ERR_NOMEM, "out of memory recording unit %s", code);
	if (rc == 0)
		return db_commit(db, e);
	db_rollback(db);
	return rc;
}

int people_units_list(struct db *db, FILE *out, struct err *e)
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

enum { UF_CODE, UF_NAME, UF_KIND, UF_PARENT, UF_COUNT };
static const char *const unit_field_names[UF_COUNT] = { "code", "name", "kind", "parent" };
static const struct record_schema unit_schema = {
	.names = unit_field_names,
	.count = UF_COUNT,
	.required = (1u << UF_COUNT) - 1,
	.text = 1u << UF_NAME,
};

/* A field of the current row as a NUL-terminated string in out. */
static const char *unit_field(const struct record_reader *r, int field, char *out, size_t size)
{
	struct slice v = slice_trim(r->value[field]);
	snprintf(out, size, "%.*s", (int)v.n, v.p);
	return out;
}

int people_units_import(struct db *db, const char *path, const char *actor, int *added, struct err *e)
{
	struct record_reader r;
	int rc = record_open(&r, path, &unit_schema, e);
	if (rc)
		return rc;
	*added = 0;
	while (rc == 0 && (rc = record_next(&r, e)) == 1) {
		char code[64], name[256], kind[32], parent[64];
		rc = r.why.code ? err_set(e, r.why.code, "%s", r.why.msg) : 0;
		if (rc == 0) {
			unit_field(&r, UF_CODE, code, sizeof code);
			int found = people_unit_exists(db, code, e);
			if (found == 0 &&
			    (rc = people_units_add(db, code, unit_field(&r, UF_NAME, name, sizeof name),
			                           unit_field(&r, UF_KIND, kind, sizeof kind),
			                           unit_field(&r, UF_PARENT, parent, sizeof parent), actor, e)) == 0)
				++*added;
			rc = found < 0 ? found : rc;
		}
		if (rc)
			err_prefix(e, "%s: line %lld", path, (long long)r.line);
	}
	record_close(&r);
	return rc < 0 ? rc : 0;
}
