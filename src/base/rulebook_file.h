/* Where a module's rulebook comes from: rules/<module>.json is data, with
 * citations and effective dates; the agency may keep its own copy. The
 * module parses and checks it; this only finds the text. */
#ifndef SUNROAD_RULEBOOK_FILE_H
#define SUNROAD_RULEBOOK_FILE_H

#include "buf.h"
#include "err.h"

/* Reads the rulebook of module into text (the caller releases it): from
 * dir/<module>.json when dir is set, else ./rules/<module>.json when that
 * exists, else the copy compiled into the binary. origin (size bytes) says
 * which: the path or "built-in". builtin forces the compiled-in copy. */
int rulebook_file_read(const char *module, const char *dir, bool builtin, struct buf *text, char *origin,
                       size_t size, struct err *e);

#endif
