/* `sunroad quarantine list`: the records the imports could not accept
 * (base/import.c quarantines them), with their source, line, text and
 * reason. */
#include "overlimit.h"

#include <string.h>

int overlimit_quarantine_list(struct db *db, const char *kind, long limit, FILE *out, struct err *e)
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
