/* What the files of the case documents share (not published:
 * documents_http.h has the routes). A document is named by its index k in
 * case_document_names; document_content.c words a case into a document's
 * content (JSON texts), document_store.c renders, issues and finds it,
 * documents_http.c serves it, document_verify.c shows it to the public. */
#ifndef SUNROAD_CASES_CASE_DOCUMENTS_H
#define SUNROAD_CASES_CASE_DOCUMENTS_H

#include "cases.h"
#include "document.h"
#include "base/buf.h"

#include <jansson.h>
#include <stdint.h>

/* The documents by name, in the order of the procedure. */
struct case_document_name {
	const char *name;
	enum document_kind kind;
};
extern const struct case_document_name case_document_names[DOCUMENT_KINDS];
#define CASE_DOCUMENT_COUNT (sizeof case_document_names / sizeof case_document_names[0])

/* The index of a document's name ("notice"), -1 when none. */
int case_document_index(const char *name);

/* An access code: 10 characters without 0, 1, I and O (read aloud or typed
 * from paper without doubt); 32^10 = 2^50 codes. */
#define CODE_ALPHABET "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
#define CODE_LEN      10

/* o[key] as text, "" when absent or not text. */
static inline const char *text_of(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* document_content.c: words document k of case c as issued on day with
 * access code code: its content into *out, the caller's ({"kind",
 * "agency","number","fields","rows","sections","signature","issued_on",
 * "verify_url","access_code","shown"}). */
int case_document_word(struct db *db, const struct case_loaded *c, int k, int32_t day, const char *code, json_t **out,
                       struct err *e);

/* document_content.c: the day a document's act happened, 0 while it has
 * not. */
int32_t case_document_act_day(const struct case_loaded *c, enum document_kind kind);

/* document_store.c: renders content (as case_document_word makes it, or
 * as stored) into pdf and its SHA-256 (hex) into sha256. */
int case_document_render(const json_t *content, struct buf *pdf, char sha256[65], struct err *e);

/* document_store.c: the stored document (name k of case id): 1 with its
 * content (the caller's) and SHA-256, 0 when not issued yet. */
int case_document_stored(struct db *db, int64_t id, int k, json_t **content, char sha256[65], struct err *e);

/* document_store.c: issues document k of case c: words it, renders it
 * into pdf, stores it with the audit entry. 1 when issued; 0 when another
 * request issued it first. */
int case_document_issue(struct http_request *rq, const struct case_loaded *c, int k, int32_t day, struct buf *pdf,
                        char sha256[65], struct err *e);

#endif
