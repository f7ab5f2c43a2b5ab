/* The violation catalogue: the shipped rules/violations.json loads (and is
 * the built-in copy), holds every violation the cases need with a penalty
 * provision, and each broken variant of a small book is refused with a
 * message naming the entry (number and code) and the field. */
#include "base/datetime.h"
#include "base/rulebook_file.h"
#include "cases/violations.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void test_shipped_book(void **state)
{
	(void)state;
	struct violation_catalogue *cat = NULL;
	struct err e = { 0 };
	if (violations_load("rules", &cat, &e))
		fail_msg("%s", e.msg);
	assert_string_equal(cat->origin, "rules/violations.json");
	static const char *const codes[] = { "overlimit_mass",   "overlimit_size", "refuse_inspection",
		                             "evade_inspection", "taxi_refuse",    "taxi_bargain",
		                             "taxi_dump",        "taxi_detour" };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (!violation_find(cat, codes[i]))
			fail_msg("no violation %s in rules/violations.json", codes[i]);
	assert_null(violation_find(cat, "taxi"));
	assert_null(violation_find(cat, ""));
	assert_null(violation_find(cat, NULL));

	/* Over-limit amounts are the overlimit rulebook's. */
	const struct violation *mass = violation_find(cat, "overlimit_mass");
	assert_int_equal(mass->penalty.kind, VIOLATION_MASS_STEPS);
	assert_string_equal(mass->penalty.rulebook, "overlimit");
	assert_string_equal(mass->penalty.rule, "mass_fine");
	assert_string_equal(mass->authority, "公路管理机构");
	const struct violation *size = violation_find(cat, "overlimit_size");
	assert_int_equal(size->penalty.kind, VIOLATION_SIZE_BANDS);
	assert_string_equal(size->penalty.rule, "size_fine");
	int64_t fen = -1;
	assert_int_equal(violation_default_fine(mass, &fen, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "mass_fine"));
	assert_int_equal(fen, -1);
	assert_int_equal(violation_fine_check(size, 10000, &e), ERR_INVALID);

	/* 62号令 Art.43 ¶1 (2) with its words. */
	bool art43 = false;
	for (size_t i = 0; i < mass->nbasis; i++)
		art43 |= mass->basis[i].role == VIOLATION_PENALTY &&
		         strcmp(mass->basis[i].article, "第四十三条第一款第二项") == 0 &&
		         strstr(mass->basis[i].text, "每超1000千克罚款500元") != NULL;
	assert_true(art43);

	/* Taxi drivers: 200 to 500 yuan, the default the lowest. */
	const struct violation *refuse = violation_find(cat, "taxi_refuse");
	assert_int_equal(refuse->penalty.kind, VIOLATION_RANGE);
	assert_int_equal(refuse->penalty.min_fen, 20000);
	assert_int_equal(refuse->penalty.max_fen, 50000);
	assert_int_equal(violation_default_fine(refuse, &fen, &e), 0);
	assert_int_equal(fen, 20000);
	assert_int_equal(violation_fine_check(refuse, 20000, &e), 0);
	assert_int_equal(violation_fine_check(refuse, 50000, &e), 0);
	e = (struct err){ 0 };
	assert_int_equal(violation_fine_check(refuse, 19999, &e), ERR_INVALID);
	assert_string_equal(e.reason, "fine_out_of_range");
	assert_non_null(strstr(e.args, "\"min_fen\":20000"));
	assert_non_null(strstr(e.args, "\"max_fen\":50000"));
	assert_int_equal(violation_fine_check(refuse, 50001, &e), ERR_INVALID);
	assert_string_equal(refuse->authority, "出租汽车行政主管部门");

	/* Refusing or evading inspection: 条例 Art.67, up to 30 000 yuan. */
	const struct violation *evade = violation_find(cat, "evade_inspection");
	assert_int_equal(evade->penalty.max_fen, 3000000);
	assert_true(violation_in_force(evade, days_from_civil(2011, 7, 1)));
	assert_false(violation_in_force(evade, days_from_civil(2011, 6, 30)));

	/* Every entry: a penalty provision, and a note where a waiver is allowed. */
	for (size_t i = 0; i < cat->count; i++) {
		const struct violation *v = &cat->entries[i];
		bool penalty = false;
		for (size_t k = 0; k < v->nbasis; k++)
			penalty |= v->basis[k].role == VIOLATION_PENALTY;
		assert_true(penalty);
		assert_true(!v->first_offence_waivable || *v->note);
		assert_non_null(violation_find(cat, v->code));
		assert_ptr_equal(violation_find(cat, v->code), v);
	}
	violations_free(cat);
}

