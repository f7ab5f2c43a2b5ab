/* The address lists of metrics_allow and trusted_proxies: exact addresses
 * and networks, IPv4 and IPv6, an IPv4 client seen on an IPv6 socket;
 * nothing for an empty or malformed list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/address.h"

static void test_exact_addresses(void **state)
{
	(void)state;
	const char *list = "127.0.0.1, ::1";
	assert_true(address_in_list(list, "127.0.0.1"));
	assert_true(address_in_list(list, "::1"));
	assert_true(address_in_list(list, "::ffff:127.0.0.1"));
	assert_false(address_in_list(list, "127.0.0.2"));
	assert_false(address_in_list(list, "10.0.0.1"));
	assert_false(address_in_list(list, "::2"));
	assert_false(address_in_list(list, ""));
	assert_false(address_in_list(list, "localhost"));
}

static void test_networks(void **state)
{
	(void)state;
	const char *list = "10.0.0.0/8,192.168.4.0/22 2001:db8::/32";
	assert_true(address_in_list(list, "10.255.1.2"));
	assert_false(address_in_list(list, "11.0.0.1"));
	assert_true(address_in_list(list, "192.168.7.255"));
	assert_false(address_in_list(list, "192.168.8.0"));
	assert_false(address_in_list(list, "192.168.3.255"));
	assert_true(address_in_list(list, "2001:db8:ffff::1"));
	assert_false(address_in_list(list, "2001:db9::1"));
	assert_true(address_in_list("0.0.0.0/0", "203.0.113.9"));
	assert_false(address_in_list("0.0.0.0/0", "::1"));
}

static void test_nothing_allowed(void **state)
{
	(void)state;
	assert_false(address_in_list("", "127.0.0.1"));
	assert_false(address_in_list("127.0.0.1/33", "127.0.0.1"));
	assert_false(address_in_list("127.0.0.1/x", "127.0.0.1"));
	assert_false(address_in_list("not-an-address", "127.0.0.1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_addresses),
		cmocka_unit_test(test_networks),
		cmocka_unit_test(test_nothing_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
