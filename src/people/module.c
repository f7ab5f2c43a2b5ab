/* people: the unit tree, the accounts and their sessions. It keeps the
 * accounts, so it decides who may call each route (session.c). */
#include "cli.h"
#include "people.h"

static const struct module_verb verbs[] = {
	{ "units add", "--code CODE --name TEXT --kind brigade|squad|post [--parent CODE]",
	  "add a unit to the tree (HQ, the detachment, is its root)", "code name kind parent", "", NEEDS_DB,
	  people_cmd_units_add },
	{ "units import", "FILE.csv", "add the units of a CSV file (code,name,kind,parent)", "", "", NEEDS_DB,
	  people_cmd_units_import },
	{ "units list", "", "the unit tree", "", "", NEEDS_DB, people_cmd_units_list },
	{ "users add",
	  "--login NAME --name TEXT --role ROLE[,ROLE...] --unit CODE [--badge NO [--cert-from YYYY-MM-DD]"
	  " [--cert-to YYYY-MM-DD]] [--password-stdin [--temporary]]",
	  "add an account (roles: officer, legal, chief, inspector, admin); the badge number is its enforcement"
	  " certificate's (执法证), valid from and to the days given",
	  "login name role unit badge cert-from cert-to", "password-stdin temporary", NEEDS_DB, people_cmd_users_add },
	{ "users list", "", "the accounts", "", "", NEEDS_DB, people_cmd_users_list },
	{ "users disable", "LOGIN", "disable an account", "", "", NEEDS_DB, people_cmd_users_disable },
	{ "users enable", "LOGIN", "enable a disabled account again", "", "", NEEDS_DB, people_cmd_users_enable },
	{ "users unlock", "LOGIN", "unlock an account locked after failed logins", "", "", NEEDS_DB,
	  people_cmd_users_unlock },
	{ "users reset-password", "LOGIN [--password-stdin]", "a new password, to be changed at the next login", "",
	  "password-stdin", NEEDS_DB, people_cmd_users_reset_password },
};

static const struct setting settings[] = {
	{ "session_idle", "SUNROAD_SESSION_IDLE", SETTING_NUMBER(people_settings.session_idle), "1800", 1, 86400, NULL,
	  "serve: seconds without a request that end a session" },
	{ "session_max", "SUNROAD_SESSION_MAX", SETTING_NUMBER(people_settings.session_max), "43200", 1, 604800, NULL,
	  "serve: seconds after login that end a session" },
	{ "lockout_failures", "SUNROAD_LOCKOUT_FAILURES", SETTING_NUMBER(people_settings.lockout_failures), "5", 1, 100,
	  NULL, "serve: failed logins in a row that lock an account" },
	{ "lockout_seconds", "SUNROAD_LOCKOUT_SECONDS", SETTING_NUMBER(people_settings.lockout_seconds), "900", 1,
	  86400, NULL, "serve: how long a locked account stays locked" },
	{ "login_address_failures", "SUNROAD_LOGIN_ADDRESS_FAILURES",
	  SETTING_NUMBER(people_settings.login_address_failures), "30", 1, 100000, NULL,
	  "serve: failed logins from one client address (an IPv6 /64) that throttle it; higher than"
	  " lockout_failures, since an office behind one address shares it" },
	{ "login_address_seconds", "SUNROAD_LOGIN_ADDRESS_SECONDS",
	  SETTING_NUMBER(people_settings.login_address_seconds), "900", 1, 86400, NULL,
	  "serve: the window that counts an address's failed logins; a throttled address waits for its end" },
	{ "cookie_secure", "SUNROAD_COOKIE_SECURE", SETTING_NUMBER(people_settings.cookie_secure), "0", 0, 1, NULL,
	  "serve: 1 marks the session cookie Secure (set it when TLS terminates in front of sunroad)" },
};

const struct module people_module = {
	.name = "people",
	.verbs = verbs,
	.nverbs = sizeof verbs / sizeof verbs[0],
	.routes = people_routes,
	.settings = settings,
	.nsettings = sizeof settings / sizeof settings[0],
	.start = people_start,
	.metrics = people_metrics,
	.authorize = people_authorize,
	.caller_free = people_caller_free,
};