static void test_builtin_is_the_file(void **state)
{
	(void)state;
	struct buf file, builtin;
	char origin[512];
	struct err e = { 0 };
	buf_init(&file);
	buf_init(&builtin);
	assert_int_equal(buf_read_file(&file, "rules/violations.json"), 0);
	assert_int_equal(rulebook_file_read("violations", NULL, true, &builtin, origin, sizeof origin, &e), 0);
	assert_string_equal(origin, "built-in");
	assert_int_equal(file.n, builtin.n);
	assert_memory_equal(file.p, builtin.p, file.n);
	buf_release(&file);
	buf_release(&builtin);
	struct violation_catalogue *cat = NULL;
	assert_int_equal(violations_load("no-such-dir", &cat, &e), ERR_IO);
	assert_non_null(strstr(e.msg, "no-such-dir/violations.json"));
	assert_null(cat);
}

/* A small book of two entries, a range and an over-limit one. */
static const char small_book[] =
    "{\"rulebook\": \"violations\", \"entries\": ["
    "{\"code\": \"taxi_refuse\", \"name\": \"拒载\", \"authority\": \"出租汽车行政主管部门\","
    " \"citation\": \"《巡游出租汽车经营服务管理规定》\", \"summary_allowed\": true,"
    " \"first_offence_waivable\": false, \"effective_from\": \"2016-11-01\","
    " \"legal_basis\": [{\"role\": \"penalty\", \"law\": \"巡游出租汽车经营服务管理规定\", \"article\": \"第四十九条\","
    " \"text\": \"\"}],"
    " \"penalty\": {\"kind\": \"range\", \"min_fen\": 20000, \"max_fen\": 50000, \"default_fen\": 20000}},"
    "{\"code\": \"overlimit_mass\", \"name\": \"超限\", \"authority\": \"公路管理机构\","
    " \"citation\": \"62号令\", \"summary_allowed\": true, \"first_offence_waivable\": false,"
    " \"effective_from\": \"2016-09-21\","
    " \"legal_basis\": [{\"role\": \"violated\", \"law\": \"超限运输车辆行驶公路管理规定\", \"article\": \"第三条\","
    " \"text\": \"\"}, {\"role\": \"penalty\", \"law\": \"超限运输车辆行驶公路管理规定\","
    " \"article\": \"第四十三条第一款第二项\", \"text\": \"\", \"source\": \"https://example.org\"}],"
    " \"penalty\": {\"kind\": \"mass_steps\", \"rulebook\": \"overlimit\", \"rule\": \"mass_fine\"}}]}";

/* The small book with entry (0 or 1) changed by edit, parsed: the result
 * code, and the message in e. */
static int parse_edited(int entry, void (*edit)(json_t *entry, json_t *entries), struct err *e)
{
	json_error_t jerr;
	json_t *root = json_loads(small_book, 0, &jerr);
	if (!root)
		fail_msg("the small book: %s", jerr.text);
	json_t *entries = json_object_get(root, "entries");
	edit(json_array_get(entries, (size_t)entry), entries);
	char *text = json_dumps(root, JSON_INDENT(1));
	json_decref(root);
	struct violation_catalogue *cat = NULL;
	*e = (struct err){ 0 };
	int rc = violations_parse(text, strlen(text), "violations.json", &cat, e);
	free(text);
	violations_free(cat);
	assert_true(rc != 0 || cat != NULL);
	return rc;
}

static void no_edit(json_t *entry, json_t *entries)
{
	(void)entry;
	(void)entries;
}
static void drop_code(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_del(entry, "code");
}
static void same_code(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(entry, "code", json_string("taxi_refuse"));
}
static void bad_code(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(entry, "code", json_string("Taxi-Refuse"));
}
static void min_over_max(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(json_object_get(entry, "penalty"), "min_fen", json_integer(60000));
}
static void default_outside(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(json_object_get(entry, "penalty"), "default_fen", json_integer(60000));
}
static void negative_fen(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(json_object_get(entry, "penalty"), "min_fen", json_integer(-1));
}
static void unknown_kind(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(json_object_get(entry, "penalty"), "kind", json_string("per_axle"));
}
static void amounts_on_mass(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(json_object_get(entry, "penalty"), "max_fen", json_integer(3000000));
}
static void no_rule(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_del(json_object_get(entry, "penalty"), "rule");
}
static void bad_date(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(entry, "effective_from", json_string("2016-02-30"));
}
static void no_date(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_del(entry, "effective_from");
}
static void unknown_key(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(entry, "fine", json_integer(200));
}
static void no_penalty_basis(json_t *entry, json_t *entries)
{
	(void)entries;
	json_array_remove(json_object_get(entry, "legal_basis"), 1);
}
static void bad_role(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(json_array_get(json_object_get(entry, "legal_basis"), 0), "role", json_string("basis"));
}
static void no_text(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_del(json_array_get(json_object_get(entry, "legal_basis"), 1), "text");
}
static void waiver_without_note(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(entry, "first_offence_waivable", json_true());
}
static void summary_not_bool(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(entry, "summary_allowed", json_string("yes"));
}
static void empty_name(json_t *entry, json_t *entries)
{
	(void)entries;
	json_object_set_new(entry, "name", json_string(""));
}
static void not_an_object(json_t *entry, json_t *entries)
{
	(void)entry;
	json_array_set_new(entries, 1, json_string("overlimit_mass"));
}

