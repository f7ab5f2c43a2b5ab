/* The over-limit module's kinds of import (base/import.h): detections,
 * judged as they are read, and unloading records. */
#ifndef SUNROAD_OVERLIMIT_INGEST_H
#define SUNROAD_OVERLIMIT_INGEST_H

#include "overlimit.h"
#include "../base/import.h"

/* What the over-limit kinds count in import_summary.tally. */
enum overlimit_tally_index { OVERLIMIT_TALLY_OVERLIMIT, OVERLIMIT_TALLY_TON100, OVERLIMIT_TALLY_UNLOADED_KG };

/* A judged detection, staged for storing; its text is in the arena. */
struct detection_row {
	struct detection d;
	uint32_t site_off, plate_off, color_off, photos_off;
	uint32_t axles_off, axles_n; /* the axle masses as stored ("7000;9000"), formatted by the reader */
	int64_t site_id; /* not the site: rows outlive the registry they were judged with */
	int32_t day;     /* overlimit_day_key(d.passed_at), worked out by the reader */
	struct verdict v;
	const struct overlimit_ruleset *ruleset; /* the rules it was judged by (the book's) */
	uint64_t digest;
};

/* Its context: the struct overlimit_env the records are judged with. */
extern const struct import_kind detection_import;
/* Unloading records (unloads.c); its context: a struct overlimit_env. */
extern const struct import_kind unload_import;

/* Adds what an import did to the command line's summary. */
void overlimit_summary_add(struct ingest_summary *sum, const struct import_summary *done);

#endif
