/* The detail of a stored detection says what was decided, whatever the
 * rulebook says later: a record is stored under one rulebook, the book is
 * edited (another fine per step, another limit), and the detail still
 * explains the first verdict by the rules it was reached under. On a real
 * SQLite database, and on PostgreSQL (the COPY path) with SUNROAD_TEST_PG. */
#include "overlimit/overlimit.h"
#include "overlimit/api.h"
#include "base/access.h"
#include "base/datetime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "../base/fresh_db.h"

static const struct caller everyone = { .login = "test", .sees_all = true, .unit = "HQ" };

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The built-in rulebook with the 6-axle train limit and the fine per step
 * changed, as an agency would edit its copy: rules/overlimit.json in dir. */
static struct rulebook *edited_book(const char *dir)
{
	struct buf text;
	buf_init(&text);
	assert_int_equal(buf_read_file(&text, "rules/overlimit.json"), 0);
	struct {
		const char *from, *to;
	} edits[] = { { "\"limit_kg\": 49000", "\"limit_kg\": 47000" },
		      { "\"fine_per_step_yuan\": 500", "\"fine_per_step_yuan\": 800" } };
	for (size_t i = 0; i < 2; i++) {
		char *at = strstr(text.p, edits[i].from);
		assert_non_null(at);
		memcpy(at, edits[i].to, strlen(edits[i].to)); /* same length */
	}
	char path[256];
	snprintf(path, sizeof path, "%s/overlimit.json", dir);
	write_file(path, text.p);
	buf_release(&text);
	struct rulebook *book;
	struct err e = { 0 };
	if (overlimit_rulebook_load(&book, dir, &e))
		fail_msg("%s", e.msg);
	return book;
}

/* Ingests the one-record file path under book; returns what it did. */
static struct ingest_summary ingest(struct db *db, const struct rulebook *book, const char *path)
{
	struct overlimit_env env = { 0 };
	struct ingest_summary sum = { 0 };
	struct err e = { 0 };
	overlimit_site_table_init(&env.sites);
	assert_int_equal(overlimit_sites_load(db, &env.sites, &e), 0);
	env.rules.book = book;
	struct overlimit_writers one = { .n = 1, .db = { db }, .env = { &env } };
	if (overlimit_ingest_file(&one, path, 100, &sum, &e))
		fail_msg("%s", e.msg);
	overlimit_site_table_release(&env.sites);
	return sum;
}

static int64_t get_int(json_t *o, const char *path)
{
	char key[64];
	snprintf(key, sizeof key, "%s", path);
	char *dot = strchr(key, '.');
	if (dot) {
		*dot = '\0';
		o = json_object_get(o, key);
		return json_integer_value(json_object_get(o, dot + 1));
	}
	return json_integer_value(json_object_get(o, key));
}

/* Whether some line of the explanation's arithmetic holds text. */
static bool says(json_t *detail, const char *text)
{
	json_t *lines = json_object_get(json_object_get(detail, "explain"), "arithmetic"), *line;
	size_t i;
	json_array_foreach(lines, i, line) if (strstr(json_string_value(line), text)) return true;
	return false;
}

static json_t *detail(struct db *db, int64_t id)
{
	struct err e = { 0 };
	json_t *o = overlimit_detection_detail(db, &everyone, id, &e);
	if (!o)
		fail_msg("detection %lld: %s", (long long)id, e.msg);
	return o;
}

