/* `sunroad copy` and the over-limit tables: into PostgreSQL, the months'
 * partitions of detections must exist before their rows come, and the
 * (site, seq) keys that keep each record once across partitions
 * (detection_keys, a table SQLite does not need) are made from the
 * detections copied, before the tables that reference them. */
#include "overlimit.h"
#include "base/buf.h"

#include <string.h>

static int partitions(struct db *from, struct db *to, struct err *e)
{
	struct db_stmt *st = db_prepare(from, "SELECT DISTINCT day / 100 FROM detections ORDER BY 1", e);
	if (!st)
		return e->code;
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		int64_t month = db_col_int(st, 0);
		int got = db_get_int(to, "SELECT sunroad_ensure_partition($1)", DB_ARGS(DB_INT(month * 100 + 1)), NULL, e);
		if (got < 0) {
			db_row_done(st);
			return got;
		}
	}
	return rc < 0 ? rc : 0;
}

static int keys(struct db *from, struct db *to, struct err *e)
{
	struct db_stmt *st = db_prepare(from, "SELECT id, digest FROM detections", e);
	if (!st)
		return e->code;
	int rc = db_copy_begin(to, "COPY detection_keys (id, digest) FROM STDIN", e);
	if (rc)
		return rc;
	struct buf out;
	buf_init(&out);
	int step = DB_DONE;
	while (!rc && (step = db_step(st, e)) == DB_ROW) {
		buf_add_int(&out, db_col_int(st, 0));
		buf_addc(&out, '\t');
		buf_add_int(&out, db_col_int(st, 1));
		buf_addc(&out, '\n');
		if (out.n > (1u << 16)) {
			rc = db_copy_data(to, out.p, out.n, e);
			buf_clear(&out);
		}
	}
	if (rc)
		db_row_done(st);
	else if (step < 0)
		rc = step;
	if (!rc && out.n)
		rc = db_copy_data(to, out.p, out.n, e);
	buf_release(&out);
	int end = db_copy_end(to, e);
	return rc ? rc : end;
}

int overlimit_copy_hook(struct db *from, struct db *to, bool before, struct err *e)
{
	if (!before || strcmp(db_backend(to), "postgres"))
		return 0;
	int rc = partitions(from, to, e);
	return rc ? rc : keys(from, to, e);
}
