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
 * cairo has no frame pointers, so the fast unwinder's stack of that leak
 * ends inside libcairo, and only the whole library can be named here.
 * Naming the function needs the slow unwinder on every malloc, which made
 * the sanitizer run of the suite 2-3 times slower (all of CI's time): the
 * renderer's own unit test (tests/unit/cases/test_document.c) keeps the
 * slow unwinder and the narrow suppression, so a cairo object our code
 * forgets is still caught there. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\nleak:libcairo.so\n";
}

/* The suppressed leaks are expected: no report of them on standard error,
 * which the tests read as the command's own. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}
