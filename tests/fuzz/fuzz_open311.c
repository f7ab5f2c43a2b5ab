/* libFuzzer target: a request posted to the Open311 interface, and the
 * XML it is answered in.
 *
 * The bytes are the body of POST /open311/v2/requests.xml: read as
 * application/x-www-form-urlencoded (form_read: %XX and + decoded, each
 * name once, UTF-8 only), or, when they start with '{', as JSON
 * (http_body_json, json_read); the parameters then become the body of a
 * ticket (ticket_body: the rulebook's service codes and kinds, the
 * coordinates, the lengths, the e-mail and URL checks), or a refusal.
 * The ticket's body (the client's texts in it) and the refusal are written
 * as the XML the interface answers (xml_from_json, fail) and as JSON: the
 * XML must be well formed (every < a tag, every & an entity, only the
 * characters XML 1.0 allows). The same bytes are also a {} path segment
 * ("ID.xml": segment) and a comma list of ids (list_split).
 *
 * tickets/open311.c is included, as the unit tests do, to reach these
 * static functions; the handler itself needs the database for the
 * client's key before ticket_body. */
#include "fuzz.h"

#include "../../src/tickets/open311.c"

/* The length of the character of XML 1.0 at p (n bytes left), or 0 when
 * it is not one (a control character, U+FFFE, U+FFFF, a surrogate, bytes
 * that are not UTF-8). */
static size_t xml_char(const unsigned char *p, size_t n)
{
	if (p[0] < 0x80)
		return p[0] >= 0x20 || p[0] == '\t' || p[0] == '\n' || p[0] == '\r';
	size_t len = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;
	if (len > n || !utf8_valid((const char *)p, len))
		return 0;
	if (len == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe)
		return 0; /* U+FFFE, U+FFFF */
	return len;
}

/* Traps unless xml is a well-formed document of ours: the declaration,
 * tags, character data and the five entities. */
static void check_xml(const struct buf *xml)
{
	static const char *const entities[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };
	const unsigned char *p = (const unsigned char *)xml->p;
	size_t n = xml->n;
	int depth = 0;
	for (size_t i = 0; i < n;) {
		if (p[i] == '<') {
			size_t end = i + 1;
			while (end < n && p[end] != '>' && p[end] != '<')
				end++;
			FUZZ_CHECK(end < n && p[end] == '>');
			if (p[i + 1] == '/')
				depth--;
			else if (p[i + 1] != '?' && p[end - 1] != '/')
				depth++;
			FUZZ_CHECK(depth >= 0);
			i = end + 1;
		} else if (p[i] == '&') {
			size_t k = 0;
			while (k < 5 &&
			       (n - i < strlen(entities[k]) || memcmp(p + i, entities[k], strlen(entities[k]))))
				k++;
			FUZZ_CHECK(k < 5);
			i += strlen(entities[k]);
		} else {
			FUZZ_CHECK(p[i] != '>');
			size_t len = xml_char(p + i, n - i);
			FUZZ_CHECK(len);
			i += len;
		}
	}
	FUZZ_CHECK(depth == 0);
}

static void request_init(struct http_request *rq)
{
	memset(rq, 0, sizeof *rq);
	buf_init(&rq->out);
	buf_init(&rq->body);
	snprintf(rq->id, sizeof rq->id, "fuzz");
}

/* The answer rq holds: XML well formed, JSON parsed whole. */
static void check_answer(struct http_request *rq, enum format f)
{
	FUZZ_CHECK(rq->answered);
	if (f == FORMAT_XML) {
		check_xml(&rq->out);
	} else {
		json_t *v = json_loadb(rq->out.p, rq->out.n, 0, NULL);
		FUZZ_CHECK(v);
		json_decref(v);
	}
	buf_clear(&rq->out);
	rq->answered = false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_min_level = LOG_OFF;
	snprintf(open311_settings.jurisdiction, sizeof open311_settings.jurisdiction, "sunroad");
	struct err e = { 0 };
	if (tickets_start(NULL, &e) != 0) {
		fprintf(stderr, "fuzz_open311: %s\n", e.msg);
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request rq;
	request_init(&rq);
	struct err e = { 0 };
	json_t *params = json_object();
	int rc;
	if (size && data[0] == '{') {
		buf_add(&rq.body, data, size);
		json_t *body = http_body_json(&rq, &e);
		rc = body ? json_read(body, params, &e) : e.code;
		json_decref(body);
	} else {
		rc = form_read((const char *)data, size, params, &e);
	}
	for (enum format f = FORMAT_JSON; f <= FORMAT_XML; f++) {
		if (rc) {
			fuzz_check_err(rc, &e);
			fail(&rq, f, 400, "%s", e.msg);
			check_answer(&rq, f);
			continue;
		}
		FUZZ_CHECK(jurisdiction_check(&rq, f, param(params, "jurisdiction_id")) == 0 || rq.answered);
		if (rq.answered)
			check_answer(&rq, f);
		json_t *body = json_object();
		char why[WHY_SIZE] = "";
		int status = ticket_body(params, "fuzz-client", body, why);
		if (status) {
			FUZZ_CHECK(status == 400 || status == 404);
			fail(&rq, f, status, "%s", why);
		} else {
			FUZZ_CHECK(json_string_value(json_object_get(body, "category")));
			FUZZ_CHECK(json_string_length(json_object_get(body, "text")) <= 4000);
			/* The ticket's body, client's texts in it, as an answer. */
			answer(&rq, f, 200, "service_requests", json_pack("[O]", body));
		}
		json_decref(body);
		check_answer(&rq, f);
	}
	json_decref(params);

	/* GET /open311/v2/requests/{ID.xml} and ?service_request_id=a,b,c. */
	char *text = fuzz_text(data, size);
	char id[64];
	enum format f;
	rq.param[0] = (struct slice){ text, strlen(text) };
	rq.path = text;
	if (segment(&rq, id, sizeof id, &f))
		check_answer(&rq, f);
	else
		FUZZ_CHECK(strlen(id) < sizeof id);
	char *copy = NULL;
	const char *items[IDS_MAX];
	int n = list_split(text, &copy, items, IDS_MAX);
	FUZZ_CHECK(n <= IDS_MAX);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(*items[i] && items[i][0] != ' ' && items[i][strlen(items[i]) - 1] != ' ');
	free(copy);
	free(text);
	buf_release(&rq.body);
	buf_release(&rq.out);
	return 0;
}