static void test_detail_keeps_the_verdict_of_its_day(void **state)
{
	(void)state;
	char dir[] = "/tmp/sunroad-detail-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sites[300], first[300], second[300];
	snprintf(sites, sizeof sites, "%s/sites.csv", dir);
	snprintf(first, sizeof first, "%s/first.csv", dir);
	snprintf(second, sizeof second, "%s/second.csv", dir);
	write_file(sites, "code,name,kind,road,km,lat,lon,accuracy_class,cert_no,cert_valid_from,cert_valid_to\n"
	                  "R01,东站,remote,G1,1,30,114,5,C-1,2020-01-01,2030-12-31\n");
	/* A 6-axle train measured at 60 000 kg: judged 57 000 kg (class 5). */
	static const char header[] = "site,seq,passed_at,plate,kind,axles,gross_kg\n";
	char text[256];
	snprintf(text, sizeof text, "%sR01,1,2023-03-01T08:00:00+08:00,鄂A12345,train,6,60000\n", header);
	write_file(first, text);
	snprintf(text, sizeof text, "%sR01,2,2023-03-02T08:00:00+08:00,鄂A12345,train,6,60000\n", header);
	write_file(second, text);

	struct db *db = fresh_db_open();
	struct err e = { 0 };
	struct site_table t;
	overlimit_site_table_init(&t);
	assert_int_equal(overlimit_sites_read_csv(&t, sites, &e), 0);
	assert_int_equal(overlimit_sites_store(db, &t, "test", &e), 0);
	int64_t site_id = t.sites[0].id;
	overlimit_site_table_release(&t);

	struct rulebook *book, *edited;
	assert_int_equal(overlimit_rulebook_load(&book, "rules", &e), 0);
	assert_int_equal(ingest(db, book, first).accepted, 1);
	/* The agency edits its rulebook; records stored from now on use it. */
	edited = edited_book(dir);
	assert_int_equal(ingest(db, edited, second).accepted, 1);
	/* Sending the first record again under the edited book changes nothing. */
	assert_int_equal(ingest(db, edited, first).duplicates, 1);

	struct overlimit_rules before, after;
	int32_t day = local_day(1677628800);
	assert_int_equal(overlimit_rulebook_at(book, day, &before, &e), 0);
	assert_int_equal(overlimit_rulebook_at(edited, day, &after, &e), 0);
	assert_string_not_equal(before.ruleset->sha256, after.ruleset->sha256);

	json_t *old = detail(db, overlimit_detection_key(site_id, 1));
	assert_int_equal(get_int(old, "limit_kg"), 49000);
	assert_int_equal(get_int(old, "over_kg"), 8000);
	assert_int_equal(get_int(old, "fine_fen"), 8 * 50000);
	assert_int_equal(get_int(old, "explain.limit_kg"), 49000);
	assert_int_equal(get_int(old, "explain.steps"), 8);
	assert_int_equal(get_int(old, "explain.mass_fine_fen"), 8 * 50000);
	assert_true(says(old, "500 元"));
	assert_false(says(old, "800 元"));
	json_t *rules = json_object_get(old, "rules");
	assert_string_equal(json_string_value(json_object_get(rules, "sha256")), before.ruleset->sha256);
	assert_int_equal(json_integer_value(json_object_get(rules, "id")), before.ruleset->id);
	assert_int_equal(strlen(json_string_value(json_object_get(rules, "version"))), 12);
	assert_true(json_is_string(json_object_get(rules, "first_stored_at")));
	assert_string_equal(json_string_value(json_object_get(old, "accuracy_class")), "5");

	json_t *new = detail(db, overlimit_detection_key(site_id, 2));
	assert_int_equal(get_int(new, "limit_kg"), 47000);
	assert_int_equal(get_int(new, "fine_fen"), 10 * 80000);
	assert_int_equal(get_int(new, "explain.steps"), 10);
	assert_true(says(new, "800 元"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(new, "rules"), "sha256")),
	                    after.ruleset->sha256);

	/* Each rule set is stored once, whatever the number of records. */
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM overlimit_rulesets", &e);
	assert_int_equal(db_step(st, &e), DB_ROW);
	assert_int_equal(db_col_int(st, 0), 2);
	db_step(st, &e);

	json_decref(old);
	json_decref(new);
	overlimit_rulebook_free(book);
	overlimit_rulebook_free(edited);
	db_close(db);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* A stored rule set reads back as the same rules: its canonical JSON,
 * parsed and written again, is the same text. */
static void test_ruleset_round_trip(void **state)
{
	(void)state;
	struct rulebook *book, *again;
	struct err e = { 0 };
	assert_int_equal(overlimit_rulebook_builtin(&book, &e), 0);
	struct overlimit_rules r, r2;
	assert_int_equal(overlimit_rulebook_at(book, local_day(1677628800), &r, &e), 0);
	assert_non_null(r.ruleset);
	assert_int_equal(overlimit_rulebook_parse(&again, r.ruleset->json, r.ruleset->len, "stored", &e), 0);
	assert_int_equal(overlimit_rulebook_at(again, local_day(1677628800), &r2, &e), 0);
	assert_string_equal(r2.ruleset->json, r.ruleset->json);
	assert_string_equal(r2.ruleset->sha256, r.ruleset->sha256);
	assert_int_equal(r2.ruleset->id, r.ruleset->id);
	assert_true(r.ruleset->id > 0 && r.ruleset->id < (INT64_C(1) << 48));
	/* Before every rule took effect there is no rule set, nor a verdict. */
	assert_int_equal(overlimit_rulebook_at(book, local_day(0), &r, &e), ERR_NOTFOUND);
	overlimit_rulebook_free(book);
	overlimit_rulebook_free(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ruleset_round_trip),
		cmocka_unit_test_setup_teardown(test_detail_keeps_the_verdict_of_its_day, fresh_db_setup,
		                                fresh_db_teardown),
	};
	const struct CMUnitTest on_pg[] = {
		cmocka_unit_test_prestate_setup_teardown(test_detail_keeps_the_verdict_of_its_day, fresh_db_setup,
		                                         fresh_db_teardown, &fresh_db_on_pg),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
	if (fresh_db_pg())
		failed += cmocka_run_group_tests_name("postgres", on_pg, NULL, NULL);
	return failed;
}
