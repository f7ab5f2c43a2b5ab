/* The cases module's gauges for GET /metrics: the open cases and those
 * past their next statutory deadline (an alert of docs/operations.md). */
#include "cases.h"
#include "base/datetime.h"
#include "base/metrics.h"

int cases_metrics(struct db *db, struct buf *out, struct err *e)
{
	int64_t open = 0, overdue = 0;
	int rc = db_get_int(db, "SELECT count(*) FROM cases WHERE state <> 'closed'", DB_NO_ARGS, &open, e);
	if (rc >= 0)
		rc = db_get_int(db, "SELECT count(*) FROM cases WHERE state <> 'closed' AND next_due IS NOT NULL AND next_due < $1",
		                DB_ARGS(DB_INT(date_key(cases_today()))), &overdue, e);
	if (rc < 0)
		return rc;
	metrics_gauge(out, "sunroad_cases_open", "penalty cases not closed", open);
	metrics_gauge(out, "sunroad_cases_overdue", "open cases past their next statutory deadline", overdue);
	return 0;
}
