/* The HTTP handlers of the people module: the session, users and units
 * (docs/api.md). */
#include "people.h"
#include "session.h"
#include "../base/auth.h"
#include "../base/datetime.h"
#include "../base/page.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static json_t *roles_array(const char *roles)
{
	json_t *a = json_array();
	for (const char *p = roles; *p;) {
		size_t n = strcspn(p, ",");
		json_array_append_new(a, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	return a;
}

/* A stored certificate day (YYYYMMDD, 0: not on record) as "YYYY-MM-DD"
 * or null. */
static json_t *cert_day_json(int64_t key)
{
	return key ? date_json(date_from_key((int32_t)key)) : json_null();
}

/* The columns user_row_json reads, in its order. */
#define USER_COLUMNS                                                                                              \
	"login, name, roles, unit_code, badge_no, must_change_password, disabled, locked_until, cert_valid_from," \
	" cert_valid_to"

static json_t *user_row_json(struct db_stmt *st, int64_t now)
{
	return json_pack("{s:s,s:s,s:o,s:s,s:s,s:o,s:o,s:b,s:b,s:b}", "login", db_col_text(st, 0), "name",
	                 db_col_text(st, 1), "roles", roles_array(db_col_text(st, 2)), "unit", db_col_text(st, 3),
	                 "badge", db_col_text(st, 4), "cert_valid_from", cert_day_json(db_col_int(st, 8)),
	                 "cert_valid_to", cert_day_json(db_col_int(st, 9)), "must_change_password",
	                 (int)db_col_int(st, 5), "disabled", (int)db_col_int(st, 6), "locked", db_col_int(st, 7) > now);
}

/* The user as the API shows it, or NULL with e set. */
static json_t *user_get(struct db *db, const char *login, struct err *e)
{
	static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE login = $1";
	struct db_stmt *st;
	int rc = db_row(db, sql, DB_ARGS(DB_TEXT(login)), &st, e);
	if (rc != 1) {
		if (rc == 0)
			err_reason(e, ERR_NOTFOUND, "user_unknown", ERR_ARGS(ERR_TEXT("login", login)), "no user '%s'",
			           login);
		return NULL;
	}
	json_t *u = user_row_json(st, now_s());
	db_row_done(st);
	return u;
}

/* The certificate day key of a request's body ("YYYY-MM-DD" or null) into
 * *day, a day number, 0 for null; *given says whether the body has key.
 * date_invalid when it is something else (1970-01-01 too: day 0 is how
 * people.h says "not on record"). */
static int body_cert_day(const json_t *body, const char *key, bool *given, int32_t *day, struct err *e)
{
	const json_t *v = json_object_get(body, key);
	*given = v != NULL;
	*day = 0;
	if (!v || json_is_null(v))
		return 0;
	const char *s = json_string_value(v);
	if (!s)
		return err_reason(e, ERR_INVALID, "field_type",
		                  ERR_ARGS(ERR_TEXT("field", key), ERR_TEXT("type", "string")),
		                  "\"%s\" must be a date \"YYYY-MM-DD\" or null", key);
	if (date_parse(slice_from(s), day) || *day == 0)
		return err_reason(e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("field", key), ERR_TEXT("got", s)),
		                  "\"%s\" '%s' must be a date YYYY-MM-DD from 1900-01-01 to 2999-12-31"
		                  " (1970-01-01 aside), or null",
		                  key, s);
	return 0;
}

/* The string member key of a request's body into *out: NULL when absent
 * or null; ERR_INVALID when it is something else, or when required and
 * absent or empty. field names it in the error's arguments (the form's
 * field: "unit_name" for a unit's "name"). */
static int body_text(const json_t *body, const char *key, const char *field, bool required, const char **out,
                     struct err *e)
{
	const json_t *v = json_object_get(body, key);
	*out = json_string_value(v);
	if (v && !json_is_null(v) && !*out)
		return err_reason(e, ERR_INVALID, "field_type",
		                  ERR_ARGS(ERR_TEXT("field", field), ERR_TEXT("type", "string")),
		                  "\"%s\" must be a string", key);
	if (required && (!*out || !**out))
		return err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", field)),
		                  "the body needs \"%s\" (a string)", key);
	return 0;
}

static int answer_session(struct http_request *rq, int status, const char *login, const char *csrf, struct err *e)
{
	json_t *user = user_get(rq->db, login, e);
	if (!user)
		return e->code;
	return http_json(rq, status, json_pack("{s:s,s:o}", "csrf", csrf, "user", user));
}

