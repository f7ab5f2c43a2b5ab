/* A minimal tar archive (POSIX ustar, sizes past 8 GiB in GNU's base-256):
 * the container of a backup. Regular files only; names are the caller's
 * to check. */
#ifndef SUNROAD_TAR_H
#define SUNROAD_TAR_H

#include "err.h"

#include <stdint.h>
#include <stdio.h>

/* Writes one entry's header (name at most 100 bytes), then the caller
 * writes size bytes and tar_pad. */
int tar_header_write(FILE *f, const char *name, uint64_t size, int64_t mtime, struct err *e);
/* Pads an entry of size bytes to its 512-byte block. */
int tar_pad(FILE *f, uint64_t size, struct err *e);
/* The end of the archive: two zero blocks. */
int tar_end(FILE *f, struct err *e);

/* Reads the next entry's header: 1 with its name and size, 0 at the end of
 * the archive, or ERR_INVALID (a damaged or foreign archive: a bad
 * checksum, an entry that is not a regular file). The caller reads size
 * bytes, then tar_skip_pad. */
int tar_header_read(FILE *f, char name[257], uint64_t *size, struct err *e);
int tar_skip_pad(FILE *f, uint64_t size, struct err *e);

#endif
