/* The case documents over HTTP (docs/api.md, docs/documents.md).
 *
 * A document exists once its act has happened. Its first request issues
 * it: the case's facts are worded into the document's texts (a JSON
 * "content"), the content is rendered (document.c), and the content, the
 * SHA-256 of the bytes and a random access code are stored in
 * case_documents, audited `case.document`. Every later request renders the
 * stored content again, never the case as it is today nor today's
 * rulebook: a legal record says what it said when it was issued. A
 * re-render whose bytes hash otherwise than the stored SHA-256 (the fonts
 * or cairo changed under the server) is refused with 500
 * `document_changed`: a different document is never served silently.
 *
 * The QR code of each page leads to GET /verify/<code>, a public page that
 * shows what the document shows, masked as for the public.
 *
 * This file serves the PDF; the wording is document_content.c's, the
 * issuing and storing document_store.c's, the page document_verify.c's. */
#include "documents_http.h"
#include "case_documents.h"
#include "base/access.h"

#include <stdio.h>
#include <string.h>

struct cases_document_settings cases_document_settings;

const struct http_route cases_document_routes[] = { CASES_DOCUMENT_ROUTES, { 0 } };

/* ---- GET /api/v1/cases/{id}/documents/{name}.pdf ----------------------------- */

/* Percent-encodes s for filename*= (RFC 5987: attr-char kept). */
static void percent_encode(const char *s, struct buf *out)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p))
			buf_addc(out, (char)*p);
		else
			buf_addf(out, "%%%02X", *p);
	}
}

static int send_pdf(struct http_request *rq, const struct case_loaded *c, int k, const struct buf *pdf,
                    const char *sha256)
{
	struct buf name, header;
	buf_init(&name);
	buf_init(&header);
	buf_addf(&name, "%s_%s.pdf", c->number, document_kind_title(case_document_names[k].kind));
	buf_addf(&header, "inline; filename=\"case-%lld_%s.pdf\"; filename*=UTF-8''", (long long)c->id,
	         case_document_names[k].name);
	percent_encode(name.p, &header);
	http_add_header(rq, "Content-Disposition", header.p);
	http_add_header(rq, "Cache-Control", "private");
	http_add_header(rq, "X-Document-SHA256", sha256);
	buf_release(&name);
	buf_release(&header);
	buf_add(&rq->out, pdf->p, pdf->n);
	return http_send(rq, 200, "application/pdf");
}

int case_document_get(struct http_request *rq, struct err *e)
{
	int64_t id;
	if (slice_to_int(rq->param[0], &id) || id < 1)
		return err_reason(e, ERR_NOTFOUND, "case_unknown", ERR_NO_ARGS, "no such case");
	char name[16] = "";
	struct slice p = rq->param[1];
	int k = -1;
	if (p.n > 4 && p.n < sizeof name + 4 && memcmp(p.p + p.n - 4, ".pdf", 4) == 0) {
		memcpy(name, p.p, p.n - 4);
		name[p.n - 4] = '\0';
		k = case_document_index(name);
	}
	struct case_loaded c;
	int rc = cases_load(rq->db, caller_of(rq), id, &c, e);
	if (!rc && k < 0)
		rc = err_reason(e, ERR_NOTFOUND, "document_unknown", ERR_ARGS(ERR_TEXT("name", name)),
		                "no document '%.*s': opening, notice, decision, receipt, demand or closing (.pdf)",
		                (int)p.n, p.p);
	struct buf pdf;
	buf_init(&pdf);
	json_t *content = NULL;
	char sha256[65] = "", again[65] = "";
	int found = rc ? rc : case_document_stored(rq->db, id, k, &content, sha256, e);
	if (found == 0) {
		int32_t day = case_document_act_day(&c, case_document_names[k].kind);
		if (!day)
			found = err_reason(e, ERR_CONFLICT, "document_not_yet",
			                   ERR_ARGS(ERR_TEXT("document", case_document_names[k].name),
			                            ERR_TEXT("state", case_state_name(c.status.state))),
			                   "the %s of case %s is issued once its act is recorded",
			                   case_document_names[k].name, c.number);
		else
			found = case_document_issue(rq, &c, k, day, &pdf, sha256, e);
		/* Issued by another request meanwhile: serve that one. */
		if (found == 0 && (found = case_document_stored(rq->db, id, k, &content, sha256, e)) == 0)
			found = err_set(e, ERR_CONFLICT, "the document could not be stored: try again");
	}
	if (found == 1 && content) {
		buf_clear(&pdf);
		rc = case_document_render(content, &pdf, again, e);
		if (!rc && strcmp(again, sha256) != 0)
			rc = err_reason(
			    e, ERR_IO, "document_changed",
			    ERR_ARGS(ERR_TEXT("document", case_document_names[k].name), ERR_TEXT("sha256", sha256)),
			    "the %s of case %s renders now to SHA-256 %s, not the %s issued (fonts or cairo "
			    "changed?): not served",
			    case_document_names[k].name, c.number, again, sha256);
		found = rc ? rc : 1;
	}
	rc = found < 0 ? found : send_pdf(rq, &c, k, &pdf, sha256);
	json_decref(content);
	buf_release(&pdf);
	cases_loaded_free(&c);
	return rc;
}
