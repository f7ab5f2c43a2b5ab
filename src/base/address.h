/* Client addresses against the settings that list addresses and networks
 * ("127.0.0.1, ::1, 10.0.0.0/8, 2001:db8::/32", comma or space
 * separated): metrics_allow, trusted_proxies. */
#ifndef SUNROAD_ADDRESS_H
#define SUNROAD_ADDRESS_H

#include <stdbool.h>

/* Whether address (numeric, IPv4 or IPv6; an IPv4 client seen on an IPv6
 * socket as ::ffff:a.b.c.d counts as IPv4) is one of list's addresses or
 * inside one of its networks. A malformed entry matches nothing. */
bool address_in_list(const char *list, const char *address);

#endif
