/* The public verification of a document (docs/documents.md): GET
 * /verify/{code}, the page a document's QR code leads to, and GET
 * /api/v1/verify/{code}, the same as JSON. Anyone may ask, so the party
 * is masked as for the public. */
#include "documents_http.h"
#include "case_documents.h"
#include "document_words.h"
#include "party.h"
#include "base/datetime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The document of an access code, as the public may see it: {"title",
 * "kind","number","issued_on","agency","party":{"kind","name","id_number"},
 * "plate","fine_fen","sha256"}, masked. *out NULL when no document has it. */
static int verified(struct db *db, struct slice given, json_t **out, struct err *e)
{
	*out = NULL;
	char code[CODE_LEN + 1];
	if (given.n != CODE_LEN)
		return 0;
	for (size_t i = 0; i < CODE_LEN; i++) {
		char ch = given.p[i] >= 'a' && given.p[i] <= 'z' ? (char)(given.p[i] - 'a' + 'A') : given.p[i];
		if (!ch || !strchr(CODE_ALPHABET, ch))
			return 0;
		code[i] = ch;
	}
	code[CODE_LEN] = '\0';
	struct db_stmt *st;
	int rc = db_row(db, "SELECT content, sha256 FROM case_documents WHERE access_code = $1", DB_ARGS(DB_TEXT(code)),
	                &st, e);
	if (rc <= 0)
		return rc;
	json_t *content = json_loads(db_col_text(st, 0), 0, NULL);
	char sha256[65];
	snprintf(sha256, sizeof sha256, "%s", db_col_text(st, 1));
	db_row_done(st);
	if (!content)
		return err_set(e, ERR_DB, "the stored content of document %s is not JSON", code);
	const json_t *shown = json_object_get(content, "shown");
	int k = case_document_index(text_of(content, "kind"));
	const char *kind = text_of(shown, "party_kind"), *name = text_of(shown, "party_name"),
	           *id = text_of(shown, "id_number");
	bool person = strcmp(kind, "organisation") != 0;
	char *masked_name = malloc(strlen(name) + 1), *masked_id = malloc(strlen(id) + 1);
	if (masked_name && masked_id) {
		if (person)
			party_mask_name(slice_from(name), masked_name);
		else
			snprintf(masked_name, strlen(name) + 1, "%s", name);
		if (person)
			party_mask_resident_id(slice_from(id), masked_id);
		else
			party_mask_credit_code(slice_from(id), masked_id);
		*out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:s,s:O,s:s}", "title",
		                 k < 0 ? "" : document_kind_title(case_document_names[k].kind), "kind",
		                 text_of(content, "kind"), "number", text_of(content, "number"), "issued_on",
		                 text_of(content, "issued_on"), "agency", text_of(content, "agency"), "party", "kind",
		                 kind, "name", masked_name, "id_number", masked_id, "plate", text_of(shown, "plate"),
		                 "fine_fen",
		                 json_object_get(shown, "fine_fen") ? json_object_get(shown, "fine_fen") : json_null(),
		                 "sha256", sha256);
	}
	free(masked_name);
	free(masked_id);
	json_decref(content);
	return *out ? 1 : err_set(e, ERR_NOMEM, "out of memory verifying a document");
}

int document_verify_get(struct http_request *rq, struct err *e)
{
	json_t *v;
	int rc = verified(rq->db, rq->param[0], &v, e);
	if (rc < 0)
		return rc;
	if (!v)
		return err_reason(e, ERR_NOTFOUND, "document_code_unknown", ERR_NO_ARGS,
		                  "no document has this access code");
	return http_json(rq, 200, v);
}

static void html_escaped(struct buf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_adds(out, "&amp;");
			break;
		case '<':
			buf_adds(out, "&lt;");
			break;
		case '>':
			buf_adds(out, "&gt;");
			break;
		case '"':
			buf_adds(out, "&quot;");
			break;
		case '\'':
			buf_adds(out, "&#39;");
			break;
		default:
			buf_addc(out, *s);
		}
	}
}

static void html_item(struct buf *out, const char *label, const char *value)
{
	buf_adds(out, "<dt>");
	html_escaped(out, label);
	buf_adds(out, "</dt><dd>");
	html_escaped(out, value);
	buf_adds(out, "</dd>\n");
}

int document_verify_page(struct http_request *rq, struct err *e)
{
	json_t *v;
	int rc = verified(rq->db, rq->param[0], &v, e);
	if (rc < 0)
		return rc;
	struct buf *out = &rq->out;
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	              "<title>执法文书查验</title>\n<link rel=\"stylesheet\" href=\"/app.css\">\n</head>\n"
	              "<body class=\"verify\">\n<main class=\"verify-page\">\n<h1>执法文书查验</h1>\n");
	if (!v) {
		buf_adds(out, "<p class=\"verify-result verify-unknown\">未找到该查验码对应的文书。</p>\n"
		              "<p>请核对文书左下角二维码下方的查验码(10位，不含数字0、1和字母I、O)，"
		              "或向出具文书的执法机构核实。</p>\n</main>\n</body>\n</html>\n");
		return http_send(rq, 404, "text/html; charset=utf-8");
	}
	const json_t *party = json_object_get(v, "party");
	buf_adds(out, "<p class=\"verify-result verify-ok\">该文书由");
	html_escaped(out, text_of(v, "agency"));
	buf_adds(out, "出具，登记信息如下。</p>\n<dl class=\"verify-facts\">\n");
	html_item(out, "文书", text_of(v, "title"));
	html_item(out, "文号", text_of(v, "number"));
	char day[32] = "";
	int32_t d;
	if (date_parse(slice_from(text_of(v, "issued_on")), &d) == 0)
		document_day_words(d, day);
	html_item(out, "出具日期", day);
	html_item(out, "当事人", text_of(party, "name"));
	if (*text_of(party, "id_number"))
		html_item(out, strcmp(text_of(party, "kind"), "organisation") == 0 ? "统一社会信用代码" : "身份证号码",
		          text_of(party, "id_number"));
	if (*text_of(v, "plate"))
		html_item(out, "车辆号牌", text_of(v, "plate"));
	const json_t *fine = json_object_get(v, "fine_fen");
	if (json_is_integer(fine)) {
		char yuan[40], text[64];
		document_yuan_text(json_integer_value(fine), yuan);
		snprintf(text, sizeof text, "%s元", yuan);
		html_item(out, "罚款金额", text);
	}
	html_item(out, "执法机构", text_of(v, "agency"));
	html_item(out, "文件 SHA-256", text_of(v, "sha256"));
	buf_adds(out, "</dl>\n<p class=\"verify-note\">请核对纸质文书的文号、当事人和金额与上述一致；"
	              "电子文件的 SHA-256 与上述一致即为出具的原件。为保护当事人信息，姓名和证件号码部分隐去。</p>\n"
	              "</main>\n</body>\n</html>\n");
	json_decref(v);
	return http_send(rq, 200, "text/html; charset=utf-8");
}
