/* What a writer of detections keeps from one transaction to the next (the
 * partitions made, the rule sets stored) and within one (the sites heard
 * from), and forgets when a transaction begins. */
#include "overlimit.h"

#include <string.h>

void overlimit_env_begin(struct overlimit_env *env)
{
	env->partition_month = 0; /* a rollback takes new partitions with it */
	env->low_month = 0;
	int kept = 0;
	for (int i = 0; i < env->nstored_sets; i++)
		if (env->stored_sets[i].committed)
			env->stored_sets[kept++] = env->stored_sets[i];
	env->nstored_sets = kept;
	env->nseen = 0;
	memset(env->seen_slot, 0, sizeof env->seen_slot);
}

/* The slot of site_id in env->seen_slot: its entry's, or the empty one
 * where it goes. */
static int16_t *seen_slot(struct overlimit_env *env, int64_t site_id)
{
	const size_t mask = sizeof env->seen_slot / sizeof env->seen_slot[0] - 1;
	size_t k = (size_t)((uint64_t)site_id * 0x9E3779B97F4A7C15u >> 40) & mask;
	while (env->seen_slot[k] && env->seen[env->seen_slot[k] - 1].site_id != site_id)
		k = (k + 1) & mask;
	return &env->seen_slot[k];
}

int overlimit_env_seen(struct db *db, struct overlimit_env *env, int64_t site_id, int64_t passed_at, struct err *e)
{
	int16_t *slot = seen_slot(env, site_id);
	if (*slot) {
		if (passed_at > env->seen[*slot - 1].newest)
			env->seen[*slot - 1].newest = passed_at;
		return 0;
	}
	if (env->nseen == OVERLIMIT_SEEN_MAX) {
		int rc = overlimit_env_touch_sites(db, env, e);
		if (rc)
			return rc;
		slot = seen_slot(env, site_id);
	}
	env->seen[env->nseen].site_id = site_id;
	env->seen[env->nseen].newest = passed_at;
	*slot = (int16_t)++env->nseen;
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
	memset(env->seen_slot, 0, sizeof env->seen_slot);
	return 0;
}