static void test_broken_books(void **state)
{
	(void)state;
	struct err e;
	assert_int_equal(parse_edited(0, no_edit, &e), 0);
	static const struct {
		int entry;
		void (*edit)(json_t *, json_t *);
		const char *said[3]; /* each in the message */
	} cases[] = {
		{ 1, drop_code, { "entry 2 (no code)", "\"code\" is missing" } },
		{ 1, same_code, { "entry 2 (taxi_refuse)", "\"code\"", "entry 1" } },
		{ 1, bad_code, { "entry 2 (Taxi-Refuse)", "snake_case" } },
		{ 0, min_over_max, { "entry 1 (taxi_refuse)", "\"min_fen\" 60000", "\"max_fen\" 50000" } },
		{ 0, default_outside, { "entry 1 (taxi_refuse)", "\"default_fen\" 60000" } },
		{ 0, negative_fen, { "entry 1 (taxi_refuse)", "\"min_fen\"" } },
		{ 0, unknown_kind, { "entry 1 (taxi_refuse)", "\"kind\" \"per_axle\"" } },
		{ 1, amounts_on_mass, { "entry 2 (overlimit_mass)", "\"max_fen\"" } },
		{ 1, no_rule, { "entry 2 (overlimit_mass)", "\"rule\" is missing" } },
		{ 1, bad_date, { "entry 2 (overlimit_mass)", "\"effective_from\" \"2016-02-30\"" } },
		{ 0, no_date, { "entry 1 (taxi_refuse)", "\"effective_from\" is missing" } },
		{ 0, unknown_key, { "entry 1 (taxi_refuse)", "\"fine\"" } },
		{ 1, no_penalty_basis, { "entry 2 (overlimit_mass)", "\"legal_basis\"", "\"penalty\"" } },
		{ 1, bad_role, { "entry 2 (overlimit_mass)", "legal_basis 1", "\"role\"" } },
		{ 1, no_text, { "entry 2 (overlimit_mass)", "legal_basis 2", "\"text\" is missing" } },
		{ 0, waiver_without_note, { "entry 1 (taxi_refuse)", "\"note\"" } },
		{ 0, summary_not_bool, { "entry 1 (taxi_refuse)", "\"summary_allowed\"" } },
		{ 0, empty_name, { "entry 1 (taxi_refuse)", "\"name\" is empty" } },
		{ 0, not_an_object, { "entry 2 (no code)", "must be an object" } },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = parse_edited(cases[i].entry, cases[i].edit, &e);
		if (rc != ERR_INVALID)
			fail_msg("case %zu: rc %d (%s), want ERR_INVALID", i + 1, rc, e.msg);
		if (strncmp(e.msg, "violations.json: ", strlen("violations.json: ")) != 0)
			fail_msg("case %zu: '%s' does not name the book", i + 1, e.msg);
		for (int k = 0; k < 3 && cases[i].said[k]; k++)
			if (!strstr(e.msg, cases[i].said[k]))
				fail_msg("case %zu: '%s' does not say '%s'", i + 1, e.msg, cases[i].said[k]);
	}
}

static void test_bad_books(void **state)
{
	(void)state;
	struct violation_catalogue *cat = NULL;
	struct err e = { 0 };
	assert_int_equal(violations_parse("{", 1, "v.json", &cat, &e), ERR_PARSE);
	assert_non_null(strstr(e.msg, "v.json: line 1"));
	static const char *const books[] = { "[]", "{\"entries\": []}", "{\"entries\": {}}",
		                             "{\"entries\": [], \"extra\": 1}" };
	for (size_t i = 0; i < sizeof books / sizeof books[0]; i++) {
		e = (struct err){ 0 };
		assert_int_equal(violations_parse(books[i], strlen(books[i]), "v.json", &cat, &e), ERR_INVALID);
		assert_null(cat);
		assert_non_null(strstr(e.msg, "v.json: "));
	}
	assert_string_equal(violation_penalty_kind_name(VIOLATION_MASS_STEPS), "mass_steps");
	assert_string_equal(violation_penalty_kind_name(VIOLATION_SIZE_BANDS), "size_bands");
	assert_string_equal(violation_penalty_kind_name(VIOLATION_RANGE), "range");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_book),
		cmocka_unit_test(test_builtin_is_the_file),
		cmocka_unit_test(test_broken_books),
		cmocka_unit_test(test_bad_books),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
