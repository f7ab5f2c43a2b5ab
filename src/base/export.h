/* Lists exported as files a clerk opens in Excel: CSV (UTF-8 with a byte
 * order mark and CRLF, what Excel in zh-CN opens right) or XLSX (one
 * sheet, a bold header row, numbers as numbers; libxlsxwriter). Every
 * list exports through these writers: columns are declared once, rows
 * given as text cells. */
#ifndef SUNROAD_EXPORT_H
#define SUNROAD_EXPORT_H

#include "buf.h"
#include "err.h"
#include "http.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum export_format { EXPORT_CSV, EXPORT_XLSX };

struct export_column {
	const char *title;
	bool number;   /* XLSX: the cell is written as a number */
	bool datetime; /* XLSX: the cell ("YYYY-MM-DD HH:MM:SS", a T for the space and an offset
	                * after it allowed: datetime_format_local's) is written as an Excel
	                * date-time of that local time; CSV: as it is */
	int width;     /* XLSX: the column's width in characters; 0: the default */
};

/* An export being written. */
struct export
{
	enum export_format format;
	const struct export_column *columns;
	int ncolumns;
	struct buf *out;
	long rows;
	/* XLSX: the workbook, written to a private temporary file (or to the
	 * file of export_begin_file); its date-time cell format. */
	void *workbook, *sheet, *datetime;
	char path[64];
	/* export_begin_file: the file written (CSV: out is flushed into it). */
	FILE *file;
	bool to_file;
};

/* Starts writing columns (and their header row) into out, which the
 * caller owns; sheet names the XLSX sheet. Call export_end in every case
 * once begun. XLSX rows go to a temporary file as they come (libxlsxwriter's
 * constant memory mode: texts inline), read into out at the end. */
int export_begin(struct export *x, enum export_format format, const char *sheet, const struct export_column *columns,
                 int ncolumns, struct buf *out, struct err *e);
/* The same into the file at path (created or truncated): for exports too
 * large to hold in memory. XLSX rows then go straight to the file; CSV
 * rows through out, flushed every 64 KiB. export_end closes the file; out is only a buffer. */
int export_begin_file(struct export *x, enum export_format format, const char *sheet,
                      const struct export_column *columns, int ncolumns, const char *path, struct buf *out,
                      struct err *e);
/* Adds a row: one text cell per column (a number column's cell is the
 * number's decimal text). */
int export_row(struct export *x, const char *const *cells, struct err *e);
/* Finishes the file into out (the XLSX read back from its temporary file,
 * which is removed) and frees what begin took. With rc, a failure before
 * it, only frees: returns rc. */
int export_end(struct export *x, int rc, struct err *e);

/* The text of one cell of export_list's rows: at most this, NUL included. */
#define EXPORT_CELL_SIZE 64

/* Writes the rows of list (filtered by arg, in q's order) into x, each
 * made into text cells by cells(st, out): at most max rows (0: every
 * one). Reads them chunk rows per statement, from the cursor of the last
 * one, so that no backend holds more than a chunk or a long read.
 * progress(arg, rows) (NULL: none) is told the rows written after each
 * chunk; when it answers non-zero the export stops with ERR_BUSY. */
struct list;
struct list_query;
int export_list(struct db *db, const struct list *list, struct list_query *q, const void *arg, struct export *x,
                long max, long chunk, void (*cells)(struct db_stmt *st, char (*out)[EXPORT_CELL_SIZE]),
                int (*progress)(void *arg, long rows), void *progress_arg, struct err *e);

/* The rows an XLSX sheet holds below its header row. */
#define EXPORT_XLSX_MAX_ROWS 1048575L

/* A file's name twice: in Chinese for the user (`检测记录_S0101_20230301-
 * 20230331_超限_导出20261202.xlsx`) and in ASCII for the clients that do
 * not read RFC 5987 (`detections_S0101_20230301-20230331_overlimit_
 * 20261202.xlsx`). Characters a file system refuses become '_'. */
struct export_name {
	char utf8[192];
	char ascii[128];
};
/* Starts a name with the export's title in both spellings. */
void export_name_init(struct export_name *n, const char *title, const char *title_ascii);
/* Adds a part (a filter's value): ascii NULL spells it as utf8 without
 * its characters that are not ASCII; a part that is then empty is left
 * out of the ASCII name. */
void export_name_add(struct export_name *n, const char *utf8, const char *ascii);
/* Ends the name with the local day of now (导出YYYYMMDD) and format's
 * extension. */
void export_name_end(struct export_name *n, int64_t now, enum export_format format);

/* The extension of format: "csv" or "xlsx"; and its media type. */
const char *export_extension(enum export_format format);
const char *export_media_type(enum export_format format);

/* ---- background exports (export_jobs.c) ------------------------------------ */

struct caller;
/* A job's filter by name: get(src, "site"); NULL when absent. */
typedef const char *(*export_get)(void *src, const char *name);

/* A job being run, as its producer sees it. */
struct export_run {
	struct db *db;              /* the worker's connection */
	const struct caller *scope; /* the requester's: sees_all and unit */
	export_get get;             /* the job's filter */
	void *src;
	enum export_format format;
	const char *path; /* the file to write (the worker renames it when done) */
	/* Tells the job's rows written and the rows the filter matches (at
	 * the start, then every few thousand rows); non-zero: stop now (the
	 * server is stopping), the producer returning ERR_BUSY. */
	int (*progress)(struct export_run *run, long rows, long total);
	long total; /* for the producer: the total it counted */
	void *worker;
};

/* A kind of export that runs in the background, made by the module that
 * owns the data: struct module's exports, ending with { 0 }. */
struct export_kind {
	const char *name; /* the job's "kind": "detections" */
	/* Checks a filter for scope before a job is queued, and names the
	 * file (export_name_init .. export_name_end with now): ERR_INVALID with
	 * a reason when the filter is not one. */
	int (*prepare)(export_get get, void *src, const struct caller *scope, enum export_format format, int64_t now,
	               struct export_name *name, struct err *e);
	/* Writes every row the filter matches in scope into run->path (a
	 * failure may leave a partial file: the worker removes it). */
	int (*run)(struct export_run *run, struct err *e);
};

/* Adds Content-Disposition: attachment with both spellings of name
 * (RFC 6266, the UTF-8 one as filename*, RFC 5987). */
void export_disposition(struct http_request *rq, const struct export_name *name);

/* Answers rq with the export in rq->out as an attachment named name. */
int export_send(struct http_request *rq, const struct export *x, const struct export_name *name);

#endif
