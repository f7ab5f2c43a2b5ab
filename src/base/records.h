/* Reading records from a file of named fields: CSV with a header row, or
 * JSON Lines with the same names, chosen by the content, never by the file
 * name. Streams in constant memory: one line at a time, however big the
 * file. The caller's schema lists the field names it knows. */
#ifndef SUNROAD_RECORDS_H
#define SUNROAD_RECORDS_H

#include "buf.h"
#include "err.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define RECORD_MAX_FIELDS 32
#define RECORD_MAX_LINE   65536

struct record_schema {
	const char *const *names; /* field names, in the caller's own order */
	int count;
	uint32_t required; /* bit i set: names[i] must be a CSV column */
	uint32_t text;     /* bit i set: names[i] is free text, checked to be UTF-8;
	                    * the other fields are checked by their own syntax */
};

enum record_format { RECORD_CSV, RECORD_JSONL, RECORD_EMPTY, RECORD_JSON_VALUE };

struct record_reader {
	const struct record_schema *schema;
	FILE *f;
	bool owns_file;
	enum record_format format;
	char source[512];                    /* the file name as given, "-" for stdin */
	int column_field[RECORD_MAX_FIELDS]; /* CSV column -> schema field */
	int columns;

	char *buf; /* read buffer: bytes [start, end) not yet consumed */
	size_t cap, start, end;
	bool eof;
	int64_t next_line; /* physical line number of the next line */
	uint64_t bytes_read;

	/* The current record, valid until the next record_next(). */
	int64_t line;                          /* its line number in the file (1-based) */
	struct slice raw;                      /* its text, without the line terminator */
	struct slice value[RECORD_MAX_FIELDS]; /* by schema field */
	uint32_t present;                      /* bit i: value[i] was given (may be empty) */
	struct err why;                        /* why the record cannot be read, if it cannot */
	struct buf scratch;
	void *json; /* the parsed JSON object of the record */

	/* RECORD_JSON_VALUE: the records are the elements of a parsed value. */
	void *items; /* the array (or the one object), a reference held */
	size_t next_item;
	char *item_text; /* the current record's text (its raw) */
};

/* Opens path ("-" is stdin), reads up to the first record and decides the
 * format. Fails when the file cannot be read at all: missing, unreadable, a
 * header with an unknown or missing column, neither CSV nor JSON Lines. An
 * empty file opens as RECORD_EMPTY and yields no record. */
int record_open(struct record_reader *r, const char *path, const struct record_schema *schema, struct err *e);

/* The same over an open stream, named `name` in messages; the caller
 * keeps ownership of f. */
int record_open_stream(struct record_reader *r, FILE *f, const char *name, const struct record_schema *schema,
                       struct err *e);

/* The same over n bytes at p, which must stay valid until record_close;
 * the read buffer is sized to the data (a request body, say). */
int record_open_memory(struct record_reader *r, const char *p, size_t n, const char *name,
                       const struct record_schema *schema, struct err *e);

/* A reader over a JSON value parsed already (a request body): the elements
 * of an array, or the one object, are the records, numbered from 1 as
 * lines are; each record's raw text is its compact JSON. The reader takes
 * its own reference to value (a json_t *). Never parses anything again. */
int record_open_json(struct record_reader *r, void *value, const char *name, const struct record_schema *schema,
                     struct err *e);

/* Parses n bytes at p, a request body of records (a JSON array of them,
 * or one object), as json_loadb does with JSON_REJECT_DUPLICATES, except
 * that a record with a key twice does not refuse the whole body: it stays
 * in its place, marked, and record_open_json's reader yields it with its
 * own text and the reason JSON Lines give it ("has the field \"plate\"
 * twice"), so the import quarantines it. A body that is no JSON: NULL,
 * with error set. The caller decrefs the value (a json_t *). */
struct json_error_t;
void *record_json_load(const char *p, size_t n, struct json_error_t *error);

/* Advances to the next record: 1 when there is one, 0 at the end, negative
 * on a read error. A record that cannot be split into fields (bad JSON, wrong
 * column count, a text field not in UTF-8, an overlong line) comes back as 1, with
 * r->why.code set and r->raw holding its text: nothing is skipped silently. */
int record_next(struct record_reader *r, struct err *e);

void record_close(struct record_reader *r);

/* Copies raw into out with invalid UTF-8 bytes written as \xNN, so that any
 * line can be stored as text and shown. */
void record_raw_printable(struct slice raw, struct buf *out);

#endif
