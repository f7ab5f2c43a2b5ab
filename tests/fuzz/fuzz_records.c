/* libFuzzer target: the record reader (format detection, CSV and JSON
 * Lines splitting) and detection validation, on arbitrary bytes. Every
 * record must either parse or come back with a reason; nothing may crash,
 * leak or read out of bounds. */
#include "base/records.h"
#include "overlimit/overlimit.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	struct record_reader r;
	struct err e = { 0 };
	if (record_open_stream(&r, f, "fuzz", &detection_schema, &e) == 0) {
		while (record_next(&r, &e) == 1) {
			struct detection d;
			struct err why = { 0 };
			if (r.why.code == 0 && overlimit_detection_parse(r.value, r.present, &d, &why) == 0)
				(void)overlimit_detection_digest(&d);
			else if (why.code == 0 && r.why.code == 0)
				__builtin_trap(); /* a refusal must say why */
			struct buf shown;
			buf_init(&shown);
			record_raw_printable(r.raw, &shown);
			if (!utf8_valid(shown.p, shown.n))
				__builtin_trap();
			buf_release(&shown);
		}
		record_close(&r);
	}
	fclose(f);
	return 0;
}
