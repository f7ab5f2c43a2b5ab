/* Reading the members of a request's body (body.h). */
#include "body.h"
#include "datetime.h"

#include <string.h>

int body_text(const json_t *body, const char *key, bool required, size_t max, const char **out, struct err *e)
{
	const json_t *v = json_object_get(body, key);
	*out = json_string_value(v);
	if (v && !json_is_null(v) && !*out)
		return err_reason(e, ERR_INVALID, "field_type", ERR_ARGS(ERR_TEXT("field", key)), "%s must be text",
		                  key);
	if (!*out || !**out) {
		*out = "";
		if (required)
			return err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", key)),
			                  "%s is required", key);
	}
	if (strlen(*out) > max)
		return err_reason(e, ERR_INVALID, "field_too_long",
		                  ERR_ARGS(ERR_TEXT("field", key), ERR_INT("max", max)), "%s is longer than %zu bytes",
		                  key, max);
	return 0;
}

int body_day(const json_t *body, const char *key, int32_t fallback, int32_t *day, struct err *e)
{
	const json_t *v = json_object_get(body, key);
	*day = fallback;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || date_parse(slice_from(json_string_value(v)), day))
		return err_reason(e, ERR_INVALID, "date_invalid", ERR_ARGS(ERR_TEXT("field", key)),
		                  "%s must be a date YYYY-MM-DD", key);
	return 0;
}

int body_instant(const json_t *body, const char *key, int64_t fallback, int64_t *at, struct err *e)
{
	const json_t *v = json_object_get(body, key);
	const char *why = NULL;
	*at = fallback;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || datetime_parse(slice_from(json_string_value(v)), at, &why))
		return err_reason(e, ERR_INVALID, "datetime_invalid", ERR_ARGS(ERR_TEXT("field", key)),
		                  "%s must be a date-time in ISO 8601 with its offset (2023-03-01T08:15:30+08:00)%s%s", key,
		                  why ? ": " : "", why ? why : "");
	return 0;
}