/* Refuses a body not declared JSON (application/json, parameters such as
 * a charset allowed): another site's form can post text/plain, a URL-encoded
 * or a multipart body without asking, but not JSON, so a route that takes
 * JSON only cannot be called by a forged form (login CSRF). */
static int body_json_declared(struct http_request *rq, struct err *e)
{
	const char *type = http_header(rq, "Content-Type");
	const char *p = type ? type + strspn(type, " \t") : "";
	size_t n = strcspn(p, ";");
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n == strlen("application/json") && strncasecmp(p, "application/json", n) == 0)
		return 0;
	return err_reason(e, ERR_MEDIA_TYPE, "content_type_not_json", ERR_ARGS(ERR_TEXT("type", type ? type : "")),
	                  "the body must be JSON sent as Content-Type: application/json (got '%.64s')",
	                  type ? type : "");
}

static int session_create(struct http_request *rq, struct err *e)
{
	int rc = body_json_declared(rq, e);
	if (rc)
		return rc;
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	const char *login, *password;
	struct session_new s = { .retry_after = 0 };
	rc = body_text(body, "login", "login", true, &login, e);
	if (rc == 0)
		rc = body_text(body, "password", "password", true, &password, e);
	if (rc == 0)
		rc = people_session_login(rq->db, login, password, http_client_address(rq), now_s(), &s, e);
	if (rc == ERR_TOO_MANY) {
		char seconds[24];
		snprintf(seconds, sizeof seconds, "%lld", (long long)s.retry_after);
		http_add_header(rq, "Retry-After", seconds);
	}
	if (rc == 0) {
		char cookie[256];
		snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", SESSION_COOKIE, s.token,
		         people_cookie_secure() ? "; Secure" : "");
		http_add_header(rq, "Set-Cookie", cookie);
		rc = answer_session(rq, 200, login, s.csrf, e);
	}
	json_decref(body);
	return rc;
}

static int session_show(struct http_request *rq, struct err *e)
{
	const struct caller *c = caller_of(rq);
	return answer_session(rq, 200, c->login, c->csrf, e);
}

