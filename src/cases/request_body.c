/* Reading the members of a request's body (request_body.h). */
#include "request_body.h"
#include "base/datetime.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


int case_body_yuan(const json_t *body, const char *key, bool required, int64_t *fen, struct err *e)
{
	const json_t *v = json_object_get(body, key);
	*fen = 0;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		return err_reason(e, ERR_INVALID, "field_required", ERR_ARGS(ERR_TEXT("field", key)), "%s is required",
		                  key);
	}
	double yuan = json_is_number(v)   ? json_number_value(v)
	              : json_is_string(v) ? strtod(json_string_value(v), NULL)
	                                  : -1;
	double cents = yuan * 100;
	if (!(yuan >= 0 && yuan <= 1e9) || fabs(cents - round(cents)) > 1e-6)
		return err_reason(e, ERR_INVALID, "amount_invalid", ERR_ARGS(ERR_TEXT("field", key)),
		                  "%s must be an amount in yuan, at most two decimals", key);
	*fen = (int64_t)llround(cents);
	return 0;
}


int case_body_footage(const json_t *body, json_t **out, struct err *e)
{
	const json_t *given = json_object_get(body, "footage");
	*out = json_array();
	if (!given || json_is_null(given))
		return 0;
	size_t i, n = json_array_size(given);
	const json_t *v;
	bool ok = json_is_array(given) && n <= 8;
	json_array_foreach(given, i, v) ok =
	    ok && json_is_string(v) && json_string_length(v) >= 1 && json_string_length(v) <= 64;
	if (!ok) {
		json_decref(*out);
		*out = NULL;
		return err_reason(e, ERR_INVALID, "footage_invalid",
		                  ERR_ARGS(ERR_TEXT("field", "footage"), ERR_INT("max", 8)),
		                  "footage is a list of at most 8 recording numbers of 1 to 64 bytes");
	}
	json_array_foreach(given, i, v) json_array_append(*out, (json_t *)v);
	return 0;
}

int64_t case_path_id(const struct http_request *rq, struct err *e)
{
	int64_t id;
	if (slice_to_int(rq->param[0], &id) || id < 1) {
		err_reason(e, ERR_NOTFOUND, "case_unknown", ERR_NO_ARGS, "no such case");
		return 0;
	}
	return id;
}
