/* The case documents over HTTP (documents_http.c, document_*.c): each
 * document of a case (立案审批表, 行政处罚告知书, 行政处罚决定书, 送达回证,
 * 催告书, 结案报告) as a PDF once its act has happened, stored as issued
 * (the content shown, the SHA-256 of the bytes, an access code) on its
 * first request and rendered again from that content afterwards; and the
 * public verification page a document's QR code leads to.
 * docs/documents.md. */
#ifndef SUNROAD_CASES_DOCUMENTS_HTTP_H
#define SUNROAD_CASES_DOCUMENTS_HTTP_H

#include "cases.h"
#include "base/config.h"

#include <jansson.h>
#include <stdint.h>

/* The settings of the documents (module.c's table points into them). */
struct cases_document_settings {
	char public_url[512]; /* the verification page's base: "<public_url>/verify/<code>" */
	char agency[256];     /* the issuing agency, printed on every document */
};
extern struct cases_document_settings cases_document_settings;

#define CASES_DOCUMENT_SETTINGS                                                                                       \
	{ "public_url",                                                                                               \
	  "SUNROAD_PUBLIC_URL",                                                                                       \
	  SETTING_TEXT(cases_document_settings.public_url),                                                           \
	  "http://127.0.0.1:8080",                                                                                    \
	  0,                                                                                                          \
	  0,                                                                                                          \
	  NULL,                                                                                                       \
	  "the server's public address, for the verification QR code on case documents (<public_url>/verify/CODE)" }, \
	{                                                                                                             \
		"document_agency", "SUNROAD_DOCUMENT_AGENCY", SETTING_TEXT(cases_document_settings.agency),           \
		    "交通运输综合行政执法支队", 0, 0, NULL, "the agency named on the case documents"                  \
	}

/* GET /api/v1/cases/{id}/documents/{name}.pdf, GET /verify/{code},
 * GET /api/v1/verify/{code}. */
int case_document_get(struct http_request *rq, struct err *e);
int document_verify_page(struct http_request *rq, struct err *e);
int document_verify_get(struct http_request *rq, struct err *e);

/* The routes as rows, for module.c to join with CASES_ROUTES. */
#define CASES_DOCUMENT_ROUTES                                                         \
	{ HTTP_GET, "/api/v1/cases/{}/documents/{}", case_document_get, CASE_ROLES }, \
	    { HTTP_GET, "/api/v1/verify/{}", document_verify_get, ACCESS_PUBLIC },    \
	{                                                                             \
		HTTP_GET, "/verify/{}", document_verify_page, ACCESS_PUBLIC           \
	}
/* The same rows as a table ending with { 0 }. */
extern const struct http_route cases_document_routes[];

/* The documents issued for case_id, for CASE: [{"name","title","issued_on",
 * "sha256","access_code","url"}] in the order of the procedure (url: the
 * PDF's route; the access code is printed on the document and opens
 * /verify/<code>); an empty array when none
 * (or when the database cannot be read: CASE still answers). The caller
 * owns the result. */
json_t *cases_documents_json(struct db *db, int64_t case_id);

#endif
