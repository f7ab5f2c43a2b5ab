/* libFuzzer target: a request's query string, as the list routes read it.
 *
 * The bytes are the query of "GET /api/v1/fuzz?<bytes> HTTP/1.1", sent to
 * the real server (fuzz_server.h): libmicrohttpd splits and decodes it,
 * and the route reads it as every list does: list_parse (?sort=, ?page=,
 * ?limit=, ?after= and its cursor: base64url of a JSON array), the
 * period's page_query_dates (?from=, ?to=), and page_parse for the other
 * cursor shapes the lists use. What the route accepts must be in range;
 * what it refuses is answered as an error the API can carry (JSON). */
#include "fuzz_server.h"

#include "base/access.h"
#include "base/datetime.h"
#include "base/list.h"

/* A list sorted by an integer (the default, descending) or a text, as
 * the detections' list is. No database: only its parsing is used. */
static const struct list_sort fuzz_sorts[] = {
	{ "passed_at", "d.passed_at", 'i', "d.day" },
	{ "plate", "d.plate", 't', NULL },
	{ "id", "d.id", 'i', NULL },
	{ 0 },
};
static const struct list fuzz_list = {
	.columns = "d.id", .ncolumns = 1, .from = "FROM detections d", .id = "d.id", .sorts = fuzz_sorts, .desc = true
};

static int fuzz_list_get(struct http_request *rq, struct err *e)
{
	struct list_query q;
	int rc = list_parse(rq, &fuzz_list, &q, e);
	if (rc) {
		fuzz_check_err(rc, e);
		return rc;
	}
	FUZZ_CHECK(q.sort && q.limit >= 1 && q.limit <= 1000);
	FUZZ_CHECK(q.cursor.after ? q.page == 0 : q.page >= 1 && q.page <= 1000000 / q.limit + 1);
	int32_t from = days_from_civil(2023, 1, 1), to = days_from_civil(2023, 12, 31);
	if ((rc = page_query_dates(rq, &from, &to, e))) {
		fuzz_check_err(rc, e);
		return rc;
	}
	FUZZ_CHECK(from <= to);
	static const char *const shapes[] = { "ii", "t", "tii", "iii" };
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		struct page p;
		struct err pe = { 0 };
		if ((rc = page_parse(rq, &p, shapes[i], &pe)))
			fuzz_check_err(rc, &pe);
	}
	/* The cursor the next page would carry, from the key read. */
	json_t *key = json_pack("[s,I,I]", q.cursor.after_text[0], (json_int_t)q.cursor.after_int[1],
	                        (json_int_t)q.cursor.after_int[2]);
	json_t *next = q.cursor.after ? page_cursor(key) : json_null();
	json_decref(key);
	return http_json(rq, 200,
	                 json_pack("{s:o,s:i,s:i,s:o,s:o}", "items", json_array(), "page", (int)q.page, "limit",
	                           (int)q.limit, "from", date_json(from), "next", next));
}

static const struct http_route fuzz_routes[] = {
	{ HTTP_GET, "/api/v1/fuzz", fuzz_list_get, ACCESS_PUBLIC },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_min_level = LOG_OFF;
	struct http_options opt = { .routes = fuzz_routes, .nroutes = 1 };
	fuzz_server_start(&opt);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "GET /api/v1/fuzz?", tail[] = " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n";
	struct buf request, answer;
	buf_init(&request);
	buf_init(&answer);
	buf_add(&request, head, sizeof head - 1);
	buf_add(&request, data, size);
	buf_add(&request, tail, sizeof tail - 1);
	fuzz_server_exchange(request.p, request.n, &answer);
	fuzz_check_json_answer(&answer);
	buf_release(&request);
	buf_release(&answer);
	return 0;
}
