/* Backup and restore (backup.c, docs/operations.md): the database and the
 * photo store in one archive, taken while the server runs, restored only
 * into an empty database and checked. */
#ifndef SUNROAD_BACKUP_H
#define SUNROAD_BACKUP_H

#include "config.h"
#include "db.h"

struct backup_summary {
	int64_t database_bytes, photos;
	int64_t audit_entries; /* restore: the chain walked */
};

/* Writes the backup of c's database and photo store to path. */
int backup_write(const struct config *c, const char *path, struct backup_summary *sum, struct err *e);
/* Restores the backup at path into c's database, which must be empty (a
 * new SQLite file, a PostgreSQL database without tables), and its photo
 * store, then walks the audit chain: ERR_CONFLICT when it is broken. */
int backup_restore(const struct config *c, const char *path, struct backup_summary *sum, struct err *e);

/* `sunroad backup FILE`, `sunroad restore FILE`. */
struct cli;
int backup_cmd(struct cli *cli);
int restore_cmd(struct cli *cli);

#endif
