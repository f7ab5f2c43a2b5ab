/* The device feed's staging of a body: a JSON array is parsed once and
 * its elements read as records (numbered as lines, each with its compact
 * JSON as raw text for the quarantine); CSV and one-line objects are read
 * as they are; a body that is no body is refused whole. */
#include "overlimit/feed.h"
#include "overlimit/ingest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../base/fresh_db.h"

static struct db *db;
static struct rulebook *book;

static int setup(void **state)
{
	if (fresh_db_setup(state))
		return -1;
	db = fresh_db_open();
	struct err e = { 0 };
	struct site_table t;
	overlimit_site_table_init(&t);
	struct site s = { .kind = SITE_REMOTE, .accuracy_class = 500, .cert_valid_from = 0, .cert_valid_to = 100000 };
	snprintf(s.code, sizeof s.code, "R01");
	snprintf(s.name, sizeof s.name, "东站");
	snprintf(s.unit, sizeof s.unit, "HQ");
	s.silent_after_s = 3600;
	overlimit_site_table_put(&t, &s);
	snprintf(s.code, sizeof s.code, "R02");
	overlimit_site_table_put(&t, &s);
	int rc = overlimit_sites_store(db, &t, "test", &e) || overlimit_rulebook_builtin(&book, &e);
	overlimit_site_table_release(&t);
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	overlimit_rulebook_free(book);
	db_close(db);
	return fresh_db_teardown(state);
}

/* Stages body; returns overlimit_feed_stage's code, the request in *rq. */
static int stage(const char *body, struct feed_request *rq, struct err *e)
{
	memset(rq, 0, sizeof *rq);
	snprintf(rq->site, sizeof rq->site, "R01");
	rq->body = slice_from(body);
	return overlimit_feed_stage(db, book, NULL, rq, e);
}

static const struct detection_row *row(const struct feed_request *rq, size_t i)
{
	return (const void *)(rq->batch.rows + i * detection_import.row_size);
}

static struct slice raw(const struct feed_request *rq, size_t i)
{
	return (struct slice){ rq->batch.arena.p + rq->batch.records[i].raw_off, rq->batch.records[i].raw_len };
}

#define RECORD(seq)                                                                                           \
	"{\"site\":\"R01\",\"seq\":" #seq ",\"passed_at\":\"2023-03-01T08:00:00+08:00\",\"plate\":\"鄂A1\"," \
	"\"kind\":\"train\",\"axles\":6,\"gross_kg\":60000}"

static void test_array(void **state)
{
	(void)state;
	struct feed_request rq;
	struct err e = { 0 };
	assert_int_equal(stage("[\n " RECORD(1) ",\n 42,\n " RECORD(2) "\n]", &rq, &e), 0);
	assert_int_equal(rq.batch.count, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(rq.batch.records[i].line, (int64_t)i + 1);
	assert_int_equal(rq.batch.records[0].why_len, 0);
	assert_int_equal(row(&rq, 0)->d.seq, 1);
	assert_int_equal(row(&rq, 0)->v.judged_kg, 57000);
	assert_non_null(row(&rq, 0)->ruleset);
	assert_int_equal(row(&rq, 2)->d.seq, 2);
	/* Not an object: a record all the same, refused with its text. */
	assert_true(rq.batch.records[1].why_len > 0);
	assert_true(slice_eq(raw(&rq, 1), "42"));
	/* The raw text of an element is its compact JSON. */
	assert_true(slice_eq(raw(&rq, 2), RECORD(2)));
	overlimit_feed_request_release(&rq);
}

static void test_object_and_csv(void **state)
{
	(void)state;
	struct feed_request rq;
	struct err e = { 0 };
	assert_int_equal(stage(RECORD(7), &rq, &e), 0);
	assert_int_equal(rq.batch.count, 1);
	assert_int_equal(row(&rq, 0)->d.seq, 7);
	overlimit_feed_request_release(&rq);
	assert_int_equal(
	    stage("{\n\"site\":\"R01\",\"seq\":8,\"passed_at\":\"2023-03-01T08:00:00+08:00\",\"plate\":\"\","
	          "\n\"kind\":\"truck\",\"axles\":2,\"gross_kg\":10000}\n",
	          &rq, &e),
	    0);
	assert_int_equal(rq.batch.count, 1);
	assert_int_equal(row(&rq, 0)->d.seq, 8);
	assert_int_equal(rq.batch.records[0].line, 1);
	overlimit_feed_request_release(&rq);
	assert_int_equal(stage("site,seq,passed_at,plate,kind,axles,gross_kg\n"
	                       "R01,9,2023-03-01T08:00:00+08:00,鄂A1,truck,2,10000\n"
	                       "R01,10,2023-03-01T08:00:01+08:00,鄂A1,truck,2,10000\n",
	                       &rq, &e),
	                 0);
	assert_int_equal(rq.batch.count, 2);
	assert_int_equal(row(&rq, 1)->d.seq, 10);
	overlimit_feed_request_release(&rq);
}

static void test_refused(void **state)
{
	(void)state;
	struct feed_request rq;
	struct err e = { 0 };
	assert_int_equal(stage("  \n", &rq, &e), ERR_INVALID);
	overlimit_feed_request_release(&rq);
	assert_int_equal(stage("[]", &rq, &e), ERR_INVALID);
	overlimit_feed_request_release(&rq);
	assert_int_equal(stage("[" RECORD(1) ",", &rq, &e), ERR_PARSE);
	assert_non_null(strstr(e.msg, "not JSON"));
	overlimit_feed_request_release(&rq);
	/* An element with a key twice is that record's fault alone: it goes
	 * to the quarantine with the reason, the others are stored. */
	assert_int_equal(stage("[" RECORD(1) ", {\"seq\":1,\"seq\":2}]", &rq, &e), 0);
	assert_int_equal(rq.batch.count, 2);
	assert_int_equal(rq.batch.records[0].why_len, 0);
	assert_true(rq.batch.records[1].why_len > 0);
	assert_non_null(memmem(rq.batch.arena.p + rq.batch.records[1].why_off, rq.batch.records[1].why_len, "\"seq\" twice", 11));
	overlimit_feed_request_release(&rq);
	assert_int_equal(
	    stage("[{\"site\":\"R02\",\"seq\":1,\"passed_at\":\"2023-03-01T08:00:00+08:00\",\"plate\":\"\","
	          "\"kind\":\"truck\",\"axles\":2,\"gross_kg\":10000}]",
	          &rq, &e),
	    ERR_FORBIDDEN);
	assert_non_null(strstr(e.msg, "nothing stored"));
	overlimit_feed_request_release(&rq);
	struct buf many;
	buf_init(&many);
	buf_addc(&many, '[');
	for (int i = 0; i <= 5000; i++)
		buf_adds(&many, i ? ",1" : "1");
	buf_addc(&many, ']');
	assert_int_equal(stage(many.p, &rq, &e), ERR_TOO_LARGE);
	overlimit_feed_request_release(&rq);
	buf_release(&many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_object_and_csv),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
