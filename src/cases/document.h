/* The penalty-case documents (立案审批表, 行政处罚告知书, 行政处罚决定书,
 * 送达回证, 催告书, 结案报告) as PDF: content in, bytes out. A document is
 * plain text the caller has already worded; this file only lays it out the
 * way the 交通运输行政执法文书 formats do (A4 portrait; agency and title
 * centred, the number right-aligned under them; labelled fields or a
 * bordered form; headed sections; the agency and date bottom right where
 * the seal goes; a QR code to the verification page with its access code
 * bottom left; "第 1 页 共 2 页" on every page). It reads no database, no
 * clock and no file but the fonts: the same document gives the same bytes.
 * docs/documents.md says how it is drawn and tested. */
#ifndef SUNROAD_CASES_DOCUMENT_H
#define SUNROAD_CASES_DOCUMENT_H

#include "base/buf.h"
#include "base/err.h"

#include <stddef.h>

enum document_kind {
	DOCUMENT_OPENING,  /* 立案审批表 */
	DOCUMENT_NOTICE,   /* 行政处罚告知书 */
	DOCUMENT_DECISION, /* 行政处罚决定书 */
	DOCUMENT_RECEIPT,  /* 送达回证 */
	DOCUMENT_DEMAND,   /* 催告书 */
	DOCUMENT_CLOSING,  /* 结案报告 */
	DOCUMENT_KINDS
};

/* The official title of a kind ("行政处罚决定书"); NULL for a bad kind. */
const char *document_kind_title(enum document_kind kind);

/* One labelled line: "当事人：" and its value, which wraps under itself. */
struct document_field {
	const char *label, *value;
};

/* One row of a bordered form: a label and its value, or two pairs side by
 * side (label2 non-NULL); min_height_mm keeps room for a signature. */
struct document_row {
	const char *label, *value;
	const char *label2, *value2;
	int min_height_mm;
};

/* A heading ("一、违法事实"; NULL: none) and its paragraphs, each indented by
 * two characters. */
struct document_section {
	const char *heading;
	const char *const *paragraphs;
	size_t paragraph_count;
};

/* Everything a document shows, in the order it shows it. Text is UTF-8
 * and the caller's (nothing is kept after the call); any array may be
 * empty. */
struct document {
	enum document_kind kind;
	const char *agency; /* "某某市交通运输综合执法支队" */
	const char *title;  /* NULL: document_kind_title(kind) */
	const char *number; /* "鄂交执罚〔2023〕0001号" */
	const struct document_field *fields;
	size_t field_count;
	const struct document_row *rows; /* the form, after the fields */
	size_t row_count;
	const struct document_section *sections; /* after the form */
	size_t section_count;
	const char *const *signature; /* lines over the date, bottom right: the agency */
	size_t signature_count;
	const char *issued_on;   /* "YYYY-MM-DD": the date line, and the PDF's dates */
	const char *verify_url;  /* what the QR code holds: ".../verify/<code>" */
	const char *access_code; /* printed under the QR code */
};

/* Appends the PDF of d to out. The bytes depend on d alone (and on the
 * installed fonts): the PDF's creation and modification dates are
 * issued_on at midnight, Beijing time. Safe to call from several threads
 * at once: fontconfig is loaded once per process, and each thread draws
 * with its own pango font map (pango's per-thread default). Returns 0;
 * ERR_INVALID when a required text (agency, number, issued_on, verify_url,
 * access_code) is missing or not UTF-8 or issued_on is not a date;
 * ERR_UNSUPPORTED when the font (Noto Serif CJK SC, Debian's
 * fonts-noto-cjk) is not installed; ERR_NOMEM when cairo or libqrencode
 * fail. On error out may hold part of a PDF: the caller discards it. */
int document_render_pdf(const struct document *d, struct buf *out, struct err *e);

#endif
