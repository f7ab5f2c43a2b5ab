#include "overlimit.h"
/* placeholder: being written */
int gen_run(const struct gen_options *opt, struct err *e) { (void)opt; return err_set(e, ERR_UNSUPPORTED, "todo"); }
