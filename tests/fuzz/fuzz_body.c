/* libFuzzer target: a request's JSON body, as the routes read it.
 *
 * The bytes are the body of a request: http_body_json parses it (duplicate
 * keys refused); its members are then read by every body reader the routes
 * share (base/body.c: body_text, body_day, body_instant), the cases'
 * (case_body_yuan, case_body_footage), the ticket desk's receipt of POST
 * /api/v1/tickets (receipt_read, with the rulebook's codes, the caller's
 * phone and the subject's plate), the party and the vehicle of POST
 * /api/v1/cases (party_read: a resident ID or credit code by its check
 * digit, a phone; vehicle_read: the plate) and an import mapping (POST of
 * a mapping: ticket_mapping_parse). Each reader is called on the members the
 * routes name and on every member the body has. Whatever the body, a
 * reader accepts or refuses with an error the API can answer: http_error
 * must write a JSON object.
 *
 * tickets/api.c and cases/case_open.c are included, as the unit tests do,
 * to reach receipt_read, party_read and vehicle_read. */
#include "fuzz.h"

#include "../../src/cases/case_open.c"
#include "../../src/tickets/api.c"
#include "base/body.h"
#include "cases/request_body.h"
#include "tickets/import.h"

#include <stdlib.h>

/* The fixed "now" of the readers that compare with it: 2026-12-03. */
#define FUZZ_NOW 1796256000

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_min_level = LOG_OFF;
	struct err e = { 0 };
	/* The built-in rulebooks (tickets and the calendar), as a server
	 * without rules/ has. */
	if (tickets_start(NULL, &e) != 0) {
		fprintf(stderr, "fuzz_body: %s\n", e.msg);
		abort();
	}
	return 0;
}

/* Whether this input's first refusal was answered already. */
static bool answered;

/* An error answered as the API answers it must be a JSON object: the
 * first of each input is answered (it costs more than the reading). */
static void check_refusal(int rc, const struct err *e)
{
	fuzz_check_err(rc, e);
	if (answered)
		return;
	answered = true;
	struct http_request rq;
	memset(&rq, 0, sizeof rq);
	buf_init(&rq.out);
	snprintf(rq.id, sizeof rq.id, "fuzz");
	http_error(&rq, e);
	json_t *answer = json_loadb(rq.out.p, rq.out.n, 0, NULL);
	FUZZ_CHECK(json_is_object(json_object_get(answer, "error")));
	json_decref(answer);
	buf_release(&rq.out);
}

/* Every reader on the member key. */
static void read_member(const json_t *body, const char *key)
{
	struct err e = { 0 };
	const char *text;
	int32_t day;
	int64_t at, fen;
	int rc;
	for (int required = 0; required < 2; required++) {
		if ((rc = body_text(body, key, required, 64, &text, &e)))
			check_refusal(rc, &e);
		else
			FUZZ_CHECK(text && strlen(text) <= 64);
		if ((rc = case_body_yuan(body, key, required, &fen, &e)))
			check_refusal(rc, &e);
		else
			FUZZ_CHECK(fen >= 0 && fen <= 100000000000LL);
	}
	if ((rc = body_day(body, key, 0, &day, &e)))
		check_refusal(rc, &e);
	if ((rc = body_instant(body, key, 0, &at, &e)))
		check_refusal(rc, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_request rq;
	memset(&rq, 0, sizeof rq);
	buf_init(&rq.body);
	buf_add(&rq.body, data, size);
	struct err e = { 0 };
	answered = false;
	json_t *body = http_body_json(&rq, &e);
	buf_release(&rq.body);
	if (!body) {
		check_refusal(e.code, &e);
		return 0;
	}

	static const char *const named[] = { "text",    "day",       "at",    "received_at", "fine", "amount",
		                             "deposit", "source_no", "plate", "from",        "to",   "note" };
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		read_member(body, named[i]);
	const char *key;
	json_t *v;
	int seen = 0;
	json_object_foreach(body, key, v)
	{
		if (seen++ == 16)
			break;
		read_member(body, key);
		(void)http_json_text(body, key);
	}

	json_t *footage = NULL;
	int rc = case_body_footage(body, &footage, &e);
	if (rc) {
		check_refusal(rc, &e);
		FUZZ_CHECK(!footage);
	} else {
		FUZZ_CHECK(json_array_size(footage) <= 8);
	}
	json_decref(footage);

	struct receipt r = { 0 };
	if ((rc = receipt_read(body, FUZZ_NOW, &r, &e))) {
		check_refusal(rc, &e);
	} else {
		FUZZ_CHECK(r.channel && r.kind && r.category && r.text && *r.text);
		FUZZ_CHECK(r.received_at <= FUZZ_NOW + 60);
		json_decref(r.subject);
		json_decref(r.location);
	}

	json_t *party, *vehicle;
	enum case_party_kind kind;
	if ((rc = party_read(json_object_get(body, "party"), &party, &kind, &e)))
		check_refusal(rc, &e);
	else
		FUZZ_CHECK(party);
	json_decref(party);
	if ((rc = vehicle_read(json_object_get(body, "vehicle"), &vehicle, &e)))
		check_refusal(rc, &e);
	else
		FUZZ_CHECK(vehicle);
	json_decref(vehicle);

	struct ticket_mapping m;
	memset(&m, 0, sizeof m);
	if ((rc = ticket_mapping_parse(body, "fuzz", &m, &e)))
		check_refusal(rc, &e);
	ticket_mapping_release(&m);

	json_decref(body);
	return 0;
}
