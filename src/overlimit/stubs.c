#include "overlimit.h"
int ingest_file(struct db *db, const struct overlimit_env *env, const char *path, long batch, struct ingest_summary *sum, struct err *e) { (void)db;(void)env;(void)path;(void)batch;(void)sum; return err_set(e, ERR_UNSUPPORTED, "todo"); }
int unloads_import_file(struct db *db, const struct overlimit_env *env, const char *path, long batch, struct ingest_summary *sum, struct err *e) { (void)db;(void)env;(void)path;(void)batch;(void)sum; return err_set(e, ERR_UNSUPPORTED, "todo"); }
int quarantine_list(struct db *db, const char *kind, long limit, FILE *out, struct err *e) { (void)db;(void)kind;(void)limit;(void)out; return err_set(e, ERR_UNSUPPORTED, "todo"); }
int report_overlimit(struct db *db, int32_t from, int32_t to, enum report_format format, FILE *out, struct err *e) { (void)db;(void)from;(void)to;(void)format;(void)out; return err_set(e, ERR_UNSUPPORTED, "todo"); }
