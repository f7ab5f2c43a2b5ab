/* The rule sets verdicts were reached under (table overlimit_rulesets): a
 * verdict is the legal record, and its explanation must read the rules it
 * was judged by, never today's book. Each stored detection names its rule
 * set (detections.ruleset_id); the set's JSON is kept for good. */
#include "overlimit.h"

#include <stdlib.h>
#include <string.h>

static void remember(struct overlimit_env *env, int64_t id, bool committed)
{
	int n = (int)(sizeof env->stored_sets / sizeof env->stored_sets[0]);
	if (env->nstored_sets == n) {
		/* Full: forget the oldest; at worst the database is asked again. */
		memmove(&env->stored_sets[0], &env->stored_sets[1], sizeof env->stored_sets[0] * (size_t)(n - 1));
		env->nstored_sets--;
	}
	env->stored_sets[env->nstored_sets].id = id;
	env->stored_sets[env->nstored_sets].committed = committed;
	env->nstored_sets++;
}

/* Whether the stored set `id` exists (1), not (0), or an error; a stored
 * set with the same id and another digest is refused. */
static int stored_set(struct db *db, const struct overlimit_ruleset *set, struct err *e)
{
	char sha256[65];
	int rc = db_get_text(db, "SELECT sha256 FROM overlimit_rulesets WHERE id = $1", DB_ARGS(DB_INT(set->id)),
	                     sha256, sizeof sha256, e);
	if (rc != 1)
		return rc;
	if (strcmp(sha256, set->sha256) != 0)
		return err_set(e, ERR_CONFLICT,
		               "rule set %lld is stored with another digest than %s: refusing to mix them",
		               (long long)set->id, set->sha256);
	return 1;
}

int overlimit_ruleset_store(struct db *db, struct overlimit_env *env, const struct overlimit_ruleset *set, int64_t now,
                            struct err *e)
{
	for (int i = 0; i < env->nstored_sets; i++)
		if (env->stored_sets[i].id == set->id)
			return 0;
	int rc = stored_set(db, set, e);
	if (rc < 0)
		return rc;
	if (rc == 1) {
		remember(env, set->id, true);
		return 0;
	}
	struct db_stmt *st = db_prepare(db,
	                                "INSERT INTO overlimit_rulesets (id, sha256, rules, first_stored_at)"
	                                " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
	                                e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, set->id);
	db_bind_text(st, 2, set->sha256, strlen(set->sha256));
	db_bind_text(st, 3, set->json, set->len);
	db_bind_int(st, 4, now);
	if ((rc = db_step(st, e)) < 0)
		return rc;
	/* Nothing inserted: another writer stored it meanwhile; check it is the same. */
	if (db_changes(st) == 0 && (rc = stored_set(db, set, e)) <= 0)
		return rc < 0 ? rc
		              : err_set(e, ERR_DB, "rule set %lld vanished while being stored", (long long)set->id);
	remember(env, set->id, false);
	return 0;
}

int overlimit_ruleset_load(struct db *db, int64_t id, int32_t day, struct overlimit_stored_ruleset *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct db_stmt *st;
	int rc = db_row(db, "SELECT sha256, rules, first_stored_at FROM overlimit_rulesets WHERE id = $1",
	                DB_ARGS(DB_INT(id)), &st, e);
	if (rc != 1)
		return rc < 0 ? rc : err_set(e, ERR_NOTFOUND, "rule set %lld is not stored", (long long)id);
	snprintf(out->sha256, sizeof out->sha256, "%s", db_col_text(st, 0));
	out->first_stored_at = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);
	const char *json = db_col_text(st, 1);
	char origin[32];
	snprintf(origin, sizeof origin, "rule set %lld", (long long)id);
	rc = overlimit_rulebook_parse(&out->book, json, strlen(json), origin, e);
	db_row_done(st);
	if (rc == 0 && (rc = overlimit_rulebook_at(out->book, day, &out->rules, e)) != 0) {
		overlimit_rulebook_free(out->book);
		out->book = NULL;
	}
	return rc;
}
