/* `sunroad copy` and the over-limit tables: into PostgreSQL, the months'
 * partitions of detections must exist before their rows come (made for
 * loading: indexed once the rows are in, schema 0010), and each site's
 * mark (detection_marks, a table SQLite does not need: the largest seq
 * stored) is made from the detections copied. */
#include "overlimit.h"

#include <string.h>

static int partitions(struct db *from, struct db *to, struct err *e)
{
	struct db_stmt *st = db_prepare(from, "SELECT DISTINCT day / 100 FROM detections ORDER BY 1", e);
	if (!st)
		return e->code;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t month = db_col_int(st, 0);
		int got = db_get_int(to, "SELECT sunroad_ensure_partition($1, true)", DB_ARGS(DB_INT(month * 100 + 1)),
		                     NULL, e);
		if (got < 0) {
			db_row_done(st);
			return got;
		}
	}
	return rc < 0 ? rc : 0;
}

int overlimit_copy_hook(struct db *from, struct db *to, bool before, struct err *e)
{
	if (strcmp(db_backend(to), "postgres"))
		return 0;
	if (before)
		return partitions(from, to, e);
	if (db_get_int(to, "SELECT sunroad_loaded(2147483647)", DB_NO_ARGS, NULL, e) < 0)
		return e->code;
	/* Each site's mark: the largest seq stored (schema 0007). */
	int rc = db_exec(to,
	                 "INSERT INTO detection_marks (site_id, max_seq) SELECT site_id, max(seq) FROM detections"
	                 " GROUP BY site_id",
	                 e);
	return rc < 0 ? rc : 0;
}
