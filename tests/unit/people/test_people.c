/* The enforcement certificate of a user: people_cert_valid_on at its
 * boundaries (pure: the day is an argument), and on a real database (SQLite,
 * and PostgreSQL with SUNROAD_TEST_PG) the days as people_users_add and
 * people_users_update keep them, their reasons when wrong, and what
 * people_officer_by_badge finds. */
#include "people/people.h"
#include "base/datetime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../base/fresh_db.h"

static void test_cert_valid_on(void **state)
{
	(void)state;
	int32_t from = days_from_civil(2025, 3, 1), to = days_from_civil(2027, 2, 28);
	struct people_officer o = { .cert_from = from, .cert_to = to };
	assert_false(people_cert_valid_on(&o, from - 1));
	assert_true(people_cert_valid_on(&o, from)); /* the first day counts */
	assert_true(people_cert_valid_on(&o, from + 400));
	assert_true(people_cert_valid_on(&o, to)); /* and the last */
	assert_false(people_cert_valid_on(&o, to + 1));

	/* A day not on record: valid on no day, whichever it is. */
	o.cert_to = 0;
	assert_false(people_cert_valid_on(&o, from));
	assert_false(people_cert_valid_on(&o, 0));
	o = (struct people_officer){ .cert_to = to };
	assert_false(people_cert_valid_on(&o, to));
	o = (struct people_officer){ 0 };
	assert_false(people_cert_valid_on(&o, 0));

	/* Days before 1970 are negative day numbers, and valid ones. */
	o = (struct people_officer){ .cert_from = days_from_civil(1960, 1, 1),
		                     .cert_to = days_from_civil(1969, 12, 30) };
	assert_true(people_cert_valid_on(&o, days_from_civil(1965, 6, 1)));
	assert_false(people_cert_valid_on(&o, days_from_civil(1969, 12, 31)));
}

static void test_certificate_stored(void **state)
{
	(void)state;
	struct db *db = fresh_db_open();
	struct err e = { 0 };
	assert_int_equal(people_units_add(db, "B01", "东胜大队", "brigade", NULL, "test", &e), 0);
	int32_t from = days_from_civil(2025, 3, 1), to = days_from_civil(2027, 2, 28);

	struct user_new u = { .login = "zhang",
		              .name = "张三",
		              .roles = "officer,chief",
		              .unit = "B01",
		              .badge = "15230001",
		              .cert_from = from,
		              .cert_to = to };
	assert_int_equal(people_users_add(db, &u, "Strong2026pass", "test", &e), 0);
	struct people_officer o;
	assert_int_equal(people_officer_by_badge(db, "15230001", &o, &e), 1);
	assert_string_equal(o.login, "zhang");
	assert_string_equal(o.name, "张三");
	assert_int_equal(o.roles, ROLE_OFFICER | ROLE_CHIEF);
	assert_int_equal(o.cert_from, from);
	assert_int_equal(o.cert_to, to);
	assert_true(people_cert_valid_on(&o, to));
	assert_int_equal(people_officer_by_badge(db, "15239999", &o, &e), 0);
	assert_string_equal(o.login, "");
	assert_int_equal(people_officer_by_badge(db, "", &o, &e), 0);

	/* NULL leaves a day as it is; a pointer to 0 takes it off the record. */
	int32_t renewed = days_from_civil(2030, 2, 28), none = 0;
	struct user_change c = { .cert_to = &renewed };
	assert_int_equal(people_users_update(db, "zhang", &c, "test", &e), 0);
	assert_int_equal(people_officer_by_badge(db, "15230001", &o, &e), 1);
	assert_int_equal(o.cert_from, from);
	assert_int_equal(o.cert_to, renewed);
	c = (struct user_change){ .name = "张三丰" };
	assert_int_equal(people_users_update(db, "zhang", &c, "test", &e), 0);
	assert_int_equal(people_officer_by_badge(db, "15230001", &o, &e), 1);
	assert_int_equal(o.cert_to, renewed);
	c = (struct user_change){ .cert_from = &none };
	assert_int_equal(people_users_update(db, "zhang", &c, "test", &e), 0);
	assert_int_equal(people_officer_by_badge(db, "15230001", &o, &e), 1);
	assert_int_equal(o.cert_from, 0);
	assert_int_equal(o.cert_to, renewed);
	assert_false(people_cert_valid_on(&o, renewed));

	/* Refused with their reasons; nothing changes. */
	int32_t early = from - 1;
	c = (struct user_change){ .cert_from = &renewed, .cert_to = &early };
	assert_int_equal(people_users_update(db, "zhang", &c, "test", &e), ERR_INVALID);
	assert_string_equal(e.reason, "cert_range_reversed");
	c = (struct user_change){ .badge = "" };
	assert_int_equal(people_users_update(db, "zhang", &c, "test", &e), ERR_INVALID);
	assert_string_equal(e.reason, "cert_badge_required");
	int32_t far = days_from_civil(3000, 1, 1);
	c = (struct user_change){ .cert_to = &far };
	assert_int_equal(people_users_update(db, "zhang", &c, "test", &e), ERR_INVALID);
	assert_string_equal(e.reason, "date_invalid");
	assert_int_equal(people_officer_by_badge(db, "15230001", &o, &e), 1);
	assert_int_equal(o.cert_to, renewed);

	struct user_new bad = {
		.login = "li", .name = "李四", .roles = "officer", .unit = "B01", .badge = "", .cert_from = from
	};
	assert_int_equal(people_users_add(db, &bad, "Strong2026pass", "test", &e), ERR_INVALID);
	assert_string_equal(e.reason, "cert_badge_required");

	/* A disabled user is no officer to find. */
	assert_int_equal(people_users_disable(db, "zhang", "test", &e), 0);
	assert_int_equal(people_officer_by_badge(db, "15230001", &o, &e), 0);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cert_valid_on),
		cmocka_unit_test_setup_teardown(test_certificate_stored, fresh_db_setup, fresh_db_teardown),
	};
	const struct CMUnitTest on_pg[] = {
		cmocka_unit_test_prestate_setup_teardown(test_certificate_stored, fresh_db_setup, fresh_db_teardown,
		                                         &fresh_db_on_pg),
	};
	int failed = cmocka_run_group_tests_name("sqlite", tests, NULL, NULL);
	if (fresh_db_pg())
		failed += cmocka_run_group_tests_name("postgres", on_pg, NULL, NULL);
	return failed;
}
