/* What every libFuzzer target of tests/fuzz/ shares: the entry points'
 * prototypes, and the checks of what a refusal promises (err.h): a
 * message in UTF-8, and arguments that are a JSON object's text, so that
 * any error can be answered as JSON. A broken promise traps, which
 * libFuzzer reports as a crash with its input. */
#ifndef SUNROAD_FUZZ_H
#define SUNROAD_FUZZ_H

#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Traps unless cond holds: an invariant of the code under test. */
#define FUZZ_CHECK(cond)                  \
	do {                              \
		if (!(cond))              \
			__builtin_trap(); \
	} while (0)

/* The promises of an error that a parser returned (rc its return). */
static inline void fuzz_check_err(int rc, const struct err *e)
{
	FUZZ_CHECK(rc < 0 && e->code == rc);
	FUZZ_CHECK(memchr(e->msg, '\0', sizeof e->msg));
	FUZZ_CHECK(utf8_valid(e->msg, strlen(e->msg)));
	FUZZ_CHECK(memchr(e->args, '\0', sizeof e->args));
	if (e->args[0]) {
		json_t *args = json_loads(e->args, 0, NULL);
		FUZZ_CHECK(json_is_object(args));
		json_decref(args);
	}
}

/* The fuzzed bytes as a NUL-terminated string of their own (the caller
 * frees it), for parsers that read C strings: a NUL inside ends it early,
 * as it would in a header or a decoded query. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		__builtin_trap();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Splits (data, size) at the first occurrence of the byte sep: the part
 * before into *head, the rest after it into *tail (empty when there is no
 * sep). */
static inline void fuzz_split(const uint8_t *data, size_t size, uint8_t sep, struct slice *head, struct slice *tail)
{
	const uint8_t *at = memchr(data, sep, size);
	size_t n = at ? (size_t)(at - data) : size;
	*head = (struct slice){ (const char *)data, n };
	*tail = at ? (struct slice){ (const char *)at + 1, size - n - 1 } : (struct slice){ "", 0 };
}

#endif
