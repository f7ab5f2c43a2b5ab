/* The people module's gauge for GET /metrics: the sessions in use (seen
 * within the idle limit). */
#include "people.h"
#include "base/metrics.h"

#include <time.h>

int people_metrics(struct db *db, struct buf *out, struct err *e)
{
	int64_t active = 0;
	int rc = db_get_int(db, "SELECT count(*) FROM sessions WHERE seen_at > $1",
	                    DB_ARGS(DB_INT((int64_t)time(NULL) - people_settings.session_idle)), &active, e);
	if (rc < 0)
		return rc;
	metrics_gauge(out, "sunroad_sessions_active", "browser sessions seen within the idle limit", active);
	return 0;
}
