/* What the sanitizer build's LeakSanitizer is not to report: leaks inside
 * libraries, not ours to free. A process has one list (the runtime calls
 * the one __lsan_default_suppressions it finds; any other build never
 * calls it):
 *   - fontconfig keeps a few hundred bytes of its configuration for the
 *     life of the process (libfontconfig 2.14's XML parser), loaded once
 *     for pango (the demo's photos, the case documents);
 *   - cairo 1.16.0 loses two arrays of 768 bytes a document inside
 *     cairo_surface_finish while it writes the font subsets of a PDF
 *     (docs/documents.md); the server renders the case documents.
 * A leak's stack reaches cairo_surface_finish only with the slow unwinder
 * (cairo has no frame pointers): __asan_default_options asks for it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:cairo_surface_finish\n";
}

const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

/* The suppressed leaks are expected: no report of them on standard error,
 * which the tests read as the command's own. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
