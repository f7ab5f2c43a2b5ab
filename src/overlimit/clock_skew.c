/* Detections dated in the future. A device whose clock runs ahead, or a
 * forged record, must not become a detection: its day would stand in
 * every report and in the dashboard's default period (stats/range) for
 * years. A record later than the server's clock by more than
 * max_clock_skew minutes is refused like any invalid record: quarantined
 * with its line and the reason q_passed_at_future, nothing lost. */
#include "overlimit.h"

#include <stdio.h>

/* Set from the settings table (module.c) before any import runs; the
 * default here serves the unit tests, which load no configuration. */
struct overlimit_clock_settings overlimit_clock_settings = { .max_clock_skew = 10 };

int overlimit_passed_at_check(int64_t passed_at, struct slice text, int64_t now, long skew_minutes, struct err *why)
{
	if (passed_at - now <= (int64_t)skew_minutes * 60)
		return 0;
	text = slice_trim(text);
	/* The wording is matched by quarantine.c's reason_patterns. */
	return err_set(why, ERR_INVALID, "passed_at '%.*s' is more than %ld minutes ahead of the server's clock",
	               (int)(text.n > 40 ? 40 : text.n), text.p, skew_minutes);
}
