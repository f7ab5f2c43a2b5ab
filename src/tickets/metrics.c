/* The tickets module's gauges for GET /metrics: the open tickets and those
 * with a clock of the "137" method run out (an alert of
 * docs/operations.md). */
#include "tickets.h"
#include "base/datetime.h"
#include "base/metrics.h"

#include <time.h>

int tickets_metrics(struct db *db, struct buf *out, struct err *e)
{
	int64_t now = (int64_t)time(NULL), open = 0, overdue = 0;
	int32_t today = date_key(local_day(now));
	int rc = db_get_int(db, "SELECT count(*) FROM tickets WHERE state NOT IN ('closed', 'merged')", DB_NO_ARGS,
	                    &open, e);
	if (rc >= 0)
		rc = db_get_int(db,
		                "SELECT count(*) FROM tickets WHERE state NOT IN ('closed', 'merged') AND ("
		                "(contacted_at = 0 AND resolved_at = 0 AND contact_due_at < $1)"
		                " OR (resolved_at = 0 AND resolve_due < $2) OR close_due < $2)",
		                DB_ARGS(DB_INT(now), DB_INT(today)), &overdue, e);
	if (rc < 0)
		return rc;
	metrics_gauge(out, "sunroad_tickets_open", "complaint tickets not closed (merged ones apart)", open);
	metrics_gauge(out, "sunroad_tickets_overdue", "open tickets with a clock run out", overdue);
	return 0;
}
