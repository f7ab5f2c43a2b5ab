#include "overlimit.h"
int report_overlimit(struct db *db, int32_t from, int32_t to, enum report_format format, FILE *out, struct err *e) { (void)db;(void)from;(void)to;(void)format;(void)out; return err_set(e, ERR_UNSUPPORTED, "todo"); }
