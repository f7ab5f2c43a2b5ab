#include "access.h"

#include <string.h>

const char *const access_role_names[ROLE_COUNT] = { "officer", "legal", "chief", "inspector", "admin" };

unsigned access_roles_parse(const char *roles, int *unknown)
{
	unsigned mask = 0;
	*unknown = !*roles;
	for (const char *p = roles; *p;) {
		size_t n = strcspn(p, ",");
		unsigned bit = 0;
		for (int i = 0; i < ROLE_COUNT; i++)
			if (strlen(access_role_names[i]) == n && strncmp(p, access_role_names[i], n) == 0)
				bit = 1u << i;
		mask |= bit;
		*unknown += !bit;
		p += n + (p[n] == ',');
	}
	return mask;
}

bool access_allows(unsigned access, const struct caller *caller)
{
	if (access == ACCESS_PUBLIC || (access & ACCESS_DEVICE))
		return true;
	if (!caller)
		return false;
	if (access & ACCESS_SESSION)
		return true;
	return !caller->must_change_password && (caller->roles & access);
}

const char *access_kind(unsigned access)
{
	return access == ACCESS_PUBLIC   ? "public"
	       : access & ACCESS_DEVICE  ? "device"
	       : access & ACCESS_SESSION ? "session"
	                                 : "roles";
}

json_t *access_roles_json(unsigned access)
{
	json_t *a = json_array();
	for (int i = 0; a && i < ROLE_COUNT; i++)
		if (!(access & (ACCESS_SESSION | ACCESS_DEVICE)) && (access & (1u << i)))
			json_array_append_new(a, json_string(access_role_names[i]));
	return a;
}
