/* Addresses against lists of addresses and networks (address.h). */
#include "address.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

bool address_in_list(const char *list, const char *address)
{
	unsigned char want[16], have[16];
	int family = strchr(address, ':') ? AF_INET6 : AF_INET;
	/* An IPv4 client on an IPv6 socket: ::ffff:192.0.2.1. */
	if (family == AF_INET6 && strncmp(address, "::ffff:", 7) == 0 && strchr(address + 7, '.')) {
		address += 7;
		family = AF_INET;
	}
	if (inet_pton(family, address, have) != 1)
		return false;
	size_t bytes = family == AF_INET ? 4 : 16;
	char entry[128];
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ", ");
		if (n && n < sizeof entry) {
			memcpy(entry, p, n);
			entry[n] = '\0';
			char *slash = strchr(entry, '/');
			long prefix = (long)bytes * 8;
			if (slash) {
				*slash = '\0';
				char *end;
				prefix = strtol(slash + 1, &end, 10);
				if (*end || prefix < 0 || prefix > (long)bytes * 8)
					prefix = -1;
			}
			int efamily = strchr(entry, ':') ? AF_INET6 : AF_INET;
			if (prefix >= 0 && efamily == family && inet_pton(family, entry, want) == 1) {
				size_t whole = (size_t)prefix / 8;
				int rest = (int)(prefix % 8);
				bool same = memcmp(want, have, whole) == 0;
				if (same && rest)
					same = ((want[whole] ^ have[whole]) & (0xff << (8 - rest))) == 0;
				if (same)
					return true;
			}
		}
		p += n;
		p += strspn(p, ", ");
	}
	return false;
}
