/* The documents as issued (case_documents.h): their names, the random
 * access code of each, the rendering of a content into PDF bytes and
 * their SHA-256, and the case_documents rows that keep what was issued. */
#include "case_documents.h"
#include "documents_http.h"
#include "base/access.h"
#include "base/audit.h"
#include "base/datetime.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct case_document_name case_document_names[DOCUMENT_KINDS] = {
	{ "opening", DOCUMENT_OPENING }, { "notice", DOCUMENT_NOTICE }, { "decision", DOCUMENT_DECISION },
	{ "receipt", DOCUMENT_RECEIPT }, { "demand", DOCUMENT_DEMAND }, { "closing", DOCUMENT_CLOSING },
};

int case_document_index(const char *name)
{
	for (size_t i = 0; i < CASE_DOCUMENT_COUNT; i++)
		if (strcmp(case_document_names[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* A new access code. */
static void access_code_new(char out[CODE_LEN + 1])
{
	for (int i = 0; i < CODE_LEN; i++)
		out[i] = CODE_ALPHABET[randombytes_uniform(sizeof CODE_ALPHABET - 1)];
	out[CODE_LEN] = '\0';
}

/* ---- rendering the content ------------------------------------------------- */

int case_document_render(const json_t *content, struct buf *pdf, char sha256[65], struct err *e)
{
	int k = case_document_index(text_of(content, "kind"));
	if (k < 0)
		return err_set(e, ERR_DB, "a stored document has no known kind");
	const json_t *fields = json_object_get(content, "fields"), *rows = json_object_get(content, "rows"),
	             *sections = json_object_get(content, "sections"),
	             *signature = json_object_get(content, "signature");
	size_t nf = json_array_size(fields), nr = json_array_size(rows), ns = json_array_size(sections),
	       nsig = json_array_size(signature), npar = 0;
	for (size_t i = 0; i < ns; i++)
		npar += json_array_size(json_object_get(json_array_get(sections, i), "paragraphs"));
	struct document_field *f = calloc(nf + 1, sizeof *f);
	struct document_row *r = calloc(nr + 1, sizeof *r);
	struct document_section *s = calloc(ns + 1, sizeof *s);
	const char **par = calloc(npar + 1, sizeof *par), **sig = calloc(nsig + 1, sizeof *sig);
	int rc = 0;
	if (!f || !r || !s || !par || !sig)
		rc = err_set(e, ERR_NOMEM, "out of memory rendering a document");
	for (size_t i = 0; !rc && i < nf; i++) {
		const json_t *x = json_array_get(fields, i);
		f[i] = (struct document_field){ json_string_value(json_array_get(x, 0)),
			                        json_string_value(json_array_get(x, 1)) };
	}
	for (size_t i = 0; !rc && i < nr; i++) {
		const json_t *x = json_array_get(rows, i);
		r[i] = (struct document_row){ json_string_value(json_array_get(x, 0)),
			                      json_string_value(json_array_get(x, 1)),
			                      json_string_value(json_array_get(x, 2)),
			                      json_string_value(json_array_get(x, 3)),
			                      (int)json_integer_value(json_array_get(x, 4)) };
	}
	size_t at = 0;
	for (size_t i = 0; !rc && i < ns; i++) {
		const json_t *x = json_array_get(sections, i), *ps = json_object_get(x, "paragraphs");
		s[i] = (struct document_section){ json_string_value(json_object_get(x, "heading")), par + at,
			                          json_array_size(ps) };
		for (size_t j = 0; j < json_array_size(ps); j++)
			par[at++] = json_string_value(json_array_get(ps, j));
	}
	for (size_t i = 0; !rc && i < nsig; i++)
		sig[i] = json_string_value(json_array_get(signature, i));
	struct document d = {
		.kind = case_document_names[k].kind,
		.agency = json_string_value(json_object_get(content, "agency")),
		.number = json_string_value(json_object_get(content, "number")),
		.fields = f,
		.field_count = nf,
		.rows = r,
		.row_count = nr,
		.sections = s,
		.section_count = ns,
		.signature = sig,
		.signature_count = nsig,
		.issued_on = json_string_value(json_object_get(content, "issued_on")),
		.verify_url = json_string_value(json_object_get(content, "verify_url")),
		.access_code = json_string_value(json_object_get(content, "access_code")),
	};
	if (!rc)
		rc = document_render_pdf(&d, pdf, e);
	if (!rc) {
		unsigned char hash[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(hash, (const unsigned char *)pdf->p, pdf->n);
		sodium_bin2hex(sha256, 65, hash, sizeof hash);
	}
	free(f);
	free(r);
	free(s);
	free(par);
	free(sig);
	return rc;
}

/* ---- issuing: the rows of case_documents ------------------------------------ */

int case_document_stored(struct db *db, int64_t id, int k, json_t **content, char sha256[65], struct err *e)
{
	struct db_stmt *st;
	*content = NULL;
	int rc = db_row(db, "SELECT content, sha256 FROM case_documents WHERE case_id = $1 AND name = $2",
	                DB_ARGS(DB_INT(id), DB_TEXT(case_document_names[k].name)), &st, e);
	if (rc <= 0)
		return rc;
	*content = json_loads(db_col_text(st, 0), 0, NULL);
	snprintf(sha256, 65, "%s", db_col_text(st, 1));
	db_row_done(st);
	if (!*content)
		return err_set(e, ERR_DB, "the stored content of %s of case %lld is not JSON",
		               case_document_names[k].name, (long long)id);
	return 1;
}

int case_document_issue(struct http_request *rq, const struct case_loaded *c, int k, int32_t day, struct buf *pdf,
                        char sha256[65], struct err *e)
{
	char code[CODE_LEN + 1];
	access_code_new(code);
	json_t *content;
	int rc = case_document_word(rq->db, c, k, day, code, &content, e);
	if (rc)
		return rc;
	/* Rendered from the text that is stored, parsed again: what a later
	 * request renders is exactly this. */
	char *text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(content);
	json_t *parsed = text ? json_loads(text, 0, NULL) : NULL;
	rc = parsed ? case_document_render(parsed, pdf, sha256, e)
	            : err_set(e, ERR_NOMEM, "out of memory storing a document");
	json_decref(parsed);
	const char *login = caller_of(rq)->login;
	int64_t now = (int64_t)time(NULL);
	int64_t inserted = 0;
	if (!rc && !(rc = db_begin(rq->db, e))) {
		rc = db_get_int(rq->db,
		                "INSERT INTO case_documents (case_id, name, issued_on, access_code, sha256, content,"
		                " created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
		                " ON CONFLICT DO NOTHING RETURNING 1",
		                DB_ARGS(DB_INT(c->id), DB_TEXT(case_document_names[k].name), DB_INT(date_key(day)),
		                        DB_TEXT(code), DB_TEXT(sha256), DB_TEXT(text), DB_INT(now), DB_TEXT(login)),
		                &inserted, e);
		if (rc == 1) {
			char object[32], issued[11];
			snprintf(object, sizeof object, "case:%lld", (long long)c->id);
			date_format(day, issued);
			rc = audit_append_json(rq->db, login, "case.document", object, NULL,
			                       json_pack("{s:s,s:s,s:s,s:s}", "document", case_document_names[k].name,
			                                 "number", c->number, "issued_on", issued, "sha256", sha256),
			                       now, e);
			rc = rc ? rc : db_commit(rq->db, e);
			rc = rc ? rc : 1;
		}
		if (rc <= 0)
			db_rollback(rq->db);
	}
	free(text);
	return rc;
}

/* ---- the documents of CASE ---------------------------------------------------- */

json_t *cases_documents_json(struct db *db, int64_t case_id)
{
	json_t *out = json_array(), *by_name[CASE_DOCUMENT_COUNT] = { 0 };
	struct err e = { 0 };
	struct db_stmt *st =
	    db_prepare(db, "SELECT name, issued_on, sha256, access_code FROM case_documents WHERE case_id = $1", &e);
	if (!st)
		return out;
	db_bind_int(st, 1, case_id);
	while (db_step(st, &e) == DB_ROW) {
		int k = case_document_index(db_col_text(st, 0));
		if (k < 0 || by_name[k])
			continue;
		char issued[11], url[96];
		date_format(date_from_key((int32_t)db_col_int(st, 1)), issued);
		snprintf(url, sizeof url, "/api/v1/cases/%lld/documents/%s.pdf", (long long)case_id,
		         case_document_names[k].name);
		by_name[k] = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "name", case_document_names[k].name, "title",
		                       document_kind_title(case_document_names[k].kind), "issued_on", issued, "sha256",
		                       db_col_text(st, 2), "access_code", db_col_text(st, 3), "url", url);
	}
	for (size_t k = 0; k < CASE_DOCUMENT_COUNT; k++)
		if (by_name[k])
			json_array_append_new(out, by_name[k]);
	return out;
}
