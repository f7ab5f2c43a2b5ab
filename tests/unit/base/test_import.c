/* Import with quarantine for any kind of record: a toy kind (tickets:
 * no, text) with its own context imports a file through base/import.c:
 * valid records stored, repeats counted as duplicates, changed ones as
 * conflicts, broken ones quarantined with their line, text and reason
 * (also one the store refuses against what is stored), all in batched
 * transactions; the kind's hooks called as promised; two writers on two
 * connections store the same as one. */
#include "base/import.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fresh_db.h"

enum { TICKET_NO, TICKET_TEXT, TICKET_FIELDS };
static const char *const ticket_names[] = { "no", "text" };
static const struct record_schema ticket_schema = {
	.names = ticket_names,
	.count = TICKET_FIELDS,
	.required = 1u << TICKET_NO | 1u << TICKET_TEXT,
	.text = 1u << TICKET_TEXT,
};

/* The kind's context: what it needs and what it counts, opaque to import. */
struct ticket_ctx {
	int64_t max_no;
	int begins, batches_stored;
};

struct ticket_row {
	int64_t no;
	uint32_t text_off, text_len;
};

static int ticket_parse(void *ctx, const struct record_reader *r, void *row, struct buf *arena, struct err *why)
{
	const struct ticket_ctx *c = ctx;
	struct ticket_row *t = row;
	if (slice_to_int(r->value[TICKET_NO], &t->no) || t->no < 1 || t->no > c->max_no)
		return err_set(why, ERR_INVALID, "no '%.*s' is not a ticket number from 1 to %lld",
		               (int)r->value[TICKET_NO].n, r->value[TICKET_NO].p, (long long)c->max_no);
	t->text_len = (uint32_t)r->value[TICKET_TEXT].n;
	t->text_off = import_keep(arena, r->value[TICKET_TEXT]);
	return 0;
}

static int ticket_store(struct db *db, void *ctx, void *row, const char *arena, struct import_summary *sum,
                        struct import_result *out, struct err *why, struct err *e)
{
	(void)ctx;
	const struct ticket_row *t = row;
	/* Refused only against what is stored: a withdrawal of a ticket that
	 * is not there. */
	if (t->text_len == strlen("撤回") && memcmp(arena + t->text_off, "撤回", t->text_len) == 0) {
		int64_t n = 0;
		if (db_get_int(db, "SELECT count(*) FROM toy_tickets WHERE no = $1", DB_ARGS(DB_INT(t->no)), &n, e) < 0)
			return e->code;
		if (n == 0) {
			out->outcome = IMPORT_INVALID;
			err_set(why, ERR_INVALID, "ticket %lld is not there to withdraw", (long long)t->no);
			return 0;
		}
	}
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO toy_tickets (no, text) VALUES ($1, $2) ON CONFLICT DO NOTHING", e);
	if (!st)
		return e->code;
	db_bind_int(st, 1, t->no);
	db_bind_text(st, 2, arena + t->text_off, t->text_len);
	int rc = db_step(st, e);
	if (rc < 0)
		return rc;
	if (db_changes(st) == 1) {
		out->outcome = IMPORT_STORED;
		sum->tally[0] += (int64_t)t->text_len;
		return 0;
	}
	char stored[256];
	if ((rc = db_get_text(db, "SELECT text FROM toy_tickets WHERE no = $1", DB_ARGS(DB_INT(t->no)), stored,
	                      sizeof stored, e)) != 1)
		return rc < 0 ? rc : err_set(e, ERR_DB, "ticket %lld vanished", (long long)t->no);
	bool same = strlen(stored) == t->text_len && memcmp(stored, arena + t->text_off, t->text_len) == 0;
	out->outcome = same ? IMPORT_DUPLICATE : IMPORT_CONFLICT;
	out->seq = t->no;
	return 0;
}

static int ticket_stored(struct db *db, void *ctx, struct err *e)
{
	(void)db;
	(void)e;
	((struct ticket_ctx *)ctx)->batches_stored++;
	return 0;
}

static void ticket_begin(void *ctx)
{
	((struct ticket_ctx *)ctx)->begins++;
}

static const struct import_kind ticket_import = {
	.name = "ticket",
	.schema = &ticket_schema,
	.conflict_reason = "conflict: another ticket with this number is stored",
	.row_size = sizeof(struct ticket_row),
	.parse = ticket_parse,
	.store = ticket_store,
	.stored = ticket_stored,
	.begin = ticket_begin,
};

