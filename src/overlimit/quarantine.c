/* The quarantine: every record that could not be accepted, with its source,
 * line, text and reason. Re-reading the same file adds nothing twice. */
#include "import.h"
#include "../base/hash.h"

#include <string.h>
#include <time.h>

int quarantine_add(struct db *db, const char *kind, const char *source, int64_t line, struct slice raw,
                   const struct import_result *result, struct buf *scratch, struct err *e)
{
	const char *reason = result->why.msg;
	struct slice site = result->site.p ? result->site : (struct slice){ "", 0 };
	struct db_stmt *st =
	    db_prepare(db,
	               "INSERT INTO quarantine (kind, source, line, raw, raw_digest, reason, site, seq,"
	               " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
	               " ON CONFLICT (kind, source, line, raw_digest) DO NOTHING",
	               e);
	if (!st)
		return e->code;
	record_raw_printable(raw, scratch);
	db_bind_text(st, 1, kind, strlen(kind));
	db_bind_text(st, 2, source, strlen(source));
	db_bind_int(st, 3, line);
	db_bind_text(st, 4, scratch->p, scratch->n);
	db_bind_int(st, 5, (int64_t)hash_bytes(HASH_SEED, raw.p, raw.n));
	db_bind_text(st, 6, reason, strlen(reason));
	db_bind_text(st, 7, site.p, site.n);
	if (result->outcome == IMPORT_CONFLICT)
		db_bind_int(st, 8, result->seq);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, (int64_t)time(NULL));
	int rc = db_step(st, e);
	return rc < 0 ? rc : 0;
}

int quarantine_list(struct db *db, const char *kind, long limit, FILE *out, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
	                                "SELECT id, kind, source, line, reason, site, seq, raw FROM quarantine"
	                                " WHERE ($1 = '' OR kind = $1) ORDER BY id LIMIT $2",
	                                e);
	if (!st)
		return e->code;
	kind = kind ? kind : "";
	db_bind_text(st, 1, kind, strlen(kind));
	db_bind_int(st, 2, limit > 0 ? limit : INT64_MAX);
	fprintf(out, "id\tkind\tsource\tline\treason\tsite\tseq\traw\n");
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		fprintf(out, "%lld\t%s\t%s\t%lld\t%s\t%s\t", (long long)db_col_int(st, 0), db_col_text(st, 1),
		        db_col_text(st, 2), (long long)db_col_int(st, 3), db_col_text(st, 4), db_col_text(st, 5));
		if (!db_col_is_null(st, 6))
			fprintf(out, "%lld", (long long)db_col_int(st, 6));
		/* Tabs inside the raw text would shift the columns. */
		fputc('\t', out);
		for (const char *raw = db_col_text(st, 7); *raw;) {
			size_t n = strcspn(raw, "\t");
			fwrite(raw, 1, n, out);
			raw += n;
			if (*raw) {
				fputs("\\t", out);
				raw++;
			}
		}
		fputc('\n', out);
	}
	return rc < 0 ? rc : 0;
}
