/* Reading the first sheet of an XLSX workbook (what the hotline platforms
 * export) into a grid: the zip entries xl/sharedStrings.xml and
 * xl/worksheets/sheet1.xml inflated with zlib, read by a minimal XML
 * reader (<si>/<t>; <row r=>/<c r= t= s=>/<v>, <is><t>; <mergeCell ref=>).
 * A merged range's value fills each of its empty cells, so that a header
 * merged across rows or columns names every column it covers. A leaf: no
 * database. */
#ifndef SUNROAD_TICKETS_XLSX_H
#define SUNROAD_TICKETS_XLSX_H

#include "import_sheet.h"

/* Whether (p, n) begins as a zip archive does ("PK\3\4"). */
bool xlsx_is_zip(const char *p, size_t n);

/* The entry called name of the zip archive (p, n), inflated into out
 * (cleared first): ERR_NOTFOUND when it has none, ERR_PARSE when it is no
 * zip archive this reader takes (zip64, encrypted, a method other than
 * stored or deflated, more than 256 MiB inflated). */
int xlsx_zip_entry(const char *p, size_t n, const char *name, struct buf *out, struct err *e);

/* The first sheet of the workbook (p, n) into s (numeric cells marked
 * number). ERR_PARSE when it is not a workbook. */
int xlsx_read(const char *p, size_t n, struct sheet *s, struct err *e);

#endif
