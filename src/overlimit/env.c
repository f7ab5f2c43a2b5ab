/* What a writer of detections keeps from one transaction to the next (the
 * partitions made, the rule sets stored) and within one (the sites heard
 * from), and forgets when a transaction begins. */
#include "overlimit.h"

void overlimit_env_begin(struct overlimit_env *env)
{
	env->partition_month = 0; /* a rollback takes new partitions with it */
	int kept = 0;
	for (int i = 0; i < env->nstored_sets; i++)
		if (env->stored_sets[i].committed)
			env->stored_sets[kept++] = env->stored_sets[i];
	env->nstored_sets = kept;
	env->nseen = 0;
}

int overlimit_env_seen(struct db *db, struct overlimit_env *env, int64_t site_id, int64_t passed_at, struct err *e)
{
	/* Records come in runs from a site: the last one noted is checked first. */
	for (int i = env->nseen - 1; i >= 0; i--) {
		if (env->seen[i].site_id == site_id) {
			if (passed_at > env->seen[i].newest)
				env->seen[i].newest = passed_at;
			return 0;
		}
	}
	int n = (int)(sizeof env->seen / sizeof env->seen[0]);
	if (env->nseen == n) {
		int rc = overlimit_env_touch_sites(db, env, e);
		if (rc)
			return rc;
	}
	env->seen[env->nseen].site_id = site_id;
	env->seen[env->nseen].newest = passed_at;
	env->nseen++;
	return 0;
}

int overlimit_env_touch_sites(struct db *db, struct overlimit_env *env, struct err *e)
{
	/* In the order of their ids: two writers lock the sites' rows in the
	 * same order, so they queue instead of deadlocking. */
	for (int i = 1; i < env->nseen; i++)
		for (int k = i; k > 0 && env->seen[k - 1].site_id > env->seen[k].site_id; k--) {
			int64_t id = env->seen[k].site_id, newest = env->seen[k].newest;
			env->seen[k] = env->seen[k - 1];
			env->seen[k - 1].site_id = id;
			env->seen[k - 1].newest = newest;
		}
	for (int i = 0; i < env->nseen; i++) {
		struct db_stmt *st = db_prepare(db,
		                                "UPDATE sites SET last_seen_at = $2 WHERE id = $1"
		                                " AND (last_seen_at IS NULL OR last_seen_at < $2)",
		                                e);
		if (!st)
			return e->code;
		db_bind_int(st, 1, env->seen[i].site_id);
		db_bind_int(st, 2, env->seen[i].newest);
		int rc = db_step(st, e);
		if (rc < 0)
			return rc;
	}
	env->nseen = 0;
	return 0;
}
