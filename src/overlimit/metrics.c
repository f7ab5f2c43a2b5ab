/* The over-limit module's gauges for GET /metrics: the screening backlog,
 * and per site when it last sent a record and when its certificate of
 * calibration runs out (the alerts of docs/operations.md: a silent site,
 * a certificate about to expire). */
#include "overlimit.h"
#include "base/datetime.h"
#include "base/metrics.h"

#include <string.h>

/* A site code as a label value. */
static void label(const char *code, char *out, size_t size)
{
	size_t n = 0;
	for (; *code && n + 3 < size; code++) {
		if (*code == '"' || *code == '\\')
			out[n++] = '\\';
		out[n++] = *code == '\n' ? ' ' : *code;
	}
	out[n] = '\0';
}

int overlimit_metrics(struct db *db, struct buf *out, struct err *e)
{
	int64_t backlog = 0;
	int rc = db_get_int(db,
	                    "SELECT count(*) FROM detections d WHERE d.overlimit = 1 AND d.admissible = 1"
	                    " AND NOT EXISTS (SELECT 1 FROM screening sc WHERE sc.detection_id = d.id)",
	                    DB_NO_ARGS, &backlog, e);
	if (rc < 0)
		return rc;
	metrics_gauge(out, "sunroad_screening_backlog", "admissible over-limit records not yet screened", backlog);
	/* PostgreSQL: months an ingest is loading, or left unindexed when it
	 * died (schema 0010; an ingest or the server's start indexes those). */
	if (strcmp(db_backend(db), "postgres") == 0) {
		int64_t unindexed = 0;
		if (db_get_int(db, "SELECT count(*) FROM sunroad_unindexed()", DB_NO_ARGS, &unindexed, e) < 0)
			return e->code;
		metrics_gauge(out, "sunroad_detection_months_unindexed",
		              "months of detections without their indexes (loading, or left by an ingest that died)",
		              unindexed);
	}
	struct db_stmt *st = db_prepare(db, "SELECT code, last_seen_at, cert_valid_to FROM sites ORDER BY code", e);
	if (!st)
		return e->code;
	struct buf seen, cert;
	buf_init(&seen);
	buf_init(&cert);
	while ((rc = db_step(st, e)) == DB_ROW) {
		char code[160];
		label(db_col_text(st, 0), code, sizeof code);
		if (!db_col_is_null(st, 1))
			buf_addf(&seen, "sunroad_site_last_seen_seconds{site=\"%s\"} %lld\n", code,
			         (long long)db_col_int(st, 1));
		int32_t to = (int32_t)db_col_int(st, 2);
		if (to)
			buf_addf(&cert, "sunroad_site_certificate_valid_to_seconds{site=\"%s\"} %lld\n", code,
			         (long long)((int64_t)(date_from_key(to) + 1) * 86400 - LOCAL_UTC_OFFSET_S));
	}
	buf_adds(out, "# HELP sunroad_site_last_seen_seconds when the site last sent a record (Unix seconds)\n"
	              "# TYPE sunroad_site_last_seen_seconds gauge\n");
	buf_add(out, seen.p, seen.n);
	buf_adds(out, "# HELP sunroad_site_certificate_valid_to_seconds the end of the last day of the site's"
	              " calibration certificate (Unix seconds)\n"
	              "# TYPE sunroad_site_certificate_valid_to_seconds gauge\n");
	buf_add(out, cert.p, cert.n);
	buf_release(&seen);
	buf_release(&cert);
	return rc < 0 ? rc : 0;
}
