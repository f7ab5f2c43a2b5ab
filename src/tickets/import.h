/* The hotline platforms' exports into tickets (docs/tickets-import.md):
 * a named mapping of the platform's column headers to the fields of POST
 * /api/v1/tickets, saved in the database; an import of a CSV or XLSX file
 * through it (each row a ticket, a duplicate of a ticket of the same
 * channel and source number, or a quarantine row with a stable reason);
 * and the answers sent back (answers.c). */
#ifndef SUNROAD_TICKETS_IMPORT_H
#define SUNROAD_TICKETS_IMPORT_H

#include "import_sheet.h"
#include "base/db.h"
#include "base/http.h"
#include "base/module.h"

#include <jansson.h>

#define MAPPING_MAX_COLUMNS 32

/* One column of a mapping: the platform's header and the body's field
 * ("source_no", "caller.phone", "subject.plate", "location.address"...). */
struct mapping_column {
	char header[96];
	char field[48];
	bool optional; /* the header row need not have it */
};

struct ticket_mapping {
	char name[65];
	char channel[16];     /* a code of the rulebook: "12345" */
	char time_format[48]; /* "YYYY-MM-DD HH:mm:ss", "YYYY/M/D H:mm": text cells of times */
	struct mapping_column columns[MAPPING_MAX_COLUMNS];
	int ncolumns;
	json_t *defaults; /* {field: value} for a field without a column or with an empty cell */
	json_t *values;   /* {field: {platform's word: ours}}: "出租车拒载" → "拒载" */
};

/* Reads a mapping from its JSON (the file `tickets mapping save` takes),
 * named name, checked against the rulebook (tickets_rules(): the channel,
 * the fields, the time format). Free with ticket_mapping_release. */
int ticket_mapping_parse(const json_t *j, const char *name, struct ticket_mapping *m, struct err *e);
void ticket_mapping_release(struct ticket_mapping *m);
/* Saves (creates or replaces) the mapping j under name, audited
 * ticket.mapping_save by actor. */
int ticket_mapping_save(struct db *db, const char *name, const json_t *j, const char *actor, struct err *e);
/* Loads the mapping named name: ERR_NOTFOUND (mapping_unknown) when none. */
int ticket_mapping_load(struct db *db, const char *name, struct ticket_mapping *m, struct err *e);

/* A time cell as Unix seconds: text in fmt's pattern (local time), or,
 * when number, an Excel serial number (days since 1899-12-30, local);
 * -1 when it is neither. Pure. */
int import_time_parse(const char *text, bool number, const char *fmt, int64_t *unix_s);

struct ticket_import_summary {
	int64_t rows, imported, duplicates, quarantined;
	int64_t header_row; /* the row the headers were found on */
	const char *encoding;
};

/* Imports every row of the file at path through mapping m: a ticket
 * created by tickets_create as "import:<mapping>" (an officer and chief at
 * HQ), a duplicate when a ticket of the channel already has the row's
 * source number, or a row of ticket_quarantine with its file, row number,
 * text and reason. Fails only when the file cannot be read as a sheet with
 * the mapping's header row, or the database fails. */
int ticket_import_file(struct db *db, const struct ticket_mapping *m, const char *path,
                       struct ticket_import_summary *sum, struct err *e);

/* The verbs (import.c, answers.c). */
int tickets_cmd_mapping(struct cli *cli);
int tickets_cmd_import(struct cli *cli);
int tickets_cmd_quarantine(struct cli *cli);
int tickets_cmd_answers(struct cli *cli);

/* GET /api/v1/tickets/answers?channel&from&to&format (answers.c). */
int tickets_answers_get(struct http_request *rq, struct err *e);

#define TICKETS_IMPORT_VERBS                                                                                       \
	{ "tickets mapping",                                                                                       \
	  "[--db URL] save NAME FILE.json | list",                                                                 \
	  "save a named mapping of a hotline platform's export columns, or list the saved ones",                   \
	  "",                                                                                                      \
	  "",                                                                                                      \
	  NEEDS_DB,                                                                                                \
	  tickets_cmd_mapping },                                                                                   \
	    { "tickets import",                                                                                    \
	      "[--db URL] --mapping NAME FILE.csv|FILE.xlsx",                                                      \
	      "import a hotline platform's export: tickets, duplicates, and bad rows quarantined with the reason", \
	      "mapping",                                                                                           \
	      "",                                                                                                  \
	      NEEDS_DB,                                                                                            \
	      tickets_cmd_import },                                                                                \
	    { "tickets quarantine",                                                                                \
	      "[--db URL] list [--limit N]",                                                                       \
	      "show the rows of hotline exports that were not imported, and why",                                  \
	      "limit",                                                                                             \
	      "",                                                                                                  \
	      NEEDS_DB,                                                                                            \
	      tickets_cmd_quarantine },                                                                            \
	{                                                                                                          \
		"tickets answers", "[--db URL] --channel C --from DATE --to DATE --format csv|xlsx --out FILE",    \
		    "write the answers of a channel's tickets closed in a period, for its platform",               \
		    "channel from to format out", "", NEEDS_DB, tickets_cmd_answers                                \
	}

#define TICKETS_IMPORT_ROUTES                                                            \
	{                                                                                \
		HTTP_GET, "/api/v1/tickets/answers", tickets_answers_get, TICKET_WRITERS \
	}

#endif
