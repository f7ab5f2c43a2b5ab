/* The import loop shared by detections and unloading records.
 *
 * Crash safety comes from two facts: records are committed in batches, each
 * batch one transaction together with its quarantine rows; and storing is
 * idempotent, since (site, seq) is the key and a record already stored with
 * the same digest counts as a duplicate. So after a kill at any moment,
 * running the same command again stores exactly what is missing. */
#include "import.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Fault injection for the crash tests: SUNROAD_FAULT_KILL_AFTER=N makes the
 * process SIGKILL itself after reading N records, mid-transaction. */
static int64_t kill_after(void)
{
	const char *s = getenv("SUNROAD_FAULT_KILL_AFTER");
	return s ? atoll(s) : -1;
}

/* A progress line on a terminal; nothing when stderr is a file or a pipe. */
static void progress(const struct record_reader *r, int64_t records, bool last)
{
	if (!isatty(2))
		return;
	struct stat st;
	if (r->f && fstat(fileno(r->f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		fprintf(stderr, "\r%s: %lld records, %3d%%", r->source, (long long)records,
			(int)(r->bytes_read * 100 / (uint64_t)st.st_size));
	else
		fprintf(stderr, "\r%s: %lld records", r->source, (long long)records);
	if (last)
		fputc('\n', stderr);
}

int import_run(struct db *db, struct overlimit_env *env, const struct import_kind *kind, const char *path,
	       long batch, struct ingest_summary *sum, struct err *e)
{
	struct record_reader r;
	int rc = record_open(&r, path, kind->schema, e);
	if (rc)
		return rc;
	if (r.format == RECORD_EMPTY)
		fprintf(stderr, "sunroad: %s: empty file, no records\n", path);
	struct buf scratch;
	buf_init(&scratch);
	long in_batch = 0;
	int64_t fault_at = kill_after();
	rc = db_begin(db, e);
	while (rc == 0 && (rc = record_next(&r, e)) == 1) {
		struct import_result result = { 0 };
		if (sum->read++ == fault_at)
			raise(SIGKILL);
		if ((rc = kind->store(db, env, &r, sum, &result, e)))
			break;
		switch (result.outcome) {
		case IMPORT_STORED:
			sum->accepted++;
			break;
		case IMPORT_DUPLICATE:
			sum->duplicates++;
			break;
		case IMPORT_CONFLICT:
			sum->conflicts++;
			err_set(&result.why, ERR_CONFLICT, "%s", kind->conflict_reason);
			rc = quarantine_add(db, kind->name, &r, &result, &scratch, e);
			break;
		case IMPORT_INVALID:
			sum->quarantined++;
			rc = quarantine_add(db, kind->name, &r, &result, &scratch, e);
			break;
		}
		if (rc == 0 && ++in_batch >= batch) {
			in_batch = 0;
			if ((rc = db_commit(db, e)) == 0)
				rc = db_begin(db, e);
			progress(&r, sum->read, false);
		}
	}
	if (rc == 0)
		rc = db_commit(db, e);
	else
		db_rollback(db);
	progress(&r, sum->read, true);
	if (rc)
		err_prefix(e, "%s: line %lld", path, (long long)r.line);
	record_close(&r);
	buf_release(&scratch);
	return rc;
}