static int session_delete(struct http_request *rq, struct err *e)
{
	int rc = people_session_logout(rq->db, http_cookie(rq, SESSION_COOKIE), caller_of(rq)->login, now_s(), e);
	if (rc)
		return rc;
	http_add_header(rq, "Set-Cookie", SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	return http_json(rq, 200, json_pack("{s:b}", "ok", 1));
}

static int session_password(struct http_request *rq, struct err *e)
{
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	const char *old, *new_password;
	int rc = body_text(body, "old", "old", true, &old, e);
	if (rc == 0)
		rc = body_text(body, "new", "new", true, &new_password, e);
	if (rc == 0)
		rc = people_session_change_password(rq->db, caller_of(rq)->login, http_cookie(rq, SESSION_COOKIE), old,
		                                    new_password, now_s(), e);
	json_decref(body);
	return rc ? rc : http_json(rq, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- units ------------------------------------------------------------ */

static int units_get(struct http_request *rq, struct err *e)
{
	struct db_stmt *st = db_prepare(rq->db,
	                                "SELECT code, name, kind, coalesce(parent_code, '') FROM units"
	                                " WHERE code IN (" SCOPE_UNITS_SQL ") ORDER BY code",
	                                e);
	if (!st)
		return e->code;
	people_bind_scope(st, caller_of(rq));
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW) {
		const char *parent = db_col_text(st, 3);
		json_array_append_new(items, json_pack("{s:s,s:s,s:s,s:s?}", "code", db_col_text(st, 0), "name",
		                                       db_col_text(st, 1), "kind", db_col_text(st, 2), "parent",
		                                       *parent ? parent : NULL));
	}
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	return page_answer_items(rq, items, NULL);
}

static int units_post(struct http_request *rq, struct err *e)
{
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	const char *code, *name, *kind, *parent;
	int rc = body_text(body, "code", "code", true, &code, e);
	if (rc == 0)
		rc = body_text(body, "name", "unit_name", true, &name, e);
	if (rc == 0)
		rc = body_text(body, "kind", "kind", true, &kind, e);
	if (rc == 0)
		rc = body_text(body, "parent", "parent", false, &parent, e);
	if (rc == 0)
		rc = people_units_add(rq->db, code, name, kind, parent && *parent ? parent : NULL, caller_of(rq)->login,
		                      e);
	if (rc == 0)
		rc = http_json(rq, 201,
		               json_pack("{s:s,s:s,s:s,s:s}", "code", code, "name", name, "kind", kind, "parent",
		                         parent ? parent : "HQ"));
	json_decref(body);
	return rc;
}

/* ---- users ------------------------------------------------------------ */

static json_t *user_item(struct db_stmt *st)
{
	return user_row_json(st, now_s());
}

static int users_get(struct http_request *rq, struct err *e)
{
	/* By login: rows after the last login given. */
	struct page p = { .key_col = { 0 } };
	int rc = page_parse(rq, &p, "t", e);
	if (rc)
		return rc;
	static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE login > $1 ORDER BY login LIMIT $2";
	struct db_stmt *st = db_prepare(rq->db, sql, e);
	if (!st)
		return e->code;
	db_bind_text(st, 1, p.after_text[0], strlen(p.after_text[0]));
	db_bind_int(st, 2, p.limit + 1);
	return page_answer(rq, &p, st, user_item, e);
}

/* "role":"officer" or "roles":["officer","legal"] as "officer,legal";
 * *given says whether the body had either. */
static int roles_of_body(const json_t *body, char *out, size_t size, bool *given, struct err *e)
{
	const char *one;
	const json_t *many = json_object_get(body, "roles");
	out[0] = '\0';
	int rc = body_text(body, "role", "roles", false, &one, e);
	if (rc)
		return rc;
	*given = one || (many && !json_is_null(many));
	if (one)
		snprintf(out, size, "%s", one);
	else if (json_is_array(many)) {
		size_t i;
		const json_t *r;
		json_array_foreach(many, i, r)
		{
			size_t len = strlen(out);
			if (!json_is_string(r))
				break;
			if (len + json_string_length(r) + 2 > size)
				return err_reason(
				    e, ERR_INVALID, "field_too_long",
				    ERR_ARGS(ERR_TEXT("field", "roles"), ERR_INT("max", (long long)size - 1)),
				    "\"roles\" is longer than %zu bytes", size - 1);
			snprintf(out + len, size - len, "%s%s", len ? "," : "", json_string_value(r));
		}
		if (i < json_array_size(many))
			many = NULL; /* not all strings */
	}
	if (*given && !one && !json_is_array(many))
		return err_reason(e, ERR_INVALID, "field_type",
		                  ERR_ARGS(ERR_TEXT("field", "roles"), ERR_TEXT("type", "array of strings")),
		                  "\"roles\" must be an array of strings");
	return 0;
}

static int users_post(struct http_request *rq, struct err *e)
{
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	char roles[128], generated[17] = "";
	bool roles_given;
	struct user_new u = { .roles = roles };
	const char *password;
	int rc = body_text(body, "login", "login", true, &u.login, e);
	if (rc == 0)
		rc = body_text(body, "name", "name", true, &u.name, e);
	if (rc == 0)
		rc = roles_of_body(body, roles, sizeof roles, &roles_given, e);
	if (rc == 0)
		rc = body_text(body, "unit", "unit", true, &u.unit, e);
	if (rc == 0)
		rc = body_text(body, "badge", "badge", false, &u.badge, e);
	if (rc == 0)
		rc = body_text(body, "password", "password", false, &password, e);
	bool given;
	if (rc == 0)
		rc = body_cert_day(body, "cert_valid_from", &given, &u.cert_from, e);
	if (rc == 0)
		rc = body_cert_day(body, "cert_valid_to", &given, &u.cert_to, e);
	if (!u.badge)
		u.badge = "";
	if (rc == 0 && !password) {
		auth_random_password(generated);
		password = generated;
	}
	/* A password the admin chose is the user's own unless marked temporary
	 * (the browser's form marks it: the admin hands it over). */
	u.temporary = generated[0] || json_is_true(json_object_get(body, "temporary"));
	if (rc == 0)
		rc = people_users_add(rq->db, &u, password, caller_of(rq)->login, e);
	json_t *user = rc ? NULL : user_get(rq->db, u.login, e);
	if (rc == 0 && !user)
		rc = e->code;
	if (rc == 0) {
		if (generated[0])
			json_object_set_new(user, "password", json_string(generated));
		rc = http_json(rq, 201, user);
	}
	json_decref(body);
	return rc;
}

/* The {login} of the path as a string. */
static void path_login(const struct http_request *rq, char out[65])
{
	snprintf(out, 65, "%.*s", (int)rq->param[0].n, rq->param[0].p);
}

/* Answers the user {login} as it is now, after rc (0: done). */
static int answer_user(struct http_request *rq, const char *login, int rc, struct err *e)
{
	json_t *user = rc ? NULL : user_get(rq->db, login, e);
	return user ? http_json(rq, 200, user) : rc ? rc : e->code;
}

/* PATCH: any of name, role or roles, unit, badge and the certificate's
 * days (null takes a day off the record); nothing else. */
static int user_patch(struct http_request *rq, struct err *e)
{
	char login[65], roles[128];
	path_login(rq, login);
	json_t *body = http_body_json(rq, e);
	if (!body)
		return e->code;
	static const char *const editable[] = { "name",         "role", "roles", "unit", "badge", "cert_valid_from",
		                                "cert_valid_to" };
	struct user_change c = { 0 };
	int32_t cert_from, cert_to;
	bool from_given = false, to_given = false;
	bool roles_given = false;
	int rc = json_is_object(body) ? 0
	                              : err_reason(e, ERR_INVALID, "body_not_object", ERR_NO_ARGS,
	                                           "the body must be a JSON object of the fields to change");
	const char *key;
	json_t *value;
	json_object_foreach(body, key, value)
	{
		bool known = false;
		for (size_t i = 0; i < sizeof editable / sizeof editable[0]; i++)
			known |= strcmp(key, editable[i]) == 0;
		if (rc == 0 && !known)
			rc = err_reason(
			    e, ERR_INVALID, "field_not_editable", ERR_ARGS(ERR_TEXT("field", key)),
			    "\"%s\" cannot be changed here: only name, roles, unit, badge, cert_valid_from and"
			    " cert_valid_to",
			    key);
	}
	if (rc == 0)
		rc = body_text(body, "name", "name", false, &c.name, e);
	if (rc == 0 && (rc = roles_of_body(body, roles, sizeof roles, &roles_given, e)) == 0 && roles_given)
		c.roles = roles;
	if (rc == 0)
		rc = body_text(body, "unit", "unit", false, &c.unit, e);
	if (rc == 0)
		rc = body_text(body, "badge", "badge", false, &c.badge, e);
	if (rc == 0 && (rc = body_cert_day(body, "cert_valid_from", &from_given, &cert_from, e)) == 0 && from_given)
		c.cert_from = &cert_from;
	if (rc == 0 && (rc = body_cert_day(body, "cert_valid_to", &to_given, &cert_to, e)) == 0 && to_given)
		c.cert_to = &cert_to;
	if (rc == 0)
		rc = people_users_update(rq->db, login, &c, caller_of(rq)->login, e);
	json_decref(body);
	return answer_user(rq, login, rc, e);
}

static int user_disable(struct http_request *rq, struct err *e)
{
	char login[65];
	path_login(rq, login);
	return answer_user(rq, login, people_users_disable(rq->db, login, caller_of(rq)->login, e), e);
}

static int user_enable(struct http_request *rq, struct err *e)
{
	char login[65];
	path_login(rq, login);
	return answer_user(rq, login, people_users_enable(rq->db, login, caller_of(rq)->login, e), e);
}

static int user_unlock(struct http_request *rq, struct err *e)
{
	char login[65];
	path_login(rq, login);
	return answer_user(rq, login, people_users_unlock(rq->db, login, caller_of(rq)->login, e), e);
}

static int user_reset_password(struct http_request *rq, struct err *e)
{
	char login[65], password[17];
	path_login(rq, login);
	auth_random_password(password);
	int rc = people_users_reset_password(rq->db, login, password, caller_of(rq)->login, e);
	return rc ? rc : http_json(rq, 200, json_pack("{s:s,s:s}", "login", login, "password", password));
}

const struct http_route people_routes[] = {
	{ HTTP_POST, "/api/v1/session", session_create, ACCESS_PUBLIC },
	{ HTTP_GET, "/api/v1/session", session_show, ACCESS_SESSION },
	{ HTTP_DELETE, "/api/v1/session", session_delete, ACCESS_SESSION },
	{ HTTP_POST, "/api/v1/session/password", session_password, ACCESS_SESSION },
	{ HTTP_GET, "/api/v1/units", units_get, ROLES_ALL },
	{ HTTP_POST, "/api/v1/units", units_post, ROLE_ADMIN },
	{ HTTP_GET, "/api/v1/users", users_get, ROLE_ADMIN },
	{ HTTP_POST, "/api/v1/users", users_post, ROLE_ADMIN },
	{ HTTP_PATCH, "/api/v1/users/{}", user_patch, ROLE_ADMIN },
	{ HTTP_POST, "/api/v1/users/{}/disable", user_disable, ROLE_ADMIN },
	{ HTTP_POST, "/api/v1/users/{}/enable", user_enable, ROLE_ADMIN },
	{ HTTP_POST, "/api/v1/users/{}/unlock", user_unlock, ROLE_ADMIN },
	{ HTTP_POST, "/api/v1/users/{}/reset-password", user_reset_password, ROLE_ADMIN },
	{ 0 },
};