static void test_a_kind_of_its_own(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db = fresh_db_open();
	assert_int_equal(db_exec(db, "CREATE TABLE toy_tickets (no BIGINT PRIMARY KEY, text TEXT NOT NULL)", &e), 0);
	char path[64];
	snprintf(path, sizeof path, "%s.csv", fresh_db_path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("no,text\n"
	      "1,出租车拒载\n"
	      "2,绕路\n"
	      "1,出租车拒载\n"
	      "99,out of range\n"
	      "3,\"a, quoted\"\n"
	      "2,绕路多收费\n"
	      "4\n"
	      "9,撤回\n",
	      f);
	fclose(f);
	struct ticket_ctx ctx = { .max_no = 10 };
	struct import_summary sum = { 0 };
	/* Batches of 2 records: four transactions. */
	assert_int_equal(import_run(db, &ticket_import, &ctx, path, 2, &sum, &e), 0);
	assert_int_equal(sum.read, 8);
	assert_int_equal(sum.accepted, 3);
	assert_int_equal(sum.duplicates, 1);
	assert_int_equal(sum.conflicts, 1);
	assert_int_equal(sum.quarantined, 3);
	assert_int_equal(sum.tally[0], (int64_t)strlen("出租车拒载绕路a, quoted"));
	assert_int_equal(ctx.batches_stored, 4);
	assert_int_equal(ctx.begins, 4);
	/* The refused and the conflicting records, with line, text and reason. */
	struct db_stmt *st =
	    db_prepare(db,
	               "SELECT line, raw, reason, coalesce(seq, 0) FROM quarantine WHERE kind = 'ticket'"
	               " ORDER BY line",
	               &e);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 5);
	assert_string_equal(db_col_text(st, 1), "99,out of range");
	assert_non_null(strstr(db_col_text(st, 2), "not a ticket number"));
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 7);
	assert_non_null(strstr(db_col_text(st, 2), "another ticket"));
	assert_int_equal(db_col_int(st, 3), 2);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 8);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 9);
	assert_string_equal(db_col_text(st, 2), "ticket 9 is not there to withdraw");
	assert_int_equal(db_step(st, &e), DB_DONE);
	/* The same file again: nothing new, nothing quarantined twice. */
	struct import_summary again = { 0 };
	assert_int_equal(import_run(db, &ticket_import, &ctx, path, 100, &again, &e), 0);
	assert_int_equal(again.accepted, 0);
	assert_int_equal(again.duplicates, 4);
	int64_t n = 0;
	assert_int_equal(db_get_int(db, "SELECT count(*) FROM quarantine", DB_NO_ARGS, &n, &e), 1);
	assert_int_equal(n, 4);
	/* A file that is no records at all is refused whole. */
	assert_int_equal(import_run(db, &ticket_import, &ctx, "/nonexistent.csv", 2, &again, &e), ERR_IO);
	unlink(path);
	db_close(db);
}

/* Odd and even numbers to different writers. */
static uint64_t route_by_parity(const struct record_reader *r)
{
	int64_t no = 0;
	return slice_to_int(r->value[TICKET_NO], &no) ? 0 : (uint64_t)no;
}

static void test_two_writers(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct db *db[2] = { fresh_db_open(), fresh_db_open() };
	assert_int_equal(db_exec(db[0], "CREATE TABLE toy_tickets (no BIGINT PRIMARY KEY, text TEXT NOT NULL)", &e), 0);
	char path[64];
	snprintf(path, sizeof path, "%s.csv", fresh_db_path);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("no,text\n", f);
	for (int i = 1; i <= 1000; i++)
		fprintf(f, "%d,第%d张\n", i % 400 + 1, i % 400 + 1); /* 1..400, 600 of them again */
	fputs("0,zero\n", f);
	fclose(f);
	struct import_kind routed = ticket_import;
	routed.route = route_by_parity;
	struct ticket_ctx reader = { .max_no = 1000 }, mine[2] = { reader, reader };
	void *ctx[2] = { &mine[0], &mine[1] };
	struct import_summary sum = { 0 };
	/* Batches of 50: each writer stores its own 20-odd transactions. */
	assert_int_equal(import_run_writers(db, ctx, 2, &routed, &reader, path, 50, &sum, &e), 0);
	assert_int_equal(sum.read, 1001);
	assert_int_equal(sum.accepted, 400);
	assert_int_equal(sum.duplicates, 600);
	assert_int_equal(sum.quarantined, 1);
	assert_true(mine[0].batches_stored >= 10 && mine[1].batches_stored >= 10);
	assert_int_equal(mine[0].begins, mine[0].batches_stored);
	assert_int_equal(reader.batches_stored, 0); /* the reader's context only validates */
	int64_t n = 0;
	assert_int_equal(db_get_int(db[0], "SELECT count(*) FROM toy_tickets", DB_NO_ARGS, &n, &e), 1);
	assert_int_equal(n, 400);
	/* Several writers need a route; one writer needs none. */
	assert_int_equal(import_run_writers(db, ctx, 2, &ticket_import, &reader, path, 50, &sum, &e), ERR_INVALID);
	unlink(path);
	db_close(db[1]);
	db_close(db[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_kind_of_its_own, fresh_db_setup, fresh_db_teardown),
		cmocka_unit_test_setup_teardown(test_two_writers, fresh_db_setup, fresh_db_teardown),
	};
	const struct CMUnitTest on_pg[] = {
		cmocka_unit_test_prestate_setup_teardown(test_a_kind_of_its_own, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
		cmocka_unit_test_prestate_setup_teardown(test_two_writers, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
	if (fresh_db_pg())
		failed += cmocka_run_group_tests_name("postgres", on_pg, NULL, NULL);
	return failed;
}
